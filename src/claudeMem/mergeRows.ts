/**
 * The three-state rule per database row (design: "Three states, one rule"), pure. A row is one
 * serialized line (see rows.ts) keyed by its cross-machine identity. Versions are compared on the
 * columns both lines hold, so machines on different claude-mem versions (a column only one side
 * has) still agree on rows neither changed.
 */
import { decide, runsIn, type DecisionKind, type SyncMode } from '../reconcile/decide.ts';

export type Rows = ReadonlyMap<string, string>;

export interface RowMergeInput {
  base: Rows;
  live: Rows;
  remote: Rows;
  /** Open row conflicts: identity -> the remote line (null: remote had deleted it) that conflicted. */
  held: ReadonlyMap<string, string | null>;
  /** How the user resolved the open conflicts, if they did. */
  resolution?: 'local' | 'remote';
  mode: SyncMode;
  /**
   * Columns the live table gained since the last sync (claude-mem was upgraded here): their
   * values in rows that already existed are defaults, not edits, so they are not compared and the
   * other side's values win when such a row is published.
   */
  added?: readonly string[];
}

export type LiveOp =
  | { key: string; kind: 'upsert'; line: string; prev: string | null }
  | { key: string; kind: 'delete'; prev: string };

export interface RowMergeResult {
  /** The table as it goes to the remote. */
  remote: Map<string, string>;
  /** The new base per row, assuming every live op lands (the caller restores base for ops that did not). */
  base: Map<string, string>;
  /** Changes to make in the live database. */
  live: LiveOp[];
  /** Rows changed on both sides differently: identity -> remote line. Live is kept; the remote is not overwritten. */
  conflicts: Map<string, string | null>;
  /** What the plan does, per decision kind that runs (for reports and status counts). */
  counts: Partial<Record<DecisionKind | 'conflict' | 'resolved', number>>;
  /** Decisions left for another mode (a take during push, a publish during pull). */
  waiting: Partial<Record<DecisionKind, number>>;
  /** Rows this merge deletes: where, the line deleted and its base (for holds.ts to undo). */
  deletes: Map<string, RowDelete>;
}

export interface RowDelete {
  /** 'live': the remote deleted it (a deleteLive); 'remote': this machine deleted it (a deleteRemote). */
  where: 'live' | 'remote';
  /** The row as the side that keeps it holds it. */
  line: string;
  base: string | null;
}

export function mergeRows(input: RowMergeInput): RowMergeResult {
  const { base, live, remote, held, mode } = input;
  const out: RowMergeResult = {
    remote: new Map(remote),
    base: new Map(base),
    live: [],
    conflicts: new Map(),
    counts: {},
    waiting: {},
    deletes: new Map(),
  };
  const keys = new Set<string>(held.keys());
  for (const [k, l] of live) if (base.get(k) !== l) keys.add(k);
  for (const [k, r] of remote) if (base.get(k) !== r) keys.add(k);
  for (const k of base.keys()) if (!live.has(k) || !remote.has(k)) keys.add(k);
  const count = (k: DecisionKind | 'conflict' | 'resolved') => (out.counts[k] = (out.counts[k] ?? 0) + 1);
  const added = input.added ?? [];

  for (const key of [...keys].sort()) {
    const b = base.get(key) ?? null;
    const l = live.get(key) ?? null;
    const r = remote.get(key) ?? null;
    // A column the upgrade here added takes the other side's value where it has one; where it
    // has none, a value set here is an edit like any other.
    const other = r ?? b;
    const strip = l !== null && b !== null ? added.filter((c) => hasValue(other, c)) : [];
    const lc = strip.length ? without(l!, strip) : l;
    // Tokens stand for the versions, equal when the rows agree on the columns both hold (a value
    // in a column the older version lacks is a change: claude-mem's migration filled it).
    const lt = lc === null ? null : sameRow(lc, b, true) ? 'B' : 'L';
    const rt = r === null ? null : sameRow(r, b, true) ? 'B' : sameRow(r, lc) ? lt : 'R';
    const bt = b === null ? null : 'B';
    let openConflict: string | null | undefined;
    if (held.has(key)) {
      const h = held.get(key)!;
      openConflict = h === null ? (r === null ? null : '#') : r !== null && sameRow(h, r) ? rt : '#';
    }
    let kind = decide({ live: lt, base: bt, remote: rt, openConflict }).kind;
    if ((kind === 'held' || kind === 'merge') && input.resolution) {
      kind =
        input.resolution === 'local' ? (l === null ? 'deleteRemote' : 'publish') : r === null ? 'deleteLive' : 'take';
      count('resolved');
    }
    // After an upgrade here, rows that existed take the other side's values of the new columns.
    const quiet = kind === 'none' || kind === 'agree' || kind === 'publish';
    const filled = lc !== l && quiet ? carry(l!, other, strip) : l;
    if (filled !== l && runsIn('take', mode)) out.live.push({ key, kind: 'upsert', line: filled!, prev: l });
    if (kind === 'none') continue;
    if (!runsIn(kind, mode)) {
      out.waiting[kind] = (out.waiting[kind] ?? 0) + 1;
      continue;
    }
    // Columns this machine's claude-mem does not have are carried from the other side's row.
    carryOut(out, key, kind, { l, r, b, publish: () => carry(l!, other, strip) });
    count(kind === 'merge' || kind === 'held' ? 'conflict' : kind);
  }
  return out;
}

