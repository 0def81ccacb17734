// The scan cache on disk: a JSON header line, then one line per folder, its path as a JSON string,
// a tab, and [mtime, files, stamp, real] as JSON (null: none). A hook that looks at a few folders
// (a session's project) then parses only their lines, not every fingerprint of every project:
// JSON never holds a raw tab, so the first one ends the path.

/** 3: one line per folder (2 was one JSON object). */
export const CACHE_VERSION = 3;

/** size, mtime, ctime, inode, content id ('' when the content must be read again), 1 if local-only. */
export type Fingerprint = [size: number, mtimeMs: number, ctimeMs: number, ino: number, hash: string, localOnly?: 1];

/**
 * What the live folders looked like at the last scan. A sync uses it to hash only files whose
 * stat moved; the Stop hook uses it to tell, by stat alone, whether anything may have changed
 * (a file added or removed changes its folder's mtime, an edit changes the file's).
 */
export interface ScanCache {
  version: typeof CACHE_VERSION;
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

type Line = [mtime: number | null, files: ScanCache['files'][string] | null, stamp: string | null, real: string | null];

export function serializeCache(cache: ScanCache): string {
  const { dirs, files, stamps = {}, real = {} } = cache;
  const all = new Set([...Object.keys(dirs), ...Object.keys(files), ...Object.keys(stamps), ...Object.keys(real)]);
  // The count of folder lines: a file cut at a line's end is not taken for a smaller cache.
  const header = { version: cache.version, seq: cache.seq, filters: cache.filters, liveIndex: cache.liveIndex };
  const out = [JSON.stringify({ ...header, folders: all.size })];
  for (const dir of all) {
    const line: Line = [dirs[dir] ?? null, files[dir] ?? null, stamps[dir] ?? null, real[dir] ?? null];
    out.push(`${JSON.stringify(dir)}\t${JSON.stringify(line)}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The cache in `text`, with only the folders `keep` accepts (all without it); null when it is not
 * a whole cache of this version (a lost or damaged cache costs hashing time, never correctness).
 */
export function parseCache(text: string, version: number, keep?: (dir: string) => boolean): ScanCache | null {
  // A cache cut short (a crash, a full disk) ends without its last newline.
  if (!text.endsWith('\n')) return null;
  try {
    const lines = text.split('\n');
    const { folders, ...header } = JSON.parse(lines[0]!) as Partial<ScanCache> & { folders?: number };
    if (header.version !== version || folders !== lines.length - 2) return null;
    const cache: ScanCache = { ...header, version: header.version, dirs: {}, files: {}, stamps: {}, real: {} };
    for (let i = 1; i < lines.length - 1; i++) {
      const line = lines[i]!;
      const tab = line.indexOf('\t');
      const dir = JSON.parse(line.slice(0, tab)) as string;
      if (keep && !keep(dir)) continue;
      const [mtime, files, stamp, real] = JSON.parse(line.slice(tab + 1)) as Line;
      if (mtime !== null) cache.dirs[dir] = mtime;
      if (files !== null) cache.files[dir] = files;
      if (stamp !== null) cache.stamps![dir] = stamp;
      if (real !== null) cache.real![dir] = real;
    }
    return cache;
  } catch {
    return null;
  }
}
