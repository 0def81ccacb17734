/** A commit of the shared branch's first-parent chain and the time it carries (seconds since the epoch). */
export interface Stamped {
  commit: string;
  time: number;
}

/**
 * The commits whose times agree with the order in which they reached the branch: the longest run
 * of non-decreasing times along the chain (oldest first). A commit outside it came from a clock
 * that was off, since a commit cannot reach the branch before the one under it.
 */
export function inClockOrder(chain: readonly Stamped[]): Set<number> {
  // Patience sorting: tails[k] ends the best run of length k + 1 found so far; prev links runs back.
  const tails: number[] = [];
  const prev: number[] = [];
  for (let i = 0; i < chain.length; i++) {
    const t = chain[i]!.time;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chain[tails[mid]!]!.time <= t) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) kept.add(i);
  return kept;
}

/**
 * The commit the branch was at on `when`, decided by the branch's order: the last commit whose time
 * agrees with that order and is not after `when`. Commits with an off clock count only by their
 * place: those after it and before the first one known to be later (`offClock`) are passed over,
 * since when they arrived cannot be told, unless `when` is not before `now` (all of them are here).
 * Null when the history starts after `when`.
 */
export function commitOn(
  chain: readonly Stamped[],
  when: number,
  now: number,
): { commit: string | null; offClock: string[] } {
  if (chain.length && when >= now) return { commit: chain[chain.length - 1]!.commit, offClock: [] };
  const ordered = inClockOrder(chain);
  let found = -1;
  const offClock: string[] = [];
  for (let i = 0; i < chain.length; i++) {
    if (!ordered.has(i)) {
      if (found >= 0) offClock.push(chain[i]!.commit);
      continue;
    }
    if (chain[i]!.time > when) break;
    found = i;
    offClock.length = 0;
  }
  return { commit: found >= 0 ? chain[found]!.commit : null, offClock };
}
