import { memsyncHome } from '../config/paths.ts';
import { parseHookInput } from './input.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { sessionStart } from './sessionStart.ts';

/** `memsync hook <event>`: any of the three hooks, from the full CLI. Never throws. */
export async function runHook(event: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<void> {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2000));
    switch (event) {
      case 'session-start':
        return sessionStart(input, env, cliScript);
      case 'stop':
        return onStop(input.cwd, env, cliScript);
      case 'session-end':
        return onSessionEnd(input.cwd, env, cliScript);
      default:
        return { systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop or session-end)` };
    }
  });
}
