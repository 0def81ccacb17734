import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError, UsageError } from '../errors.ts';
import { PREVIOUS_TIPS, type HistoryEntry, type LocalRepo } from '../store/repo.ts';
import { openRepo } from '../crypto/openRepo.ts';
import type { Root } from '../sources/roots.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Context } from '../machine/context.ts';
import { repoPathOfLive, syncRoots, type RootIndex } from './engine.ts';
import { checkLayout, LAYOUT_FILE } from '../machine/layout.ts';
import { loadBase, loadHeader } from '../machine/state.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { withEffects } from '../engine/effects/seam.ts';
import type { Recorded } from '../engine/effects/recorder.ts';
import { DATE_FORM, parseWhen } from '../util/when.ts';
import { commitOn } from './atDate.ts';
import { containProblem } from '../safety/contain.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { fetchedTip } from './fetchedTip.ts';

export interface LogResult {
  /** The repository path (or folder) the log is restricted to, if any. */
  path: string | null;
  entries: HistoryEntry[];
  /** True when the remote could not be reached and the last fetched history is shown. */
  offline: boolean;
  notes: string[];
}

/**
 * Maps what the user typed to a repository path: a live file or folder on this machine (an
 * absolute path, or one that exists) through the sync roots, otherwise a repository path or folder.
 */
