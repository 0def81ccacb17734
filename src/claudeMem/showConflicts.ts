/**
 * The open claude-mem conflicts as the user needs them to choose a side: each row's table and
 * identity, this machine's row and the remote's side by side (rows mode); for file mode, the rows
 * only each side's database has.
 */
import fs from 'node:fs';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import { loadDbState } from './dbState.ts';
import { snapshotFile } from './dbFile.ts';
import { rowsOnlyIn } from './dropped.ts';
import { openDatabase, readSnapshot } from './snapshot.ts';

export interface RowConflict {
  table: string;
  identity: unknown;
  /** The row here and on the remote (null: deleted there), as published: no local ids. */
  local: Record<string, unknown> | null;
  remote: Record<string, unknown> | null;
}

export interface FileConflict {
  since: string;
  /** Per table, the rows only this machine's database has, and only the remote's. */
  onlyLocal: Record<string, number>;
  onlyRemote: Record<string, number>;
}

/** The row conflicts recorded by the last sync: table and identity only (cheap: no database read). */
export async function listDbConflicts(home: string): Promise<{ table: string; identity: unknown }[]> {
  const state = await loadDbState(home);
  const out = Object.entries(state.rowConflicts).flatMap(([table, rows]) =>
    Object.keys(rows).map((k) => ({ table, identity: JSON.parse(k) as unknown })),
  );
  if (state.fileConflict) out.push({ table: 'claude-mem.db', identity: 'claude-mem/claude-mem.db' });
  return out;
}

/** `repo` reads the remote's blobs (decrypted when the remote is encrypted: the caller opens it). */
export async function showDbConflicts(
  ctx: Context,
  repo: { readBlobs(ids: string[]): Promise<Map<string, Buffer>> },
): Promise<{ rows: RowConflict[]; file: FileConflict | null }> {
  const state = await loadDbState(ctx.home);
  const cfg = ctx.settings.sources.claudeMem;
  const rows: RowConflict[] = [];
  if (Object.keys(state.rowConflicts).length && fs.existsSync(cfg.path)) {
    const db = openDatabase(cfg.path);
    try {
      const snap = readSnapshot(db);
      for (const [table, open] of Object.entries(state.rowConflicts)) {
        for (const [key, remote] of Object.entries(open)) {
          const local = snap.tables.get(table)?.rows.get(key);
          rows.push({ table, identity: JSON.parse(key) as unknown, local: parsed(local), remote: parsed(remote) });
        }
      }
    } finally {
      db.close();
    }
  }
  let file: FileConflict | null = null;
  if (state.fileConflict && fs.existsSync(cfg.path)) {
    const id = state.fileConflict.remote;
    const theirs = (await repo.readBlobs([id])).get(id)!;
    const mine = snapshotFile(cfg.path, tmpDir(ctx.home));
    const tmp = tmpDir(ctx.home);
    const { since } = state.fileConflict;
    file = { since, onlyLocal: rowsOnlyIn(mine, theirs, tmp), onlyRemote: rowsOnlyIn(theirs, mine, tmp) };
  }
  return { rows, file };
}

function parsed(line: string | null | undefined): Record<string, unknown> | null {
  return line ? (JSON.parse(line) as Record<string, unknown>) : null;
}
