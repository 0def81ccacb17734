import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { blobHash } from '../util/blobHash.ts';
import { filesUnder } from './emptyFolder.ts';
import { makeFilter, type Root } from '../sources/roots.ts';
import { emptyCache } from './watch.ts';
import type { Fingerprint, ScanCache } from './scanCacheFile.ts';
import { progress, type Progress } from '../util/progress.ts';

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
  /** Symbolic links where synced files would be (repository path): memsync never follows one. */
  links: string[];
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
export function scanLive(
  roots: readonly Root[],
  globalExclude: readonly string[],
  previous: ScanCache,
  dirty: ReadonlySet<string> | null = null,
): ScanResult {
  const filters = createHash('sha1')
    .update(JSON.stringify([roots.map((r) => [r.liveDir, r.repoPrefix, r.include, r.exclude]), globalExclude]))
    .digest('hex');
  const w: Walk = {
    previous,
    cache: { ...emptyCache(), stamps: {}, real: {}, filters },
    // Other roots or filters: other files are listed, so every folder is listed again.
    dirty: previous.filters === filters ? dirty : null,
    children: null,
    now: Date.now(),
    changed: false,
    hashed: 0,
    seen: 0,
    progress: progress('scanning memory files'),
    claimed: new Set(),
    claimedIn: new Set(),
    localOnly: new Map(),
    unreadable: new Map(),
    links: [],
    listed: [],
  };
  const realOf = realPaths();
  for (const root of roots) {
    walkDir(w, root, makeFilter(root, globalExclude), '', realOf(root.liveDir));
    w.claimed.add(root.liveDir);
    w.claimedIn.add(root.liveDir.slice(0, root.liveDir.lastIndexOf(path.sep)));
  }
  w.progress.end();
  // A folder the last scan saw but this one did not (a root that is no longer synced); other
  // filters (or a cache an older memsync saved), to be saved for the next scan.
  if (!w.changed)
    w.changed = previous.filters !== filters || Object.keys(previous.dirs).some((d) => !(d in w.cache.dirs));
  // A sync with nothing to do never asks for the files: at 20,000 files, building the map costs more than the stats.
  let files: Map<string, LiveFile> | undefined;
  const { listed, localOnly, cache, changed, hashed, unreadable, links } = w;
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
    links,
  };
}

