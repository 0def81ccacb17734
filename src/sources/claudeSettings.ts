/**
 * Where (and whether) Claude Code keeps a project's auto memory, read the way Claude Code reads it
 * (2.1.197 binary, checked by running it: see test/memoryFolders.test.ts):
 *
 * - `autoMemoryDirectory`: the first of local (`<project>/.claude/settings.local.json`), project
 *   (`<project>/.claude/settings.json`) and user (`<config>/settings.json`) settings that sets it.
 *   (Policy and `--settings` flag settings come first in Claude Code; memsync cannot see a flag and
 *   does not read policy files.) Claude Code honours project and local settings only in a trusted
 *   workspace; every workspace a session runs in has been trusted, so memsync honours them.
 * - The path: `~/` expands to the home folder (`~/..` is refused); it must then be absolute and at
 *   least three characters long, not a UNC or `//` path; anything else is ignored (the default
 *   folder is used), as Claude Code does. MEMORY.md sits directly in that folder.
 * - `autoMemoryEnabled: false` (local over project over user) turns auto memory off, and so does
 *   `CLAUDE_CODE_DISABLE_AUTO_MEMORY` set to 1/true/yes/on; set to 0/false/no/off it turns auto
 *   memory on whatever the settings say.
 */
import fs from 'node:fs';
import path from 'node:path';
import { homeDir } from '../config/paths.ts';

type Scope = 'local' | 'project' | 'user';

interface Layer {
  scope: Scope;
  dir?: unknown;
  enabled?: unknown;
}

export interface AutoMemorySetting {
  enabled: boolean;
  /** The folder set by `autoMemoryDirectory` (absolute, no trailing separator), and where it was set. */
  dir: string | null;
  scope: Scope | null;
}

/** `autoMemoryDirectory` and `autoMemoryEnabled` of one Claude Code settings file (nothing if unreadable). */
function layer(file: string, scope: Scope): Layer {
  try {
    const j: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!j || typeof j !== 'object' || Array.isArray(j)) return { scope };
    const o = j as Record<string, unknown>;
    return { scope, dir: o.autoMemoryDirectory, enabled: o.autoMemoryEnabled };
  } catch {
    return { scope };
  }
}

/** Claude Code's rule for an `autoMemoryDirectory` value: the absolute folder, or null to use the default. */
export function autoMemoryPath(value: unknown, env: NodeJS.ProcessEnv): string | null {
  if (typeof value !== 'string' || !value) return null;
  let p = value;
  if (p.startsWith('~/') || p.startsWith('~\\')) {
    const rest = p.slice(2);
    const n = path.normalize(rest || '.');
    if (n === '.' || n === '..' || n.startsWith('../') || n.startsWith('..\\')) return null;
    p = path.join(homeDir(env), rest);
  }
  const r = path.normalize(p).replace(/[/\\]+$/, '');
  if (!path.isAbsolute(r) || r.length < 3 || r.startsWith('\\\\') || r.startsWith('//')) return null;
  if (r.includes('\0')) return null;
  return r.normalize('NFC');
}

const envFlag = (v: string | undefined): boolean | undefined => {
  const t = v?.toLowerCase().trim();
  if (t && ['1', 'true', 'yes', 'on'].includes(t)) return false;
  if (t && ['0', 'false', 'no', 'off'].includes(t)) return true;
  return undefined;
};

/** The user-level layer, read once per sync. */
export function userLayer(configDir: string): Layer {
  return layer(path.join(configDir, 'settings.json'), 'user');
}

/** Auto memory of a project (`projectRoot` null: a project memsync knows only by its folder key). */
export function autoMemoryOf(projectRoot: string | null, user: Layer, env: NodeJS.ProcessEnv): AutoMemorySetting {
  const own = (name: string, scope: Scope) => layer(path.join(projectRoot!, '.claude', name), scope);
  const layers = [...(projectRoot ? [own('settings.local.json', 'local'), own('settings.json', 'project')] : []), user];
  const fromEnv = envFlag(env.CLAUDE_CODE_DISABLE_AUTO_MEMORY);
  const setting = layers.find((l) => typeof l.enabled === 'boolean')?.enabled as boolean | undefined;
  const enabled = fromEnv ?? setting ?? true;
  for (const l of layers) {
    // Claude Code takes the first layer that sets a value (`??`), even one its path rule then refuses.
    if (l.dir === undefined || l.dir === null) continue;
    const dir = autoMemoryPath(l.dir, env);
    return { enabled, dir, scope: dir ? l.scope : null };
  }
  return { enabled, dir: null, scope: null };
}
