/**
 * better-sqlite3's `db.transaction(fn)` for backends without it: BEGIN (DEFERRED or IMMEDIATE),
 * COMMIT, ROLLBACK when `fn` throws; a nested call is a savepoint, as in better-sqlite3.
 */
import type { Database } from './types.ts';

export function transactionOf(db: Pick<Database, 'exec'>): Database['transaction'] {
  let depth = 0;
  return <F extends (...a: never[]) => unknown>(fn: F) => {
    const run = (begin: string) =>
      ((...args: Parameters<F>) => {
        const savepoint = depth > 0 ? `memsync_tx_${depth}` : null;
        db.exec(savepoint ? `SAVEPOINT ${savepoint}` : begin);
        depth++;
        try {
          const out = fn(...args);
          db.exec(savepoint ? `RELEASE ${savepoint}` : 'COMMIT');
          return out;
        } catch (e) {
          if (!savepoint) db.exec('ROLLBACK');
          else for (const sql of [`ROLLBACK TO ${savepoint}`, `RELEASE ${savepoint}`]) db.exec(sql);
          throw e;
        } finally {
          depth--;
        }
      }) as F;
    return Object.assign(run('BEGIN'), { deferred: run('BEGIN DEFERRED'), immediate: run('BEGIN IMMEDIATE') });
  };
}
