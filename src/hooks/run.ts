import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { parseHookInput } from './input.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { onPrompt } from './prompt.ts';
import { startSession } from './startHook.ts';
import { standsAside } from './twice.ts';

/** `memsync hook <event>`: any of memsync's hooks, or the live pull they start, from the full CLI. Never throws. */
export async function runHook(event: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<void> {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2000));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case 'session-start':
        return startSession(input, env, cliScript, () => import('./startLong.ts'));
      case 'stop':
        return onStop(input.cwd, env, cliScript);
      case 'prompt':
        return onPrompt(input.session_id, input.cwd, env, cliScript);
      case 'session-end':
        return onSessionEnd(input.cwd, env, cliScript, input.session_id);
      case 'live-pull':
        return (await import('./livePull.ts')).livePull(env);
      case 'scheduled-backup':
        return (await import('./scheduledBackup.ts')).scheduledBackup(env);
      default:
        return {
          systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop, prompt or session-end)`,
        };
    }
  });
}