/** One scan's running tallies. */
interface Walk {
  previous: ScanCache;
  cache: ScanCache & Required<Pick<ScanCache, 'stamps' | 'real'>>;
  /**
   * The files git found changed since the live index matched `previous` (liveIndex.ts); the rest
   * keep their fingerprint unstat'ed. Null: every file is stat'ed.
   */
  dirty: ReadonlySet<string> | null;
  /** The folders `previous` knew, by parent (for folders not listed again). */
  children: Map<string, string[]> | null;
  now: number;
  changed: boolean;
  hashed: number;
  /** Files found so far, and the line that shows it on a long scan. */
  seen: number;
  progress: Progress;
  /** Folders of roots already walked: a nested root (longer prefix) owns its own folder. */
  claimed: Set<string>;
  /** The folders that hold those (a file's path is looked up only there: hashing 20,000 long paths costs). */
  claimedIn: Set<string>;
  localOnly: Map<string, string>;
  unreadable: Map<string, string>;
  links: string[];
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

/** One folder being walked. */
interface Folder {
  root: Root;
  filter: ReturnType<typeof makeFilter>;
  relDir: string;
  abs: string;
  real: string;
  /** The last scan's fingerprints here. */
  before: Record<string, Fingerprint>;
  /** Whether git's answer covers this folder's files (the live index holds them under `real`). */
  trust: boolean;
  /** Whether a root is nested in this folder. */
  claims: boolean;
  names: string[];
  fps: Fingerprint[];
  same: boolean;
  kept: number;
  found: Listed;
}

function walkDir(w: Walk, root: Root, filter: ReturnType<typeof makeFilter>, relDir: string, real: string): void {
  const abs = relDir ? path.join(root.liveDir, relDir) : root.liveDir;
  const trust = trusted(w, abs, real);
  const listing = listDir(w, root, relDir, abs, trust);
  if (!listing) return;
  if (real !== abs) w.cache.real[abs] = real;
  if (w.previous.real?.[abs] !== w.cache.real[abs]) w.changed = true;
  const before = w.previous.files[abs] ?? {};
  const claims = w.claimedIn.has(abs);
  const found = run(w, { root, relDir, abs });
  const f: Folder = {
    root,
    filter,
    relDir,
    abs,
    real,
    before,
    trust,
    claims,
    names: [],
    fps: [],
    same: true,
    kept: 0,
    found,
  };
  if (listing === SAME) {
    const noneDirty = w.dirty!.size === 0;
    for (const name in before) {
      const old = before[name]!;
      // Listed and read by a scan with these filters, and git saw no change: as it was.
      if (old[4] && (noneDirty || !w.dirty!.has(`${real}/${name}`))) keep(w, f, name, old);
      else addFile(w, f, name);
    }
    for (const name of childrenOf(w, abs)) addDir(w, f, name);
  } else
    for (const e of listing) {
      if (e.isDirectory()) addDir(w, f, e.name);
      else if (e.isFile()) addFile(w, f, e.name);
      else if (e.isSymbolicLink()) addLink(w, f, e.name);
    }
  // A file the last scan saw is gone.
  if (f.kept !== Object.keys(before).length) {
    w.changed = true;
    f.same = false;
  }
  w.seen += f.names.length;
  w.progress.tick(w.seen);
  if (!f.names.length) return;
  if (f.same) w.cache.files[abs] = before;
  else {
    const here: Record<string, Fingerprint> = {};
    for (let i = 0; i < f.names.length; i++) here[f.names[i]!] = f.fps[i]!;
    w.cache.files[abs] = here;
  }
}

/** Whether git's answer covers a folder's files: the live index holds them under its real path. */
function trusted(w: Walk, abs: string, real: string): boolean {
  return w.dirty !== null && (w.previous.real?.[abs] ?? abs) === real;
}

/** A new run of found files (what follows a subfolder comes after that folder's files). */
function run(w: Walk, f: Pick<Folder, 'root' | 'relDir' | 'abs'>): Listed {
  const r: Listed = { root: f.root, relDir: f.relDir, abs: f.abs, names: [], hashes: [] };
  w.listed.push(r);
  return r;
}

function addDir(w: Walk, f: Folder, name: string): void {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  if (!f.filter.mayContain(rel) || (f.claims && w.claimed.has(`${f.abs}${path.sep}${name}`))) return;
  walkDir(w, f.root, f.filter, rel, `${f.real}/${name}`);
  f.found = run(w, f);
}

function addFile(w: Walk, f: Folder, name: string): void {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  const livePath = `${f.abs}${path.sep}${name}`;
  if (!f.filter.includes(rel) || (f.claims && w.claimed.has(livePath))) return;
  const old = f.before[name];
  const fp =
    f.trust && old?.[4] && !w.dirty!.has(`${f.real}/${name}`)
      ? old
      : scanFile(w, livePath, old, () => f.root.repoPrefix + rel);
  if (!fp) {
    // Listed but not kept (unreadable, or gone): the folder is listed again next time.
    delete w.cache.stamps[f.abs];
    return;
  }
  // A file changed within the racy window is read again next time.
  const racy = w.now - fp[1] <= RACY_MS || w.now - fp[2] <= RACY_MS;
  keep(w, f, name, fp, racy ? (fp[5] ? [fp[0], fp[1], fp[2], fp[3], '', 1] : [fp[0], fp[1], fp[2], fp[3], '']) : fp);
}

/** A link where a synced file or folder could be: named each time (its folder is listed again next scan). */
function addLink(w: Walk, f: Folder, name: string): void {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  if (
    !(f.filter.includes(rel) || f.filter.mayContain(rel)) ||
    (f.claims && w.claimed.has(`${f.abs}${path.sep}${name}`))
  )
    return;
  w.links.push(f.root.repoPrefix + rel);
  delete w.cache.stamps[f.abs];
}

/** A file found, with its fingerprint and what the cache keeps of it (no content id if racy). */
function keep(w: Walk, f: Folder, name: string, fp: Fingerprint, cached = fp): void {
  const old = f.before[name];
  f.names.push(name);
  f.fps.push(cached);
  if (cached !== old) f.same = false;
  if (old !== undefined) f.kept++;
  if (fp[5])
    w.localOnly.set(f.root.repoPrefix + (f.relDir ? `${f.relDir}/${name}` : name), `${f.abs}${path.sep}${name}`);
  else {
    f.found.names.push(name);
    f.found.hashes.push(fp[4]);
  }
}

/** The subfolders the last scan walked in a folder it saw as it is now. */
function childrenOf(w: Walk, abs: string): string[] {
  if (!w.children) {
    w.children = new Map();
    for (const [d, mtime] of Object.entries(w.previous.dirs)) {
      if (mtime === -1) continue;
      const at = d.lastIndexOf(path.sep);
      const parent = d.slice(0, at);
      const list = w.children.get(parent);
      if (list) list.push(d.slice(at + 1));
      else w.children.set(parent, [d.slice(at + 1)]);
    }
  }
  return w.children.get(abs) ?? [];
}

/** A folder whose stamp is as in the last scan: its names are the last scan's. */
const SAME = 'same';

/**
 * A folder's entries, its mtime noted (SAME when git's answer covers it and the folder is as the
 * last scan saw it); null when it is missing or cannot be listed.
 */
function listDir(w: Walk, root: Root, relDir: string, abs: string, trust: boolean): fs.Dirent[] | typeof SAME | null {
  let entries: fs.Dirent[];
  try {
    // Most projects have no local agent memory folder: no exception thrown (and collected) for each.
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return missingDir(w, abs);
    w.cache.dirs[abs] = st.mtimeMs;
    if (w.previous.dirs[abs] !== st.mtimeMs) w.changed = true;
    // Taken before listing; not kept while a name could still be added within the same tick.
    const stamp = `${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    if (w.now - st.mtimeMs > RACY_MS && w.now - st.ctimeMs > RACY_MS) w.cache.stamps[abs] = stamp;
    // A stamp gained (a folder no longer racy) or lost is saved, or every later scan lists the folder.
    if (w.previous.stamps?.[abs] !== w.cache.stamps[abs]) w.changed = true;
    if (trust && w.previous.stamps?.[abs] === stamp) return SAME;
    entries = fs.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    if (isMissing(e)) return missingDir(w, abs);
    delete w.cache.stamps[abs];
    // Not gone: unreadable. What it holds takes no part (never read as deleted).
    w.unreadable.set(root.repoPrefix + (relDir ? `${relDir}/` : ''), errorCode(e));
    // Its own mtime when it can be stat'ed, so the Stop hook does not see a change each time.
    w.cache.dirs[abs] ??= UNREADABLE;
    w.changed = true;
    return null;
  }
  return entries;
}

function missingDir(w: Walk, abs: string): null {
  delete w.cache.stamps[abs];
  w.cache.dirs[abs] = -1;
  if (w.previous.dirs[abs] !== -1) w.changed = true;
  return null;
}

/**
 * Real paths (the live index holds real paths), one component at a time: most roots share their
 * parents, and realpath for each of 200 roots costs more than the scan of 2,000 files. A path
 * that cannot be told stays as it is (the live index then reports its files as changed).
 */
function realPaths(): (dir: string) => string {
  const memo = new Map<string, string>();
  const realOf = (dir: string): string => {
    let real = memo.get(dir);
    if (real !== undefined) return real;
    const parent = path.dirname(dir);
    if (parent === dir) real = dir;
    else if (fs.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) real = realpathOr(dir);
    else real = path.join(realOf(parent), path.basename(dir));
    memo.set(dir, real);
    return real;
  };
  return realOf;
}

function realpathOr(dir: string): string {
  try {
    return fs.realpathSync.native(dir);
  } catch {
    return dir;
  }
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

/** What a live path holds: its content (null = absent); `folder`: the files of a folder found there. */
export interface LiveRead {
  ok: boolean;
  content: Buffer | null;
  folder?: string[];
}

/**
 * Reads a live file and checks it still holds `expected` (null = absent): the compare in
 * compare-and-swap. A folder holding no files reads as absent (a file may take its place).
 */
export function readIfUnchanged(livePath: string, expected: string | null): LiveRead {
  let content: Buffer | null;
  try {
    content = fs.readFileSync(livePath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') {
      const folder = filesUnder(livePath);
      if (folder && !folder.length) return { ok: expected === null, content: null };
      return { ok: false, content: null, folder: folder ?? undefined };
    }
    if (code !== 'ENOENT') return { ok: false, content: null };
    content = null;
  }
  const actual = content === null ? null : blobHash(content);
  return { ok: actual === expected, content };
}
