import fs from 'node:fs';
import path from 'node:path';
import { gitEnv, runGit } from '../store/gitRun.ts';
import { stateDir } from './state.ts';
import type { Fingerprint, ScanCache } from './scanCacheFile.ts';

/*
 * A git index of the live memory files, kept beside the scan cache. `git diff-files` checks the
 * stat of every file in C, on another core, while the sync starts: at 20,000 files that is a few
 * milliseconds where lstat-ing each from Node costs about 40. The index only says which files may
 * have changed; what they hold is still the scan cache's. A file git has no up-to-date entry for
 * is reported, never passed over: an entry is the content id the scan read, with no stat, until
 * `git update-index --refresh` has read the file again and found that same content.
 */

const gitDir = (home: string) => path.join(stateDir(home), 'live.git');
const indexFile = (home: string) => path.join(stateDir(home), 'live-index');
/**
 * The user's git config is not read (fsmonitor, split index and the like change what git reports),
 * and paths are taken byte for byte (macOS git may otherwise recompose the names it is given).
 */
const CONFIG = ['fsmonitor=false', 'untrackedCache=false', 'splitIndex=false', 'precomposeUnicode=false'].flatMap(
  (c) => ['-c', `core.${c}`],
);
/** No network: a check slower than this (a hung file system) only means the scan stats every file itself. */
const CHECK_MS = 5_000;
const UPDATE_MS = 60_000;

function env(home: string): NodeJS.ProcessEnv {
  return {
    ...plainEnv(),
    GIT_DIR: gitDir(home),
    GIT_INDEX_FILE: indexFile(home),
    // Paths in the index are absolute ones without the leading slash.
    GIT_WORK_TREE: '/',
    GIT_OPTIONAL_LOCKS: '0',
  };
}

const plainEnv = () => gitEnv('memsync', { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });

/** The index file as the scan cache records it: it matches only the index that cache was saved with. */
function identity(home: string): string | null {
  try {
    const st = fs.statSync(indexFile(home));
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return null;
  }
}

export interface LiveCheck {
  /** Whether the index is the one `cache` was saved with (then it is brought up to date, not built again). */
  matches(cache: ScanCache): boolean;
  /** Files that may have changed since (real absolute paths), or null: stat them all. */
  dirty(cache: ScanCache): Promise<Set<string> | null>;
}

/** Starts `git diff-files` at once; the scan asks for its answer when it runs. */
export function startLiveCheck(home: string): LiveCheck {
  const id = identity(home);
  const answer: Promise<Set<string> | null> =
    id === null
      ? Promise.resolve(null)
      : runGit([...CONFIG, 'diff-files', '--name-only', '-z'], { env: env(home), cwd: '/', timeoutMs: CHECK_MS })
          // Any complaint (a file it could not lstat) and the scan looks at everything itself.
          .then((r) => (r.stderr ? null : new Set(paths(r.stdout))))
          .catch(() => null);
  const matches = (cache: ScanCache) => id !== null && cache.liveIndex === id;
  return {
    matches,
    // A dry run holds no lock: an index a sync rewrote meanwhile answers for another cache.
    dirty: async (cache) => (matches(cache) && (await answer) && identity(home) === id ? answer : null),
  };
}

function paths(out: Buffer): string[] {
  const text = out.toString('utf8');
  return text
    ? text
        .split('\0')
        .filter(Boolean)
        .map((p) => `/${p}`)
    : [];
}

/**
 * Brings the index in line with the cache about to be saved and returns its identity for it, or
 * undefined when it could not (then the next scan stats every file). `indexed` is the cache the
 * index matched (null: unknown, so it is built again from all of `cache`).
 */
export async function updateLiveIndex(
  home: string,
  cache: ScanCache,
  indexed: ScanCache | null,
): Promise<string | undefined> {
  try {
    const fresh = !indexed || identity(home) === null;
    if (fresh) {
      fs.rmSync(indexFile(home), { force: true });
      if (!fs.existsSync(path.join(gitDir(home), 'HEAD')))
        await runGit(['init', '--quiet', '--bare', gitDir(home)], { env: plainEnv() });
    }
    const lines = fresh ? allLines(cache) : changedLines(cache, indexed!);
    if (lines.length) {
      const opts = { env: env(home), cwd: '/', timeoutMs: UPDATE_MS };
      const set = await runGit([...CONFIG, 'update-index', '-z', '--index-info'], { ...opts, input: lines.join('') });
      // A path git will not hold (a `.git` folder in it) is dropped with a warning: it would never be reported.
      if (set.stderr) return undefined;
      // Reads the files given without stat and keeps their stat where the content is the scan's.
      await runGit([...CONFIG, 'update-index', '-q', '--refresh'], { ...opts, okCodes: [1] });
    }
  } catch {
    return undefined;
  }
  return identity(home) ?? undefined;
}

const NO_ID = '0'.repeat(40);
/** A folder's real path (the index holds no path through a symbolic link: git would take it for gone). */
const realOf = (cache: ScanCache, dir: string) => cache.real?.[dir] ?? dir;
const entry = (real: string, name: string, fp: Fingerprint) => `100644 ${fp[4]}\t${real.slice(1)}/${name}\0`;
const removal = (real: string, name: string) => `0 ${NO_ID}\t${real.slice(1)}/${name}\0`;

/** Entries for every file the cache knows the content of. */
function allLines(cache: ScanCache): string[] {
  const out: string[] = [];
  for (const [dir, names] of Object.entries(cache.files)) {
    const real = realOf(cache, dir);
    for (const [name, fp] of Object.entries(names)) if (fp[4]) out.push(entry(real, name, fp));
  }
  return out;
}

/**
 * What changed between the cache the index matched and the new one (a folder now elsewhere: all
 * of it). Removals come first (a file that became a folder, or the reverse, is never both), and
 * none of a path some folder still holds (two folders with one real path).
 */
function changedLines(cache: ScanCache, indexed: ScanCache): string[] {
  const added: string[] = [];
  const gone: [string, string][] = [];
  for (const [dir, names] of Object.entries(cache.files)) {
    const before = indexed.files[dir] ?? {};
    const real = realOf(cache, dir);
    const was = realOf(indexed, dir);
    if (names === before && real === was) continue;
    const moved = real !== was;
    for (const [name, fp] of Object.entries(names))
      if (fp[4] && (moved || fp !== before[name])) added.push(entry(real, name, fp));
    for (const name of Object.keys(before)) if (moved || !(name in names)) gone.push([was, name]);
  }
  for (const [dir, names] of Object.entries(indexed.files))
    if (!(dir in cache.files)) for (const name of Object.keys(names)) gone.push([realOf(indexed, dir), name]);
  if (!gone.length) return added;
  const held = new Set<string>();
  for (const [dir, names] of Object.entries(cache.files))
    for (const [name, fp] of Object.entries(names)) if (fp[4]) held.add(`${realOf(cache, dir)}/${name}`);
  return [...gone.filter(([real, name]) => !held.has(`${real}/${name}`)).map(([r, n]) => removal(r, n)), ...added];
}
