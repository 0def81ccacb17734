/**
 * A push that loses the race to another machine's goes round again: fetch, decide afresh, push.
 * Many machines pushing at once need spread, not a count: each wait is drawn at random up to a
 * ceiling that doubles with every lost round ("full jitter"), and no round starts past the deadline.
 * Every caller that pushes the shared branch (the sync engine, named points, recipients) goes
 * round through this one loop.
 */
import { MemsyncError } from '../errors.ts';

/** What an attempt returns when another machine pushed first. */
export const OVERTAKEN: unique symbol = Symbol('overtaken');

/** The first wait's ceiling: enough for a busy remote to take the push that won. */
const FIRST_CEILING_MS = 50;
/**
 * The highest ceiling, as a share of the budget: many machines need their rounds spread over
 * seconds (each round costs a fetch and a push), and a run still has several rounds in its budget.
 */
const BUDGET_SHARE = 1 / 4;

/**
 * The wait after `lost` lost rounds: uniform in [0, ceiling). The ceiling doubles per lost round, is
 * never below the last round's duration `paceMs` (waits shorter than a round spread nothing: on a
 * busy machine or remote, rounds slow down and the waits grow with them), and never above a share of
 * the budget. Pure: `random` is in [0, 1).
 */
export function backoffMs(lost: number, random: number, budgetMs: number, paceMs: number): number {
  const doubled = Math.max(FIRST_CEILING_MS * 2 ** Math.min(lost - 1, 20), paceMs);
  return Math.floor(random * Math.min(doubled, Math.max(1, budgetMs * BUDGET_SHARE)));
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
 * Runs `attempt` until it lands, waiting between lost rounds. A round that, at the pace of the last
 * one, would end past `budgetMs` from now is not started: `giveUp` names what was not done. Returns
 * the value and how many rounds were lost before it landed.
 */
export async function untilLanded<T>(
  budgetMs: number,
  attempt: () => Promise<T | typeof OVERTAKEN>,
  giveUp: (lost: number) => Overtaken,
): Promise<{ value: T; lost: number }> {
  // Not the wall clock: a deadline must hold across a clock set right meanwhile.
  const deadline = performance.now() + budgetMs;
  for (let lost = 0; ; lost++) {
    const started = performance.now();
    const value = await attempt();
    if (value !== OVERTAKEN) return { value, lost };
    const pace = performance.now() - started;
    const wait = backoffMs(lost + 1, Math.random(), budgetMs, pace);
    // Checked again after the wait: a busy machine's timers fire late.
    if (performance.now() + wait + pace >= deadline) throw giveUp(lost + 1);
    await new Promise((r) => setTimeout(r, wait));
    if (performance.now() + pace >= deadline) throw giveUp(lost + 1);
  }
}
