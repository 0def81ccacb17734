/**
 * claude-mem's database in a sync round: reads a snapshot, reconciles it with the remote and the
 * base, writes the live database, and hands the engine the remote files to commit. Its state is
 * saved by `commit()` once the round's push has landed.
 */
import fs from 'node:fs';
import type { SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Context } from '../machine/context.ts';
import { dbBasePath, loadDbState, type DbState } from './dbState.ts';
import type { DbEffects } from './effects.ts';
import type { TableFile } from './rows.ts';
import { DB_PREFIX, tablePath } from './tables.ts';
import { mergeDatabase, type RowsInput, type RowsRound } from './mergeDatabase.ts';
import { emptyDbReport, type DbReport, type DbRound } from './report.ts';
import { openDatabase } from './snapshot.ts';
import { syncDatabaseFile } from './fileMode.ts';
import { dbMarker } from './changeMarker.ts';
import { dbIdentity } from './dbIdentity.ts';
import { saveBeforeDrop } from './savedCopy.ts';
import { MemsyncError } from '../errors.ts';
import { scanSecrets, type SecretFinding } from '../secrets/scan.ts';
import { sqliteAvailability } from './sqlite.ts';

export type { DbReport, DbRound, DroppedRows, TableCounts } from './report.ts';

const EMPTY = Buffer.alloc(0);

/** One round for claude-mem's database, or null when it is not synced on this machine. */
export async function syncClaudeMem(
  ctx: Context,
  repo: LocalRepo,
  tip: string | null,
  mode: SyncMode,
  fx: DbEffects,
): Promise<DbRound | null> {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled) return null;
  const report = emptyDbReport(cfg.mode, cfg.path);
  if (!fs.existsSync(cfg.path)) {
    report.notes.push(
      `claude-mem: no database at ${cfg.path}; nothing synced (start claude-mem once, or set sources.claudeMem.path)`,
    );
    return { treeChanges: new Map(), report, commit: async () => undefined };
  }
  const state = await loadDbState(ctx.home);
  // What status shows: the last sync left the database out.
  const leftOut = fx.leftOut(state.pending);
  if (leftOut) report.pending = leftOut;
  const remoteFiles = new Map<string, string>();
  if (tip) for (const [p, e] of await repo.lsTree(tip, [DB_PREFIX])) if (e.mode === '100644') remoteFiles.set(p, e.sha);
  try {
    if (cfg.mode === 'file') return await syncDatabaseFile(ctx, repo, state, remoteFiles, mode, fx, report);
    const marker = dbMarker(cfg.path);
    if (settled(state, marker) && remoteIsBase(state, remoteFiles)) {
      return { treeChanges: new Map(), report: quietReport(report, state), commit: async () => undefined };
    }
    return await syncRows(ctx, repo, state, remoteFiles, marker, mode, fx, report);
  } catch (e) {
    throw busyError(e, cfg.path, cfg.busyTimeoutMs);
  }
}

/** The database's part of a commit title: ", claude-mem 3 rows (observations 2, user_prompts 1)", or ''. */
export function dbCommitSummary(r: DbReport): string {
  const out = Object.entries(r.tables).filter(([, c]) => c.push > 0);
  const n = out.reduce((sum, [, c]) => sum + c.push, 0);
  return n ? `, claude-mem ${n} row${n === 1 ? '' : 's'} (${out.map(([t, c]) => `${t} ${c.push}`).join(', ')})` : '';
}

/** SQLite's "database is locked" past the budget, as the one line a user can act on. */
function busyError(e: unknown, file: string, ms: number): unknown {
  const err = e as { code?: unknown; message?: unknown };
  if (err?.code !== 'SQLITE_BUSY' && !/database is locked/i.test(String(err?.message ?? ''))) return e;
  const what = `another program held its write lock for longer than sources.claudeMem.busyTimeoutMs (${ms} ms)`;
  return new MemsyncError(`${file} is busy: ${what}`, 'failure', 'the next sync tries again');
}

