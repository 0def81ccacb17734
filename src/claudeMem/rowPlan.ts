/**
 * A row merge's live changes as data, pure: each op (mergeRows.ts) turned into the row it writes,
 * column by column, with references to other rows named by their identity across machines. The
 * effects seam carries them out (apply.ts) or, in a dry run, checks them by reading (preview.ts).
 */
import type { LiveOp } from './mergeRows.ts';
import { sqlValue } from './rows.ts';
import type { TableSpec } from './tables.ts';

/** A column's value: as it is, the local id of a row known by identity, or of the parent row a column matches. */
export type RowValue =
  | { value: unknown }
  | { ref: string; key: string }
  | { via: { table: string; parent: string; value: unknown } };

interface ActionBase {
  table: string;
  /** The row's identity across machines (JSON array text). */
  key: string;
}

/**
 * One write: `prev` is the line the decision saw live (null: none), compared before the write
 * (compare-and-swap); `line` is the line the row holds after it.
 */
export type RowAction = ActionBase &
  (
    | { kind: 'delete'; prev: string }
    | { kind: 'insert'; line: string; values: [string, RowValue][] }
    | { kind: 'update'; line: string; prev: string; values: [string, RowValue][] }
  );

/** What the plan needs of a live table: its spec and the columns it has here. */
export interface PlanTable {
  spec: TableSpec;
  columns: readonly string[];
}

/** The ops of every table (in dependency order) as row actions, in the same order. */
export function planRowActions(
  tables: ReadonlyMap<string, PlanTable>,
  ops: ReadonlyMap<string, LiveOp[]>,
): RowAction[] {
  const out: RowAction[] = [];
  for (const [name, list] of ops) {
    const t = tables.get(name)!;
    for (const op of list) {
      if (op.kind === 'delete') out.push({ table: name, key: op.key, kind: 'delete', prev: op.prev });
      else {
        const values = valuesOf(t, op.line);
        const { key, line } = op;
        out.push(
          op.prev === null
            ? { table: name, key, kind: 'insert', line, values }
            : { table: name, key, kind: 'update', line, prev: op.prev, values },
        );
      }
    }
  }
  return out;
}

/** A line's columns as SQLite takes them; columns this machine's claude-mem does not have stay on the remote only. */
function valuesOf(t: PlanTable, line: string): [string, RowValue][] {
  const { spec } = t;
  const columns = new Set(t.columns);
  const obj = JSON.parse(line) as Record<string, unknown>;
  const out: [string, RowValue][] = [];
  for (const [c, v] of Object.entries(obj)) {
    if (!columns.has(c) || c === 'id') continue;
    const ref = spec.references.find((r) => r.column === c);
    if (ref && Array.isArray(v)) out.push([c, { ref: ref.table, key: JSON.stringify(v) }]);
    // No identity (or another machine's local id, from an older memsync): found by the parent's
    // other unique column when the spec names one, else none.
    else if (ref?.via) out.push([c, { via: { table: ref.table, parent: ref.via.parent, value: obj[ref.via.column] } }]);
    else out.push([c, { value: ref ? null : sqlValue(v) }]);
  }
  return out;
}
