import { memsyncHome } from '../config/paths.ts';
import { cliName } from './cliName.ts';
import type { HookInput } from './input.ts';
import { sessionNotices } from './notices.ts';
import type { HookOutput } from './output.ts';
import { shortStart } from './startShort.ts';
import { startLive } from './startLive.ts';
import { scheduledBackupLine } from './backupStart.ts';

// Light on purpose: the hook bundle (dist/hook.cjs) runs SessionStart through this, and loads the
// sync engine only for the long way.

/** What SessionStart's long way (startLong.ts) offers, however it was loaded. */
export interface LongWay {
  longStart(input: HookInput, env: NodeJS.ProcessEnv, cliScript: string, why: string): Promise<HookOutput>;
}

/**
 * SessionStart: the short way when local state and one look at the remote prove nothing is new,
 * else the long way, which `load` brings in only then. `cliScript` is the CLI bundle.
 */
export async function startSession(
  input: HookInput,
  env: NodeJS.ProcessEnv,
  cliScript: string,
  load: () => Promise<LongWay>,
): Promise<HookOutput> {
  const short = await shortStart(input, env);
  if (typeof short === 'string') return (await load()).longStart(input, env, cliScript, short);
  return finishStart(short, input, env, cliScript, []);
}

/** What either way adds: the live pull's start, a scheduled backup when due, the notices not yet given. */
export async function finishStart(
  out: HookOutput,
  input: HookInput,
  env: NodeJS.ProcessEnv,
  cliScript: string,
  notices: string[],
): Promise<HookOutput> {
  const live = await startLive(input, env, cliScript);
  const backup = await scheduledBackupLine(env, cliScript);
  const all = sessionNotices(memsyncHome(env), env, input.session_id, cliName(env, cliScript), notices);
  const more = [live, backup].filter(Boolean);
  const log =
    more.length && (out.log === undefined || typeof out.log === 'string')
      ? [out.log, ...more].filter(Boolean).join('; ')
      : out.log;
  const message = [...all, out.systemMessage].filter(Boolean).join('\n');
  return { ...out, log, systemMessage: message || undefined };
}
