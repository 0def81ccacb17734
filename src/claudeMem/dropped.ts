/**
 * Which rows one database snapshot has that another lacks, per table: what taking the other whole
 * would drop. Synced tables compare rows by their identity across machines; any other table by
 * the whole row. claude-mem's own indexes and local control tables are left out.
 */
import { withSnapshot } from './dbFile.ts';
import { isLocalTable } from './tables.ts';
import { quoteId, readSnapshot } from './snapshot.ts';
import type { Database } from './sqlite.ts';

/** Rows of snapshot `a` that snapshot `b` lacks, per table (tables with none left out). */
export function rowsOnlyIn(a: Buffer, b: Buffer, tmp: string): Record<string, number> {
  const [x, y] = [a, b].map((content) => rowKeys(content, tmp));
  const out: Record<string, number> = {};
  for (const [table, keys] of x!) {
    const other = y!.get(table) ?? new Set<string>();
    let n = 0;
    for (const k of keys) if (!other.has(k)) n++;
    if (n) out[table] = n;
  }
  return out;
}

/** Table -> the keys of its rows, from a database snapshot. */
function rowKeys(content: Buffer, tmp: string): Map<string, Set<string>> {
  return withSnapshot(content, tmp, (db) => {
    const snap = readSnapshot(db);
    const out = new Map([...snap.tables].map(([n, t]) => [n, new Set(t.ids.keys())]));
    for (const name of snap.unknown) out.set(name, wholeRows(db, name));
    return out;
  });
}

function wholeRows(db: Database, table: string): Set<string> {
  if (isLocalTable(table)) return new Set();
  const rows = db.prepare(`SELECT * FROM ${quoteId(table)}`).all() as Record<string, unknown>[];
  const plain = (_k: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
  return new Set(rows.map((r) => JSON.stringify(r, plain)));
}
