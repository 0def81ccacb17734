import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { readJsonObject } from '../util/readJson.ts';

// Light on purpose (node builtins only): the Stop hook reads this file after every response.

/** size, mtime, ctime, inode, content id ('' when the content must be read again), 1 if local-only. */
export type Fingerprint = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string, localOnly?: 1];

/**
 * What the live folders looked like at the last scan. A sync uses it to hash only files whose
 * stat moved; the Stop hook uses it to tell, by stat alone, whether anything may have changed
 * (a file added or removed changes its folder's mtime, an edit changes the file's).
 */
export interface ScanCache {
  version: 2;
  /** The `seq` of the sync state this cache was saved with. */
  seq?: number;
  /** Folder -> mtime (-1: it did not exist). */
  dirs: Record<string, number>;
  /** Folder -> file name -> fingerprint. */
  files: Record<string, Record<string, Fingerprint>>;
  /** Folder -> its mtime, ctime and inode: while they and its real path are unchanged, so are the names in it. */
  stamps?: Record<string, string>;
  /** Folder -> its real path, where that differs. */
  real?: Record<string, string>;
  /** A hash of the roots and filters the cache was made with: other ones list every folder again. */
  filters?: string;
  /** The live index (liveIndex.ts) this cache was saved with. */
  liveIndex?: string;
}

export function emptyCache(): ScanCache {
  return { version: 2, dirs: {}, files: {} };
}

const cacheFile = (home: string) => path.join(home, 'state', 'scan-cache.json');

/** Present while live holds changes the remote lacks (state.ts markUnpublished writes it). */
export const unpublishedFile = (home: string) => path.join(home, 'state', 'unpublished');

/** Whether the last sync left something to publish, or failed before it could tell. */
export function hasUnpublished(home: string): boolean {
  return fs.existsSync(unpublishedFile(home));
}

/** A lost or damaged cache costs time (everything is hashed again), never correctness. */
export function loadScanCache(home: string): ScanCache {
  return readScanCache(home) ?? emptyCache();
}

export function saveScanCache(home: string, cache: ScanCache): void {
  const target = cacheFile(home);
  ensureDir(path.dirname(target), 'the state folder');
  // No fsync: a lost cache costs hashing time, never correctness; a truncated one is never kept.
  checkedWrite(target, JSON.stringify(cache), { fsync: false, what: 'the scan cache' });
}

function mtimeOrMissing(p: string): number {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** Limits a check to some folders: `trees` with everything under them, `dirs` alone. */
export interface WatchScope {
  trees: readonly string[];
  dirs: readonly string[];
}

/**
 * Whether anything memsync syncs may have changed since the last scan (everything, or only what
 * `scope` covers). `extraDirs` are folders to watch even if the last sync did not know them (the
 * session's memory folder). True when unsure.
 */
export function liveChangedSince(home: string, extraDirs: readonly string[] = [], scope?: WatchScope): boolean {
  const cache = readScanCache(home);
  return !cache || changedSinceCache(cache, extraDirs, scope);
}

/** The scan cache as saved, or null when it is missing or damaged (a light read: no validation beyond its version). */
export function readScanCache(home: string): ScanCache | null {
  const v = readJsonObject(cacheFile(home));
  const ok = v?.version === 2 && typeof v.dirs === 'object' && typeof v.files === 'object';
  return ok ? (v as unknown as ScanCache) : null;
}

/** liveChangedSince against a cache already read. */
export function changedSinceCache(cache: ScanCache, extraDirs: readonly string[] = [], scope?: WatchScope): boolean {
  const inScope = (dir: string) =>
    !scope || scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + path.sep));
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (inScope(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!inScope(dir)) continue;
    for (const [name, [size, mtime]] of Object.entries(names)) {
      try {
        const st = fs.statSync(path.join(dir, name));
        if (st.size !== size || st.mtimeMs !== mtime) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}

/**
 * Brings the cache up to date for files the sync itself wrote or deleted, and their folders, so
 * the next Stop does not take memsync's own writes for the user's. Their content is read again
 * by the next scan (a file written just now is "racy").
 */
export function refreshCache(cache: ScanCache, paths: Iterable<string>): void {
  for (const p of paths) {
    const dir = path.dirname(p);
    const name = path.basename(p);
    try {
      const st = fs.statSync(p);
      (cache.files[dir] ??= {})[name] = [st.size, st.mtimeMs, st.ctimeMs, st.ino, ''];
    } catch {
      if (cache.files[dir]) delete cache.files[dir][name];
    }
    // Up to the nearest watched folder that was there: the folders between were made by this write
    // (a memory folder watched while missing too), and made, they changed their parent.
    for (let d = dir; ; d = path.dirname(d)) {
      const was = cache.dirs[d];
      cache.dirs[d] = mtimeOrMissing(d);
      if ((was !== undefined && was !== -1) || path.dirname(d) === d) break;
    }
  }
}
