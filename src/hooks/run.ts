import { claudeConfigDir, memsyncHome } from '../config/paths.ts';
import { parseHookInput } from './input.ts';
import { readStdin, runGuarded } from './io.ts';
import { onSessionEnd, onStop } from './pushHooks.ts';
import { cliName } from './cliName.ts';
import { sessionNotices } from './notices.ts';
import type { HookOutput } from './output.ts';
import { sessionStart } from './sessionStart.ts';
import { onPrompt } from './prompt.ts';
import { startLive } from './startLive.ts';
import { livePull } from './livePull.ts';
import { standsAside } from './twice.ts';
import { scheduledBackupLine } from './backupStart.ts';

/** `memsync hook <event>`: any of memsync's hooks, or the live pull they start, from the full CLI. Never throws. */
export async function runHook(event: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<void> {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2000));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case 'session-start': {
        const cli = cliName(env, cliScript);
        const out = await sessionStart(input, env, cli, cliScript);
        const live = await startLive(input, env, cliScript);
        const backup = await scheduledBackupLine(env, cliScript);
        const log = [out.log, live, backup].filter(Boolean);
        return withNotices(
          log.length ? { ...out, log: log.join('; ') } : out,
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
        return livePull(env);
      case 'scheduled-backup':
        return (await import('./scheduledBackup.ts')).scheduledBackup(env);
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
