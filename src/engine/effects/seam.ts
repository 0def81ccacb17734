import { openLookaside, openRepo } from '../../crypto/openRepo.ts';
import type { Context } from '../../machine/context.ts';
import type { LocalRepo } from '../../store/repo.ts';
import { underSyncLock, type HeldLock } from '../../machine/lock.ts';
import type { Effects } from './effects.ts';
import { realEffects } from './real.ts';
import { recordingEffects, type Recorded } from './recorder.ts';

/** What a command did through its seam: its answer, and (a dry run) every effect it recorded. */
export interface Through<T> {
  value: T;
  /** The dry run's log (null: a real run, which carried them out). */
  recorded: Recorded[] | null;
}

/** One command's effects and the store it reads through, chosen together. */
export interface Seam {
  fx: Effects;
  /**
   * The store, ready to fetch: memsync's own (which the real effects change), or a dry run's
   * lookaside, which fetches into a throwaway repository and leaves the store as it is.
   */
  repo: LocalRepo;
  /** The dry run's log (null: a real run). */
  recorded: Recorded[] | null;
}

/** How a command goes through the seam: a dry run or not, how long a real one waits for the lock. */
export interface SeamOptions {
  dryRun?: boolean;
  lockWaitMs?: number;
  /** Each push's budget, asked once the lock is held (default: the networkTimeoutMs setting). */
  budget?: () => number;
}

/**
 * The one place a command that changes this machine gets its effects and its store: the real ones
 * under the sync lock (a sync running meanwhile would write the same files), or, for a dry run,
 * the recorder and a lookaside store: they write nothing shared, so they neither wait for nor take
 * the lock. Chosen here once; nothing after this asks which it got.
 */
export async function throughSeam<T>(ctx: Context, opts: SeamOptions, work: (seam: Seam) => Promise<T>): Promise<T> {
  if (opts.dryRun) {
    const look = await openLookaside(ctx);
    try {
      const fx = recordingEffects();
      return await work({ fx, repo: look.repo, recorded: fx.recorded });
    } finally {
      await look.close();
    }
  }
  return underSyncLock(ctx.home, opts.lockWaitMs ?? 60_000, async (lock: HeldLock) => {
    const repo = openRepo(ctx);
    try {
      await repo.ensure(ctx.settings.remote);
      const timeout = opts.budget?.() ?? ctx.settings.networkTimeoutMs;
      return await work({ fx: realEffects(ctx, repo, lock, timeout), repo, recorded: null });
    } finally {
      repo.close();
    }
  });
}

/** `throughSeam` for a feature: its answer with the dry run's log. */
export async function withEffects<T>(
  ctx: Context,
  dryRun: boolean,
  work: (fx: Effects, repo: LocalRepo) => Promise<T>,
): Promise<Through<T>> {
  return throughSeam(ctx, { dryRun }, async ({ fx, repo, recorded }) => ({ value: await work(fx, repo), recorded }));
}
