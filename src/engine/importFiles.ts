/**
 * Files from outside a sync (an export, a backup, restored files held until their folder was known)
 * written into live memory with import's rules: missing files created; where live differs, kept,
 * overwritten or merged as the strategy says, compare-and-swap through the seam.
 */
import fs from 'node:fs';
import picomatch from 'picomatch';
import { mergeText } from '../merge/textMerge.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { mergeCall, type MergeCall } from '../reconcile/importMerge.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { containProblem } from '../safety/contain.ts';
import { tmpDir, type Context } from '../machine/context.ts';
import { conflictCopyPath, findCopyOf } from '../machine/conflictCopy.ts';
import { loadBase, loadHeader } from '../machine/state.ts';
import type { Effects } from './effects/effects.ts';
import type { RootIndex } from './rootIndex.ts';

export type ImportStrategy = 'skip' | 'overwrite' | 'merge';

/** One file to bring in: its repository path (mapped here), content and, from a backup, its base (null: none). */
export interface ImportEntry {
  path: string;
  content: Buffer;
  baseSha?: string | null;
}

export interface ImportHow {
  strategy: ImportStrategy;
  /** Overwrite live files even when they hold an unpublished local change. */
  force?: boolean;
  /** Where the files came from: names the copies written beside live. */
  host: string;
  when: Date;
  /**
   * Live and these files share no version (restored files reaching a folder new to memsync): merged as
   * a sync merges two new files (index files by union), else the file goes beside live.
   */
  unrelated?: boolean;
}

export interface FileOutcomes {
  created: string[];
  overwritten: string[];
  merged: string[];
  /** Imported versions written beside live (binary or unmergeable under --strategy merge). */
  copies: { path: string; copy: string }[];
  unchanged: string[];
  /** Not written; `later`: only for now (an open conflict, a file changed meanwhile). */
  skipped: { path: string; reason: string; later?: boolean }[];
  /** Entries that would land outside their folder: never written. */
  refused: { path: string; reason: string }[];
}

export const noOutcomes = (): FileOutcomes => ({
  created: [],
  overwritten: [],
  merged: [],
  copies: [],
  unchanged: [],
  skipped: [],
  refused: [],
});

type Step =
  | { kind: 'create' | 'overwrite' | 'merge'; path: string; livePath: string; content: Buffer; expected: string | null }
  | { kind: 'copy'; path: string; livePath: string; content: Buffer; copy: string };

/** Decides each entry's step from what was read, then carries the steps out through `fx`. */
export async function importFiles(
  ctx: Context,
  entries: readonly ImportEntry[],
  how: ImportHow,
  index: RootIndex,
  fx: Effects,
): Promise<FileOutcomes> {
  const out = noOutcomes();
  const header = await loadHeader(ctx.home);
  const base = await loadBase(ctx.home, header);
  const steps: Step[] = [];
  fs.mkdirSync(tmpDir(ctx.home), { recursive: true });
  for (const e of [...entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const p = e.path;
    if (header.conflicts[p]) {
      out.skipped.push({ path: p, reason: 'open conflict: resolve it first (memsync resolve)', later: true });
      continue;
    }
    const livePath = index.livePath(p);
    const outside = containProblem(index.lookup(p)!.root.liveDir, livePath);
    if (outside) {
      out.refused.push({ path: p, reason: outside });
      continue;
    }
    const { content } = e;
    const live = readOrNull(livePath);
    const liveHash = live === null ? null : blobHash(live);
    if (live === null) {
      steps.push({ kind: 'create', path: p, livePath, content, expected: null });
      continue;
    }
    if (liveHash === blobHash(content)) {
      out.unchanged.push(p);
      continue;
    }
    if (how.strategy === 'skip') {
      out.skipped.push({ path: p, reason: 'differs: kept live (--strategy skip)' });
    } else if (how.strategy === 'overwrite') {
      if (base[p] !== liveHash && !how.force) {
        out.skipped.push({
          path: p,
          reason: 'live holds an unpublished local change: not overwritten (sync first, or --force)',
        });
      } else {
        steps.push({ kind: 'overwrite', path: p, livePath, content, expected: liveHash });
      }
    } else {
      // A backup's base says nothing of a live file this machine never synced (a new laptop's own memory).
      const unrelated = how.unrelated || (e.baseSha !== undefined && base[p] === undefined && e.baseSha !== liveHash);
      const call: MergeCall = unrelated
        ? { kind: 'merge', base: null }
        : mergeCall(liveHash!, blobHash(content), e.baseSha, base[p] ?? null);
      const at = { path: p, livePath, content, liveHash: liveHash!, live };
      const step = await mergeStep(ctx, call, at, how, out);
      if (step) steps.push(step);
    }
  }
  await writeSteps(fx, steps, out);
  return out;
}

/** Carries out an import's steps through the seam; each lands in `out` as done or skipped. */
async function writeSteps(fx: Effects, steps: readonly Step[], out: FileOutcomes): Promise<void> {
  if (!steps.length) return;
  await fx.beginLiveWrites(steps.filter((s) => s.kind !== 'copy').map((s) => s.livePath));
  try {
    for (const s of steps) {
      if (s.kind === 'copy') {
        if (fs.existsSync(s.copy)) {
          out.skipped.push({ path: s.path, reason: `a file is already at ${s.copy}` });
          continue;
        }
        await fx.createCopy(s.copy, s.content);
        out.copies.push({ path: s.path, copy: s.copy });
      } else if (await fx.writeLive(s.livePath, s.content, s.expected)) {
        (s.kind === 'create' ? out.created : s.kind === 'overwrite' ? out.overwritten : out.merged).push(s.path);
      } else out.skipped.push({ path: s.path, reason: 'changed while importing: left alone', later: true });
    }
  } finally {
    await fx.endLiveWrites();
  }
}

type MergeAt = { path: string; livePath: string; content: Buffer; liveHash: string; live: Buffer };

/** Carries out a merge decision: the step to write, or null with the outcome noted in `out`. */
async function mergeStep(
  ctx: Context,
  call: MergeCall,
  at: MergeAt,
  from: { host: string; when: Date },
  out: FileOutcomes,
): Promise<Step | null> {
  const { path: p, livePath, content, liveHash } = at;
  if (call.kind === 'take') return { kind: 'overwrite', path: p, livePath, content, expected: liveHash };
  if (call.kind === 'keep') {
    out.skipped.push({ path: p, reason: call.reason });
    return null;
  }
  if (call.kind === 'merge') {
    const wanted = call.base;
    const base =
      wanted === null
        ? null
        : await openRepo(ctx)
            .readBlobs([wanted])
            .then((b) => b.get(wanted) ?? null)
            .catch(() => null);
    const union = picomatch([...ctx.settings.unionMerge], { dot: true })(p);
    // A base that cannot be read is not an empty one: without it, the file goes beside live.
    const m = wanted === null || base ? await mergeText(at.live, base, content, union, tmpDir(ctx.home)) : null;
    if (m?.clean && blobHash(m.content) === liveHash) {
      out.unchanged.push(p);
      return null;
    }
    if (m?.clean) return { kind: 'merge', path: p, livePath, content: m.content, expected: liveHash };
  }
  const existing = findCopyOf(livePath, blobHash(content));
  if (!existing)
    return { kind: 'copy', path: p, livePath, content, copy: conflictCopyPath(livePath, from.host, from.when) };
  out.copies.push({ path: p, copy: existing });
  return null;
}
