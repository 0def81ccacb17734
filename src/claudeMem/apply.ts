/**
 * Writes a row merge into the live database: one write transaction with a busy timeout, never
 * replacing the file. Each change is compare-and-swap against the snapshot it was decided on: a
 * row claude-mem changed (or inserted) meanwhile is left for the next sync. Incoming rows get
 * fresh local ids and their references are resolved to this machine's ids.
 */
import type { Database, Statement } from './sqlite.ts';
import type { DbEffects } from './effects.ts';
import { MemsyncError } from '../errors.ts';
import type { LiveOp } from './mergeRows.ts';
import { serializeRow, sqlValue } from './rows.ts';
import { quoteId, readTable, refResolver, tableColumns, type LiveTable } from './snapshot.ts';
import type { Reference } from './tables.ts';

export interface ApplyResult {
  /** Per table, identities whose change did not land (changed meanwhile, or refused by SQLite). */
  skipped: Map<string, Set<string>>;
  applied: number;
  notes: string[];
}

/**
 * Applies per-table ops (tables in dependency order) and checks the database before committing,
 * in one write transaction of `fx` (a dry run's is rolled back: the same answer, nothing written).
 */
export function applyOps(
  db: Database,
  tables: Map<string, LiveTable>,
  ops: Map<string, LiveOp[]>,
  fx: Pick<DbEffects, 'writeRows'>,
  target: string,
): ApplyResult {
  const result: ApplyResult = { skipped: new Map(), applied: 0, notes: [] };
  if (![...ops.values()].some((l) => l.length)) return result;
  // Foreign keys on: a row whose session is missing here is refused (and waits), and a session the
  // merge deletes takes its remaining rows with it (references.ts keeps the sessions rows still need).
  db.exec('PRAGMA foreign_keys = ON');
  fx.writeRows(db, target, () => {
    const changed = new Set<string>();
    for (const [name, list] of ops) {
      if (!list.length) continue;
      const before = result.applied;
      applyTable(db, tables, tables.get(name)!, list, result);
      if (result.applied > before) changed.add(name);
    }
    rebuildFts(db, changed);
    checkIntegrity(db, changed);
  });
  return result;
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
    1,
    'run PRAGMA integrity_check on it and report the problem',
  );
}

function applyTable(
  db: Database,
  tables: Map<string, LiveTable>,
  t: LiveTable,
  list: LiveOp[],
  result: ApplyResult,
): void {
  const { spec } = t;
  const skipped = new Set<string>();
  result.skipped.set(spec.name, skipped);
  // Rows inserted since the snapshot: their identities are taken, and they are published next time.
  const fresh = readTable(db, spec, tables, t.maxId);
  for (const [k, id] of fresh.ids) t.ids.set(k, id);
  const columns = new Set(tableColumns(db, spec.name));
  const serialize = refResolver(spec, tables);
  // One prepared statement per distinct SQL text (rows of one table mostly share their columns).
  const statements = new Map<string, Statement<unknown[]>>();
  const prepare = (sql: string) => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, (st = db.prepare(sql)));
    return st;
  };
  const current = (id: number): string | null => {
    const row = prepare(`SELECT * FROM ${quoteId(spec.name)} WHERE id = ?`).get(id) as
      | Record<string, unknown>
      | undefined;
    if (!row) return null;
    return JSON.stringify(serializeRow(spec, row, t.columns, serialize));
  };
  const valuesOf = (line: string): Map<string, unknown> | null => {
    const obj = JSON.parse(line) as Record<string, unknown>;
    const out = new Map<string, unknown>();
    for (const [c, v] of Object.entries(obj)) {
      // Columns this machine's claude-mem does not have stay on the remote only.
      if (!columns.has(c) || c === 'id') continue;
      const ref = spec.references.find((r) => r.column === c);
      if (ref && Array.isArray(v)) {
        const id = tables.get(ref.table)?.ids.get(JSON.stringify(v));
        if (id === undefined) return null;
        out.set(c, id);
      } else if (ref) {
        // No identity (or another machine's local id, from an older memsync): found by the
        // parent's other unique column when the spec names one, else none.
        out.set(c, ref.via ? (parentId(ref, obj[ref.via.column]) ?? null) : null);
      } else out.set(c, sqlValue(v));
    }
    return out;
  };
  const parentId = (ref: Reference, value: unknown): number | undefined => {
    const sql = `SELECT id FROM ${quoteId(ref.table)} WHERE ${quoteId(ref.via!.parent)} = ? ORDER BY id LIMIT 1`;
    const row = prepare(sql).get(value) as { id: number } | undefined;
    return row?.id;
  };
  for (const op of list) {
    const id = t.ids.get(op.key);
    try {
      if (op.kind === 'delete') {
        const now = id === undefined ? null : current(id);
        // Gone already (claude-mem deleted it, or its session's delete took it along): done.
        if (now === null) continue;
        if (now !== op.prev) {
          skipped.add(op.key);
          continue;
        }
        prepare(`DELETE FROM ${quoteId(spec.name)} WHERE id = ?`).run(id);
        t.ids.delete(op.key);
      } else {
        const values = valuesOf(op.line);
        if (!values) {
          result.notes.push(
            `claude-mem: ${spec.name} row ${op.key} refers to a row this machine does not have; left for a later sync`,
          );
          skipped.add(op.key);
          continue;
        }
        const cols = [...values.keys()];
        if (op.prev === null) {
          if (id !== undefined) {
            // Inserted here meanwhile (or already taken in an overtaken round): the same row needs nothing.
            if (current(id) !== op.line) skipped.add(op.key);
            continue;
          }
          const info = prepare(
            `INSERT INTO ${quoteId(spec.name)} (${cols.map(quoteId).join(', ')}) VALUES ` +
              `(${cols.map(() => '?').join(', ')})`,
          ).run(...cols.map((c) => values.get(c)));
          t.ids.set(op.key, Number(info.lastInsertRowid));
        } else {
          if (id === undefined || current(id) !== op.prev) {
            skipped.add(op.key);
            continue;
          }
          prepare(
            `UPDATE ${quoteId(spec.name)} SET ${cols.map((c) => `${quoteId(c)} = ?`).join(', ')} WHERE id = ?`,
          ).run(...cols.map((c) => values.get(c)), id);
        }
      }
      result.applied++;
    } catch (e) {
      // A constraint this row breaks here (claude-mem's own unique indexes): the row waits, the rest lands.
      if (!(e instanceof Error) || !/constraint/i.test(e.message)) throw e;
      result.notes.push(
        `claude-mem: ${spec.name} row ${op.key} was refused by the database (${e.message}); left for a later sync`,
      );
      skipped.add(op.key);
    }
  }
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
