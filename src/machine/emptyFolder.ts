import fs from 'node:fs';
import path from 'node:path';

/**
 * The entries that are not folders (files, links, anything else) under a folder, as paths
 * relative to it; null when it cannot be listed. A folder with none holds nothing to lose: a file
 * from the remote may take its place.
 */
export function filesUnder(dir: string): string[] | null {
  const out: string[] = [];
  const walk = (rel: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (!e.isDirectory()) out.push(p);
      else if (!walk(p)) return false;
    }
    return true;
  };
  return walk('') ? out : null;
}

/**
 * Removes a folder that holds only folders, deepest first, one rmdir each: a file written into it
 * meanwhile stops the removal there (ENOTEMPTY), and nothing is lost. False when it stays.
 */
export function removeEmptyFolder(dir: string): boolean {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) if (!e.isDirectory() || !removeEmptyFolder(path.join(dir, e.name))) return false;
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}
