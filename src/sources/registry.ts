/**
 * The project folders this machine has seen: `<memsync home>/state/projects.json`,
 * `{"version":1,"paths":[...]}` with absolute paths, sorted and without duplicates.
 *
 * Writes are whole or nothing (checkedWrite). Read-modify-write is not locked: two processes
 * remembering at the same moment can drop one side's new paths, which the next remember
 * (every session start) puts back.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';

const RegistryFile = z.object({
  version: z.literal(1),
  paths: z.array(z.string()),
});

export function registryFile(home: string): string {
  return path.join(home, 'state', 'projects.json');
}

/** Paths in the registry. Missing file -> []. A corrupt file is renamed aside and gives []. */
export async function loadRegistry(home: string): Promise<string[]> {
  const file = registryFile(home);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return []; // missing (or unreadable: leave it alone)
  }
  let parsed: z.infer<typeof RegistryFile>;
  try {
    parsed = RegistryFile.parse(JSON.parse(text));
  } catch {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(file, `${file}.corrupt-${stamp}`).catch(() => {});
    return [];
  }
  return [...new Set(parsed.paths.filter((p) => path.isAbsolute(p)).map((p) => path.resolve(p)))].sort();
}

/**
 * Adds `paths` (resolved to absolute, normalized paths) to the registry. Writes only when
 * something new was added; returns whether it did.
 */
export async function rememberProjects(home: string, paths: string[]): Promise<boolean> {
  const current = await loadRegistry(home);
  const all = new Set(current);
  let changed = false;
  for (const p of paths) {
    if (typeof p !== 'string' || p.trim() === '') continue;
    const abs = path.resolve(p);
    // The root folder is no project (a hook's cwd can be "/"); the CLI refuses it outright.
    if (abs === path.parse(abs).root) continue;
    if (!all.has(abs)) {
      all.add(abs);
      changed = true;
    }
  }
  if (!changed) return false;
  const file = registryFile(home);
  ensureDir(path.dirname(file), 'the state folder');
  const body = { version: 1 as const, paths: [...all].sort() };
  checkedWrite(file, `${JSON.stringify(body, null, 2)}\n`, { what: 'the list of projects' });
  return true;
}
