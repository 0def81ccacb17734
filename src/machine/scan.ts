import fs from 'node:fs';
import path from 'node:path';
import { blobHash } from '../util/blobHash.ts';
import { makeFilter, type Root } from '../sources/roots.ts';
import { emptyCache, type Fingerprint, type ScanCache } from './watch.ts';

export interface LiveFile {
  livePath: string;
  hash: string;
  root: Root;
}

export interface ScanResult {
  files: Map<string, LiveFile>;
  /** Files whose front matter says `sync: false`: they never leave the machine (repository path -> live path). */
  localOnly: Map<string, string>;
  cache: ScanCache;
  /** False when every folder and file looked exactly as in the previous cache (nothing to save). */
  changed: boolean;
  /** Files whose content was read this time (the rest were known by their stat). */
  hashed: number;
  /**
   * Files and folders (repository path; a folder's ends in `/`) that exist but could not be read
   * (permissions, I/O errors), with the error code: neither present nor deleted.
   */
  unreadable: Map<string, string>;
}

/**
 * A file changed within this window may change again within the same timestamp tick, so its
 * content id is not trusted next time (git's "racy" entries).
 */
const RACY_MS = 2000;

/**
 * Scans live files under every root. Cheap when little moved: a file whose size, mtime, ctime and
 * inode match the last scan keeps its content id; only the rest are read and hashed.
 */
export function scanLive(roots: readonly Root[], globalExclude: readonly string[], previous: ScanCache): ScanResult {
  const files = new Map<string, LiveFile>();
  const localOnly = new Map<string, string>();
  const cache = emptyCache();
  let hashed = 0;
  let changed = false;
  const now = Date.now();
  const claimed = new Set<string>();
  const unreadable = new Map<string, string>();
  for (const root of roots) {
    const filter = makeFilter(root, globalExclude);
    const walk = (relDir: string): void => {
      const abs = relDir ? path.join(root.liveDir, relDir) : root.liveDir;
      let entries: fs.Dirent[];
      try {
        cache.dirs[abs] = fs.statSync(abs).mtimeMs;
        entries = fs.readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        if (!isMissing(e)) {
          // Not gone: unreadable. What it holds takes no part (never read as deleted).
          unreadable.set(root.repoPrefix + (relDir ? `${relDir}/` : ''), errorCode(e));
          // Its own mtime when it can be stat'ed, so the Stop hook does not see a change each time.
          cache.dirs[abs] ??= UNREADABLE;
          changed = true;
          return;
        }
        cache.dirs[abs] = -1;
        if (previous.dirs[abs] !== -1) changed = true;
        return;
      }
      if (previous.dirs[abs] !== cache.dirs[abs]) changed = true;
      const before = previous.files[abs] ?? {};
      const here: Record<string, Fingerprint> = {};
      for (const e of entries) {
        const rel = relDir ? `${relDir}/${e.name}` : e.name;
        const livePath = `${abs}${path.sep}${e.name}`;
        if (e.isDirectory()) {
          // A nested root (longer prefix) owns its own folder.
          if (filter.mayContain(rel) && !claimed.has(livePath)) walk(rel);
          continue;
        }
        if (!e.isFile() || !filter.includes(rel) || claimed.has(livePath)) continue;
        let st: fs.Stats;
        try {
          st = fs.statSync(livePath);
        } catch (err) {
          if (!isMissing(err)) {
            unreadable.set(root.repoPrefix + rel, errorCode(err));
            changed = true;
          }
          continue;
        }
        const old = before[e.name];
        let hash: string;
        let lo: boolean;
        if (old?.[4] && old[0] === st.size && old[1] === st.mtimeMs && old[2] === st.ctimeMs && old[3] === st.ino) {
          hash = old[4];
          lo = old[5] === 1;
        } else {
          let content: Buffer;
          try {
            content = fs.readFileSync(livePath);
          } catch (err) {
            if (!isMissing(err)) {
              unreadable.set(root.repoPrefix + rel, errorCode(err));
              changed = true;
            }
            continue;
          }
          hash = blobHash(content);
          lo = isLocalOnly(content);
          hashed++;
          changed = true;
        }
        const racy = now - st.mtimeMs <= RACY_MS || now - st.ctimeMs <= RACY_MS;
        here[e.name] = lo
          ? [st.size, st.mtimeMs, st.ctimeMs, st.ino, racy ? '' : hash, 1]
          : [st.size, st.mtimeMs, st.ctimeMs, st.ino, racy ? '' : hash];
        if (lo) localOnly.set(root.repoPrefix + rel, livePath);
        else files.set(root.repoPrefix + rel, { livePath, hash, root });
      }
      if (Object.keys(before).some((n) => !(n in here))) changed = true;
      if (Object.keys(here).length) cache.files[abs] = here;
    };
    walk('');
    claimed.add(root.liveDir);
  }
  // A folder the last scan saw but this one did not (a root that is no longer synced).
  if (!changed) changed = Object.keys(previous.dirs).some((d) => !(d in cache.dirs));
  return { files, localOnly, cache, changed, hashed, unreadable };
}

/** The cache's mark for a folder that exists but could not be listed (never equal to a stat). */
const UNREADABLE = -2;

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'unknown error';
}

/** A memory file whose front matter says `sync: false` (or no/off) is kept on this machine. */
export function isLocalOnly(content: Buffer): boolean {
  const head = content.subarray(0, 4096).toString('utf8');
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(head);
  return !!fm && /^sync\s*:\s*["']?(false|no|off)["']?\s*$/im.test(fm[1]!);
}

/** Reads a live file and checks it still holds `expected` (null = absent): the compare in compare-and-swap. */
export function readIfUnchanged(livePath: string, expected: string | null): { ok: boolean; content: Buffer | null } {
  let content: Buffer | null;
  try {
    content = fs.readFileSync(livePath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, content: null };
    content = null;
  }
  const actual = content === null ? null : blobHash(content);
  return { ok: actual === expected, content };
}