/** Whether no SQLite backend at all can open the database here (then the command fails, exit 1). */
export function noSqlite(): boolean {
  return 'missing' in sqliteAvailability();
}

/**
 * The round of a database that could not be synced (busy, a damaged remote table): named, left
 * as it is, and recorded as pending for status; the memory files still sync.
 */
export function claudeMemSkipped(ctx: Context, e: MemsyncError, fx: DbEffects): DbRound {
  const cfg = ctx.settings.sources.claudeMem;
  const report = emptyDbReport(cfg.mode, cfg.path);
  report.pending = `${e.message}${e.hint ? ` (${e.hint})` : ''}`;
  report.notes.push(`claude-mem's database was not synced: ${report.pending}`);
  const commit = async () =>
    fx.saveDbState({ ...(await loadDbState(ctx.home)), pending: report.pending!, marker: null });
  return { treeChanges: new Map(), report, commit };
}

/**
 * When claude-mem's database (rows mode) has not changed since a sync that left it agreeing with
 * the remote, a sync with the remote unchanged too has nothing to do for it: the report of such a
 * round (null: not synced here); false when it may have changed.
 */
export async function claudeMemUnchanged(ctx: Context): Promise<DbReport | null | false> {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled) return null;
  if (cfg.mode !== 'rows' || !fs.existsSync(cfg.path)) return false;
  const state = await loadDbState(ctx.home);
  return settled(state, dbMarker(cfg.path)) && quietReport(emptyDbReport(cfg.mode, cfg.path), state);
}

/** The report of a round that did not read the database: every table it has agrees. */
function quietReport(report: DbReport, state: DbState): DbReport {
  const tables = Object.fromEntries(Object.keys(state.columns).map((n) => [n, { push: 0, pull: 0, conflicts: 0 }]));
  return { ...report, tables, read: false };
}

function settled(state: DbState, marker: string): boolean {
  const open = Object.keys(state.rowConflicts).length + Object.keys(state.heldDeletes).length;
  const waiting = state.resolution !== null || state.confirmDeletes || state.pending !== null;
  return state.marker === marker && !waiting && open === 0;
}

/** Whether the remote's claude-mem files are the base's (an empty file and no file are the same). */
function remoteIsBase(state: DbState, remoteFiles: ReadonlyMap<string, string>): boolean {
  const empty = blobHash(EMPTY);
  const paths = new Set([...[...remoteFiles.keys()].filter((p) => p.endsWith('.jsonl')), ...Object.keys(state.base)]);
  return [...paths].every((p) => (remoteFiles.get(p) ?? empty) === (state.base[p] ?? empty));
}

