/**
 * A table as readable text for the remote: one JSON object per line, keys sorted, the local `id`
 * left out and local integer references replaced by the identity of the row they point to, lines
 * sorted by row identity. So the remote history of a table is a plain diff.
 */
import { MemsyncError } from '../errors.ts';
import type { TableSpec } from './tables.ts';

/** Identity key (JSON array text) -> serialized line. */
export type KeyedRows = Map<string, string>;

/** Turns a database row into its line. `refKey(column, id)` gives the identity of a referenced row. */
export function serializeRow(
  spec: TableSpec,
  row: Record<string, unknown>,
  columns: readonly string[],
  refKey: (column: string, id: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const refs = spec.references;
  for (const c of columns) {
    if (c === 'id') continue;
    const v = row[c];
    if (refs.length && refs.some((r) => r.column === c)) out[c] = v === null || v === undefined ? null : refKey(c, v);
    else out[c] = Buffer.isBuffer(v) ? { $blob: v.toString('base64') } : typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/** The identity key of a serialized row; rows that share an identity get a running number. */
export function keyOf(spec: TableSpec, obj: Record<string, unknown>, seen: Map<string, number>): string {
  const id = spec.identity(obj);
  let key = JSON.stringify(id);
  const n = seen.get(key) ?? 0;
  seen.set(key, n + 1);
  if (n > 0) key = JSON.stringify([...id, `#${n}`]);
  return key;
}

/** The file text of a table: lines sorted by identity. */
export function tableText(rows: ReadonlyMap<string, string>): string {
  const keys = [...rows.keys()].sort();
  return keys.length ? keys.map((k) => rows.get(k)!).join('\n') + '\n' : '';
}

/** Reads a table file (from the remote or the base) back into identity -> line. */
export function parseTableText(spec: TableSpec, text: string, where: string): KeyedRows {
  const out: KeyedRows = new Map();
  const seen = new Map<string, number>();
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      obj = undefined;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new MemsyncError(`${where} line ${lineNo} is not a JSON object`, 1, 'the remote file is damaged; fix or revert it in the remote repository');
    out.set(keyOf(spec, obj as Record<string, unknown>, seen), line);
  }
  return out;
}

/** A column value as SQLite takes it. */
export function sqlValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $blob?: unknown }).$blob === 'string') {
    return Buffer.from((v as { $blob: string }).$blob, 'base64');
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}
