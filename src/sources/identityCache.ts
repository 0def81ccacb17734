/**
 * Project identities from `origin`, remembered between syncs (`state/identities.json`) with a stat of
 * every file they were read from: `.git` (a folder, or a `gitdir:` file), the `commondir` file that
 * moves a worktree's shared folder, `config.worktree` and `config`. An entry counts only while each
 * stat is as recorded (inode, size, mtime and ctime); anything else, a missing or damaged file
 * included, reads the repository again. A sync at thousands of projects then stats instead of reading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import {
  memoryRootIn,
  memoryRootOf,
  normalizeRemoteUrl,
  originConfigFiles,
  originUrlIn,
  resolveGitDirs,
  sanitizeIdentity,
  type GitDirs,
} from './identity.ts';

interface Entry {
  id: string;
  /** Only where they are not the plain `<root>/.git`. */
  gitDir?: string;
  commonDir?: string;
  stamps: string[];
}

export interface IdentityRecord {
  version: 1;
  entries: Record<string, Entry>;
}

export interface IdentityCache {
  /** The identity from `origin` of the work tree at `gitRoot`, or null when it has no usable one. */
  origin(gitRoot: string): string | null;
  /** The folder Claude Code files the memory of `gitRoot` under (identity.ts memoryRootOf). */
  main(gitRoot: string): string;
  /** The entries of the projects looked up (the others are dropped), and whether they differ from those loaded. */
  result(): { record: IdentityRecord; changed: boolean };
}

/**
 * A file changed this recently may change again within the same timestamp tick, so its stat does not
 * vouch for its content (git's "racy" entries); a clock put back makes every file look recent.
 */
const RACY_MS = 2000;

/** What a stat tells of a file ('-' missing); a folder by its inode alone, as every git command moves its mtime. */
function stampOf(p: string, now: number): { stamp: string; recent: boolean } {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return { stamp: '-', recent: false };
  if (st.isDirectory()) return { stamp: `d${st.ino}`, recent: false };
  const recent = Math.max(st.mtimeMs, st.ctimeMs) > now - RACY_MS;
  return { stamp: `f${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`, recent };
}

/** The files after `.git` an identity is read from. */
const watched = (dirs: GitDirs) => [path.join(dirs.gitDir, 'commondir'), ...originConfigFiles(dirs)];

function dirsOf(root: string, e: Entry): GitDirs {
  const gitDir = e.gitDir ?? path.join(root, '.git');
  return { gitDir, commonDir: e.commonDir ?? gitDir };
}

const isEntry = (e: unknown): e is Entry => {
  const o = e as Entry;
  return (
    !!o &&
    typeof o.id === 'string' &&
    sanitizeIdentity(o.id) === o.id &&
    (o.gitDir === undefined || typeof o.gitDir === 'string') &&
    (o.commonDir === undefined || typeof o.commonDir === 'string') &&
    Array.isArray(o.stamps) &&
    o.stamps.length === 4 &&
    o.stamps.every((s) => typeof s === 'string')
  );
};

/** The cache over `loaded` (null: nothing remembered, every identity is read). */
export function identityCache(loaded: IdentityRecord | null): IdentityCache {
  const old = loaded?.entries ?? {};
  const next: Record<string, Entry> = {};
  const mains = new Map<string, string>();
  let changed = false;
  const fresh = (root: string, e: Entry, now: number) => {
    const dirs = dirsOf(root, e);
    const files = [path.join(root, '.git'), ...watched(dirs)];
    return files.every((f, i) => stampOf(f, now).stamp === e.stamps[i]) ? dirs : null;
  };
  return {
    origin(root) {
      const now = Date.now();
      const e = Object.hasOwn(old, root) && isEntry(old[root]) ? old[root] : undefined;
      const kept = e && fresh(root, e, now);
      if (e && kept) {
        next[root] = e;
        mains.set(root, memoryRootIn(root, kept));
        return e.id;
      }
      changed = true;
      const read = readIdentity(root, now);
      if (read?.entry) next[root] = read.entry;
      if (read) mains.set(root, memoryRootIn(root, read.dirs));
      return read?.id ?? null;
    },
    main: (root) => mains.get(root) ?? memoryRootOf(root),
    result: () => ({
      record: { version: 1, entries: next },
      changed: changed || Object.keys(old).some((k) => !Object.hasOwn(next, k)),
    }),
  };
}

/** The slow way: each stat taken before its file is read, so a change in between shows next time. */
function readIdentity(root: string, now: number): { id: string | null; dirs: GitDirs; entry?: Entry } | null {
  const dotGit = stampOf(path.join(root, '.git'), now);
  const dirs = resolveGitDirs(root);
  if (!dirs) return null;
  const stamps = [dotGit, ...watched(dirs).map((f) => stampOf(f, now))];
  const url = originUrlIn(dirs);
  const id = url === null ? null : normalizeRemoteUrl(url);
  if (id === null || stamps.some((s) => s.recent)) return { id, dirs };
  const plain = path.join(root, '.git');
  const entry: Entry = {
    id,
    ...(dirs.gitDir !== plain ? { gitDir: dirs.gitDir } : {}),
    ...(dirs.commonDir !== dirs.gitDir ? { commonDir: dirs.commonDir } : {}),
    stamps: stamps.map((s) => s.stamp),
  };
  return { id, dirs, entry };
}

const recordFile = (home: string) => path.join(home, 'state', 'identities.json');

/** The record the last sync saved; null when missing or damaged (every identity is then read again). */
export function loadIdentityRecord(home: string): IdentityRecord | null {
  try {
    const v = JSON.parse(fs.readFileSync(recordFile(home), 'utf8')) as IdentityRecord;
    if (v && v.version === 1 && v.entries && typeof v.entries === 'object' && !Array.isArray(v.entries)) return v;
  } catch {
    /* missing or damaged */
  }
  return null;
}

export function saveIdentityRecord(home: string, record: IdentityRecord): void {
  const target = recordFile(home);
  ensureDir(path.dirname(target), 'the state folder');
  // No fsync: a lost record costs reading each project's config again, never a wrong identity.
  checkedWrite(target, JSON.stringify(record), { fsync: false, what: 'the record of project identities' });
}
