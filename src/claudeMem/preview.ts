/**
 * A dry run's row apply: the plan walked (apply.ts) over a store that only reads the live
 * database, in one read transaction, and keeps the plan's writes in memory. It takes no write
 * lock and writes nothing, yet answers as the real apply would: the compare of each
 * compare-and-swap is read for real, and what SQLite would refuse (a unique index, a foreign key,
 * a NOT NULL column) or take along (a session's delete cascading to its rows) is read from the
 * schema and checked against the rows. CHECK constraints and ON UPDATE cascades are not modelled.
 */
import { emptyResult, runActions, type ApplyResult, type RowStore } from './apply.ts';
import { serializeRow } from './rows.ts';
import type { RowAction } from './rowPlan.ts';
import { quoteId, readTable, refResolver, type LiveTable } from './snapshot.ts';
import type { Database } from './sqlite.ts';

type Row = Record<string, unknown>;

/** What SQLite enforces on a table, as read from its schema. */
interface TableRules {
  foreignKeys: { table: string; from: string[]; to: string[]; cascade: boolean }[];
  unique: { name: string; columns: string[]; where: string | null }[];
  notNull: string[];
}

/** The row plan's answer (rows applied, rows left for later) from reading alone. */
export function previewRowActions(db: Database, tables: Map<string, LiveTable>, actions: RowAction[]): ApplyResult {
  if (!actions.length) return emptyResult();
  // The plan's walk takes identities into `ids`: the dry run's copies, so the snapshot stays as read.
  const sim = new Map([...tables].map(([n, t]) => [n, { ...t, ids: new Map(t.ids) }]));
  return db.transaction(() => runActions(sim, actions, readingStore(db, sim))).deferred();
}

function readingStore(db: Database, tables: Map<string, LiveTable>): RowStore {
  const rows = planRows(db);
  const resolvers = new Map<string, (column: string, id: unknown) => unknown>();
  let nextId = 2 ** 52;
  return {
    begin(t) {
      const fresh = readTable(db, t.spec, tables, t.maxId);
      for (const [k, id] of fresh.ids) t.ids.set(k, id);
      resolvers.set(t.spec.name, refResolver(t.spec, tables));
    },
    current(t, id) {
      const row = rows.byId(t.spec.name, id);
      return row ? JSON.stringify(serializeRow(t.spec, row, t.columns, resolvers.get(t.spec.name)!)) : null;
    },
    parentId: ({ table, parent, value }) => rows.find(table, [parent], [value])[0],
    insert(t, columns, values) {
      // Inserted rows get ids past any real one.
      const id = nextId++;
      const row = withValues({ ...Object.fromEntries(t.columns.map((c) => [c, null])), id }, columns, values);
      rows.check(t.spec.name, row, null);
      rows.written(t.spec.name).set(id, row);
      return id;
    },
    update(t, id, columns, values) {
      const row = withValues({ ...rows.byId(t.spec.name, id) }, columns, values);
      rows.check(t.spec.name, row, id);
      rows.written(t.spec.name).set(id, row);
    },
    delete(t, id) {
      rows.written(t.spec.name).set(id, null);
    },
  };
}

