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
import { planRowActions } from './rowPlan.ts';
import { dbBasePath, loadDbState, type DbState } from './dbState.ts';
import type { DbEffects } from './effects.ts';
import type { RowMergeResult } from './mergeRows.ts';
import { planTables, type TablePlan, type TablePlanInput } from './planTables.ts';
import { lineText, parseTableText, tableBytes, type LazyRows, type TableFile, type TableLines } from './rows.ts';
import { SYNCED_TABLES } from './tables.ts';
import { emptyDbReport, type DbReport, type DbRound, type DroppedRows, type TableCounts } from './report.ts';
import { openDatabase, readSnapshot, type LiveTable, type SameRow } from './snapshot.ts';
import type { Database } from './sqlite.ts';
import { syncDatabaseFile } from './fileMode.ts';
import { dbMarker } from './changeMarker.ts';
import { dbIdentity } from './dbIdentity.ts';
import { perTable, saveBeforeDrop } from './savedCopy.ts';
import { MemsyncError } from '../errors.ts';
import { scanSecrets, type SecretFinding } from '../secrets/scan.ts';
import { sqliteAvailability } from './sqlite.ts';

export type { DbReport, DbRound, DroppedRows, TableCounts } from './report.ts';

export const DB_PREFIX = 'claude-mem/';
export const tablePath = (table: string) => `${DB_PREFIX}${table}.jsonl`;
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
  if (fx.dryRun && state.pending) report.pending = state.pending;
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
  return new MemsyncError(`${file} is busy: ${what}`, 1, 'the next sync tries again');
}

/**
 * The round of a database that could not be synced (busy, a damaged remote table): named, left
 * as it is, and recorded as pending for status; the memory files still sync.
 */
/** Whether no SQLite backend at all can open the database here (then the command fails, exit 1). */
export function noSqlite(): boolean {
  return 'missing' in sqliteAvailability();
}

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
      ...{ mode, fx, replaced, confirmDeletes, massDeletePercent: ctx.settings.massDeletePercent },
      holdBack: rowSecrets(ctx, report),
      beforeDrop: (d) => saveBeforeDrop(ctx, fx, d),
    };
    merged = await mergeDatabase(db, input, report);
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

export interface RowsInput {
  /** Table -> file (JSON lines), as last agreed and on the remote. */
  base: Map<string, TableFile>;
  remote: Map<string, Buffer>;
  conflicts: DbState['rowConflicts'];
  resolution: DbState['resolution'];
  /** Each table's columns at the last sync. */
  columns: DbState['columns'];
  mode: SyncMode;
  /** Where the row apply goes: the live database, or a dry run's reading of it. */
  fx: DbEffects;
  /** Of a table's rows about to be published, the indexes of those to hold back (secret scan). */
  holdBack?: (table: string, lines: string[]) => Promise<number[]>;
  /** The database file is not the one the base was agreed with (dbIdentity.ts): merge as new. */
  replaced?: boolean;
  /** The user confirmed the held mass deletions: this round carries them out. */
  confirmDeletes?: boolean;
  /** Deletions of more than this percentage of a table's rows are held (massDeletePercent). */
  massDeletePercent: number;
  /** Saves the live database before rows are dropped; returns the note that says how to get them back. */
  beforeDrop?: (dropped: DroppedRows) => string;
}

export interface RowsRound {
  /** Table -> file for the remote (tables this machine has); null: the remote's file as it is. */
  remote: Map<string, Buffer | null>;
  /** Table -> the new base file; null: the remote's file as it is. */
  base: Map<string, Buffer | null>;
  conflicts: DbState['rowConflicts'];
  columns: DbState['columns'];
  /** Nothing was written to the database, nothing waits or conflicts, and the new base is the remote. */
  settled: boolean;
}

/**
 * The row merge of one database against base and remote files: snapshot, reconcile, apply
 * (through `input.fx`). It takes the input files over: they leave `input` once read.
 */
