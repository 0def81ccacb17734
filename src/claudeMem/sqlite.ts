/**
 * SQLite through whatever this machine has, behind the subset of better-sqlite3's API memsync uses:
 * Node's built-in `node:sqlite` (Node 22.16 and later), better-sqlite3 when it is installed (a native
 * module: Claude Code's plugin install never builds it), or Bun's SQLite in a `bun` subprocess.
 * `MEMSYNC_SQLITE=node|better-sqlite3|bun` forces one (the tests run the claude-mem suite on each).
 * Loaded only when claude-mem's database is synced, so every other command works without any.
 */
import { MemsyncError } from '../errors.ts';
import { betterSqlite } from './sqlite/better.ts';
import { bunSqlite } from './sqlite/bun.ts';
import { nodeSqlite } from './sqlite/node.ts';
import { BACKENDS, type Backend, type BackendName, type Database, type OpenOptions } from './sqlite/types.ts';

export type { Database, Statement } from './sqlite/types.ts';

/** Each backend: the backend, or why this machine cannot use it (one short clause). */
const PROBES: Record<BackendName, () => Backend | string> = {
  node: nodeSqlite,
  'better-sqlite3': betterSqlite,
  bun: bunSqlite,
};

let chosen: Backend | MemsyncError | undefined;

/** The backend this process uses, or the one-line error saying what is missing and what to install. */
export function sqliteBackend(env: NodeJS.ProcessEnv = process.env): Backend {
  chosen ??= choose(env);
  if (chosen instanceof MemsyncError) throw chosen;
  return chosen;
}

/** Like `sqliteBackend`, for status and doctor: the backend's name, or the error's message and hint. */
export function sqliteAvailability(
  env: NodeJS.ProcessEnv = process.env,
): { name: BackendName } | { missing: string; hint: string } {
  try {
    return { name: sqliteBackend(env).name };
  } catch (e) {
    const err = e as MemsyncError;
    return { missing: err.message, hint: err.hint ?? '' };
  }
}

function choose(env: NodeJS.ProcessEnv): Backend | MemsyncError {
  const forced = env.MEMSYNC_SQLITE?.trim();
  if (forced) {
    if (!(BACKENDS as readonly string[]).includes(forced)) {
      return new MemsyncError(
        `MEMSYNC_SQLITE is "${forced}", not one of ${BACKENDS.join(', ')}`,
        'usage',
        'unset it to let memsync choose',
      );
    }
    const b = PROBES[forced as BackendName]();
    if (typeof b !== 'string') return b;
    return new MemsyncError(
      `claude-mem's database cannot be opened with ${forced} (MEMSYNC_SQLITE): ${b}`,
      'failure',
      'unset MEMSYNC_SQLITE to let memsync choose',
    );
  }
  const why: string[] = [];
  for (const name of BACKENDS) {
    const b = PROBES[name]();
    if (typeof b !== 'string') return b;
    why.push(b);
  }
  return new MemsyncError(
    `no SQLite memsync can use on this machine (${why.join('; ')})`,
    'failure',
    'install Node.js 22.16 or later (its SQLite is built in), or Bun (https://bun.sh), or set ' +
      'sources.claudeMem.enabled to false',
  );
}

/** Opens a database file with this process's backend (errors as SQLite words them). */
export function openSqlite(file: string, opts: OpenOptions = {}): Database {
  return sqliteBackend().open(file, opts);
}
