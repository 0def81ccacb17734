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
/** The ceiling never passes this share of the budget, so a run keeps trying until near its deadline. */
const BUDGET_SHARE = 1 / 16;

/**
 * The wait after `lost` lost rounds: uniform in [0, ceiling), the ceiling doubling per lost round up
 * to a share of the budget. Pure: `random` is in [0, 1).
 */
export function backoffMs(lost: number, random: number, budgetMs: number): number {
  const ceiling = Math.min(FIRST_CEILING_MS * 2 ** Math.min(lost - 1, 20), Math.max(1, budgetMs * BUDGET_SHARE));
  return Math.floor(random * ceiling);
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
 * Runs `attempt` until it lands, waiting between lost rounds; a round that could only start past
 * `budgetMs` from now is not started: `giveUp` names what was not done. Returns the value and how
 * many rounds were lost before it landed.
 */
export async function untilLanded<T>(
  budgetMs: number,
  attempt: () => Promise<T | typeof OVERTAKEN>,
  giveUp: (lost: number) => Overtaken,
): Promise<{ value: T; lost: number }> {
  // Not the wall clock: a deadline must hold across a clock set right meanwhile.
  const deadline = performance.now() + budgetMs;
  for (let lost = 0; ; lost++) {
    const value = await attempt();
    if (value !== OVERTAKEN) return { value, lost };
    const wait = backoffMs(lost + 1, Math.random(), budgetMs);
    if (performance.now() + wait >= deadline) throw giveUp(lost + 1);
    await new Promise((r) => setTimeout(r, wait));
  }
}
