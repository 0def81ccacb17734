import type { Version } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { blobHash } from '../util/blobHash.ts';
import { conflictCopyPath, findCopyOf } from '../machine/conflictCopy.ts';
import type { ConflictRecord, MergedLive } from '../machine/state.ts';
import type { Effects, TreeChanges } from './effects/effects.ts';
import type { Step } from './prepare.ts';
import { emptyLists, type RoundLists } from './report.ts';

export interface Applied {
  /** What to put on the remote (the push is the caller's: it may be overtaken). */
  treeChanges: TreeChanges;
  /** New base per path once the push has landed. */
  newBase: Map<string, Version>;
  /** Base entries that hold even if the push is overtaken. */
  agreed: Map<string, Version>;
  lists: RoundLists;
}

/**
 * Carries out the live side of the steps through the effects (deletions first, so a file can take
 * the place of a folder and the reverse), opens and settles conflicts, and collects the remote's
 * tree changes. A step whose live file changed meanwhile is skipped whole. `noted`: what is on
 * record of earlier rounds' and syncs' live writes (this round's are added to it).
 */
export async function applySteps(
  fx: Effects,
  repo: LocalRepo,
  tip: string | null,
  steps: readonly Step[],
  conflicts: Map<string, ConflictRecord>,
  noted: MergedLive,
): Promise<Applied> {
  const out: Applied = { treeChanges: new Map(), newBase: new Map(), agreed: new Map(), lists: emptyLists() };
  const ordered = [...steps].sort((a, b) => rank(a) - rank(b));
  // Takes and merges: live will hold (or contain) a remote version, which stays the base even if
  // the push is refused or the sync dies, so that version never reads as an edit made here.
  const agreeing = ordered.filter((s) => s.live?.content && s.agreed);
  if (agreeing.length)
    await fx.noteMergedLive(
      Object.assign(
        noted,
        Object.fromEntries(agreeing.map((s) => [s.path, { live: blobHash(s.live!.content!), from: s.agreed! }])),
      ),
    );
  await fx.beginLiveWrites(ordered.filter((s) => s.live).map((s) => s.livePath));
  try {
    for (const s of ordered) {
      if (s.conflict?.shape) await openShapeConflict(fx, repo, tip, s, conflicts, out);
      else if (s.conflict) await openConflict(fx, repo, tip, s, conflicts);
      else await applyStep(fx, s, conflicts, out);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return out;
}

const rank = (s: Step) => (s.live && s.live.content === null ? 0 : 1);

async function applyStep(fx: Effects, s: Step, conflicts: Map<string, ConflictRecord>, out: Applied): Promise<void> {
  if (s.live) {
    const { content, expected } = s.live;
    const done =
      content === null
        ? await fx.removeLive(s.livePath, expected!, s.liveRoot)
        : await fx.writeLive(s.livePath, content, expected);
    if (!done) {
      out.lists.skipped.push(s.path);
      return;
    }
    out.lists.liveChanged.push(s.livePath);
  }
  if (s.remote) out.treeChanges.set(s.path, s.remote.content);
  if (s.base !== undefined) out.newBase.set(s.path, s.base);
  if (s.agreed !== undefined) out.agreed.set(s.path, s.agreed);
  if (s.report) out.lists[s.report].push(s.path);
  const open = conflicts.get(s.path);
  // A file/folder conflict's copy may hold the file's only version: only resolve ends it.
  if (s.settles && open && !open.shape) {
    await fx.removeCopyIfUntouched(open);
    conflicts.delete(s.path);
  }
}

/** Writes the remote version beside live as a conflict copy (one per distinct remote version). */
async function openConflict(
  fx: Effects,
  repo: LocalRepo,
  tip: string | null,
  s: Step,
  conflicts: Map<string, ConflictRecord>,
): Promise<void> {
  const { content: remoteContent, version: remote } = s.conflict!;
  const prev = conflicts.get(s.path);
  if (prev && prev.remote === remote && !prev.shape) return;
  if (prev && !prev.shape) await fx.removeCopyIfUntouched(prev);
  const host = (tip && (await repo.lastHostFor(tip, s.path))) || 'remote';
  let copy = findCopyOf(s.livePath, blobHash(remoteContent));
  if (!copy) {
    copy = conflictCopyPath(s.livePath, host, new Date());
    await fx.createCopy(copy, remoteContent);
  }
  conflicts.set(s.path, {
    remote,
    livePath: s.livePath,
    copy,
    copyHash: blobHash(remoteContent),
    host,
    since: new Date().toISOString(),
  });
}

/**
 * A file and a folder of one name: the file is written beside the folder's path as a conflict copy
 * first (a sync killed after it loses nothing), then the step moves it out of the way (a live file
 * is removed, a remote one deleted there) and the folder's files go on as planned.
 */
async function openShapeConflict(
  fx: Effects,
  repo: LocalRepo,
  tip: string | null,
  s: Step,
  conflicts: Map<string, ConflictRecord>,
  out: Applied,
): Promise<void> {
  const { content, shape, keeps } = s.conflict!;
  const host = shape === 'local' ? repo.host : (tip && (await repo.lastHostFor(tip, s.path))) || 'remote';
  const copyHash = blobHash(content);
  const found = findCopyOf(s.livePath, copyHash);
  const copy = found ?? conflictCopyPath(s.livePath, host, new Date());
  const record: ConflictRecord = {
    remote: null,
    // A name clash: the name kept is where resolve brings this file's content.
    livePath: keeps?.livePath ?? s.livePath,
    copy,
    copyHash,
    host,
    since: new Date().toISOString(),
    shape,
    ...(keeps && { clash: keeps.path }),
  };
  const skipped = out.lists.skipped.length;
  await fx.noteOpenedConflict(s.path, record);
  if (!found) await fx.createCopy(copy, content);
  await applyStep(fx, s, conflicts, out);
  // The live file changed meanwhile: it stays, and so does the clash, for the next sync.
  if (out.lists.skipped.length > skipped) {
    if (!found) await fx.removeCopyIfUntouched(record);
    return;
  }
  // It replaces an open text conflict of the path: that copy holds a remote version (in the
  // remote's history), and would stay behind untracked (removed as a newer remote version's would be).
  const prev = conflicts.get(s.path);
  if (prev && !prev.shape && prev.copy !== copy) await fx.removeCopyIfUntouched(prev);
  conflicts.set(s.path, record);
}
