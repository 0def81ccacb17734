import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError, UsageError } from '../errors.ts';
import { mergeKeepBoth } from '../merge/textMerge.ts';
import type { LocalRepo } from '../store/repo.ts';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import { loadState, type ConflictRecord, type MachineState } from '../machine/state.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { withEffects } from '../engine/effects/seam.ts';
import type { Recorded } from '../engine/effects/recorder.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { blobHash } from '../util/blobHash.ts';
import { containProblem } from '../safety/contain.ts';
import { syncRoots } from './engine.ts';
import { resolveShape } from './resolveShape.ts';

export type Resolution = 'local' | 'remote' | 'both' | 'done';

export interface ResolveResult {
  path: string;
  resolution: Resolution;
  livePath: string;
  /** The conflict copy, when it was kept (the user had edited it, or it holds a file placed by hand). */
  keptCopy: string | null;
  keptWhy: string;
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
}

/** Finds a conflict by repository path, live path or conflict copy path. */
function findConflict(
  conflicts: Record<string, ConflictRecord>,
  target: string,
  cwd = process.cwd(),
): string | undefined {
  if (conflicts[target]) return target;
  const abs = path.resolve(cwd, target);
  return Object.keys(conflicts).find((p) => conflicts[p]!.livePath === abs || conflicts[p]!.copy === abs);
}

/**
 * Ends a conflict. The remote version becomes the agreed base, so what is live afterwards is
 * published by the next sync: `local` keeps live, `remote` writes the remote version live, `both`
 * writes the union of the two, `done` keeps what the user wrote by hand.
 */
export async function resolveConflict(
  ctx: Context,
  target: string,
  how: Resolution,
  dryRun = false,
): Promise<ResolveResult> {
  const { value, recorded } = await withEffects(ctx, dryRun, (fx, repo) => resolveWith(ctx, target, how, fx, repo));
  return recorded ? { ...value, recorded } : value;
}

async function resolveWith(
  ctx: Context,
  target: string,
  how: Resolution,
  fx: Effects,
  repo: LocalRepo,
): Promise<ResolveResult> {
  const state = await loadState(ctx.home);
  const p = findConflict(state.conflicts, target);
  if (!p) {
    const open = Object.keys(state.conflicts);
    throw new UsageError(
      `no open conflict for ${target}`,
      open.length ? `open conflicts: ${open.join(', ')}` : 'there are no open conflicts',
    );
  }
  const c = state.conflicts[p]!;
  const writes = !!c.shape || how === 'remote' || how === 'both';
  const folder = writes ? ((await syncRoots(ctx)).index.lookup(p)?.root.liveDir ?? null) : null;
  const mayRemove = c.shape
    ? await resolveShape(fx, p, c, how, folder, tmpDir(ctx.home))
    : await writeResolution(ctx, { fx, repo }, state, p, c, how, folder);
  // The remote version becomes the base; a file/folder conflict held nothing back, so its base stays.
  if (!c.shape) agreeOn(state, p, c.remote);
  delete state.conflicts[p];
  if (mayRemove) await fx.removeCopyIfUntouched(c);
  await fx.saveState(state);
  const keptCopy = fs.existsSync(c.copy) ? c.copy : null;
  const keptWhy = mayRemove ? 'it was edited' : 'it may hold the only version of the file';
  return { path: p, resolution: how, livePath: c.livePath, keptCopy, keptWhy };
}

/** Writes what a resolution of a text conflict keeps live; the copy may then go (if untouched). */
async function writeResolution(
  ctx: Context,
  { fx, repo }: { fx: Effects; repo: LocalRepo },
  state: MachineState,
  p: string,
  c: ConflictRecord,
  how: Resolution,
  folder: string | null,
): Promise<boolean> {
  if (how === 'remote' || how === 'both') {
    const refusal = folder ? containProblem(folder, c.livePath) : 'it is not in a memory folder this machine syncs';
    if (refusal)
      throw new MemsyncError(
        `${p} was not written: ${refusal}`,
        'failure',
        'fix the folder (or use --keep local), then resolve again',
      );
  }
  const want = [c.remote, state.base[p]].filter((x): x is string => !!x);
  const blobs = await repo.readBlobs(how === 'remote' || how === 'both' ? want : []);
  // Journaled, so a resolve killed mid-write leaves no temp file behind.
  await fx.beginLiveWrites(how === 'remote' || how === 'both' ? [c.livePath] : []);
  let wrote: boolean;
  try {
    wrote = await writeKept(fx, state, p, c, how, blobs, tmpDir(ctx.home));
  } finally {
    await fx.endLiveWrites();
  }
  if (!wrote)
    throw new MemsyncError(
      `${p}: ${c.livePath} changed while resolving: kept as it is now`,
      'failure',
      'resolve again',
    );
  return true;
}

/** Writes the version `how` keeps live over what is live now; false: it changed meanwhile. */
async function writeKept(
  fx: Effects,
  state: MachineState,
  p: string,
  c: ConflictRecord,
  how: Resolution,
  blobs: Map<string, Buffer>,
  tmp: string,
): Promise<boolean> {
  const remote = c.remote ? (blobs.get(c.remote) ?? null) : null;
  // What is replaced must still be what was read here, up to the swap: a session's write lands meanwhile.
  const live = readOrNull(c.livePath);
  const held = live === null ? null : blobHash(live);
  if (how === 'remote') {
    if (remote !== null) return fx.writeLive(c.livePath, remote, held);
    return held === null || fx.removeLive(c.livePath, held, path.dirname(c.livePath));
  }
  if (how !== 'both') return true;
  if (live && remote) {
    const base = state.base[p] ? (blobs.get(state.base[p]!) ?? null) : null;
    const merged = await mergeKeepBoth(live, base, remote, tmp);
    if (!merged)
      throw new MemsyncError(
        `${p} is binary: it cannot be kept both ways`,
        'usage',
        'use --keep local or --keep remote, or edit the file and use --done',
      );
    return fx.writeLive(c.livePath, merged, held);
  }
  return remote ? fx.writeLive(c.livePath, remote, held) : true;
}

/** Records `remote` as the base of `p`, keeping the remote tip as the last sync saw it (base and pending overlay). */
function agreeOn(state: MachineState, p: string, remote: string | null): void {
  const remoteAtTip = p in state.pending ? state.pending[p]! : (state.base[p] ?? null);
  if (remote) state.base[p] = remote;
  else delete state.base[p];
  if (remoteAtTip === remote) delete state.pending[p];
  else state.pending[p] = remoteAtTip;
}