/** The live rows as the plan leaves them: read from the database, with the plan's writes over them. */
function planRows(db: Database) {
  /** Per table, rows the plan wrote so far (null: deleted), by local id. */
  const writes = new Map<string, Map<number, Row | null>>();
  const written = (table: string) => {
    let m = writes.get(table);
    if (!m) writes.set(table, (m = new Map()));
    return m;
  };
  const rules = memo((table: string) => tableRules(db, table));
  const byId = (table: string, id: number): Row | null => {
    const w = written(table);
    if (w.has(id)) return w.get(id)!;
    const row = db.prepare(`SELECT * FROM ${quoteId(table)} WHERE id = ?`).get(id) as Row | undefined;
    return row && alive(table, row) ? row : null;
  };
  /** A row a deleted parent would have taken along (ON DELETE CASCADE) is gone. */
  const alive = (table: string, row: Row): boolean =>
    rules(table).foreignKeys.every(
      (fk) => !fk.cascade || !complete(fk.from, row) || has(fk.table, fk.to, row, fk.from),
    );
  /** Local ids of the rows holding `values` in `columns` (none when one is null), lowest first. */
  const find = (table: string, columns: string[], values: unknown[], where: string | null = null): number[] => {
    if (values.some((v) => v === null || v === undefined)) return [];
    const match = columns.map((c) => `${quoteId(c)} IS ?`).join(' AND ');
    const sql = `SELECT * FROM ${quoteId(table)} WHERE ${match}${where ? ` AND (${where})` : ''} ORDER BY id`;
    const w = written(table);
    const ids = (db.prepare(sql).all(...values) as Row[])
      .filter((r) => !w.has(Number(r.id)) && alive(table, r))
      .map((r) => Number(r.id));
    for (const [id, r] of w) if (r && columns.every((c, i) => same(r[c], values[i]))) ids.push(id);
    return ids.sort((a, b) => a - b);
  };
  const has = (table: string, columns: string[], row: Row, from: string[]) =>
    find(table, columns, pick(from, row)).length > 0;
  /** Throws SQLite's error for a constraint `row` would break (`self`: its own id, for an update). */
  const check = (table: string, row: Row, self: number | null) => {
    const r = rules(table);
    for (const c of r.notNull) if (row[c] === null) throw new Error(`NOT NULL constraint failed: ${table}.${c}`);
    for (const fk of r.foreignKeys)
      if (complete(fk.from, row) && !has(fk.table, fk.to, row, fk.from))
        throw new Error('FOREIGN KEY constraint failed');
    for (const u of r.unique)
      if (find(table, u.columns, pick(u.columns, row), u.where).some((id) => id !== self))
        throw new Error(`UNIQUE constraint failed: ${u.columns.map((c) => `${table}.${c}`).join(', ')}`);
  };
  return { written, byId, find, check };
}

function withValues(row: Row, columns: string[], values: unknown[]): Row {
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

/** A table's foreign keys, unique indexes (not on expressions) and NOT NULL columns without a default. */
function tableRules(db: Database, table: string): TableRules {
  const q = quoteId(table);
  const keys = new Map<number, TableRules['foreignKeys'][number]>();
  for (const fk of db.pragma(`foreign_key_list(${q})`) as Row[]) {
    const id = Number(fk.id);
    if (!keys.has(id)) keys.set(id, { table: String(fk.table), from: [], to: [], cascade: fk.on_delete === 'CASCADE' });
    keys.get(id)!.from.push(String(fk.from));
    keys.get(id)!.to.push(fk.to === null ? 'id' : String(fk.to));
  }
  const unique: TableRules['unique'] = [];
  for (const ix of db.pragma(`index_list(${q})`) as Row[]) {
    if (!Number(ix.unique) || ix.origin === 'pk') continue;
    const columns = (db.pragma(`index_info(${quoteId(String(ix.name))})`) as Row[]).map((c) => c.name);
    if (columns.some((c) => c === null)) continue;
    const sql = Number(ix.partial)
      ? ((db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(ix.name) as { sql: string } | undefined)
          ?.sql ?? '')
      : '';
    const where = /\bWHERE\b([\s\S]*)$/i.exec(sql)?.[1]?.trim() ?? null;
    unique.push({ name: String(ix.name), columns: columns as string[], where });
  }
  const notNull = (db.pragma(`table_info(${q})`) as Row[])
    .filter((c) => Number(c.notnull) && c.dflt_value === null && !Number(c.pk))
    .map((c) => String(c.name));
  return { foreignKeys: [...keys.values()], unique, notNull };
}

const complete = (columns: string[], row: Row) => columns.every((c) => row[c] !== null && row[c] !== undefined);
const pick = (columns: string[], row: Row) => columns.map((c) => row[c]);

/** Two column values as SQLite compares them (an integer read back may be a bigint, a blob a Buffer). */
function same(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  return a === b;
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, fn(key));
    return seen.get(key)!;
  };
}
