import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { enabledPlugin, OURS } from './twice.ts';

/** The hook events memsync uses, with the matcher and timeout (seconds) of each. */
const HOOK_EVENTS = [
  { event: 'SessionStart', arg: 'session-start', matcher: 'startup|resume|clear|compact', timeout: 30 },
  { event: 'UserPromptSubmit', arg: 'prompt', matcher: undefined, timeout: 5 },
  { event: 'Stop', arg: 'stop', matcher: undefined, timeout: 10 },
  { event: 'SessionEnd', arg: 'session-end', matcher: undefined, timeout: 5 },
] as const;

type HookCommand = { type: string; command?: string; timeout?: number; [k: string]: unknown };
type HookGroup = { matcher?: string; hooks?: HookCommand[]; [k: string]: unknown };

export interface InstallResult {
  file: string;
  added: string[];
  removed: string[];
}

/**
 * Adds memsync's hooks to Claude Code's `settings.json` (for use without the plugin system),
 * keeping every other hook and setting as it was. Running it twice adds nothing.
 */
export async function installHooks(configDir: string, commandFor: (arg: string) => string): Promise<InstallResult> {
  const file = path.join(configDir, 'settings.json');
  const plugin = enabledPlugin(configDir);
  if (plugin) {
    throw new MemsyncError(
      `the memsync plugin (${plugin}) is enabled in ${file} and runs these hooks already; installing them too would ` +
        'run every hook twice',
      'failure',
      `keep the plugin alone, or disable it first (claude plugin disable ${plugin})`,
    );
  }
  const settings = readSettings(file);
  const hooks = (settings.hooks ??= {}) as Record<string, HookGroup[]>;
  const added: string[] = [];
  const removed: string[] = [];
  for (const h of HOOK_EVENTS) {
    const command = commandFor(h.arg);
    // An older memsync's command for this event (another path, the CLI instead of the light entry) is
    // replaced: kept beside the new one, the hook would run twice.
    const current = hooks[h.event];
    if (current !== undefined && !Array.isArray(current))
      throw new MemsyncError(
        `${file}: hooks.${h.event} is not a list, so memsync left the file untouched`,
        'failure',
        'fix it (Claude Code cannot read it either), then run memsync hooks install again',
      );
    const older = withoutOurs(Array.isArray(current) ? current : [], (c) => c !== command);
    if (older.removed) removed.push(h.event);
    const groups = (hooks[h.event] = older.kept);
    if (groups.some((g) => g.hooks?.some((c) => c.command === command))) continue;
    groups.push({
      ...(h.matcher ? { matcher: h.matcher } : {}),
      hooks: [{ type: 'command', command, timeout: h.timeout }],
    });
    added.push(h.event);
  }
  if (added.length || removed.length) await write(file, settings);
  return { file, added, removed };
}

/** Removes memsync's hooks from Claude Code's `settings.json`, and nothing else. */
export async function uninstallHooks(configDir: string): Promise<InstallResult> {
  const file = path.join(configDir, 'settings.json');
  if (!fs.existsSync(file)) return { file, added: [], removed: [] };
  const settings = readSettings(file);
  const hooks = settings.hooks as Record<string, HookGroup[]> | undefined;
  const removed: string[] = [];
  if (hooks && typeof hooks === 'object') {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      const { kept, removed: some } = withoutOurs(groups, () => true);
      if (some) removed.push(event);
      if (kept.length) hooks[event] = kept;
      else delete hooks[event];
    }
    if (Object.keys(hooks).length === 0) delete settings.hooks;
  }
  if (removed.length) await write(file, settings);
  return { file, added: [], removed: [...new Set(removed)] };
}

/** An event's hook groups without memsync's commands that `which` picks (a group left empty goes too). */
function withoutOurs(
  groups: HookGroup[],
  which: (command: string) => boolean,
): { kept: HookGroup[]; removed: boolean } {
  const kept: HookGroup[] = [];
  let removed = false;
  for (const g of groups) {
    const rest = Array.isArray(g.hooks)
      ? g.hooks.filter((c) => !(typeof c.command === 'string' && OURS.test(c.command) && which(c.command)))
      : undefined;
    if (!rest || rest.length === g.hooks!.length) kept.push(g);
    else {
      removed = true;
      if (rest.length) kept.push({ ...g, hooks: rest });
    }
  }
  return { kept, removed };
}

function readSettings(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* reported below */
  }
  throw new MemsyncError(
    `${file} is not a JSON object, so memsync left it untouched`,
    'failure',
    'fix the file (Claude Code cannot read it either), then run memsync hooks install again',
  );
}

async function write(file: string, settings: Record<string, unknown>): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, `${JSON.stringify(settings, null, 2)}\n`, { what: "Claude Code's settings" });
}
