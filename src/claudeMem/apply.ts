/**
 * Carries out a row plan (rowPlan.ts) on the live database: one write transaction with a busy
 * timeout, never replacing the file. Each write is compare-and-swap against the line the plan
 * was decided on: a row claude-mem changed (or inserted) meanwhile is left for the next sync.
 * Incoming rows get fresh local ids and their references are resolved to this machine's ids.
 * The same walk over the plan runs on a store that only reads (preview.ts) for a dry run.
 */
import type { Database, Statement } from './sqlite.ts';
import { MemsyncError } from '../errors.ts';
import { serializeRow } from './rows.ts';
import type { RowAction, RowValue } from './rowPlan.ts';
import { quoteId, readTable, refResolver, type LiveTable } from './snapshot.ts';

export interface ApplyResult {
  /** Per table, identities whose change did not land (changed meanwhile, or refused by SQLite). */
  skipped: Map<string, Set<string>>;
  applied: number;
  notes: string[];
  /** Tables a write landed in. */
  changed: Set<string>;
}

/** Where a plan's writes go: the live database, or a dry run's reading of it. */
export interface RowStore {
  /** The table's rows inserted since the snapshot: their identities are taken (into `t.ids`). */
  begin(t: LiveTable): void;
  /** The row's line now; null when it is gone. */
  current(t: LiveTable, id: number): string | null;
  /** The local id of the first parent row whose `parent` column holds `value`. */
  parentId(via: { table: string; parent: string; value: unknown }): number | undefined;
  insert(t: LiveTable, columns: string[], values: unknown[]): number;
  update(t: LiveTable, id: number, columns: string[], values: unknown[]): void;
  delete(t: LiveTable, id: number): void;
}

/** Applies a row plan (tables in dependency order) in one write transaction, checked before it commits. */
export function applyRowActions(db: Database, tables: Map<string, LiveTable>, actions: RowAction[]): ApplyResult {
  if (!actions.length) return emptyResult();
  // Foreign keys on: a row whose session is missing here is refused (and waits), and a session the
  // merge deletes takes its remaining rows with it (references.ts keeps the sessions rows still need).
  db.exec('PRAGMA foreign_keys = ON');
  return db
    .transaction(() => {
      const result = runActions(tables, actions, sqlStore(db, tables));
      rebuildFts(db, result.changed);
      checkIntegrity(db, result.changed);
      return result;
    })
    .immediate();
}

export function emptyResult(): ApplyResult {
  return { skipped: new Map(), applied: 0, notes: [], changed: new Set() };
}

/** Walks the plan through `store`: each write only where the row is still as the plan saw it. */
export function runActions(tables: Map<string, LiveTable>, actions: RowAction[], store: RowStore): ApplyResult {
  const result = emptyResult();
  for (const a of actions) {
    const t = tables.get(a.table)!;
    let skipped = result.skipped.get(a.table);
    if (!skipped) {
      result.skipped.set(a.table, (skipped = new Set()));
      store.begin(t);
    }
    try {
      const did = runAction(tables, t, a, store, result.notes);
      if (did === 'skipped') skipped.add(a.key);
      else if (did === 'applied') {
        result.applied++;
        result.changed.add(a.table);
      }
    } catch (e) {
      // A constraint this row breaks here (claude-mem's own unique indexes): the row waits, the rest lands.
      if (!(e instanceof Error) || !/constraint/i.test(e.message)) throw e;
      result.notes.push(
        `claude-mem: ${a.table} row ${a.key} was refused by the database (${e.message}); left for a later sync`,
      );
      skipped.add(a.key);
    }
  }
  return result;
}

function runAction(
  tables: Map<string, LiveTable>,
  t: LiveTable,
  a: RowAction,
  store: RowStore,
  notes: string[],
): 'applied' | 'skipped' | 'done' {
  const id = t.ids.get(a.key);
  if (a.kind === 'delete') {
    const now = id === undefined ? null : store.current(t, id);
    // Gone already (claude-mem deleted it, or its session's delete took it along): done.
    if (now === null) return 'done';
    if (now !== a.prev) return 'skipped';
    store.delete(t, id!);
    t.ids.delete(a.key);
    return 'applied';
  }
  const values = resolveValues(tables, a.values, store);
  if (!values) {
    notes.push(`claude-mem: ${a.table} row ${a.key} refers to a row this machine does not have; left for a later sync`);
    return 'skipped';
  }
  const [columns, args] = [values.map(([c]) => c), values.map(([, v]) => v)];
  if (a.kind === 'insert') {
    // Inserted here meanwhile (or already taken in an overtaken round): the same row needs nothing.
    if (id !== undefined) return store.current(t, id) === a.line ? 'done' : 'skipped';
    t.ids.set(a.key, store.insert(t, columns, args));
    return 'applied';
  }
  if (id === undefined || store.current(t, id) !== a.prev) return 'skipped';
  store.update(t, id, columns, args);
  return 'applied';
}

