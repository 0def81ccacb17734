import type { PlanItem } from '../reconcile/plan.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import { LAYOUT_FILE } from '../machine/layout.ts';
import type { ScanResult } from '../machine/scan.ts';
import type { ConflictRecord, MachineState, StateHeader } from '../machine/state.ts';
import type { Refusal } from '../machine/untrusted.ts';
import { refreshCache } from '../machine/watch.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Outcome } from './outcome.ts';
import type { Prepared } from './steps.ts';
import type { Landed } from './publish.ts';
import type { HeldSecret } from './report.ts';
import type { RoundPlan } from './roundPlan.ts';
import { isEmpty, setOrDelete, type Run } from './run.ts';

/**
 * Live changes the remote still lacks after this round: publishes a pull left for later, files
 * changed meanwhile, merges a pull wrote live. Held files (secrets, clashes) are named elsewhere
 * and wait for the user, not for a push. A contributor's proposals are tracked on their branch.
 */
export function unpublishedAfter(
  plan: Pick<RoundPlan, 'items' | 'prepared'>,
  outcome: Pick<Outcome, 'lists'>,
  contributor: boolean,
): string[] {
  const out = new Set<string>([...outcome.lists.skipped, ...plan.prepared.deferred]);
  if (!contributor) {
    for (const it of plan.items)
      if (!it.runs && (it.decision.kind === 'publish' || it.decision.kind === 'deleteRemote')) out.add(it.path);
  }
  return [...out].sort();
}

/** What the next state is made from besides the round: what the sync read as it began, and the round's outcome. */
export interface StateFrom {
  state: Pick<StateHeader, 'seq' | 'conflicts' | 'held'>;
  /** Whether a repository path belongs to a folder this sync maps. */
  maps: (p: string) => boolean;
  remoteUrl: string;
  branch: string;
  rootsKey: string[];
  projects: string[];
  /** The base with the round's landed changes. */
  base: ReadonlyMap<string, string>;
  /** The open conflicts of mapped paths after the round. */
  conflicts: ReadonlyMap<string, ConflictRecord>;
}

/** What of the round's plan the next state is made from. */
export type PlanForState = Pick<RoundPlan, 'items' | 'remote' | 'refused' | 'heldDeletes' | 'now'> & {
  prepared: Pick<Prepared, 'secrets' | 'held' | 'refused'>;
};

/** The next recorded state, as data, from what the round planned and where its publish landed. Pure. */
export function nextState(
  from: StateFrom,
  plan: PlanForState,
  landed: Pick<Landed, 'tip' | 'changes'>,
  unpublished: string[],
): MachineState {
  const { state, maps, base } = from;
  const { prepared } = plan;
  const newRemote = new Map(plan.remote);
  // Only mapped files: the database's files have a state of their own (claudeMem/source.ts).
  for (const [p, c] of landed.changes) if (p !== LAYOUT_FILE && maps(p)) setOrDelete(newRemote, p, idOf(c));
  const pending: Record<string, string | null> = {};
  for (const p of new Set([...base.keys(), ...newRemote.keys()])) {
    const r = newRemote.get(p) ?? null;
    if (r !== (base.get(p) ?? null)) pending[p] = r;
  }
  return {
    version: 1,
    seq: state.seq,
    remoteTip: landed.tip,
    remoteUrl: from.remoteUrl,
    branch: from.branch,
    roots: from.rootsKey,
    base: Object.fromEntries([...base].sort(([a], [b]) => (a < b ? -1 : 1))),
    pending,
    // Conflicts of projects not mapped this time are kept for when they are mapped again.
    conflicts: {
      ...Object.fromEntries(Object.entries(state.conflicts).filter(([p]) => !maps(p))),
      ...Object.fromEntries(from.conflicts),
    },
    held: heldAfter(from, plan.items, prepared.secrets),
    unusable: Object.fromEntries(prepared.held.map((h) => [h.path, h.detail])),
    heldDeletes: Object.fromEntries(
      plan.heldDeletes.map((h) => [h.prefix, { label: h.label, paths: h.paths, of: h.of }]),
    ),
    refused: uniqueRefusals([...plan.refused, ...prepared.refused]),
    unpublished,
    projects: from.projects,
    lastSyncTime: plan.now.toISOString(),
  };
}

