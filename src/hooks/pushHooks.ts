import path from 'node:path';
import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { hasUnpublished, liveChangedSince, sessionScope } from '../machine/watch.ts';
import { startBackgroundPush } from './background.ts';
import { armIdlePush } from './idlePush.ts';
import { scheduledBackupLine } from './backupStart.ts';
import { endSession } from './liveSessions.ts';
import { readHookToggles } from './toggles.ts';
import { claudeMemChanged } from './dbChanged.ts';
import type { HookOutput } from './output.ts';

// Stop and SessionEnd: light on purpose (no settings validation, no git, no hashing), because
// Stop runs after every response and SessionEnd has about 1.5 s in all.

/**
 * Stop: when memory changed since the last sync, or the last sync left something unpublished (a
 * pull, a failed push, an unreachable remote), start a background push (throttled). It looks
 * only where a session writes (watch.ts sessionScope).
 */
export async function onStop(cwd: string | undefined, env: NodeJS.ProcessEnv, cliScript: string): Promise<HookOutput> {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnStop) return {};
  const memDirs = await sessionMemoryDirs(cwd, env);
  const unpublished = hasUnpublished(home);
  if (
    !unpublished &&
    !liveChangedSince(home, memDirs, sessionScope(memDirs, claudeConfigDir(env))) &&
    !claudeMemChanged(home, t.claudeMemDb, false)
  )
    return {};
  const r = startBackgroundPush(home, env, cliScript, t.pushThrottleSeconds);
  return { log: `stop: ${unpublished ? 'memory left unpublished' : 'memory changed'}; background push ${r}` };
}

/**
 * SessionEnd: push what changed, in a process that finishes after Claude Code exits, and arm the
 * idle push (idlePush.ts) for what is written after the session.
 */
export async function onSessionEnd(
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
  cliScript: string,
  session?: string,
): Promise<HookOutput> {
  const home = memsyncHome(env);
  // The live pull stops once no session is open.
  endSession(home, session);
  // Backups are not syncing: a schedule runs whatever autoSync and the role say.
  const backup = await scheduledBackupLine(env, cliScript);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return backup ? { log: `session-end: ${backup}` } : {};
  const hookScript = path.join(path.dirname(cliScript), 'hook.cjs');
  const armed = t.idlePushSeconds ? `idle push ${await armIdlePush(home, env, hookScript, t.idlePushSeconds)}` : '';
  const more = [armed, backup]
    .filter(Boolean)
    .map((l) => `; ${l}`)
    .join('');
  // A database whose state is unknown is pushed at the end anyway: the push reads it once.
  if (
    !hasUnpublished(home) &&
    !liveChangedSince(home, await sessionMemoryDirs(cwd, env)) &&
    !claudeMemChanged(home, t.claudeMemDb, true)
  )
    return more ? { log: `session-end: nothing changed${more}` } : {};
  // No throttle at the end: a push already running checks again for changes when it finishes.
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `session-end: background push ${r}${more}` };
}

/** The session's own memory folder, which may be new since the last sync. */
async function sessionMemoryDirs(cwd: string | undefined, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (!cwd) return [];
  return [await claudeMemoryDirOf(claudeConfigDir(env), cwd, env)];
}