/** The plan's values with references made local ids; null when one names a row this machine does not have. */
function resolveValues(
  tables: ReadonlyMap<string, LiveTable>,
  values: [string, RowValue][],
  store: RowStore,
): [string, unknown][] | null {
  const out: [string, unknown][] = [];
  for (const [c, v] of values) {
    if ('value' in v) out.push([c, v.value]);
    else if ('via' in v) out.push([c, store.parentId(v.via) ?? null]);
    else {
      const id = tables.get(v.ref)?.ids.get(v.key);
      if (id === undefined) return null;
      out.push([c, id]);
    }
  }
  return out;
}

/** The live database as a row store: every write is SQL in the caller's transaction. */
function sqlStore(db: Database, tables: Map<string, LiveTable>): RowStore {
  // One prepared statement per distinct SQL text (rows of one table mostly share their columns).
  const statements = new Map<string, Statement<unknown[]>>();
  const prepare = (sql: string) => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql)));
    return st;
  };
  const resolvers = new Map<string, (column: string, id: unknown) => unknown>();
  return {
    begin(t) {
      const fresh = readTable(db, t.spec, tables, t.maxId);
      for (const [k, id] of fresh.ids) t.ids.set(k, id);
      resolvers.set(t.spec.name, refResolver(t.spec, tables));
    },
    current(t, id) {
      const row = prepare(`SELECT * FROM ${quoteId(t.spec.name)} WHERE id = ?`).get(id) as
        | Record<string, unknown>
        | undefined;
      return row ? JSON.stringify(serializeRow(t.spec, row, t.columns, resolvers.get(t.spec.name)!)) : null;
    },
    parentId({ table, parent, value }) {
      const sql = `SELECT id FROM ${quoteId(table)} WHERE ${quoteId(parent)} = ? ORDER BY id LIMIT 1`;
      return (prepare(sql).get(value) as { id: number } | undefined)?.id;
    },
    insert(t, columns, values) {
      const sql =
        `INSERT INTO ${quoteId(t.spec.name)} (${columns.map(quoteId).join(', ')}) VALUES ` +
        `(${columns.map(() => '?').join(', ')})`;
      return Number(prepare(sql).run(...values).lastInsertRowid);
    },
    update(t, id, columns, values) {
      const set = columns.map((c) => `${quoteId(c)} = ?`).join(', ');
      prepare(`UPDATE ${quoteId(t.spec.name)} SET ${set} WHERE id = ?`).run(...values, id);
    },
    delete(t, id) {
      prepare(`DELETE FROM ${quoteId(t.spec.name)} WHERE id = ?`).run(id);
    },
  };
}

/**
 * Checks the structure of the tables the merge wrote before the commit. The write lock is held
 * meanwhile: the rest of the database is as claude-mem left it, and a full integrity_check (index
 * against table, which SQL writes cannot make disagree) would hold it several times longer.
 */
function checkIntegrity(db: Database, changed: ReadonlySet<string>): void {
  const problems: string[] = [];
  for (const name of changed) {
    const rows = db.pragma(`quick_check(${quoteId(name)})`) as { quick_check: string }[];
    problems.push(...rows.map((r) => r.quick_check).filter((r) => r !== 'ok'));
  }
  if (!problems.length) return;
  throw new MemsyncError(
    `the claude-mem database failed its integrity check after merging (${problems.slice(0, 3).join('; ')}); ` +
      'nothing was changed',
    'failure',
    'run PRAGMA integrity_check on it and report the problem',
  );
}

/**
 * Rebuilds claude-mem's full-text indexes (external-content FTS5 tables) over the tables that
 * changed, unless triggers on the content table keep the index (claude-mem's schema has them: the
 * rows' writes already updated it, and a rebuild would hold the write lock over the whole table).
 * An index whose content table cannot be told is rebuilt anyway.
 */
function rebuildFts(db: Database, changed: ReadonlySet<string>): void {
  if (!changed.size) return;
  const fts = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`)
    .all() as { name: string; sql: string }[];
  const triggers = db.prepare(`SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as {
    tbl_name: string;
    sql: string | null;
  }[];
  for (const { name, sql } of fts) {
    const content = /content\s*=\s*['"]?([\w]+)/i.exec(sql)?.[1];
    if (content && !changed.has(content)) continue;
    if (content && keptByTriggers(triggers, content, name)) continue;
    db.prepare(`INSERT INTO ${quoteId(name)}(${quoteId(name)}) VALUES('rebuild')`).run();
  }
}

/** Whether triggers on `table` write its inserts, updates and deletes into the FTS index `fts`. */
function keptByTriggers(triggers: { tbl_name: string; sql: string | null }[], table: string, fts: string): boolean {
  const on = triggers.filter((t) => t.tbl_name === table && t.sql?.includes(fts)).map((t) => t.sql!.toUpperCase());
  return ['INSERT', 'UPDATE', 'DELETE'].every((e) =>
    on.some((sql) => new RegExp(`(AFTER|BEFORE)\\s+${e}\\b`).test(sql)),
  );
}
