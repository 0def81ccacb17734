/**
 * The project folders this machine has seen: `<memsync home>/projects.json`,
 * `{"version":1,"paths":[...]}` with absolute paths, sorted and without duplicates. It lives
 * outside the state folder: moving that aside (the advice for a damaged state) forgets what was
 * agreed with the remote, never which folders are projects. The sync state keeps a second copy
 * (`projects` in its header), so a lost or damaged list does not unmap a project either.
 *
 * Writes are whole or nothing (checkedWrite). Read-modify-write is not locked: two processes
 * remembering at the same moment can drop one side's new paths, which the next remember
 * (every session start) puts back.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';

const RegistryFile = z.object({
  version: z.literal(1),
  paths: z.array(z.string()),
});

export function registryFile(home: string): string {
  return path.join(home, 'projects.json');
}

/** Where memsync kept the list before it moved out of the state folder: still read. */
const legacyFile = (home: string) => path.join(home, 'state', 'projects.json');

/** Paths in the registry. Missing file -> []. A corrupt file is renamed aside and gives []. */
export async function loadRegistry(home: string): Promise<string[]> {
  const all = [...(await readList(registryFile(home))), ...(await readList(legacyFile(home)))];
  return [...new Set(all.filter((p) => path.isAbsolute(p)).map((p) => path.resolve(p)))].sort();
}

async function readList(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return []; // missing (or unreadable: leave it alone)
  }
  try {
    return RegistryFile.parse(JSON.parse(text)).paths;
  } catch {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await fs.rename(file, `${file}.corrupt-${stamp}`).catch(() => {});
    return [];
  }
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
  ensureDir(path.dirname(file), "memsync's folder");
  const body = { version: 1 as const, paths: [...all].sort() };
  checkedWrite(file, `${JSON.stringify(body, null, 2)}\n`, { what: 'the list of projects' });
  return true;
}