export async function mergeDatabase(db: Database, input: RowsInput, report: DbReport): Promise<RowsRound> {
  const files = tableFiles(input);
  const snap = readSnapshot(db, unchangedRows(files, input.conflicts));
  if (snap.unknown.length)
    report.notes.push(`claude-mem: tables memsync does not know are not synced: ${snap.unknown.join(', ')}`);
  // A database that is new here (replaced or recreated) merges with the remote as new against
  // new: a reset is not a wipe, nothing is deleted anywhere.
  if (input.replaced || sessionsGone(files.get('sdk_sessions'), snap.tables.get('sdk_sessions'))) {
    for (const f of files.values()) f.base = new Map();
    report.fresh = true;
    const how = "its rows are merged with the remote's, nothing is deleted";
    report.notes.push(
      `claude-mem: the database at ${report.path} is new on this machine (replaced or recreated): ${how}`,
    );
  }
  const kept = new Map<string, Omit<MergedTable, 'm'>>();
  function* inputs(): Generator<TablePlanInput> {
    for (const [name, t] of snap.tables) {
      const f = files.get(name)!;
      const pick = (rows: LazyRows) => {
        const out = new Map<string, string>();
        for (const [k, v] of rows) if (!t.same.has(k)) out.set(k, typeof v === 'string' ? v : lineText(f.lines!, v));
        return out;
      };
      const base = pick(f.base);
      const remote = pick(f.remote);
      const held = new Map(report.fresh ? [] : Object.entries(input.conflicts[name] ?? {}));
      const known = input.columns[name];
      const added = known ? t.columns.filter((c) => c !== 'id' && !known.includes(c)) : [];
      kept.set(name, { base, remote, f, same: t.same });
      yield { name, base, live: t.rows, remote, held, added, remoteRows: f.remote.size };
      // The live lines are not needed past the decision: let them go before the apply.
      t.rows = new Map();
    }
  }
  const { mode, confirmDeletes, massDeletePercent } = input;
  const resolution = input.resolution ?? undefined;
  const plans = planTables(inputs(), { resolution, mode, confirmDeletes, massDeletePercent });
  const merged = new Map<string, MergedTable>([...plans].map(([name, p]) => [name, { m: p.m, ...kept.get(name)! }]));
  const heldTotal = reportPlans(report, plans);
  const out: RowsRound = {
    remote: new Map(),
    base: new Map(),
    conflicts: {},
    columns: Object.fromEntries([...snap.tables].map(([n, t]) => [n, t.columns])),
    settled: false,
  };
  const dropping = droppedBy(merged, input);
  if (dropping && input.beforeDrop) report.notes.push(input.beforeDrop(dropping));
  const ops = new Map([...merged].map(([n, { m }]) => [n, m.live]));
  const applied = input.fx.applyRows(db, snap.tables, planRowActions(snap.tables, ops), report.path);
  report.applied = applied.applied;
  const waiting = [...merged.values()].some(({ m }) => Object.keys(m.waiting).length > 0);
  const skipped = [...applied.skipped.values()].some((s) => s.size > 0);
  out.settled = applied.applied === 0 && report.conflicts === 0 && heldTotal === 0 && !skipped && !waiting;
  report.notes.push(...applied.notes);
  for (const [name, { m, base, remote, f, same }] of merged) {
    // A live change that did not land keeps its old base (and the table its old columns, so an
    // upgrade's new columns are still told apart), so the next sync decides it again.
    const skipped = applied.skipped.get(name);
    if (skipped?.size && input.columns[name]) out.columns[name] = input.columns[name];
    const keepOld = (k: string) => {
      const b = base.get(k);
      if (b === undefined) m.base.delete(k);
      else m.base.set(k, b);
    };
    for (const k of skipped ?? []) keepOld(k);
    report.tables[name]!.pull -= skipped?.size ?? 0;
    // A row this machine would publish that holds a secret stays off the remote (the remote's
    // row, and the old base, so the next sync decides it again), like a file held back.
    if (input.holdBack) {
      const outgoing = [...m.remote].filter(([k, line]) => remote.get(k) !== line);
      for (const i of outgoing.length
        ? await input.holdBack(
            name,
            outgoing.map(([, line]) => line),
          )
        : []) {
        const k = outgoing[i]![0];
        const r = remote.get(k);
        if (r === undefined) m.remote.delete(k);
        else m.remote.set(k, r);
        keepOld(k);
        report.tables[name]!.push--;
        out.settled = false;
      }
    }
    // A file is rebuilt only when its rows changed (sorting and writing every line is costly),
    // with the rows that took no part copied from the remote's bytes.
    const kept = { keys: same, rows: f.remote, lines: f.lines };
    const file = sameRows(m.remote, remote) ? null : tableBytes(m.remote, kept);
    out.remote.set(name, file);
    // Usually everything landed and the new base is the remote: one file for both.
    out.base.set(name, sameRows(m.base, m.remote) ? file : tableBytes(m.base, kept));
    if (m.conflicts.size) out.conflicts[name] = Object.fromEntries(m.conflicts);
    if (out.base.get(name) !== file) out.settled = false;
  }
  return out;
}

/** Each synced table's remote and base files, parsed (taken out of `input` as they are read). */
function tableFiles(input: RowsInput): Map<string, TableFiles> {
  const files = new Map<string, TableFiles>();
  for (const spec of SYNCED_TABLES) {
    const remoteFile = input.remote.get(spec.name);
    const baseFile = input.base.get(spec.name);
    const empty = { rows: new Map(), lines: null };
    const remote = remoteFile?.length ? parseTableText(spec, remoteFile, tablePath(spec.name)) : empty;
    let base: LazyRows = new Map();
    // Usually the base is the remote as last synced (the same file), or most of it.
    if (baseFile && (!Buffer.isBuffer(baseFile) || baseFile.length)) {
      const same = Buffer.isBuffer(baseFile) && remoteFile && baseFile.equals(remoteFile);
      const where = `base of ${tablePath(spec.name)}`;
      base = same ? remote.rows : parseTableText(spec, baseFile, where, remote.lines ?? undefined).rows;
    }
    files.set(spec.name, { remote: remote.rows, base, lines: remote.lines });
    input.base.delete(spec.name);
    input.remote.delete(spec.name);
  }
  return files;
}