export function toRepoPath(roots: readonly Root[], target: string, cwd = process.cwd()): string {
  const abs = path.resolve(cwd, target);
  if (path.isAbsolute(target) || fs.existsSync(abs)) {
    const p = repoPathOfLive(roots, abs);
    if (p === undefined)
      throw new UsageError(
        `${target} is not in any folder memsync syncs on this machine`,
        'give a live memory file or a repository path (memsync log shows them)',
      );
    return p;
  }
  return target.replace(/^\.\//, '').replace(/\/+$/, '');
}

/** What changed on the remote, when and from which host, newest first. */
export async function historyLog(ctx: Context, target: string | null, limit: number | null): Promise<LogResult> {
  const repo = openRepo(ctx);
  const notes: string[] = [];
  const p = target === null ? null : toRepoPath((await syncRoots(ctx)).roots, target);
  const { tip, offline } = await fetchedTip(ctx, repo, notes);
  const previous = await repo.refsUnder(PREVIOUS_TIPS);
  if (previous.length) {
    const tips = previous.map((c) => c.slice(0, 12)).join(', ');
    const kept = `history the remote no longer holds (it was rewritten, or this machine used another) is kept here`;
    notes.push(`${kept} up to ${tips}: memsync restore --at COMMIT reaches it`);
  }
  if (!tip) return { path: p, entries: [], offline, notes };
  // A commit that only wrote the layout marker is memsync's own; one that changed nothing at all is a
  // named point (push --message with nothing pending), kept to be found.
  const entries = (await repo.history(tip, p, limit))
    .map((e) => ({ ...e, paths: e.paths.filter((c) => c.path !== LAYOUT_FILE), point: e.paths.length === 0 }))
    .filter((e) => e.paths.length > 0 || e.point || p !== null)
    .map(({ point: _, ...e }) => e);
  return { path: p, entries, offline, notes };
}

export interface RestoreResult {
  /** The commit restored from and its time. */
  commit: string;
  time: string;
  /** Files written live (as a new local change). */
  restored: { path: string; livePath: string }[];
  /** Files that already held that version. */
  unchanged: string[];
  /** Files that changed while restoring: left alone. */
  skipped: string[];
  notes: string[];
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
}

/** Resolves `--at`: a commit of the remote history, or the one the shared branch was at on an ISO date/datetime. */
async function commitAt(repo: LocalRepo, tip: string, at: string, notes: string[]): Promise<string> {
  if (/^[0-9a-f]{4,40}$/i.test(at)) {
    const c = await repo.resolveCommit(at);
    if (c) {
      if (!(await inHistory(repo, c, tip)))
        throw new UsageError(`--at ${at}: that commit is not in the remote history`, 'memsync log lists its commits');
      return c;
    }
  }
  if (!/^\d{4}-/.test(at)) {
    throw new UsageError(
      `--at ${at}: not a commit of the remote history nor a date (${DATE_FORM})`,
      'e.g. --at 2026-05-01, --at 2026-05-01T14:30:00Z, or a commit from memsync log',
    );
  }
  const when = parseWhen('--at', at);
  // By the order commits reached the branch, not by their times alone: a machine's clock may be off.
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  const { commit, offClock } = commitOn(await repo.firstParentChain(tip), seconds(when), seconds(new Date()));
  if (!commit)
    throw new UsageError(
      `--at ${at} (${when.toISOString()}): the remote history starts after that`,
      'memsync log lists its commits and their times',
    );
  if (offClock.length)
    notes.push(
      `passed over ${offClock.map((c) => c.slice(0, 12)).join(', ')}: made on a machine whose clock was off, ` +
        'they reached the branch after ' +
        `${commit.slice(0, 12)} at a time that cannot be told; give --at COMMIT to take one of them`,
    );
  return commit;
}

/** In the remote's history, or in a history the remote left (kept under refs/memsync/previous/). */
async function inHistory(repo: LocalRepo, commit: string, tip: string): Promise<boolean> {
  for (const t of [tip, ...(await repo.refsUnder(PREVIOUS_TIPS))])
    if (await repo.isAncestor(commit, t).catch(() => false)) return true;
  return false;
}

export interface RestorePlan {
  commit: string;
  time: string;
  /** Repository path -> blob id as of the commit (mapped regular files only). */
  files: Map<string, string>;
  notes: string[];
}

/**
 * Finds what `restore` would write: the version of `target` (or of every mapped path, when null)
 * as of a commit or date. Throws a usage error (exit 2) when the path did not exist then. Writes nothing.
 */
export async function planRestore(
  ctx: Context,
  target: string | null,
  at: string,
  repo: LocalRepo = openRepo(ctx),
): Promise<RestorePlan> {
  const notes: string[] = [];
  const { roots, index } = await syncRoots(ctx);
  const p = target === null ? null : toRepoPath(roots, target);
  const { tip } = await fetchedTip(ctx, repo, notes);
  if (!tip) throw new MemsyncError('the remote has no history yet', 'usage', 'run memsync sync first');
  // A machine without the key must not write the remote's ciphertext into live files.
  await checkLayout(repo, tip);
  const commit = await commitAt(repo, tip, at, notes);
  const time = await repo.commitTime(commit);
  const tree = await repo.lsTree(commit, p === null ? [] : [p]);
  const files = new Map<string, string>();
  for (const [q, e] of tree) {
    if (e.mode !== '100644' && e.mode !== '100755') continue;
    if (p !== null && q !== p && !q.startsWith(`${p}/`)) continue;
    if (index.maps(q)) files.set(q, e.sha);
  }
  if (p !== null && files.size === 0) {
    if (tree.size > 0 || index.maps(p) || isMappedPrefix(roots, p)) {
      throw new UsageError(
        `${p} did not exist as of ${commit.slice(0, 12)} (${time}): nothing to restore`,
        `memsync log ${p} shows when it existed`,
      );
    }
    throw new UsageError(
      `${p} is not synced on this machine`,
      'give a live memory file or a repository path of a project this machine syncs',
    );
  }
  return { commit, time, files, notes };
}

/**
 * Writes a restore plan's versions into the live files (atomic, journaled, compare-and-swap), as
 * a new local change for the next sync to publish. Files that did not exist then are not in the
 * plan, so nothing is ever deleted.
 */
export async function applyRestore(ctx: Context, plan: RestorePlan, force = false): Promise<RestoreResult> {
  const { index } = await syncRoots(ctx);
  const { value } = await withEffects(ctx, false, (fx, repo) => writeVersions(ctx, repo, index, plan, force, fx));
  return value;
}

/** A restore's dry run: planned through the seam's lookaside store, written through its recorder. */
export async function dryRestore(
  ctx: Context,
  target: string | null,
  at: string,
  force: boolean,
): Promise<RestoreResult> {
  const { index } = await syncRoots(ctx);
  const { value, recorded } = await withEffects(ctx, true, async (fx, repo) =>
    writeVersions(ctx, repo, index, await planRestore(ctx, target, at, repo), force, fx),
  );
  return { ...value, recorded: recorded ?? [] };
}

function isMappedPrefix(roots: readonly Root[], p: string): boolean {
  return roots.some((r) => r.repoPrefix.startsWith(`${p}/`) || `${p}/`.startsWith(r.repoPrefix));
}

async function writeVersions(
  ctx: Context,
  repo: LocalRepo,
  index: RootIndex,
  plan: RestorePlan,
  force: boolean,
  fx: Effects,
): Promise<RestoreResult> {
  const { commit, time, notes, files } = plan;
  const out: RestoreResult = { commit, time, restored: [], unchanged: [], skipped: [], notes };
  const todo: { path: string; livePath: string; sha: string; current: string | null }[] = [];
  const header = await loadHeader(ctx.home);
  const { conflicts } = header;
  const base = await loadBase(ctx.home, header);
  for (const [q, sha] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A file held by a conflict is the user's to settle first: restoring over it would hide it.
    if (conflicts[q]) {
      out.skipped.push(q);
      notes.push(`${q} has an open conflict: resolve it first (memsync resolve ${q} --keep ...), then restore`);
      continue;
    }
    const livePath = index.livePath(q);
    const refusal = containProblem(index.lookup(q)!.root.liveDir, livePath);
    if (refusal) {
      out.skipped.push(q);
      notes.push(`not restored: ${q}: ${refusal}`);
      continue;
    }
    const current = readOrNull(livePath);
    const hash = current === null ? null : blobHash(current);
    if (hash === sha) out.unchanged.push(q);
    else if (hash !== null && hash !== (base[q] ?? null) && !force) {
      // An edit no remote holds yet: overwriting it would leave its text in no file and no repository.
      out.skipped.push(q);
      notes.push(
        `${q} has an edit that is not published yet: left alone (memsync sync publishes it, then restore; or restore ` +
          '--force to overwrite it)',
      );
    } else todo.push({ path: q, livePath, sha, current: hash });
  }
  if (!todo.length) return out;
  const blobs = await repo.readBlobs(todo.map((t) => t.sha));
  await fx.beginLiveWrites(todo.map((t) => t.livePath));
  try {
    for (const t of todo) {
      if (await fx.writeLive(t.livePath, blobs.get(t.sha)!, t.current))
        out.restored.push({ path: t.path, livePath: t.livePath });
      else out.skipped.push(t.path);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return out;
}
