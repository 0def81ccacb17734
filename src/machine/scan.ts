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
  const w: Walk = {
    previous,
    cache: emptyCache(),
    now: Date.now(),
    changed: false,
    hashed: 0,
    claimed: new Set(),
    claimedIn: new Set(),
    localOnly: new Map(),
    unreadable: new Map(),
    listed: [],
  };
  for (const root of roots) {
    walkDir(w, root, makeFilter(root, globalExclude), '');
    w.claimed.add(root.liveDir);
    w.claimedIn.add(root.liveDir.slice(0, root.liveDir.lastIndexOf(path.sep)));
  }
  // A folder the last scan saw but this one did not (a root that is no longer synced).
  if (!w.changed) w.changed = Object.keys(previous.dirs).some((d) => !(d in w.cache.dirs));
  // A sync with nothing to do never asks for the files: at 20,000 files, building the map costs more than the stats.
  let files: Map<string, LiveFile> | undefined;
  const { listed, localOnly, cache, changed, hashed, unreadable } = w;
  return {
    get files() {
      files ??= filesOf(listed);
      return files;
    },
    localOnly,
    cache,
    changed,
    hashed,
    unreadable,
  };
}

/** One scan's running tallies. */
interface Walk {
  previous: ScanCache;
  cache: ScanCache;
  now: number;
  changed: boolean;
  hashed: number;
  /** Folders of roots already walked: a nested root (longer prefix) owns its own folder. */
  claimed: Set<string>;
  /** The folders that hold those (a file's path is looked up only there: hashing 20,000 long paths costs). */
  claimedIn: Set<string>;
  localOnly: Map<string, string>;
  unreadable: Map<string, string>;
  /** The synced files found, a run of one folder's at a time, in the order they were found. */
  listed: Listed[];
}

interface Listed {
  root: Root;
  relDir: string;
  abs: string;
  names: string[];
  hashes: string[];
}

function walkDir(w: Walk, root: Root, filter: ReturnType<typeof makeFilter>, relDir: string): void {
  const abs = relDir ? path.join(root.liveDir, relDir) : root.liveDir;
  const entries = listDir(w, root, relDir, abs);
  if (!entries) return;
  const before = w.previous.files[abs] ?? {};
  // This folder's entry in the new cache: the last one itself while every file is as it was.
  const names: string[] = [];
  const fps: Fingerprint[] = [];
  let same = true;
  const run = (): Listed => {
    const r: Listed = { root, relDir, abs, names: [], hashes: [] };
    w.listed.push(r);
    return r;
  };
  let found = run();
  let kept = 0;
  const claims = w.claimedIn.has(abs);
  for (const e of entries) {
    const rel = relDir ? `${relDir}/${e.name}` : e.name;
    const livePath = `${abs}${path.sep}${e.name}`;
    if (e.isDirectory()) {
      if (filter.mayContain(rel) && !(claims && w.claimed.has(livePath))) {
        walkDir(w, root, filter, rel);
        found = run(); // what follows comes after that folder's files
      }
      continue;
    }
    if (!e.isFile() || !filter.includes(rel) || (claims && w.claimed.has(livePath))) continue;
    const old = before[e.name];
    const fp = scanFile(w, livePath, old, () => root.repoPrefix + rel);
    if (!fp) continue;
    // A file changed within the racy window is read again next time.
    const racy = w.now - fp[1] <= RACY_MS || w.now - fp[2] <= RACY_MS;
    names.push(e.name);
    fps.push(racy ? (fp[5] ? [fp[0], fp[1], fp[2], fp[3], '', 1] : [fp[0], fp[1], fp[2], fp[3], '']) : fp);
    if (fps[fps.length - 1] !== old) same = false;
    if (old !== undefined) kept++;
    if (fp[5]) w.localOnly.set(root.repoPrefix + rel, livePath);
    else {
      found.names.push(e.name);
      found.hashes.push(fp[4]);
    }
  }
  // A file the last scan saw is gone.
  if (kept !== Object.keys(before).length) {
    w.changed = true;
    same = false;
  }
  if (!names.length) return;
  if (same) w.cache.files[abs] = before;
  else {
    const here: Record<string, Fingerprint> = {};
    for (let i = 0; i < names.length; i++) here[names[i]!] = fps[i]!;
    w.cache.files[abs] = here;
  }
}

/** A folder's entries, its mtime noted; null when it is missing or cannot be listed. */
function listDir(w: Walk, root: Root, relDir: string, abs: string): fs.Dirent[] | null {
  let entries: fs.Dirent[];
  try {
    w.cache.dirs[abs] = fs.statSync(abs).mtimeMs;
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    if (!isMissing(e)) {
      // Not gone: unreadable. What it holds takes no part (never read as deleted).
      w.unreadable.set(root.repoPrefix + (relDir ? `${relDir}/` : ''), errorCode(e));
      // Its own mtime when it can be stat'ed, so the Stop hook does not see a change each time.
      w.cache.dirs[abs] ??= UNREADABLE;
      w.changed = true;
      return null;
    }
    w.cache.dirs[abs] = -1;
    if (w.previous.dirs[abs] !== -1) w.changed = true;
    return null;
  }
  if (w.previous.dirs[abs] !== w.cache.dirs[abs]) w.changed = true;
  return entries;
}

/**
 * A file's fingerprint with its content id (the last scan's own when the stat matches it), or
 * null when it is gone or cannot be read (then named unreadable, under `key()`).
 */
function scanFile(w: Walk, livePath: string, old: Fingerprint | undefined, key: () => string): Fingerprint | null {
  let st: fs.Stats;
  try {
    // lstat: the entry was listed as a file, and a link is not followed (stat costs a quarter more).
    st = fs.lstatSync(livePath);
  } catch (err) {
    return notRead(w, err, key);
  }
  // Replaced by a link or a folder since it was listed: held as unreadable this time, never taken for deleted.
  if (!st.isFile()) return notRead(w, { code: 'ENOTFILE' }, key);
  if (old?.[4] && old[0] === st.size && old[1] === st.mtimeMs && old[2] === st.ctimeMs && old[3] === st.ino) return old;
  let content: Buffer;
  try {
    content = fs.readFileSync(livePath);
  } catch (err) {
    return notRead(w, err, key);
  }
  w.hashed++;
  w.changed = true;
  const hash = blobHash(content);
  return isLocalOnly(content)
    ? [st.size, st.mtimeMs, st.ctimeMs, st.ino, hash, 1]
    : [st.size, st.mtimeMs, st.ctimeMs, st.ino, hash];
}

function notRead(w: Walk, err: unknown, key: () => string): null {
  if (!isMissing(err)) {
    w.unreadable.set(key(), errorCode(err));
    w.changed = true;
  }
  return null;
}

/** The scan's files by repository path, in the order found. */
function filesOf(listed: readonly Listed[]): Map<string, LiveFile> {
  const files = new Map<string, LiveFile>();
  for (const { root, relDir, abs, names, hashes } of listed) {
    const prefix = root.repoPrefix + (relDir ? `${relDir}/` : '');
    for (let i = 0; i < names.length; i++)
      files.set(prefix + names[i], { livePath: `${abs}${path.sep}${names[i]}`, hash: hashes[i]!, root });
  }
  return files;
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
