import { makePlan, type PlanInput as SnapshotsInput, type PlanItem } from '../reconcile/plan.ts';
import { foldName } from '../util/safePath.ts';

/**
 * Why a path takes no part in a sync (its base stays, nothing is published or deleted for it).
 * Mass deletions are held per folder instead (reconcile/massDelete.ts, report.heldDeletes).
 */
export type HoldReason = 'secret' | 'unreadable' | 'unusable' | 'shape' | 'refused' | 'local-only' | 'link';

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
 * (`decide`); then what a tree cannot hold (a file and a folder of one name, two names one disk
 * folds to one) is a conflict: the folder (the name already there) keeps the path and the
 * file's content goes beside it as a conflict copy.
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
  const held: Hold[] = [...input.aside];
  const stuck = new Set<string>();
  const shaped = new Map<string, PlanItem>();
  for (const [file, c] of shapeClashes(items, input.live, input.remote)) {
    // A side that takes no part (unreadable) cannot be moved aside: the clash waits as it is.
    if (aside(file) || [...c.paths].some(aside)) {
      for (const p of [file, ...c.paths].filter((q) => !aside(q))) {
        stuck.add(p);
        held.push({ path: p, reason: 'shape', detail: STUCK });
      }
      continue;
    }
    const it = items.find((x) => x.path === file);
    const versions = it ?? {
      path: file,
      live: input.live.get(file) ?? null,
      base: input.base.get(file) ?? null,
      remote: input.remote.get(file) ?? null,
    };
    shaped.set(file, { ...versions, decision: { kind: 'shape', file: c.side }, runs: true });
  }
  for (const [p, keeps] of nameClashes(items, input.remote)) {
    const it = items.find((x) => x.path === p)!;
    if (!shaped.has(p)) shaped.set(p, { ...it, decision: { kind: 'shape', file: 'live', keeps }, runs: true });
  }
  const out = items.filter((it) => !stuck.has(it.path) && !shaped.has(it.path));
  out.push(...shaped.values());
  return { items: out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), held };
}

const STUCK =
  'a file here and a folder of the same name on the remote (or the reverse), and one of them cannot be read: ' +
  'both are kept as they are until it can';

/** Whether a path is set aside: listed itself, or under a listed folder. */
function asideMatcher(holds: readonly Hold[]): (p: string) => boolean {
  const exact = new Set(holds.filter((h) => !h.path.endsWith('/')).map((h) => h.path));
  const folders = holds.filter((h) => h.path.endsWith('/')).map((h) => h.path);
  return (p) => exact.has(p) || folders.some((f) => p.startsWith(f));
}

/** A file and a folder of one name: which tree holds the file, and the folder's paths that meet it. */
export interface Clash {
  side: 'live' | 'remote';
  paths: Set<string>;
}

/**
 * Where a running item would add a path to a tree (the remote's, or live) that already holds, or
 * would hold, a file as one of its folders or a folder at its name: by the file's path. Only
 * additions can clash, so only they are checked against the other paths.
 */
function shapeClashes(
  items: readonly PlanItem[],
  live: ReadonlyMap<string, string>,
  remote: ReadonlyMap<string, string>,
): Map<string, Clash> {
  const out = new Map<string, Clash>();
  const toRemote = items.filter(
    (it) => it.runs && it.remote === null && (it.decision.kind === 'publish' || it.decision.kind === 'merge'),
  );
  const toLive = items.filter((it) => it.runs && it.live === null && it.decision.kind === 'take');
  // A file added to the remote comes from live; one added live comes from the remote.
  if (toRemote.length) clashesIn(resulting(remote, items, 'remote'), toRemote, ['live', 'remote'], out);
  if (toLive.length) clashesIn(resulting(live, items, 'live'), toLive, ['remote', 'live'], out);
  return out;
}

/**
 * Paths a running item would add to the remote whose name folds (case, Unicode normalization) to
 * another path's there: one file on macOS and Windows, and refused by every machine (untrusted.ts).
 * The path the remote holds keeps the name (else the first in order): each added one that clashes,
 * by the path that keeps it.
 */
export function nameClashes(items: readonly PlanItem[], remote: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const added = new Set(
    items
      .filter((it) => it.runs && it.remote === null && (it.decision.kind === 'publish' || it.decision.kind === 'merge'))
      .map((it) => it.path),
  );
  if (!added.size) return out;
  const byFold = new Map<string, string[]>();
  for (const p of resulting(remote, items, 'remote')) {
    const k = foldName(p);
    const group = byFold.get(k);
    if (group) group.push(p);
    else byFold.set(k, [p]);
  }
  for (const group of byFold.values()) {
    if (group.length < 2) continue;
    group.sort();
    const keeper = group.find((p) => !added.has(p)) ?? group[0]!;
    for (const p of group) if (p !== keeper && added.has(p)) out.set(p, keeper);
  }
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

/** `sides`: which tree holds the file when it is the added path, and when the tree already held it. */
function clashesIn(
  paths: Set<string>,
  added: readonly PlanItem[],
  sides: readonly ['live' | 'remote', 'live' | 'remote'],
  out: Map<string, Clash>,
): void {
  const folders = new Map<string, string[]>();
  for (const p of paths) {
    for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
      const f = p.slice(0, i);
      const list = folders.get(f);
      if (list) list.push(p);
      else folders.set(f, [p]);
    }
  }
  const note = (file: string, side: 'live' | 'remote', under: readonly string[]) => {
    const c = out.get(file) ?? { side, paths: new Set<string>() };
    for (const q of under) c.paths.add(q);
    out.set(file, c);
  };
  for (const it of added) {
    const under = folders.get(it.path);
    if (under) note(it.path, sides[0], under);
    for (let i = it.path.indexOf('/'); i > 0; i = it.path.indexOf('/', i + 1)) {
      const f = it.path.slice(0, i);
      if (paths.has(f)) note(f, sides[1], [it.path]);
    }
  }
}
