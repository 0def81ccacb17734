/**
 * claude-mem's database in backups: a consistent snapshot goes in; a restore writes it back
 * through SQLite (the backup API, or a row merge), never by copying over the live file.
 */
import fs from 'node:fs';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import { emptyDbReport } from './report.ts';
import { mergeDatabase } from './mergeDatabase.ts';
import { snapshotFile, withSnapshot } from './dbFile.ts';
import type { DbEffects } from './effects.ts';
import { rowsOnlyIn } from './dropped.ts';
import { perTable, saveLiveDatabase } from './savedCopy.ts';
import { tableBytes } from './rows.ts';
import { openDatabase, readSnapshot } from './snapshot.ts';

export const DB_NAME = 'claude-mem';

/** A snapshot of the live database, or null when it is not synced here or does not exist. */
export function databaseForBackup(ctx: Context): Buffer | null {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled || !fs.existsSync(cfg.path)) return null;
  return snapshotFile(cfg.path, tmpDir(ctx.home));
}

export type DbStrategy = 'skip' | 'overwrite' | 'merge';

export interface DbRestore {
  action: 'created' | 'overwritten' | 'merged' | 'skipped';
  /** Rows added or changed by a merge. */
  rows?: number;
  /** Where the live database was saved before an overwrite. */
  savedAs?: string;
  note: string;
}

/**
 * Writes a backup's database into the live one. skip: only when there is none; overwrite: the
 * backup replaces it through SQLite's backup API after the live one is saved beside the backups;
 * merge: rows the live database lacks are added, rows it has stay as they are.
 */
export async function restoreDatabase(
  ctx: Context,
  snapshot: Buffer,
  strategy: DbStrategy,
  fx: DbEffects,
): Promise<DbRestore> {
  const cfg = ctx.settings.sources.claudeMem;
  const tmp = tmpDir(ctx.home);
  if (!fs.existsSync(cfg.path)) {
    await fx.replaceDatabase(cfg.path, snapshot);
    return { action: 'created', note: `claude-mem database ${fx.said('created', 'would be created')} at ${cfg.path}` };
  }
  if (strategy === 'skip')
    return {
      action: 'skipped',
      note: `claude-mem database kept as it is (${cfg.path} exists; --strategy merge adds the backup's rows)`,
    };
  if (strategy === 'overwrite') {
    const dropped = perTable(rowsOnlyIn(snapshotFile(cfg.path, tmp), snapshot, tmp)) || 'no';
    const savedAs = saveLiveDatabase(ctx.home, cfg.path, fx, 'restore');
    await fx.replaceDatabase(cfg.path, snapshot);
    const did = fx.said('replaced', 'would be replaced');
    const saved = `the one it held ${fx.said('was', 'would be')} saved as ${savedAs}`;
    const back = `memsync backup restore ${savedAs} --strategy merge brings them back`;
    return {
      action: 'overwritten',
      savedAs,
      note: `claude-mem database ${did} by the backup's, dropping ${dropped} rows only it had; ${saved} (${back})`,
    };
  }
  const texts = backupTables(snapshot, tmp);
  const report = emptyDbReport('rows', cfg.path);
  const db = openDatabase(cfg.path);
  try {
    // Against an empty base, in pull mode: the backup's rows come in, nothing here is deleted or replaced.
    await mergeDatabase(
      db,
      {
        ...{ base: new Map(), remote: texts, conflicts: {}, resolution: null, columns: {}, mode: 'pull' },
        massDeletePercent: ctx.settings.massDeletePercent,
      },
      fx,
      report,
    );
  } finally {
    db.close();
  }
  const differ = report.conflicts
    ? `; ${report.conflicts} row${report.conflicts === 1 ? '' : 's'} that differ kept as they are here`
    : '';
  const rows = `${report.applied} row${report.applied === 1 ? '' : 's'}`;
  return {
    action: 'merged',
    rows: report.applied,
    note: `claude-mem database: ${rows} ${fx.said('', 'would be ')}added from the backup${differ}`,
  };
}

/** The syncable tables of a backed-up database, as the text rows mode keeps on the remote. */
function backupTables(snapshot: Buffer, tmp: string): Map<string, Buffer> {
  return withSnapshot(snapshot, tmp, (db) => {
    const tables = [...readSnapshot(db).tables];
    return new Map(tables.map(([name, t]) => [name, tableBytes(t.rows)]));
  });
}