/**
 * A live row byte-equal to its line in both the remote and the base (and not in conflict) is
 * neither kept nor decided: the rule has nothing to do for it, and its text stays in the
 * remote's bytes. One scratch buffer for the comparison.
 */
function unchangedRows(files: ReadonlyMap<string, TableFiles>, conflicts: RowsInput['conflicts']): SameRow {
  let scratch = Buffer.alloc(1 << 16);
  return (table, key, line) => {
    const f = files.get(table);
    const i = f?.remote.get(key);
    if (!f?.lines || typeof i !== 'number' || f.base.get(key) !== i) return false;
    if (conflicts[table]?.[key] !== undefined) return false;
    const n = Buffer.byteLength(line);
    if (n !== f.lines.ends[i]! - f.lines.starts[i]!) return false;
    if (n > scratch.length) scratch = Buffer.alloc(2 * n);
    scratch.write(line, 0);
    return scratch.compare(f.lines.bytes, f.lines.starts[i], f.lines.ends[i], 0, n) === 0;
  };
}

interface MergedTable {
  m: RowMergeResult;
  base: Map<string, string>;
  remote: Map<string, string>;
  f: TableFiles;
  same: Set<string>;
}

/** The plans' counts, conflicts and held deletions into the report; returns how many deletions are held. */
function reportPlans(report: DbReport, plans: ReadonlyMap<string, TablePlan>): number {
  for (const [name, { m, heldDeletes }] of plans) {
    report.tables[name] = tableCounts(m);
    report.conflicts += m.conflicts.size;
    for (const k of m.conflicts.keys()) report.rowConflicts.push({ table: name, identity: JSON.parse(k) as unknown });
    if (heldDeletes) report.heldDeletes[name] = heldDeletes;
  }
  const held = Object.values(report.heldDeletes).reduce((n, c) => n + c, 0);
  if (held) {
    const what = `this sync would delete most rows of a table (${perTable(report.heldDeletes)})`;
    report.notes.push(
      `claude-mem: ${what}; held, nothing deleted anywhere. If you meant it: memsync resolve claude-mem ` +
        '--confirm-deletes',
    );
  }
  return held;
}

/** What a table's merge does: rows published (or deleted) there, rows written here. */
function tableCounts(m: RowMergeResult): TableCounts {
  const c = m.counts;
  const w = m.waiting;
  return {
    push: (c.publish ?? 0) + (c.deleteRemote ?? 0) + (w.publish ?? 0) + (w.deleteRemote ?? 0),
    pull: m.live.length + (w.take ?? 0) + (w.deleteLive ?? 0),
    conflicts: m.conflicts.size,
  };
}

/** Whether the base knew sessions and the live database has none of them: it was replaced. */
function sessionsGone(f: TableFiles | undefined, t: LiveTable | undefined): boolean {
  if (!f || !t || f.base.size === 0) return false;
  for (const k of f.base.keys()) if (t.ids.has(k)) return false;
  return true;
}

/**
 * The rows a resolution (or confirmed deletions) drops, per table and side: this machine's
 * versions the remote's replace (or delete), and the remote's that this machine's replace or
 * delete; null when it drops none.
 */
function droppedBy(merged: ReadonlyMap<string, MergedTable>, input: RowsInput): DroppedRows | null {
  if (!input.resolution && !input.confirmDeletes) return null;
  const side = input.resolution === 'local' ? 'keep-local' : 'use-remote';
  const reason = input.resolution ? `--${side}` : '--confirm-deletes';
  const out: DroppedRows = { reason, here: {}, remote: {} };
  for (const [name, { m }] of merged) {
    const resolved = m.counts.resolved ?? 0;
    const deletes = input.confirmDeletes ? [...m.deletes.values()].filter((d) => d.where === 'remote').length : 0;
    if (resolved && input.resolution === 'remote') out.here[name] = resolved;
    if (resolved + deletes && input.resolution !== 'remote') out.remote[name] = resolved + deletes;
  }
  return Object.keys(out.here).length + Object.keys(out.remote).length ? out : null;
}

/** A table's remote and base rows, most of them lines left in the remote's bytes. */
interface TableFiles {
  remote: LazyRows;
  base: LazyRows;
  lines: TableLines | null;
}

function sameRows(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/**
 * The secret scan for database rows: one scan of all a table's outgoing rows (a finding's line
 * is the row), each held row named in a note with its rule and the secret masked. Releasing works
 * per table file (`memsync allow claude-mem/<table>.jsonl`): a row has no stable line number.
 */
function rowSecrets(ctx: Context, report: DbReport): (table: string, lines: string[]) => Promise<number[]> {
  return async (table, lines) => {
    const file = tablePath(table);
    if (ctx.settings.secrets.allow.includes(file)) return [];
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
