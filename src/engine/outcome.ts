import type { Version } from '../reconcile/decide.ts';
import type { ConflictRecord } from '../machine/state.ts';
import type { TreeChanges } from './effects/effects.ts';
import type { Step } from './steps.ts';
import type { RoundPlan } from './roundPlan.ts';
import { emptyLists, type RoundLists } from './report.ts';
import { setOrDelete } from './run.ts';

/** What a round's steps leave once carried out: it follows from the plan and the steps live refused. */
export interface Outcome {
  /** What to put on the remote (the push may still be overtaken). */
  treeChanges: TreeChanges;
  /** New base per path once the push has landed. */
  newBase: Map<string, Version>;
  /** Base entries that hold even if the push is overtaken. */
  agreed: Map<string, Version>;
  lists: RoundLists;
  /** The open conflicts after the round: those it opened in, those it settled out. */
  conflicts: Map<string, ConflictRecord>;
}

/** The order steps are carried out in: deletions first, so a file can take the place of a folder and the reverse. */
export function liveOrder(steps: readonly Step[]): Step[] {
  const rank = (s: Step) => (s.live && s.live.content === null ? 0 : 1);
  return [...steps].sort((a, b) => rank(a) - rank(b));
}

/**
 * The round's result from its plan, the conflicts open as it began, and the paths whose live file
 * changed before its step could be done (`refused`: that step is left whole for the next sync). Pure.
 */
export function outcomeOf(
  plan: Pick<RoundPlan, 'prepared'>,
  open: ReadonlyMap<string, ConflictRecord>,
  refused: ReadonlySet<string>,
): Outcome {
  const out: Outcome = {
    treeChanges: new Map(),
    newBase: new Map(),
    agreed: new Map(),
    lists: emptyLists(),
    conflicts: new Map(open),
  };
  for (const s of liveOrder(plan.prepared.steps)) {
    // A text conflict only writes its copy beside live: nothing can refuse it.
    if (s.conflict && !s.conflict.record.shape) {
      out.conflicts.set(s.path, s.conflict.record);
      continue;
    }
    if (refused.has(s.path)) {
      out.lists.skipped.push(s.path);
      continue;
    }
    if (s.live) out.lists.liveChanged.push(s.livePath);
    if (s.remote) out.treeChanges.set(s.path, s.remote.content);
    if (s.base !== undefined) out.newBase.set(s.path, s.base);
    if (s.agreed !== undefined) out.agreed.set(s.path, s.agreed);
    if (s.report) out.lists[s.report].push(s.path);
    if (s.settles) out.conflicts.delete(s.path);
    if (s.conflict) out.conflicts.set(s.path, s.conflict.record);
  }
  out.lists.skipped.push(...plan.prepared.skipped);
  return out;
}

/**
 * The base the round leaves: every step's new base once its push landed; when another push came
 * first, only what live now holds of the remote (takes, merges), so the rest is decided again.
 */
export function baseAfter(
  base: ReadonlyMap<string, string>,
  outcome: Pick<Outcome, 'newBase' | 'agreed'>,
  landed: boolean,
): Map<string, string> {
  const out = new Map(base);
  for (const [p, h] of landed ? outcome.newBase : outcome.agreed) setOrDelete(out, p, h);
  return out;
}