async function syncRows(
  ctx: Context,
  repo: LocalRepo,
  state: DbState,
  remoteFiles: Map<string, string>,
  marker: string,
  mode: SyncMode,
  fx: DbEffects,
  report: DbReport,
): Promise<DbRound> {
  const remoteIds = [...remoteFiles].filter(([p]) => p.endsWith('.jsonl')).map(([, id]) => id);
  const remoteBlobs = await repo.readBlobs(remoteIds);
  const files = <T>(ids: Record<string, string>, read: (id: string) => T) => {
    const out = new Map<string, T>();
    for (const [p, id] of Object.entries(ids))
      if (p.endsWith('.jsonl')) out.set(p.slice(DB_PREFIX.length, -'.jsonl'.length), read(id));
    return out;
  };
  // A base the remote still holds is that blob: read once.
  const base = files<TableFile>(state.base, (id) => remoteBlobs.get(id) ?? { path: dbBasePath(ctx.home, id) });
  const remote = files(Object.fromEntries(remoteFiles), (id) => remoteBlobs.get(id)!);
  remoteBlobs.clear();
  const cfg = ctx.settings.sources.claudeMem;
  const source = dbIdentity(cfg.path);
  const db = openDatabase(cfg.path, cfg.busyTimeoutMs);
  let merged: RowsRound;
  try {
    const confirmDeletes = state.confirmDeletes && mode === 'sync';
    const replaced = state.source !== null && state.source !== source;
    const input: RowsInput = {
      ...{ base, remote, conflicts: state.rowConflicts, resolution: state.resolution, columns: state.columns },
      ...{ mode, replaced, confirmDeletes, massDeletePercent: ctx.settings.massDeletePercent },
      holdBack: rowSecrets(ctx.settings.secrets.allow, report),
      beforeDrop: (d) => saveBeforeDrop(ctx.home, cfg.path, fx, d),
    };
    merged = await mergeDatabase(db, input, fx, report);
  } finally {
    db.close();
  }
  const treeChanges: DbRound['treeChanges'] = new Map();
  // The marker taken before the read stands for what was read: kept only when this round wrote
  // nothing to the database and left every row agreeing with the remote.
  const done = mode === 'sync';
  const next: DbState = {
    ...state,
    base: { ...state.base },
    rowConflicts: merged.conflicts,
    columns: merged.columns,
    resolution: done ? null : state.resolution,
    marker: merged.settled ? marker : null,
    source,
    heldDeletes: report.heldDeletes,
    confirmDeletes: done ? false : state.confirmDeletes,
    pending: null,
    // A pull publishes nothing, so it scans nothing: what the last publish held still stands.
    heldSecrets: mode === 'pull' ? state.heldSecrets : report.secrets,
  };
  for (const [name, content] of merged.remote) {
    const p = tablePath(name);
    if (content && blobHash(content) !== (remoteFiles.get(p) ?? blobHash(EMPTY))) treeChanges.set(p, content);
  }
  for (const [name, content] of merged.base) {
    const p = tablePath(name);
    const id = remoteFiles.get(p);
    // The remote's file as it is: kept as the base unless it already is (read again from git: a pull's case).
    if (content) next.base[p] = await fx.writeDbBase(content);
    else if (!id) next.base[p] = await fx.writeDbBase(EMPTY);
    else if (next.base[p] !== id) next.base[p] = await fx.writeDbBase((await repo.readBlobs([id])).get(id)!);
  }
  return {
    treeChanges,
    report,
    async commit() {
      await fx.saveDbState(next);
      await fx.pruneDbBase(next);
    },
  };
}

/**
 * The secret scan for database rows: one scan of all a table's outgoing rows (a finding's line
 * is the row), each held row named in a note with its rule and the secret masked. Releasing works
 * per table file (`memsync allow claude-mem/<table>.jsonl`): a row has no stable line number.
 */
function rowSecrets(allow: readonly string[], report: DbReport): (table: string, lines: string[]) => Promise<number[]> {
  return async (table, lines) => {
    const file = tablePath(table);
    if (allow.includes(file)) return [];
    const found = await scanRows(lines);
    const held = [...new Set(found.map((f) => f.row))].sort((a, b) => a - b);
    report.secrets.push(...found.map((f) => `${file} (a row) ${f.rule} ${f.masked}`));
    for (const f of found.slice(0, 5))
      report.notes.push(
        `claude-mem: a row of ${table} held back (secret: ${f.rule} ${f.masked}); remove it in claude-mem, or ` +
          `release the table with memsync allow ${file}`,
      );
    if (found.length > 5)
      report.notes.push(`claude-mem: ${found.length - 5} more secret findings in ${table} rows held back`);
    report.held += held.length;
    return held;
  };
}

/** Secret findings in rows about to be published, by row index: one scan for all of them. */
export async function scanRows(lines: string[]): Promise<(SecretFinding & { row: number })[]> {
  return (await scanSecrets(`${lines.join('\n')}\n`)).map((f) => ({ ...f, row: f.line - 1 }));
}
