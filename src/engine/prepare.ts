import picomatch from 'picomatch';
import type { PlanItem } from '../reconcile/plan.ts';
import type { Version } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { mergeText, type MergeResult } from '../merge/textMerge.ts';
import { heldFindings } from '../secrets/allow.ts';
import { secretsInNames } from '../secrets/names.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import { blobHash } from '../util/blobHash.ts';
import type { LiveRead } from '../machine/scan.ts';
import { foldedTwin } from '../machine/foldedTwin.ts';
import { findCopyOf } from '../machine/conflictCopy.ts';
import { containProblem } from '../safety/contain.ts';
import { copyKey, secretKey, type RoundRead } from './steps.ts';

export interface ReadInput {
  repo: LocalRepo;
  /** The remote tip the round plans against (the hosts that last changed a path are read there). */
  tip: string | null;
  items: readonly PlanItem[];
  where: (p: string) => { livePath: string; liveRoot: string };
  /** Reads a live file if it still holds what the scan saw (Effects.readLive: a dry run reads as the real one). */
  read: (livePath: string, expected: Version) => LiveRead;
  unionMerge: readonly string[];
  allow: readonly string[];
  tmp: string;
  /** The round's time, read once: conflicts opened now are named and recorded with it. */
  now: Date;
}

/**
 * Reads what the plan's running items need, before anything is decided (engine/roundPlan.ts decides):
 * remote blobs, live content, the merges, the secret scan of what may be published, and for a
 * conflict that may open the host that last changed its path and a copy already written. Writes
 * nothing: a dry run reads exactly what the real run does.
 */
export async function readRound(input: ReadInput): Promise<RoundRead> {
  const runnable = input.items.filter((it) => it.runs);
  const blobs = await input.repo.readBlobs(blobsNeeded(runnable));
  const live = new Map<string, Buffer | null>();
  const outside = new Map<string, string>();
  const absent = new Map<string, { read: LiveRead; twin: string | null }>();
  for (const it of runnable) {
    const { livePath, liveRoot } = input.where(it.path);
    const k = it.decision.kind;
    // What a link on the way makes of a path a remote file would be written to.
    const problem = k === 'take' || k === 'shape' ? containProblem(liveRoot, livePath) : null;
    if (problem) outside.set(it.path, problem);
    if (k === 'publish' || k === 'merge' || (k === 'shape' && it.decision.file === 'live')) {
      const { ok, content } = input.read(livePath, it.live);
      live.set(it.path, ok && content ? content : null);
    } else if (k === 'take' && it.live === null) {
      const seen = input.read(livePath, null);
      absent.set(it.path, { read: seen, twin: seen.ok ? null : foldedTwin(livePath) });
    }
  }
  const merges = await mergesOf(input, runnable, blobs, live);
  const secrets = await secretsOf(input, runnable, live, merges);
  const opening = conflictsMayOpen(runnable, absent, merges, blobs, live);
  const hosts = new Map<string, string>();
  const copies = new Map<string, string>();
  for (const [p, content] of opening) {
    const host = input.tip && (await input.repo.lastHostFor(input.tip, p));
    if (host) hosts.set(p, host);
    const livePath = input.where(p).livePath;
    const found = findCopyOf(livePath, blobHash(content));
    if (found) copies.set(copyKey(livePath, blobHash(content)), found);
  }
  return { blobs, live, outside, absent, merges, secrets, hosts, copies, now: input.now };
}

function blobsNeeded(runnable: readonly PlanItem[]): Set<string> {
  const need = new Set<string>();
  for (const it of runnable) {
    if ((it.decision.kind === 'take' || it.decision.kind === 'merge') && it.remote) need.add(it.remote);
    if (it.decision.kind === 'merge' && it.base) need.add(it.base);
    if (it.decision.kind === 'shape' && it.decision.file === 'remote' && it.remote) need.add(it.remote);
  }
  return need;
}

async function mergesOf(
  input: ReadInput,
  runnable: readonly PlanItem[],
  blobs: ReadonlyMap<string, Buffer>,
  live: ReadonlyMap<string, Buffer | null>,
): Promise<Map<string, MergeResult>> {
  const union = picomatch([...input.unionMerge], { dot: true });
  const out = new Map<string, MergeResult>();
  for (const it of runnable) {
    const local = live.get(it.path);
    if (it.decision.kind !== 'merge' || !local) continue;
    const base = it.base ? blobs.get(it.base)! : null;
    out.set(it.path, await mergeText(local, base, blobs.get(it.remote!)!, union(it.path), input.tmp));
  }
  return out;
}

/** The findings of every content a publish or merge may put on the remote (a name's own included). */
async function secretsOf(
  input: ReadInput,
  runnable: readonly PlanItem[],
  live: ReadonlyMap<string, Buffer | null>,
  merges: ReadonlyMap<string, MergeResult>,
): Promise<Map<string, SecretFinding[]>> {
  const publishing = runnable.filter((it) => it.decision.kind === 'publish' || it.decision.kind === 'merge');
  // A name goes into the remote's tree and the commit message: one scan for every name that may.
  const names = await secretsInNames(publishing.map((it) => it.path));
  const out = new Map<string, SecretFinding[]>();
  for (const it of publishing) {
    const merged = merges.get(it.path);
    const contents = [live.get(it.path), merged?.clean ? merged.content : null];
    for (const content of contents) {
      if (!content) continue;
      const found = [...(names.get(it.path) ?? []), ...(await heldFindings(it.path, content, input.allow))];
      out.set(secretKey(it.path, content), found);
    }
  }
  return out;
}

/** Paths whose step may open a conflict, with the content its copy would hold. */
function conflictsMayOpen(
  runnable: readonly PlanItem[],
  absent: ReadonlyMap<string, { read: LiveRead }>,
  merges: ReadonlyMap<string, MergeResult>,
  blobs: ReadonlyMap<string, Buffer>,
  live: ReadonlyMap<string, Buffer | null>,
): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const it of runnable) {
    const d = it.decision;
    const remote = it.remote ? blobs.get(it.remote) : undefined;
    const local = live.get(it.path);
    const seen = absent.get(it.path)?.read;
    const may =
      (d.kind === 'merge' && merges.get(it.path)?.clean === false) ||
      (d.kind === 'take' && seen !== undefined && (!seen.ok || !!seen.folder?.length)) ||
      (d.kind === 'shape' && d.file === 'remote');
    if (may && remote) out.set(it.path, remote);
    if (d.kind === 'shape' && d.file === 'live' && local) out.set(it.path, local);
  }
  return out;
}
