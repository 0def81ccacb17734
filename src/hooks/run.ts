import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { parseHookInput } from './input.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { cliName } from './cliName.ts';
import { sessionNotices } from './notices.ts';
import type { HookOutput } from './output.ts';
import type { HookInput } from './input.ts';
import { shortStart } from './startShort.ts';
import { onPrompt } from './prompt.ts';
import { startLive } from './startLive.ts';
import { standsAside } from './twice.ts';
import { logLine } from '../util/log.ts';

/** `memsync hook <event>`: any of memsync's hooks, or the live pull they start, from the full CLI. Never throws. */
export async function runHook(event: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<void> {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2000));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case 'session-start': {
        const cli = cliName(env, cliScript);
        const out = await startSession(input, env, cli, cliScript);
        const live = await startLive(input, env, cliScript);
        return withNotices(
          live ? { ...out, log: [out.log, live].filter(Boolean).join('; ') } : out,
          sessionNotices(memsyncHome(env), env, input.session_id, cli),
        );
      }
      case 'stop':
        return onStop(input.cwd, env, cliScript);
      case 'prompt':
        return onPrompt(input.session_id, input.cwd, env, cliScript);
      case 'session-end':
        return onSessionEnd(input.cwd, env, cliScript, input.session_id);
      case 'live-pull':
        return (await import('./livePull.ts')).livePull(env);
      default:
        return {
          systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop, prompt or session-end)`,
        };
    }
  });
}

function withNotices(out: HookOutput, notices: string[]): HookOutput {
  return notices.length ? { ...out, systemMessage: [...notices, out.systemMessage].filter(Boolean).join('\n') } : out;
}

/** SessionStart: the short way when nothing is new, else the sync engine, loaded only then. */
async function startSession(input: HookInput, env: NodeJS.ProcessEnv, cli: string, cliScript: string) {
  const short = await shortStart(input, env);
  if (typeof short !== 'string') return short;
  const out = await (await import('./sessionStart.ts')).sessionStart(input, env, cli, cliScript);
  const why = `long way: ${short}`;
  if (out.log === undefined || typeof out.log === 'string')
    return { ...out, log: [why, out.log].filter(Boolean).join('; ') };
  // An error keeps its stack in its own log line.
  logLine(memsyncHome(env), 'hook session-start', why);
  return out;
}
