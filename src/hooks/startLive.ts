import path from 'node:path';
import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { readChanges } from './liveChanges.ts';
import { ensurePoller } from './livePullStart.ts';
import { writeSession } from './liveSessions.ts';
import { readText } from './readText.ts';
import type { HookInput } from './input.ts';
import { readHookToggles } from './toggles.ts';

/**
 * SessionStart (every source: startup, resume, clear, compact): the session has just read its
 * memory, so it has seen every live change so far and its project's index as it is now; the live
 * pull starts if it is not running. Returns a line for the log, or ''.
 */
export async function startLive(input: HookInput, env: NodeJS.ProcessEnv, cliScript: string): Promise<string> {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt || !input.session_id) return '';
  const memDir = input.cwd ? await claudeMemoryDirOf(claudeConfigDir(env), input.cwd, env) : null;
  const index = memDir ? readText(path.join(memDir, 'MEMORY.md'))?.split('\n') : undefined;
  writeSession(home, input.session_id, { seen: readChanges(home).seq, index }, env);
  if (!t.livePullSeconds) return '';
  return `live pull ${await ensurePoller(home, env, cliScript)}`;
}