/** Records a row's decision in the merge's result (a decision that runs in this mode). */
function carryOut(
  out: RowMergeResult,
  key: string,
  kind: DecisionKind,
  { l, r, b, publish }: { l: string | null; r: string | null; b: string | null; publish: () => string },
): void {
  switch (kind) {
    case 'agree':
      setOrDelete(out.base, key, r);
      break;
    case 'take':
      out.live.push({ key, kind: 'upsert', line: r!, prev: l });
      out.base.set(key, r!);
      break;
    case 'deleteLive':
      out.live.push({ key, kind: 'delete', prev: l! });
      out.base.delete(key);
      out.deletes.set(key, { where: 'live', line: l!, base: b });
      break;
    case 'publish': {
      const line = publish();
      out.remote.set(key, line);
      out.base.set(key, line);
      break;
    }
    case 'deleteRemote':
      out.remote.delete(key);
      out.base.delete(key);
      out.deletes.set(key, { where: 'remote', line: r!, base: b });
      break;
    case 'merge':
    case 'held':
      out.conflicts.set(key, r);
  }
}

/**
 * True when two lines hold the same values in every column both have. With `filled`, a value in
 * a column only `a` has (not null) is a difference too: `a` gained it where `b` has none.
 */
function sameRow(a: string | null, b: string | null, filled = false): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const x = JSON.parse(a) as Record<string, unknown>;
  const y = JSON.parse(b) as Record<string, unknown>;
  for (const k of Object.keys(x)) {
    const differs =
      k in y ? JSON.stringify(x[k]) !== JSON.stringify(y[k]) : filled && x[k] !== null && x[k] !== undefined;
    if (differs) return false;
  }
  return true;
}

function hasValue(line: string | null, column: string): boolean {
  if (line === null) return false;
  const v = (JSON.parse(line) as Record<string, unknown>)[column];
  return v !== null && v !== undefined;
}

/** The live line with the columns only `other` has (and the `override` columns) taken from `other`, keys sorted. */
export function carry(line: string, other: string | null, override: readonly string[] = []): string {
  if (other === null) return line;
  const l = JSON.parse(line) as Record<string, unknown>;
  const o = JSON.parse(other) as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !(k in l) || override.includes(k));
  if (extra.length === 0) return line;
  for (const k of extra) l[k] = o[k];
  return sortedJson(l);
}

function without(line: string, columns: readonly string[]): string {
  const o = JSON.parse(line) as Record<string, unknown>;
  for (const c of columns) delete o[c];
  return JSON.stringify(o);
}

function sortedJson(o: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return JSON.stringify(out);
}

function setOrDelete(m: Map<string, string>, k: string, v: string | null): void {
  if (v === null) m.delete(k);
  else m.set(k, v);
}
