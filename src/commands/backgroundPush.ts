/**
 * The push the hooks start in the background: it logs instead of printing, and pushes again
 * (a few times at most) when memory changed while it ran, so a session's last edits are not left
 * behind, or syncs when a SessionStart handed it its pull.
 */
import { EXIT } from '../cli/command.ts';
import { abandonBackgroundPush, finishBackgroundPush, waitForTurn } from '../hooks/background.ts';
import type { Context } from '../machine/context.ts';
import { liveChangedSince } from '../machine/watch.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import { runSync } from '../sync/engine.ts';
import { Overtaken } from '../store/pushRace.ts';
import { logLine } from '../util/log.ts';
import { heldLines, summary } from './syncReport.ts';

export async function backgroundPush(ctx: Context, first: SyncMode, learn: string[]): Promise<number> {
  const home = ctx.home;
  // Nobody waits for this process: once its turn comes, it ends within networkTimeoutMs
  // (exiting kills git's process groups and releases the lock; the next sync finishes the job).
  await waitForTurn(home, ctx.settings.pushThrottleSeconds);
  const budget = ctx.settings.networkTimeoutMs;
  let [mode, projects] = [first, learn];
  setTimeout(() => {
    logLine(
      home,
      `background ${mode} stopped: not finished within networkTimeoutMs (${budget} ms); the next sync finishes the job`,
    );
    abandonBackgroundPush(home);
    process.exit(EXIT.failure);
  }, budget).unref();
  // Other machines pushing first make the engine go round until this, well before the stop above:
  // it then ends on its own, leaving its work for the next sync.
  const networkBy = performance.now() + budget * 0.8;
  let code: number = EXIT.ok;
  for (let round = 1; round <= 5; round++) {
    try {
      const report = await runSync(ctx, { mode, projects, networkBy });
      logLine(
        home,
        `background ${mode} ${summary(report)}`,
        report.heldSecrets.length ? heldLines(report.heldSecrets).join('; ') : undefined,
      );
      code = report.conflicts.length ? EXIT.conflicts : EXIT.ok;
    } catch (e) {
      code = e instanceof Overtaken ? EXIT.tempfail : EXIT.failure;
      // Contention is the ordinary "next time": one line, no alarm (the unpublished mark stays, so the
      // next Stop pushes again).
      if (e instanceof Overtaken) logLine(home, `background ${mode}: ${e.message}; left for the next sync`);
      else logLine(home, `background ${mode} failed`, e);
    }
    const ok = code === EXIT.ok || code === EXIT.conflicts;
    const next = await finishBackgroundPush(home, round < 5, () => ok && liveChangedSince(home));
    if (!next) break;
    if (next.pull) [mode, projects] = ['sync', next.pull];
  }
  return code;
}
