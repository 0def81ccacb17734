import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { CACHE_VERSION, parseCache, serializeCache, type ScanCache } from './scanCacheFile.ts';

// Light on purpose (node builtins only): the Stop hook reads this file after every response.

export function emptyCache(): ScanCache {
  return { version: CACHE_VERSION, dirs: {}, files: {} };
}

const cacheFile = (home: string) => path.join(home, 'state', 'scan-cache');
/** Version 2's file, removed when version 3 is saved. */
const oldCacheFile = (home: string) => path.join(home, 'state', 'scan-cache.json');

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
  checkedWrite(target, serializeCache(cache), { fsync: false, what: 'the scan cache' });
  fs.rmSync(oldCacheFile(home), { force: true });
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
 * Where a session writes: its project's memory, the user's rules and the files directly in the
 * Claude config folder (CLAUDE.md). The hooks that run inside a session look only there, so their
 * cost does not grow with the number of projects; SessionEnd and every sync look everywhere.
 */
export function sessionScope(memDirs: readonly string[], configDir: string): WatchScope {
  return { trees: [...memDirs, path.join(configDir, 'rules')], dirs: [configDir] };
}

/**
 * Whether anything memsync syncs may have changed since the last scan (everything, or only what
 * `scope` covers). `extraDirs` are folders to watch even if the last sync did not know them (the
 * session's memory folder). True when unsure.
 */
export function liveChangedSince(home: string, extraDirs: readonly string[] = [], scope?: WatchScope): boolean {
  const cache = readScanCache(home, scope);
  return !cache || changedSinceCache(cache, extraDirs, scope);
}

/**
 * The scan cache as saved (only the folders in `scope`, when given), or null when it is missing or
 * damaged (a light read: no validation beyond its version and shape).
 */
export function readScanCache(home: string, scope?: WatchScope): ScanCache | null {
  let text: string;
  try {
    text = fs.readFileSync(cacheFile(home), 'utf8');
  } catch {
    return null;
  }
  return parseCache(text, CACHE_VERSION, scope && ((dir) => inScope(scope, dir)));
}

const inScope = (scope: WatchScope, dir: string) =>
  scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + path.sep));

/** liveChangedSince against a cache already read. */
export function changedSinceCache(cache: ScanCache, extraDirs: readonly string[] = [], scope?: WatchScope): boolean {
  const mine = (dir: string) => !scope || inScope(scope, dir);
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (mine(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!mine(dir)) continue;
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
