import { ensureContext, type Context } from '../machine/context.ts';
import { loadHeader } from '../machine/state.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { runSync, SyncBusy } from '../sync/engine.ts';
import { logLine } from '../util/log.ts';
import type { HookOutput } from './output.ts';
import { recordChange, recordPull } from './liveChanges.ts';
import { isPoller, pollerEnded } from './livePullStart.ts';
import { sessionsOpen } from './liveSessions.ts';

/**
 * The machine's live pull (`memsync hook live-pull`, started by the hooks): while a session is
 * open, a pull through the engine every livePullSeconds, its changes recorded for the prompt hook.
 * It ends within a second of the last session ending (or going idle), and each pull within
 * networkTimeoutMs; killed at any point, the engine's own crash safety holds and the next prompt
 * starts another.
 */
export async function livePull(env: NodeJS.ProcessEnv): Promise<HookOutput> {
  const { ctx } = await ensureContext(env);
  const every = ctx.settings.livePullSeconds * 1000;
  let pulls = 0;
  try {
    while (every && (await quietFor(ctx.home, every))) {
      if (!ctx.settings.autoSync || !ctx.settings.pullOnPrompt) break;
      await onePull(ctx);
      pulls++;
    }
  } finally {
    pollerEnded(ctx.home);
  }
  return { log: `live pull: ended after ${pulls} pulls (no session open)` };
}

/** Waits `ms`; false as soon as no session is open or another poller took over. */
async function quietFor(home: string, ms: number): Promise<boolean> {
  for (let left = ms; left > 0; left -= 1000) {
    await new Promise((r) => setTimeout(r, Math.min(1000, left)));
    if (!sessionsOpen(home) || !isPoller(home)) return false;
  }
  return true;
}

async function onePull(ctx: Context): Promise<void> {
  const budget = ctx.settings.networkTimeoutMs;
  // Exiting kills git's process groups and releases the lock; the next pull finishes the job.
  const deadline = setTimeout(() => {
    logLine(ctx.home, `live pull stopped: not finished within networkTimeoutMs (${budget} ms)`);
    pollerEnded(ctx.home);
    process.exit(1);
  }, budget);
  try {
    const before = (await loadHeader(ctx.home)).remoteTip;
    const report = await runSync(ctx, { mode: 'pull', projects: [], lockWaitMs: 0 });
    const files = report.liveChanged.length;
    const hosts = files ? await hostsBetween(ctx, before, report.remoteTip) : [];
    recordPull(ctx.home, { at: Date.now(), files, hosts });
    if (!files) return;
    const seq = recordChange(ctx.home, { at: Date.now(), hosts, paths: report.liveChanged });
    logLine(ctx.home, `live pull ${seq}: ${files} files from ${hosts.join(', ') || 'the remote'}`);
  } catch (e) {
    // Another sync of this machine is running: it pulls too.
    if (e instanceof SyncBusy) return;
    logLine(ctx.home, 'live pull failed', e);
    recordPull(ctx.home, { at: Date.now(), files: 0, hosts: [], failed: (e as Error).message });
  } finally {
    clearTimeout(deadline);
  }
}

/** Which machines pushed what a pull brought in (memsync commits carry the host as author). */
export async function hostsBetween(ctx: Context, from: string | null, to: string | null): Promise<string[]> {
  if (!to || from === to) return [];
  try {
    const repo = openRepo(ctx);
    return (await repo.authorsBetween(from, to)).filter((h) => h !== ctx.host);
  } catch {
    return [];
  }
}