/** A held file that this sync did not try to publish (a pull) stays held. */
function heldAfter(
  from: StateFrom,
  items: readonly PlanItem[],
  secrets: Map<string, SecretFinding[]>,
): Record<string, SecretFinding[]> {
  const notTried = new Set(
    items
      .filter((it) => !it.runs && (it.decision.kind === 'publish' || it.decision.kind === 'merge'))
      .map((it) => it.path),
  );
  const kept = Object.entries(from.state.held).filter(([p]) => notTried.has(p) || !from.maps(p));
  return { ...Object.fromEntries(kept), ...Object.fromEntries(secrets) };
}

function stateFrom(run: Run): StateFrom {
  const { settings } = run.ctx;
  return {
    state: run.state,
    maps: (p) => run.index.maps(p),
    remoteUrl: settings.remote,
    branch: settings.branch,
    rootsKey: run.rootsKey,
    projects: run.projects,
    base: run.base!,
    conflicts: run.conflicts,
  };
}

/** What of the round, besides its plan, tells whether the state changed. */
export interface RoundMarks {
  /** Where the push landed. */
  tip: string | null;
  unpublished: readonly string[];
  /** The synced folders are those of the last sync. */
  rootsSame: boolean;
  /** The base counted for nothing (another remote, or one the user adopted). */
  fresh: boolean;
  /** File/folder conflicts an earlier sync opened without recording them. */
  opened: number;
}

/** Whether the state must be saved: a sync that found and did nothing rewrites only its time. Pure. */
export function worthSaving(
  state: Pick<StateHeader, 'remoteTip' | 'held' | 'heldDeletes' | 'remoteUrl' | 'unpublished'>,
  plan: Pick<RoundPlan, 'items' | 'heldDeletes'>,
  round: RoundMarks,
): boolean {
  return (
    plan.items.some((it) => it.runs && it.decision.kind !== 'held') ||
    round.tip !== state.remoteTip ||
    !round.rootsSame ||
    !isEmpty(state.held) ||
    plan.heldDeletes.length > 0 ||
    !isEmpty(state.heldDeletes) ||
    round.fresh ||
    round.opened > 0 ||
    state.remoteUrl === undefined ||
    round.unpublished.join('\n') !== state.unpublished.join('\n')
  );
}

/** Records the sync last: the base, then the scan cache that matches it, then the hooks' mark. */
export async function recordSync(
  run: Run,
  scan: ScanResult,
  plan: RoundPlan,
  landed: Landed,
  unpublished: string[],
): Promise<void> {
  const { state, report, fx } = run;
  report.conflicts = [...run.conflicts].map(([p, c]) => ({
    path: p,
    copy: c.copy,
    ...(c.shape && { shape: c.shape }),
    ...(c.clash && { clash: c.clash }),
  }));
  report.remoteTip = landed.tip;
  report.unpublished = unpublished;
  const next = nextState(stateFrom(run), plan, landed, unpublished);
  report.refused = next.refused;
  report.heldDeletes = plan.heldDeletes;
  report.heldSecrets = heldList(next.held);
  const { rootsSame, fresh, opened } = run;
  // Cost follows what changed.
  const effective = worthSaving(state, plan, { tip: landed.tip, unpublished, rootsSame, fresh, opened });
  const seq = effective ? await fx.saveState(next) : state.seq;
  if (run.opened || [...run.conflicts.values()].some((c) => c.shape)) await fx.noteOpenedConflict(null);
  if (!isEmpty(run.mergedLive)) await fx.noteMergedLive({});
  if (!effective) await fx.saveLastSync(next.lastSyncTime!);
  // The cache is saved after the state it matches (a crash between leaves a stale cache, which
  // only means a full comparison next time).
  const written = [...report.liveChanged, ...report.conflicts.map((c) => c.copy)];
  if (scan.changed || written.length || run.cache.seq !== seq) {
    refreshCache(run.cache, written);
    run.cache.seq = seq;
    await fx.saveScanCache(run.cache, run.indexed);
  }
  await fx.markUnpublished(unpublished.length ? `${unpublished.length} local change(s) not published yet` : null);
}

/** A change's content id (plaintext, as the remote's trees are read). */
function idOf(c: unknown): string | null {
  if (c === null) return null;
  return typeof c === 'string' ? c : blobHash(c as Buffer);
}

function uniqueRefusals(list: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(`${r.path}\0${r.reason}`) && !!seen.add(`${r.path}\0${r.reason}`));
}

export function heldList(held: Record<string, SecretFinding[]>): HeldSecret[] {
  // A name holding a secret is shown masked, with every finding of its file.
  return Object.entries(held).flatMap(([p, fs]) => {
    const path = fs.find((f) => f.shown)?.shown ?? p;
    return fs.map(({ shown: _, ...f }) => ({ path, ...f }));
  });
}
