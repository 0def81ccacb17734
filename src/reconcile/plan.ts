import { decide, runsIn, type Decision, type SyncMode, type Version } from './decide.ts';

export interface PlanInput {
  /** Content ids of live files by repository path (mapped paths only). */
  live: ReadonlyMap<string, string>;
  /** What this machine and the remote last agreed on, by repository path. */
  base: ReadonlyMap<string, string>;
  /** The remote tip, restricted to the paths this machine maps. */
  remote: ReadonlyMap<string, string>;
  /** Open conflicts: repository path -> remote version already copied beside live. */
  conflicts: ReadonlyMap<string, Version>;
  mode: SyncMode;
}

export interface PlanItem {
  path: string;
  decision: Decision;
  live: Version;
  base: Version;
  remote: Version;
  /** False when the mode leaves this item for later (e.g. a take during push). */
  runs: boolean;
}

/** Every item whose versions call for something, sorted by path. Pure. */
export function makePlan(input: PlanInput): PlanItem[] {
  // Only paths where some side differs from base can call for anything; finding them is one
  // lookup per path, so a sync's cost follows what changed, not what exists.
  const { live, base, remote } = input;
  const paths = new Set<string>(input.conflicts.keys());
  for (const [p, h] of live) if (base.get(p) !== h) paths.add(p);
  for (const [p, h] of remote) if (base.get(p) !== h) paths.add(p);
  for (const p of base.keys()) if (!live.has(p) || !remote.has(p)) paths.add(p);
  const items: PlanItem[] = [];
  for (const path of [...paths].sort()) {
    const live = input.live.get(path) ?? null;
    const base = input.base.get(path) ?? null;
    const remote = input.remote.get(path) ?? null;
    const decision = decide({
      live,
      base,
      remote,
      openConflict: input.conflicts.has(path) ? (input.conflicts.get(path) ?? null) : undefined,
    });
    if (decision.kind === 'none') continue;
    items.push({ path, decision, live, base, remote, runs: runsIn(decision.kind, input.mode) });
  }
  return items;
}
