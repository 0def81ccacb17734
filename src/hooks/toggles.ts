import path from 'node:path';
import { envVarName, parseEnvBoolean } from '../config/envValues.ts';
import { defaultClaudeMemPath, expandHome } from '../config/paths.ts';
import { HOOK_DEFAULTS } from '../config/hookDefaults.ts';
import { readJsonObject } from '../util/readJson.ts';

export interface HookToggles {
  autoSync: boolean;
  pullOnStart: boolean;
  pushOnStop: boolean;
  pushOnEnd: boolean;
  pushThrottleSeconds: number;
  idlePushSeconds: number;
  livePullSeconds: number;
  pullOnPrompt: boolean;
  /** claude-mem's database when it is synced here (its changes start a push too). */
  claudeMemDb: string | null;
}

/**
 * The per-machine hook switches, read without loading the settings machinery (the Stop hook runs
 * after every response and must cost next to nothing). Full validation happens in the sync the
 * hook starts, which logs a bad setting; here a value that does not read cleanly keeps its default
 * (the schema's, which takes them from HOOK_DEFAULTS).
 */
export function readHookToggles(home: string, env: NodeJS.ProcessEnv): HookToggles {
  // No settings yet, or unreadable: defaults.
  return hookToggles(readJsonObject(path.join(home, 'settings.json')) ?? {}, env);
}

/** The switches from settings.json as already read (`raw`), with the environment's overrides. */
export function hookToggles(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): HookToggles {
  const t: HookToggles = { ...HOOK_DEFAULTS, claudeMemDb: null };
  for (const key of ['autoSync', 'pullOnStart', 'pushOnStop', 'pushOnEnd', 'pullOnPrompt'] as const) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv !== undefined && fromEnv !== '' ? parseEnvBoolean(fromEnv) : raw[key];
    if (typeof v === 'boolean') t[key] = v;
  }
  // The machine's role decides first: "off" syncs nothing, a "consumer" never pushes.
  const role = env[envVarName('role')] || raw.role;
  if (role === 'off') t.autoSync = false;
  if (role === 'consumer') t.pushOnStop = t.pushOnEnd = false;
  for (const key of ['pushThrottleSeconds', 'idlePushSeconds', 'livePullSeconds'] as const) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv ? Number(fromEnv) : raw[key];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) t[key] = v;
  }
  const mem = (raw.sources as { claudeMem?: { enabled?: unknown; path?: unknown } } | undefined)?.claudeMem;
  if (mem?.enabled === true)
    t.claudeMemDb = typeof mem.path === 'string' && mem.path ? expandHome(mem.path, env) : defaultClaudeMemPath(env);
  return t;
}
