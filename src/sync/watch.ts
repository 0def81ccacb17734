import fs from 'node:fs';
import path from 'node:path';

/**
 * What the live folders looked like at the last sync, by stat only: folder mtimes (a file added
 * or removed changes its folder's) and file sizes and mtimes. The Stop hook compares against it
 * after every response, so it reads no content, runs no git and touches no network.
 */
export interface WatchSnapshot {
  /** Folder -> mtime (-1: it did not exist). */
  dirs: Record<string, number>;
  files: Record<string, [size: number, mtimeMs: number]>;
}

const file = (home: string) => path.join(home, 'state', 'watch.json');

export function saveWatch(home: string, snap: WatchSnapshot): void {
  const target = file(home);
  const tmp = `${target}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(tmp, JSON.stringify(snap));
  fs.renameSync(tmp, target);
}

export function mtimeOrMissing(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * Whether anything memsync syncs may have changed since the last sync. `extraDirs` are folders
 * that should be watched even if the last sync did not know them (the session's memory folder).
 * True when unsure (no snapshot yet).
 */
export function liveChangedSince(home: string, extraDirs: readonly string[] = []): boolean {
  let snap: WatchSnapshot;
  try {
    snap = JSON.parse(fs.readFileSync(file(home), 'utf8'));
  } catch {
    return true;
  }
  for (const [dir, mtime] of Object.entries(snap.dirs)) if (mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in snap.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [f, [size, mtime]] of Object.entries(snap.files)) {
    try {
      const st = fs.statSync(f);
      if (st.size !== size || st.mtimeMs !== mtime) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Brings the snapshot up to date for files the sync itself wrote or deleted (and their folders). */
export function refreshWatch(snap: WatchSnapshot, paths: Iterable<string>): void {
  for (const p of paths) {
    try {
      const st = fs.statSync(p);
      snap.files[p] = [st.size, st.mtimeMs];
    } catch {
      delete snap.files[p];
    }
    // Up to the nearest watched folder: the folders between were made by this write.
    for (let d = path.dirname(p); ; d = path.dirname(d)) {
      const known = d in snap.dirs;
      snap.dirs[d] = mtimeOrMissing(d);
      if (known || path.dirname(d) === d) break;
    }
  }
}
