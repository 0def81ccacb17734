/**
 * memsync's hooks can come from two places: the plugin (hooks/hooks.json) and `memsync hooks
 * install` (Claude Code's settings.json). With both, Claude Code runs every hook twice: the
 * plugin's run (hooks/run.sh marks them), the others stand aside, and the user is told once.
 * Read with plain fs: the Stop hook runs this after every response.
 */
import path from 'node:path';
import { readJsonObject } from '../util/readJson.ts';

/** Recognizes memsync's own hook commands (whatever path they were installed from). */
export const OURS =
  /(?:memsync(?:\.m?js)?["']?\s+hook|hook\.c?m?js["']?)\s+(?:session-start|stop|prompt|session-end)\b/;

function userSettings(configDir: string): Record<string, unknown> {
  return readJsonObject(path.join(configDir, 'settings.json')) ?? {};
}

/** The enabled plugin's id (`memsync@<marketplace>`) in the user's settings, or null. */
export function enabledPlugin(configDir: string): string | null {
  const enabled = userSettings(configDir).enabledPlugins;
  if (!enabled || typeof enabled !== 'object') return null;
  return Object.entries(enabled).find(([id, on]) => id.startsWith('memsync@') && on === true)?.[0] ?? null;
}

/** Whether settings.json holds hooks `memsync hooks install` added. */
export function settingsHooks(configDir: string): boolean {
  const hooks = userSettings(configDir).hooks;
  if (!hooks || typeof hooks !== 'object') return false;
  return Object.values(hooks).some(
    (groups) =>
      Array.isArray(groups) &&
      groups.some(
        (g) =>
          Array.isArray(g?.hooks) &&
          g.hooks.some((c: { command?: unknown }) => typeof c?.command === 'string' && OURS.test(c.command)),
      ),
  );
}

/** A hook from settings.json while the plugin is enabled: the plugin's copy of it does the work. */
export function standsAside(env: NodeJS.ProcessEnv, configDir: string): boolean {
  return env.MEMSYNC_HOOK_SOURCE !== 'plugin' && enabledPlugin(configDir) !== null;
}

/** The plugin's SessionStart, when settings.json has memsync's hooks too: the line saying so. */
export function twiceLine(env: NodeJS.ProcessEnv, configDir: string, cli: string): string | null {
  if (env.MEMSYNC_HOOK_SOURCE !== 'plugin' || !settingsHooks(configDir)) return null;
  return (
    `memsync: its hooks are installed twice, by the plugin and in ${path.join(configDir, 'settings.json')}; the ` +
    `plugin's run and the others do nothing: remove them with ${cli} hooks uninstall`
  );
}
