/**
 * A named point on the shared branch: `push --message M` with nothing to publish (the hooks
 * usually pushed already) still records M, as a commit with no change that every machine fetches,
 * so `memsync log` shows it and `restore --at` takes its commit. Written through the seam, so a
 * dry run records it and writes nothing.
 */
import { MemsyncError } from '../errors.ts';
import type { Context } from '../machine/context.ts';
import { withEffects } from '../engine/effects/seam.ts';
import type { Recorded } from '../engine/effects/recorder.ts';
import { OVERTAKEN, Overtaken, untilLanded } from '../store/pushRace.ts';

export async function recordPoint(
  ctx: Context,
  message: string,
  dryRun: boolean,
): Promise<{ commit: string | null; recorded?: Recorded[] }> {
  const timeout = ctx.settings.networkTimeoutMs;
  const { value, recorded } = await withEffects(ctx, dryRun, async (fx, repo) => {
    // A push another machine overtook goes again on the new tip, within the network budget.
    const attempt = async () => {
      const tip = await repo.fetch(timeout);
      if (!tip) throw new MemsyncError('the remote holds nothing yet to name a point on', 'usage', 'run memsync sync');
      const done = await fx.publish(tip, new Map(), message);
      return done.pushed ? done.commit : OVERTAKEN;
    };
    const giveUp = (n: number) =>
      new Overtaken(`the point "${message}" was not recorded`, n, timeout, 'run the same memsync push --message again');
    return (await untilLanded(timeout, attempt, giveUp)).value;
  });
  return recorded ? { commit: value, recorded } : { commit: value };
}
