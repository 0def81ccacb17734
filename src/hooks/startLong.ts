import { memsyncHome } from '../config/paths.ts';
import { sqliteAvailability } from '../claudeMem/sqlite.ts';
import { logLine } from '../util/log.ts';
import { cliName } from './cliName.ts';
import type { HookInput } from './input.ts';
import { sessionStart } from './sessionStart.ts';
import { finishStart } from './startHook.ts';
import { readHookToggles } from './toggles.ts';
import type { HookOutput } from './output.ts';

// SessionStart's long way: the pull through the sync engine. Bundled as dist/start.mjs (sharing
// the CLI's chunks), which the hook bundle loads only when the short way cannot be taken.

/** The pull, its messages, and the notices of this session; `why` the short way was not taken. */
export async function longStart(
  input: HookInput,
  env: NodeJS.ProcessEnv,
  cliScript: string,
  why: string,
): Promise<HookOutput> {
  const home = memsyncHome(env);
  const out = await sessionStart(input, env, cliName(env, cliScript), cliScript);
  const reason = `long way: ${why}`;
  // An error keeps its stack in its own log line.
  if (out.log !== undefined && typeof out.log !== 'string') logLine(home, 'hook session-start', reason);
  else out.log = [reason, out.log].filter(Boolean).join('; ');
  return finishStart(out, input, env, cliScript, claudeMemNotice(home, env));
}

/** claude-mem's database is synced here but no SQLite driver can open it: say so. */
function claudeMemNotice(home: string, env: NodeJS.ProcessEnv): string[] {
  if (readHookToggles(home, env).claudeMemDb === null) return [];
  const db = sqliteAvailability(env);
  return 'missing' in db ? [`memsync: ${db.missing}; ${db.hint}`] : [];
}
