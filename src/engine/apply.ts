import type { Version } from '../reconcile/decide.ts';
import { blobHash } from '../util/blobHash.ts';
import type { ConflictRecord, MergedLive } from '../machine/state.ts';
import type { Effects, TreeChanges } from './effects/effects.ts';
import type { Step } from './steps.ts';
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
 * the place of a folder and the reverse), opens and settles the conflicts the steps name, and
 * collects the remote's tree changes. Decides nothing: a step whose live file changed meanwhile
 * is skipped whole. `noted`: what is on record of earlier rounds' and syncs' live writes (this
 * round's are added to it).
 */
export async function applySteps(
  fx: Effects,
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
      if (s.conflict?.record.shape) await openShapeConflict(fx, s, conflicts, out);
      else if (s.conflict) await openConflict(fx, s, conflicts);
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
  if (s.settles) {
    await fx.removeCopyIfUntouched(s.settles);
    conflicts.delete(s.path);
  }
}

/** Writes the remote version beside live as a conflict copy, in place of the one it replaces. */
async function openConflict(fx: Effects, s: Step, conflicts: Map<string, ConflictRecord>): Promise<void> {
  const { content, record, exists, replaces } = s.conflict!;
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  if (!exists) await fx.createCopy(record.copy, content);
  conflicts.set(s.path, record);
}

/**
 * A file and a folder of one name: the file is written beside the folder's path as a conflict copy
 * first (a sync killed after it loses nothing), then the step moves it out of the way (a live file
 * is removed, a remote one deleted there) and the folder's files go on as planned.
 */
async function openShapeConflict(
  fx: Effects,
  s: Step,
  conflicts: Map<string, ConflictRecord>,
  out: Applied,
): Promise<void> {
  const { content, record, exists, replaces } = s.conflict!;
  const skipped = out.lists.skipped.length;
  await fx.noteOpenedConflict(s.path, record);
  if (!exists) await fx.createCopy(record.copy, content);
  await applyStep(fx, s, conflicts, out);
  // The live file changed meanwhile: it stays, and so does the clash, for the next sync.
  if (out.lists.skipped.length > skipped) {
    if (!exists) await fx.removeCopyIfUntouched(record);
    return;
  }
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  conflicts.set(s.path, record);
}
