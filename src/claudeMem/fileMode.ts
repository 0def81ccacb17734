/**
 * File mode: the whole database as one snapshot on the remote, for databases memsync does not
 * understand (and to match claude-mem's own git sync). Diverged sides are a conflict the user
 * resolves by choosing one; taking the remote goes through SQLite's backup API into the live
 * database, never a file copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decide, runsIn, type SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Context } from '../sync/context.ts';
import { tmpDir } from '../sync/context.ts';
import type { DbReport, DbRound } from '../sync/dbSync.ts';
import { saveDbState, type DbState } from './dbState.ts';
import { openDatabase } from './snapshot.ts';
import { openSqlite } from './sqlite.ts';

export const DB_FILE_PATH = 'claude-mem/claude-mem.db';

/** A consistent copy of the live database (VACUUM INTO reads it in one transaction, WAL included). */
export function snapshotFile(dbPath: string, dir: string): Buffer {
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `claude-mem-snapshot-${process.pid}-${Date.now()}.db`);
  const db = openDatabase(dbPath);
  try {
    db.prepare('VACUUM INTO ?').run(out);
    return fs.readFileSync(out);
  } finally {
    db.close();
    fs.rmSync(out, { force: true });
  }
}

/** Writes a snapshot into the live database through SQLite's online backup API. */
export async function restoreInto(dbPath: string, content: Buffer, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, `claude-mem-restore-${process.pid}-${Date.now()}.db`);
  fs.writeFileSync(src, content);
  const from = openSqlite(src, { readonly: true });
  try {
    await from.backup(dbPath);
  } finally {
    from.close();
    fs.rmSync(src, { force: true });
  }
}

export async function syncDatabaseFile(
  ctx: Context,
  repo: LocalRepo,
  state: DbState,
  remoteFiles: Map<string, string>,
  mode: SyncMode,
  dryRun: boolean,
  report: DbReport,
): Promise<DbRound> {
  const dbPath = ctx.settings.sources.claudeMem.path;
  const snap = snapshotFile(dbPath, tmpDir(ctx.home));
  const liveHash = blobHash(snap);
  const base = state.base[DB_FILE_PATH] ?? null;
  const remote = remoteFiles.get(DB_FILE_PATH) ?? null;
  // Live is compared with its own snapshot at the last agreement, the remote with the agreed blob.
  const lt = liveHash === state.fileLive ? (base === null ? null : 'B') : 'L';
  const rt = remote === base ? (remote === null ? null : 'B') : remote === null ? null : 'R';
  const open = state.fileConflict ? (state.fileConflict.remote === remote ? rt : '#') : undefined;
  let kind = decide({ live: lt, base: base === null ? null : 'B', remote: rt, openConflict: open }).kind;
  if ((kind === 'merge' || kind === 'held') && state.resolution) kind = state.resolution === 'local' ? 'publish' : 'take';
  // A database is never deleted by a sync: a side without it simply has nothing to offer.
  if (kind === 'deleteLive' || kind === 'deleteRemote') kind = 'none';
  const conflict = kind === 'merge' || kind === 'held';
  report.tables['claude-mem.db'] = { push: kind === 'publish' ? 1 : 0, pull: kind === 'take' ? 1 : 0, conflicts: conflict ? 1 : 0 };
  report.conflicts = conflict ? 1 : 0;
  if (conflict) {
    report.notes.push(
      `claude-mem: the database changed here and on the remote; resolve with memsync resolve claude-mem --keep-local (or --force-push) or --use-remote (or --pull-first)`,
    );
  }
  const treeChanges = new Map<string, string | null>();
  const next: DbState = { ...state, base: { ...state.base }, marker: null, resolution: mode === 'sync' ? null : state.resolution };
  if (dryRun || !runsIn(kind, mode)) return { treeChanges, report, commit: async () => undefined };
  if (kind === 'take') {
    const blob = (await repo.readBlobs([remote!])).get(remote!)!;
    await restoreInto(dbPath, blob, tmpDir(ctx.home));
    report.applied = 1;
    next.base[DB_FILE_PATH] = remote!;
    next.fileLive = blobHash(snapshotFile(dbPath, tmpDir(ctx.home)));
    next.fileConflict = null;
  } else if (kind === 'publish') {
    const id = await repo.writeBlob(snap);
    if (id !== remote) treeChanges.set(DB_FILE_PATH, id);
    next.base[DB_FILE_PATH] = id;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (kind === 'agree') {
    next.base[DB_FILE_PATH] = remote!;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (conflict && !(state.fileConflict && state.fileConflict.remote === remote)) {
    next.fileConflict = { remote: remote!, since: new Date().toISOString(), rejectedPush: mode === 'push' };
  }
  return { treeChanges, report, commit: () => saveDbState(ctx.home, next) };
}
