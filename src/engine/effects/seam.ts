import { openRepo } from '../../crypto/openRepo.ts';
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

/**
 * The effects of one command: the real ones while `lock` is held, or (no lock: a dry run) the
 * recorder, whose log is `recorded`. Chosen here once; nothing after this asks which it got.
 */
export function effectsFor(
  ctx: Context,
  repo: LocalRepo,
  lock: HeldLock | null,
  timeoutMs: number,
): { fx: Effects; recorded: Recorded[] | null } {
  if (lock) return { fx: realEffects(ctx, repo, lock, timeoutMs), recorded: null };
  const fx = recordingEffects();
  return { fx, recorded: fx.recorded };
}

/**
 * The one place a command that changes this machine gets its effects: the real ones under the sync
 * lock (a sync running meanwhile would write the same files), or, for a dry run, the recorder
 * alone: it writes nothing shared, so it neither waits for nor takes the lock.
 */
export async function withEffects<T>(
  ctx: Context,
  dryRun: boolean,
  work: (fx: Effects) => Promise<T>,
): Promise<Through<T>> {
  const through = async (lock: HeldLock | null) => {
    const { fx, recorded } = effectsFor(ctx, openRepo(ctx), lock, ctx.settings.networkTimeoutMs);
    return { value: await work(fx), recorded };
  };
  if (dryRun) return through(null);
  return underSyncLock(ctx.home, 60_000, through);
}
