/**
 * Whether a SQLite backend is at hand, told from the Node version and a few stats, without loading
 * any: SessionStart's short way must not load SQLite. A true answer is certain; false only means
 * the full probe (sqlite.ts) must tell, as better-sqlite3 can be told only by loading it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function sqliteAtHand(env: NodeJS.ProcessEnv): boolean {
  const forced = env.MEMSYNC_SQLITE?.trim();
  if (forced === 'node') return nodeHasSqlite(env);
  if (forced === 'bun') return findBun(env) !== null;
  if (forced) return false;
  return nodeHasSqlite(env) || findBun(env) !== null;
}

/** node:sqlite with all memsync uses of it: Node 22.16 or later, not turned off by a flag. */
function nodeHasSqlite(env: NodeJS.ProcessEnv): boolean {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const off = [...process.execArgv, env.NODE_OPTIONS ?? ''].some((a) => a.includes('--no-experimental-sqlite'));
  return (major > 22 || (major === 22 && minor >= 16)) && !off;
}

/** `bun` on PATH, else where Bun's installer (and claude-mem's) puts it. */
export function findBun(env: NodeJS.ProcessEnv): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  dirs.push(path.join(env.HOME || os.homedir(), '.bun', 'bin'));
  for (const dir of dirs) {
    const file = path.join(dir, 'bun');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* not here */
    }
  }
  return null;
}
