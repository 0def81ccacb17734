/**
 * A consistent snapshot of claude-mem's syncable tables, read through SQLite in one read
 * transaction while claude-mem's worker keeps the database open (WAL): the file is never copied.
 */
import { MemsyncError } from '../errors.ts';
import { keyOf, serializeRow, type KeyedRows } from './rows.ts';
import { isLocalTable, SYNCED_TABLES, type TableSpec } from './tables.ts';
import { sqliteBackend, type Database } from './sqlite.ts';

export const BUSY_TIMEOUT_MS = 5000;

export interface LiveTable {
  spec: TableSpec;
  columns: string[];
  /** Identity -> serialized line (rows `same` claimed are not here). */
  rows: KeyedRows;
  /** Identities of the rows `same` claimed: equal to their line elsewhere, so not kept twice. */
  same: Set<string>;
  /** Identity -> local id. */
  ids: Map<string, number>;
  /** The highest id in the snapshot: rows above it were written after it. */
  maxId: number;
}

export interface Snapshot {
  tables: Map<string, LiveTable>;
  /** Tables memsync does not know: left alone. */
  unknown: string[];
}

/** Opens a database that exists; a write waits up to `busyMs` for claude-mem's write lock. */
export function openDatabase(file: string, busyMs = BUSY_TIMEOUT_MS): Database {
  const backend = sqliteBackend();
  try {
    const db = backend.open(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${busyMs}`);
    return db;
  } catch (e) {
    throw new MemsyncError(
      `cannot open the claude-mem database ${file}: ${(e as Error).message}`,
      'failure',
      'check sources.claudeMem.path in settings.json',
    );
  }
}

/** Tells a row whose line is held elsewhere already (the caller's base and remote). */
export type SameRow = (table: string, key: string, line: string) => boolean;

/** Reads every syncable table in one read transaction. */
export function readSnapshot(db: Database, same?: SameRow): Snapshot {
  return db.transaction(() => {
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
      (r) => r.name,
    );
    const present = new Set(names);
    const tables = new Map<string, LiveTable>();
    for (const spec of SYNCED_TABLES) {
      if (!present.has(spec.name)) continue;
      tables.set(spec.name, readTable(db, spec, tables, -Infinity, same));
    }
    const synced = new Set(SYNCED_TABLES.map((s) => s.name));
    const unknown = names.filter((n) => !synced.has(n) && !isLocalTable(n)).sort();
    return { tables, unknown };
  })();
}

function tableColumns(db: Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${quoteId(table)})`).all() as { name: string }[]).map((c) => c.name).sort();
}

/** Reads the rows of one table with `id > after` (all rows by default). */
export function readTable(
  db: Database,
  spec: TableSpec,
  tables: ReadonlyMap<string, LiveTable>,
  after = -Infinity,
  same?: SameRow,
): LiveTable {
  const columns = tableColumns(db, spec.name);
  const t: LiveTable = { spec, columns, rows: new Map(), same: new Set(), ids: new Map(), maxId: 0 };
  const seen = new Map<string, number>();
  // Rows as arrays in column order (no object per row from SQLite): id first, then the sorted columns.
  const stmt = db
    .prepare(
      `SELECT id, ${columns.map(quoteId).join(', ')} FROM ` +
        `${quoteId(spec.name)}${after > -Infinity ? ' WHERE id > ?' : ''} ORDER BY id`,
    )
    .raw(true);
  const refKey = refResolver(spec, tables);
  const row: Record<string, unknown> = {};
  for (const values of (after > -Infinity ? stmt.iterate(after) : stmt.iterate()) as Iterable<unknown[]>) {
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i + 1];
    const obj = serializeRow(spec, row, columns, refKey);
    const key = keyOf(spec, obj, seen);
    const id = Number(values[0]);
    const line = JSON.stringify(obj);
    if (same?.(spec.name, key, line)) t.same.add(key);
    else t.rows.set(key, line);
    t.ids.set(key, id);
    if (id > t.maxId) t.maxId = id;
  }
  return t;
}

/** Maps a reference column's local id to the identity of the row it points to. */
export function refResolver(
  spec: TableSpec,
  tables: ReadonlyMap<string, LiveTable>,
): (column: string, id: unknown) => unknown {
  const byId = new Map<string, Map<number, string>>();
  return (column, id) => {
    const ref = spec.references.find((r) => r.column === column)!;
    let m = byId.get(ref.table);
    if (!m) {
      m = new Map([...(tables.get(ref.table)?.ids ?? [])].map(([k, i]) => [i, k]));
      byId.set(ref.table, m);
    }
    const key = m.get(Number(id));
    // A dangling reference is published as none: a local id names an unrelated row elsewhere.
    return key === undefined ? null : JSON.parse(key);
  };
}

export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
