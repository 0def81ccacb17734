/**
 * Where (and whether) Claude Code keeps a project's auto memory, read the way Claude Code reads it
 * (2.1.197 binary, checked by running it: see test/memoryFolders.test.ts):
 *
 * - `autoMemoryDirectory`: the first of local (`<project>/.claude/settings.local.json`), project
 *   (`<project>/.claude/settings.json`) and user (`<config>/settings.json`) settings that sets it.
 *   (Policy and `--settings` flag settings come first in Claude Code; memsync cannot see a flag and
 *   does not read policy files.) A repository is untrusted input: its project and local settings
 *   count only in a workspace Claude Code recorded as trusted (claudeTrust.ts), and a folder from any
 *   layer that is the home folder, above or outside it, or holds credentials is refused
 *   (sensitiveFolders.ts): that project's auto memory is then not synced at all.
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
  file: string;
  dir?: unknown;
  enabled?: unknown;
}

export interface AutoMemorySetting {
  enabled: boolean;
  /** The folder set by `autoMemoryDirectory` (absolute, no trailing separator), and where it was set. */
  dir: string | null;
  scope: Scope | null;
  /** One line each: a layer not followed (untrusted), or the folder refused (then `enabled` is false). */
  notes: string[];
}

/** What decides whether a folder from settings is followed. */
export interface FolderGuard {
  /** Why Claude Code does not follow the project's own settings (its workspace is not trusted), or null. */
  untrusted(): string | null;
  /** Why a folder may not be a memory folder, or null. */
  refusal(dir: string): string | null;
}

/** `autoMemoryDirectory` and `autoMemoryEnabled` of one Claude Code settings file (nothing if unreadable). */
function layer(file: string, scope: Scope): Layer {
  try {
    const j: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!j || typeof j !== 'object' || Array.isArray(j)) return { scope, file };
    const o = j as Record<string, unknown>;
    return { scope, file, dir: o.autoMemoryDirectory, enabled: o.autoMemoryEnabled };
  } catch {
    return { scope, file };
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

/**
 * Auto memory of a project (`projectRoot` null: a project memsync knows only by its folder key).
 * A project layer in a workspace `guard` does not trust is skipped, as Claude Code skips it.
 */
export function autoMemoryOf(
  projectRoot: string | null,
  user: Layer,
  env: NodeJS.ProcessEnv,
  guard: FolderGuard,
): AutoMemorySetting {
  const own = (name: string, scope: Scope) => layer(path.join(projectRoot!, '.claude', name), scope);
  // Most projects have no .claude folder: one check instead of two failed reads per project and sync.
  const hasOwn = projectRoot !== null && fs.existsSync(path.join(projectRoot, '.claude'));
  const layers = [...(hasOwn ? [own('settings.local.json', 'local'), own('settings.json', 'project')] : []), user];
  const fromEnv = envFlag(env.CLAUDE_CODE_DISABLE_AUTO_MEMORY);
  const setting = layers.find((l) => typeof l.enabled === 'boolean')?.enabled as boolean | undefined;
  const enabled = fromEnv ?? setting ?? true;
  const notes: string[] = [];
  for (const l of layers) {
    // Claude Code takes the first layer that sets a value (`??`), even one its path rule then refuses.
    if (l.dir === undefined || l.dir === null) continue;
    const untrusted = l.scope === 'user' ? null : guard.untrusted();
    if (untrusted) {
      notes.push(`autoMemoryDirectory in ${l.file} is not followed: ${untrusted}`);
      continue;
    }
    const dir = autoMemoryPath(l.dir, env);
    const refused = dir && enabled ? guard.refusal(dir) : null;
    if (refused) {
      notes.push(
        `autoMemoryDirectory ${JSON.stringify(l.dir)} in ${l.file} is refused: ${dir}: ${refused}; memsync ` +
          'neither reads nor writes it, and this auto memory is not synced: name a folder of its own in your home',
      );
      return { enabled: false, dir: null, scope: null, notes };
    }
    return { enabled, dir, scope: dir ? l.scope : null, notes };
  }
  return { enabled, dir: null, scope: null, notes };
}
