/** The remote's tip for the read-only commands (log, search, stats): kept apart so they load no engine. */
import type { LocalRepo } from '../store/repo.ts';
import type { Context } from '../machine/context.ts';

/** Fetches (within the settings' budget), falling back to the tip as last fetched. */
export async function fetchedTip(
  ctx: Context,
  repo: LocalRepo,
  notes: string[],
  timeoutMs = ctx.settings.networkTimeoutMs,
): Promise<{ tip: string | null; offline: boolean }> {
  await repo.ensure(ctx.settings.remote);
  try {
    return { tip: await repo.fetch(timeoutMs), offline: false };
  } catch (e) {
    notes.push(`remote not reached (${(e as Error).message}); showing the history as of the last fetch`);
    return { tip: await repo.localTip(), offline: true };
  }
}
