import type { PlanItem } from '../reconcile/plan.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import { holdMassDeletions, type HeldDeletion, type HoldOptions } from '../reconcile/massDelete.ts';
import type { ConflictRecord, MergedLive } from '../machine/state.ts';
import type { Refusal } from '../machine/untrusted.ts';
import { blobHash } from '../util/blobHash.ts';
import { planSync, type Hold } from './plan.ts';
import { planSteps, type Prepared, type RoundRead, type StepsInput } from './steps.ts';

/** The three snapshots a round read (path -> blob id), and what it knows of them, before anything is decided. */
export interface Snapshots {
  live: ReadonlyMap<string, string>;
  base: ReadonlyMap<string, string>;
  /** The remote tip's tree as screened (engine/sync.ts readSnapshots). */
  remote: ReadonlyMap<string, string>;
  /** The remote entries the screen refused. */
  refused: readonly Refusal[];
  /** Whether the tip holds the layout file (every commit memsync makes carries it). */
  hasLayout: boolean;
  /** What takes no part (unreadable, unusable names, links, local-only), with why. */
  aside: readonly Hold[];
  /** The open conflicts as the round starts. */
  conflicts: ReadonlyMap<string, ConflictRecord>;
  mode: SyncMode;
  massDelete: HoldOptions;
}

/** What each path calls for, mass deletions held: it names the contents the round reads next. */
export interface Decided {
  items: PlanItem[];
  /** Paths that take no part this time, and why. */
  held: Hold[];
  heldDeletes: HeldDeletion[];
}

/** Everything a round read: the snapshots, then the contents its running items need, and the time. */
export interface RoundInput extends Snapshots, Pick<StepsInput, 'proposeOnly' | 'where' | 'scanned' | 'host'> {
  read: RoundRead;
  /** Takes and merges written live by earlier rounds and syncs, not yet recorded as the base. */
  mergedLive: MergedLive;
}

/**
 * A round as a value: what each path calls for, the steps that carry it out, and what the next
 * recorded state is made of. Applying it decides nothing (engine/apply.ts); which steps live
 * refused and where the push lands give the rest (engine/outcome.ts, publish.ts, record.ts).
 */
export interface RoundPlan extends Decided {
  remote: ReadonlyMap<string, string>;
  refused: Refusal[];
  hasLayout: boolean;
  prepared: Prepared;
  /** The record of live writes that hold remote versions, noted before any step (null: no new one). */
  mergedLive: MergedLive | null;
  /** The time the round read: conflict copies are named with it, the next state records it. */
  now: Date;
}

/** The decision per path from the snapshots, mass deletions held. Pure. */
export function decideRound(s: Snapshots): Decided {
  // A file/folder conflict holds nothing back: its path is decided afresh (only resolve ends it).
  const conflicts = new Map([...s.conflicts].filter(([, c]) => !c.shape).map(([p, c]) => [p, c.remote]));
  const plan = planSync({ live: s.live, base: s.base, remote: s.remote, conflicts, mode: s.mode, aside: s.aside });
  // Most of a project deleted here at once waits for the user (nothing deleted elsewhere).
  const massHeld = holdMassDeletions(plan.items, s.base, s.massDelete);
  return { items: massHeld.items, held: plan.held, heldDeletes: massHeld.held };
}

/**
 * The round's plan from what it read. Pure: no git, no disk, no clock. `decided` is the round's own
 * `decideRound(input)` when the caller already has it (it chose what to read from it).
 */
export function planRound(input: RoundInput, decided: Decided = decideRound(input)): RoundPlan {
  const { mode, proposeOnly, where, scanned, conflicts, host } = input;
  const prepared = planSteps({ items: decided.items, mode, proposeOnly, where, scanned, conflicts, host }, input.read);
  return {
    ...decided,
    remote: input.remote,
    refused: [...input.refused],
    hasLayout: input.hasLayout,
    prepared,
    mergedLive: mergedLiveAfter(input.mergedLive, prepared),
    now: input.read.now,
  };
}

/**
 * Takes and merges: live will hold (or contain) a remote version, which stays the base even if
 * the push is refused or the sync dies, so that version never reads as an edit made here.
 */
function mergedLiveAfter(noted: MergedLive, prepared: Prepared): MergedLive | null {
  const agreeing = prepared.steps.filter((s) => s.live?.content && s.agreed);
  if (!agreeing.length) return null;
  const more = agreeing.map((s) => [s.path, { live: blobHash(s.live!.content!), from: s.agreed! }]);
  return { ...noted, ...Object.fromEntries(more) };
}
