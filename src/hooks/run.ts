import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { parseHookInput } from './input.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { cliName } from './cliName.ts';
import { sessionNotices } from './notices.ts';
import type { HookOutput } from './output.ts';
import { sessionStart } from './sessionStart.ts';
import { standsAside } from './twice.ts';

/** `memsync hook <event>`: any of the three hooks, from the full CLI. Never throws. */
export async function runHook(event: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<void> {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2000));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case 'session-start': {
        const cli = cliName(env, cliScript);
        return withNotices(
          await sessionStart(input, env, cli, cliScript),
          sessionNotices(memsyncHome(env), env, input.session_id, cli),
        );
      }
      case 'stop':
        return onStop(input.cwd, env, cliScript);
      case 'session-end':
        return onSessionEnd(input.cwd, env, cliScript);
      default:
        return { systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop or session-end)` };
    }
  });
}

function withNotices(out: HookOutput, notices: string[]): HookOutput {
  return notices.length ? { ...out, systemMessage: [...notices, out.systemMessage].filter(Boolean).join('\n') } : out;
}
