/**
 * A copy of the live database in the backups folder, taken before a choice drops rows from it
 * (a resolution, confirmed deletions, a restore), and the one line that says what is dropped and
 * how to get it back (`memsync backup restore FILE.db`).
 */
import path from 'node:path';
import { tmpDir } from '../machine/context.ts';
import type { DroppedRows } from './report.ts';
import type { DbEffects } from './effects.ts';
import { snapshotFile } from './dbFile.ts';

/** Saves a consistent snapshot of the live database as MEMSYNC_HOME/backups/claude-mem-before-<what>-<time>.db. */
export function saveLiveDatabase(home: string, dbPath: string, fx: DbEffects, what: string): string {
  const file = backupFile(home, what);
  fx.saveBackup(file, () => snapshotFile(dbPath, tmpDir(home)));
  return file;
}

/** Keeps a database snapshot in the backups folder (MEMSYNC_HOME `home`); returns its path. */
export function saveDatabase(home: string, fx: DbEffects, what: string, content: Buffer): string {
  const file = backupFile(home, what);
  fx.saveBackup(file, () => content);
  return file;
}

function backupFile(home: string, what: string): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '');
  return path.join(home, 'backups', `claude-mem-before-${what}-${stamp}.db`);
}

/** Rows per table, as "2 observations, 1 user_prompts". */
export function perTable(tables: Readonly<Record<string, number>>): string {
  return Object.entries(tables)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
}

/** Saves the live database before a row merge drops rows; the note naming the copy and the counts. */
export function saveBeforeDrop(home: string, dbPath: string, fx: DbEffects, d: DroppedRows): string {
  const file = saveLiveDatabase(home, dbPath, fx, d.reason.replace(/^--/, ''));
  const parts: string[] = [];
  const here = perTable(d.here);
  if (here) parts.push(`replaces this machine's version of ${here} rows with the remote's`);
  if (Object.keys(d.remote).length) {
    const verb = d.reason === '--confirm-deletes' ? 'deletes' : "replaces the remote's version of";
    const tables = Object.keys(d.remote)
      .map((t) => `claude-mem/${t}.jsonl`)
      .join(', ');
    parts.push(`${verb} ${perTable(d.remote)} rows on the remote (its history keeps them: memsync log ${tables})`);
  }
  const back = `memsync backup restore ${file} --strategy merge; --strategy overwrite returns to it whole`;
  const saved = `the database as it was is saved as ${file} (to get rows back: ${back})`;
  return `claude-mem: ${d.reason} ${parts.join('; ')}; ${saved}`;
}
