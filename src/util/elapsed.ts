/** How far in the future a time may be and still be this clock's now (file systems round, NFS servers drift). */
const SLACK_MS = 1000;

/**
 * Whether `ms` have not yet passed since `since` (epoch milliseconds). A time further in the future
 * is from a clock since set back: it counts as long past, or a throttle or a staleness check based
 * on it would hold until the clock caught up (a year, for a clock that was a year ahead).
 */
export function within(since: number, ms: number, now = Date.now()): boolean {
  const age = now - since;
  return age > -SLACK_MS && age < ms;
}
