/**
 * The row merge of claude-mem's database (rows mode) against the base and the remote's table
 * files: read the live tables, plan every table by the three-state rule and the holds across
 * tables, apply the live changes through the effects seam, and build the new remote and base
 * files. The sync round (source.ts) and a backup's merge (backupDb.ts) both run it.
 */
import type { DbReport, DroppedRows, TableCounts } from './report.ts';
import type { DbState } from './dbState.ts';
import type { DbEffects } from './effects.ts';
import type { RowMergeResult } from './mergeRows.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import { planTables, type TablePlan, type TablePlanInput } from './planTables.ts';
import { planRowActions } from './rowPlan.ts';
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
  const merged = planDatabase(snap.tables, files, input, report);
  const dropping = droppedBy(merged, input);
  if (dropping && input.beforeDrop) report.notes.push(input.beforeDrop(dropping));
  const ops = new Map([...merged].map(([n, { m }]) => [n, m.live]));
  const applied = input.fx.applyRows(db, snap.tables, planRowActions(snap.tables, ops), report.path);
  report.applied = applied.applied;
  const waiting = [...merged.values()].some(({ m }) => Object.keys(m.waiting).length > 0);
  const skipped = [...applied.skipped.values()].some((s) => s.size > 0);
  const held = Object.keys(report.heldDeletes).length > 0;
  const out: RowsRound = {
    remote: new Map(),
    base: new Map(),
    conflicts: {},
    columns: Object.fromEntries([...snap.tables].map(([n, t]) => [n, t.columns])),
    settled: applied.applied === 0 && report.conflicts === 0 && !held && !skipped && !waiting,
  };
  report.notes.push(...applied.notes);
  const line = progress("merging claude-mem's tables");
  let done = 0;
  for (const [name, table] of merged) {
    line.tick(done++, merged.size);
    await finishTable(name, table, applied.skipped.get(name), input, report, out);
  }
  line.end();
  return out;
}

/**
 * Every table's merge by the three-state rule and the holds across tables (planTables.ts), its
 * counts into the report. The live lines are let go table by table, once planned.
 */
function planDatabase(
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
 * A table's files once its live changes were applied: a change that did not land keeps its old
 * base, a row holding a secret stays off the remote, and the table's remote and base files are
 * rebuilt when their rows changed.
 */
async function finishTable(
  name: string,
  { m, base, remote, f, same }: MergedTable,
  skipped: ReadonlySet<string> | undefined,
  input: RowsInput,
  report: DbReport,
  out: RowsRound,
): Promise<void> {
  // A live change that did not land keeps its old base (and the table its old columns, so an
  // upgrade's new columns are still told apart), so the next sync decides it again.
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
  const outgoing = input.holdBack ? [...m.remote].filter(([k, line]) => remote.get(k) !== line) : [];
  const heldBack = outgoing.length
    ? await input.holdBack!(
        name,
        outgoing.map(([, line]) => line),
      )
    : [];
  for (const i of heldBack) {
    const k = outgoing[i]![0];
    const r = remote.get(k);
    if (r === undefined) m.remote.delete(k);
    else m.remote.set(k, r);
    keepOld(k);
    report.tables[name]!.push--;
    out.settled = false;
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
