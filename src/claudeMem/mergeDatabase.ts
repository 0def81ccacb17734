/**
 * The row merge of claude-mem's database (rows mode) against the base and the remote's table
 * files: read the live tables and plan every table by the three-state rule and the holds across
 * tables, into a plan that is data (the row actions for live, the new remote files); then carry
 * the row actions out through the effects seam and build the new base files from what landed.
 * The sync round (source.ts) and a backup's merge (backupDb.ts) both run it.
 */
import type { DbReport, DroppedRows, TableCounts } from './report.ts';
import type { DbState } from './dbState.ts';
import type { DbEffects } from './effects.ts';
import type { ApplyResult } from './apply.ts';
import type { RowMergeResult } from './mergeRows.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import { planTables, type TablePlan, type TablePlanInput } from './planTables.ts';
import { planRowActions, type RowAction } from './rowPlan.ts';
import { lineText, parseTableText, tableBytes, type LazyRows, type TableLines, type TableFile } from './rows.ts';
import { perTable } from './savedCopy.ts';
import { readSnapshot, type LiveTable, type SameRow } from './snapshot.ts';
import type { Database } from './sqlite.ts';
import { SYNCED_TABLES, tablePath } from './tables.ts';
import { progress } from '../util/progress.ts';

export interface RowsInput {
  /** Table -> file (JSON lines), as last agreed and on the remote. */
  base: Map<string, TableFile>;
  remote: Map<string, Buffer>;
  conflicts: DbState['rowConflicts'];
  resolution: DbState['resolution'];
  /** Each table's columns at the last sync. */
  columns: DbState['columns'];
  mode: SyncMode;
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

/** A database's round as data, decided before anything is written. */
export interface RowsPlan {
  /** The live tables as read: what the actions' compares and references go by. */
  tables: Map<string, LiveTable>;
  /** The live database's changes, in dependency order, each compare-and-swap. */
  actions: RowAction[];
  /** Rows a resolution (or confirmed deletions) drops: the live database is saved before. */
  dropping: DroppedRows | null;
  /** Table -> file for the remote (tables this machine has); null: the remote's file as it is. */
  remote: Map<string, Buffer | null>;
  /** The round once the actions ran: a change that did not land keeps its old base. */
  settle(applied: ApplyResult): RowsRound;
}

/**
 * The row merge of one database against base and remote files: plan, save the database when
 * the plan drops rows, apply through `fx`, settle. It takes the input files over.
 */
export async function mergeDatabase(
  db: Database,
  input: RowsInput,
  fx: DbEffects,
  report: DbReport,
): Promise<RowsRound> {
  const plan = await planDatabase(db, input, report);
  if (plan.dropping && input.beforeDrop) report.notes.push(input.beforeDrop(plan.dropping));
  return plan.settle(fx.applyRows(db, plan.tables, plan.actions, report.path));
}

/**
 * Reads the live tables and plans the merge: the row actions, the remote files (rows holding a
 * secret kept off), and how the round settles. Writes nothing. It takes the input files over:
 * they leave `input` once read.
 */
export async function planDatabase(db: Database, input: RowsInput, report: DbReport): Promise<RowsPlan> {
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
  const merged = decideTables(snap.tables, files, input, report);
  const ops = new Map([...merged].map(([n, { m }]) => [n, m.live]));
  const actions = planRowActions(snap.tables, ops);
  const remote = new Map<string, Buffer | null>();
  let held = false;
  const line = progress("merging claude-mem's tables");
  let done = 0;
  for (const [name, table] of merged) {
    line.tick(done++, merged.size);
    held = (await holdSecretRows(name, table, input, report)) || held;
    remote.set(name, remoteFile(table));
  }
  line.end();
  const columns = Object.fromEntries([...snap.tables].map(([n, t]) => [n, t.columns]));
  const dropping = droppedBy(merged, input);
  const settle = (applied: ApplyResult) => settleRound(merged, remote, columns, applied, held, input, report);
  return { tables: snap.tables, actions, dropping, remote, settle };
}

/** The round once the row actions ran: each table's new base from what landed, and whether all is settled. */
function settleRound(
  merged: ReadonlyMap<string, MergedTable>,
  remote: ReadonlyMap<string, Buffer | null>,
  columns: DbState['columns'],
  applied: ApplyResult,
  held: boolean,
  input: RowsInput,
  report: DbReport,
): RowsRound {
  report.applied = applied.applied;
  report.notes.push(...applied.notes);
  const waiting = [...merged.values()].some(({ m }) => Object.keys(m.waiting).length > 0);
  const skipped = [...applied.skipped.values()].some((s) => s.size > 0);
  const holds = held || Object.keys(report.heldDeletes).length > 0;
  const out: RowsRound = {
    remote: new Map(remote),
    base: new Map(),
    conflicts: {},
    columns,
    settled: applied.applied === 0 && report.conflicts === 0 && !holds && !skipped && !waiting,
  };
  for (const [name, table] of merged) settleTable(name, table, applied.skipped.get(name), input, report, out);
  return out;
}

/**
 * Every table's merge by the three-state rule and the holds across tables (planTables.ts), its
 * counts into the report. The live lines are let go table by table, once planned.
 */
function decideTables(
  tables: ReadonlyMap<string, LiveTable>,
  files: ReadonlyMap<string, TableFiles>,
  input: RowsInput,
  report: DbReport,
): Map<string, MergedTable> {
  const kept = new Map<string, Omit<MergedTable, 'm'>>();
  function* inputs(): Generator<TablePlanInput> {
    for (const [name, t] of tables) {
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
  reportPlans(report, plans);
  return new Map([...plans].map(([name, p]) => [name, { m: p.m, ...kept.get(name)! }]));
}

/**
 * A row this machine would publish that holds a secret stays off the remote (the remote's row,
 * and the old base, so the next sync decides it again), like a file held back. True when one was.
 */
async function holdSecretRows(name: string, t: MergedTable, input: RowsInput, report: DbReport): Promise<boolean> {
  const { m, remote } = t;
  const outgoing = input.holdBack ? [...m.remote].filter(([k, line]) => remote.get(k) !== line) : [];
  if (!outgoing.length) return false;
  const heldBack = await input.holdBack!(
    name,
    outgoing.map(([, line]) => line),
  );
  for (const i of heldBack) {
    const k = outgoing[i]![0];
    const r = remote.get(k);
    if (r === undefined) m.remote.delete(k);
    else m.remote.set(k, r);
    keepOldBase(t, k);
    report.tables[name]!.push--;
  }
  return heldBack.length > 0;
}

/**
 * A table's file for the remote: rebuilt only when its rows changed (sorting and writing every
 * line is costly), with the rows that took no part copied from the remote's bytes; null: as it is.
 */
function remoteFile({ m, remote, f, same }: MergedTable): Buffer | null {
  return sameRows(m.remote, remote) ? null : tableBytes(m.remote, { keys: same, rows: f.remote, lines: f.lines });
}

/** The row's base as it was: the next sync decides it again. */
function keepOldBase({ m, base }: MergedTable, k: string): void {
  const b = base.get(k);
  if (b === undefined) m.base.delete(k);
  else m.base.set(k, b);
}

/** A table's new base once its live changes were applied: a change that did not land keeps its old base. */
function settleTable(
  name: string,
  table: MergedTable,
  skipped: ReadonlySet<string> | undefined,
  input: RowsInput,
  report: DbReport,
  out: RowsRound,
): void {
  const { m, f, same } = table;
  // A live change that did not land keeps its old base (and the table its old columns, so an
  // upgrade's new columns are still told apart), so the next sync decides it again.
  if (skipped?.size && input.columns[name]) out.columns[name] = input.columns[name];
  for (const k of skipped ?? []) keepOldBase(table, k);
  report.tables[name]!.pull -= skipped?.size ?? 0;
  const file = out.remote.get(name) ?? null;
  // Usually everything landed and the new base is the remote: one file for both.
  const kept = { keys: same, rows: f.remote, lines: f.lines };
  out.base.set(name, sameRows(m.base, m.remote) ? file : tableBytes(m.base, kept));
  if (m.conflicts.size) out.conflicts[name] = Object.fromEntries(m.conflicts);
  if (out.base.get(name) !== file) out.settled = false;
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

/** The plans' counts, conflicts and held deletions into the report. */
function reportPlans(report: DbReport, plans: ReadonlyMap<string, TablePlan>): void {
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
