/**
 * A push that loses the race to another machine's goes round again: fetch, decide afresh, push.
 * Many machines pushing at once need spread, not a count: each wait is drawn at random from a range
 * that grows with every lost round ("decorrelated jitter"), and no round starts that would end past
 * the deadline.
 * Every caller that pushes the shared branch (the sync engine, named points, recipients) goes
 * round through this one loop.
 */
import { MemsyncError } from '../errors.ts';

/** What an attempt returns when another machine pushed first. */
export const OVERTAKEN: unique symbol = Symbol('overtaken');

/** The shortest wait: enough for a busy remote to take the push that won. */
const FLOOR_MS = 200;
/**
 * The longest wait, as a share of the budget: many machines need their rounds spread over seconds
 * (each round costs a fetch and a push), and a run still has several rounds in its budget.
 */
const BUDGET_SHARE = 1 / 4;

/**
 * The wait after a lost round ("decorrelated jitter"): uniform between the floor and three times the
 * last wait, so waits grow about twofold per lost round, each drawn afresh. Never drawn below one and
 * a half rounds at the last round's pace `paceMs` (on a busy machine or remote rounds slow down, and
 * waits shorter than a round spread nothing), never above a share of the budget. Pure: `random` is
 * in [0, 1); `lastMs` is the last wait (0 before the first).
 */
export function backoffMs(lastMs: number, random: number, budgetMs: number, paceMs: number): number {
  const top = Math.max(FLOOR_MS, 3 * lastMs, 1.5 * paceMs);
  return Math.floor(Math.min(FLOOR_MS + random * (top - FLOOR_MS), Math.max(1, budgetMs * BUDGET_SHARE)));
}

/** The remote kept moving past the deadline: nothing was lost, and the next run tries again. */
export class Overtaken extends MemsyncError {
  constructor(
    what: string,
    readonly lost: number,
    budgetMs: number,
    hint: string,
  ) {
    super(
      `${what}: the remote kept moving: ${lost} pushes in a row were overtaken by other machines within ` +
        `networkTimeoutMs (${budgetMs} ms)`,
      'busy',
      hint,
    );
    this.name = 'Overtaken';
  }
}

/**
 * Runs `attempt` until it lands, waiting between lost rounds. A wait is shortened so that a round at
 * the pace of the last one still ends within `budgetMs` from now; when not even that fits, `giveUp`
 * names what was not done. Returns the value and how many rounds were lost before it landed.
 */
export async function untilLanded<T>(
  budgetMs: number,
  attempt: () => Promise<T | typeof OVERTAKEN>,
  giveUp: (lost: number) => Overtaken,
): Promise<{ value: T; lost: number }> {
  // Not the wall clock: a deadline must hold across a clock set right meanwhile.
  const deadline = performance.now() + budgetMs;
  let wait = 0;
  for (let lost = 0; ; lost++) {
    const started = performance.now();
    const value = await attempt();
    if (value !== OVERTAKEN) return { value, lost };
    const pace = performance.now() - started;
    wait = Math.min(backoffMs(wait, Math.random(), budgetMs, pace), deadline - performance.now() - pace);
    if (wait < 0) throw giveUp(lost + 1);
    await new Promise((r) => setTimeout(r, wait));
    // Checked again after the wait: a busy machine's timers fire late.
    if (performance.now() + pace >= deadline) throw giveUp(lost + 1);
  }
}
