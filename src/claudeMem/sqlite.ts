/**
 * better-sqlite3, loaded only when claude-mem's database is synced: it is a native module, kept out
 * of the bundle (scripts/build.mjs), so every other command works where it is not installed.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { MemsyncError } from '../errors.ts';

export type Database = BetterSqlite3.Database;
type Constructor = typeof BetterSqlite3;

let loaded: Constructor | undefined;

export function sqlite(): Constructor {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('better-sqlite3') as Constructor;
    return loaded;
  } catch (e) {
    throw new MemsyncError(
      `syncing claude-mem's database needs the better-sqlite3 module, which could not be loaded (${(e as Error).message.split('\n')[0]})`,
      1,
      'run npm install in memsync\'s folder, or set sources.claudeMem.enabled to false',
    );
  }
}
