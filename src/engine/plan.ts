import { makePlan, type PlanInput as SnapshotsInput, type PlanItem } from '../reconcile/plan.ts';

/**
 * Why a path takes no part in a sync (its base stays, nothing is published or deleted for it).
 * `mass-deletion` is the seam for the hold over many deletions at once (issue 13).
 */
export type HoldReason = 'secret' | 'unreadable' | 'unusable' | 'shape' | 'refused' | 'local-only' | 'mass-deletion';

export interface Hold {
  /** A repository path, or a folder prefix ending in `/` (everything under it). */
  path: string;
  reason: HoldReason;
  /** One line for the user: what is wrong and what to do. */
  detail: string;
}

/** The three snapshots (the base empty against a remote it never synced with), and what takes no part. */
export interface PlanInput extends SnapshotsInput {
  /** Paths and folders that take no part (unreadable, unusable names, local-only), with why. */
  aside: readonly Hold[];
}

export interface SyncPlan {
  /** What to do per path, sorted by path (items that only wait for another mode have `runs: false`). */
  items: PlanItem[];
  /** Paths that take no part this time, and why. */
  held: Hold[];
}

/**
 * The whole decision of a sync, from the three snapshots, as data. Pure: no I/O. Paths set aside
 * are left out of all three sides (so their base stays); then each path is decided by the table
 * (`decide`); then what a tree cannot hold (a file and a folder of one name) is held on both sides.
 */
export function planSync(input: PlanInput): SyncPlan {
  const aside = asideMatcher(input.aside);
  const keep = <V>(m: ReadonlyMap<string, V>) => (input.aside.length ? new Map([...m].filter(([p]) => !aside(p))) : m);
  const items = makePlan({
    live: keep(input.live),
    base: keep(input.base),
    remote: keep(input.remote),
    conflicts: keep(input.conflicts),
    mode: input.mode,
  });
  const clashes = shapeClashes(items, input.live, input.remote);
  const held: Hold[] = [...input.aside];
  for (const p of clashes) {
    held.push({
      path: p,
      reason: 'shape',
      detail: 'a file here and a folder of the same name on the remote (or the reverse): both are kept; rename one',
    });
  }
  return { items: items.filter((it) => !clashes.has(it.path)), held };
}

/** Whether a path is set aside: listed itself, or under a listed folder. */
export function asideMatcher(holds: readonly Hold[]): (p: string) => boolean {
  const exact = new Set(holds.filter((h) => !h.path.endsWith('/')).map((h) => h.path));
  const folders = holds.filter((h) => h.path.endsWith('/')).map((h) => h.path);
  return (p) => exact.has(p) || folders.some((f) => p.startsWith(f));
}

/**
 * Paths a running item would add to a tree (the remote's, or live) where that tree already holds,
 * or would hold, a file as one of its folders or a folder at its name. Only additions can clash,
 * so only they are checked against the other paths.
 */
export function shapeClashes(
  items: readonly PlanItem[],
  live: ReadonlyMap<string, string>,
  remote: ReadonlyMap<string, string>,
): Set<string> {
  const out = new Set<string>();
  const toRemote = items.filter(
    (it) => it.runs && it.remote === null && (it.decision.kind === 'publish' || it.decision.kind === 'merge'),
  );
  const toLive = items.filter((it) => it.runs && it.live === null && it.decision.kind === 'take');
  if (toRemote.length) clashesIn(resulting(remote, items, 'remote'), toRemote, out);
  if (toLive.length) clashesIn(resulting(live, items, 'live'), toLive, out);
  return out;
}

/** The set of paths a tree holds once the running items are carried out. */
function resulting(
  tree: ReadonlyMap<string, string>,
  items: readonly PlanItem[],
  side: 'remote' | 'live',
): Set<string> {
  const paths = new Set(tree.keys());
  for (const it of items) {
    if (!it.runs) continue;
    const k = it.decision.kind;
    if (side === 'remote' && (k === 'publish' || k === 'merge')) paths.add(it.path);
    if (side === 'remote' && k === 'deleteRemote') paths.delete(it.path);
    if (side === 'live' && k === 'take') paths.add(it.path);
    if (side === 'live' && k === 'deleteLive') paths.delete(it.path);
  }
  return paths;
}

function clashesIn(paths: Set<string>, added: readonly PlanItem[], out: Set<string>): void {
  const folders = new Map<string, string[]>();
  for (const p of paths) {
    for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
      const f = p.slice(0, i);
      const list = folders.get(f);
      if (list) list.push(p);
      else folders.set(f, [p]);
    }
  }
  for (const it of added) {
    const under = folders.get(it.path);
    if (under) {
      out.add(it.path);
      for (const q of under) out.add(q);
    }
    for (let i = it.path.indexOf('/'); i > 0; i = it.path.indexOf('/', i + 1)) {
      const f = it.path.slice(0, i);
      if (paths.has(f)) {
        out.add(it.path);
        out.add(f);
      }
    }
  }
}
