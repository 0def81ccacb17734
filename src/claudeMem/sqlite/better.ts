/**
 * better-sqlite3, when it is installed and built for this Node (an npm checkout; Claude Code's plugin
 * install runs no install scripts, so there it is never built). Its API is the one memsync's code uses.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { Backend, Database } from './types.ts';

export function betterSqlite(): Backend | string {
  let Sqlite: typeof BetterSqlite3;
  try {
    Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
    // Loading the module does not load its native part: opening a database does.
    new Sqlite(':memory:').close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'MODULE_NOT_FOUND'
      ? 'better-sqlite3 is not installed'
      : `better-sqlite3 does not load (${(e as Error).message.split('\n')[0]})`;
  }
  return {
    name: 'better-sqlite3',
    open: (file, opts) => new Sqlite(file, opts) as unknown as Database,
  };
}
