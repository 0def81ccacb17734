/**
 * The row merge of every synced table, pure: each table by the three-state rule (mergeRows.ts),
 * then what holds across tables: deletions that would empty most of a table wait for the user
 * (holds.ts), and a session rows still belong to is kept (references.ts).
 */
import type { SyncMode } from '../reconcile/decide.ts';
import { holdDeletes, holdMassDeletes, keepRow } from './holds.ts';
import { mergeRows, type RowMergeResult, type Rows } from './mergeRows.ts';
import { deletedSessions, referencedSessions, survivors, type DeletedSessions } from './references.ts';

export interface TablePlanInput {
  name: string;
  base: Rows;
  live: ReadonlyMap<string, string>;
  remote: Rows;
  held: ReadonlyMap<string, string | null>;
  added: readonly string[];
  /** The rows the remote holds before the sync, counting those that took no part. */
  remoteRows: number;
}

export interface PlanOptions {
  resolution?: 'local' | 'remote';
  mode: SyncMode;
  /** The user confirmed held mass deletions: they run. */
  confirmDeletes?: boolean;
  /** Deletions of more than this percentage of a table's rows are held (massDeletePercent). */
  massDeletePercent: number;
}

export interface TablePlan {
  m: RowMergeResult;
  /** Deletions held because they would remove most of the table. */
  heldDeletes: number;
}

/**
 * Plans the tables in dependency order (sessions first). They are taken one at a time, so the
 * caller may let each table's live rows go once the next is asked for.
 */
export function planTables(tables: Iterable<TablePlanInput>, opts: PlanOptions): Map<string, TablePlan> {
  const out = new Map<string, TablePlan>();
  let deleted: DeletedSessions | null = null;
  const needed = new Set<string>();
  /** Sessions whose rows' deletions are held: their own deletion waits with them. */
  const waiting = new Set<string>();
  for (const t of tables) {
    const { base, live, remote, held, added } = t;
    const m = mergeRows({ base, live, remote, held, added, resolution: opts.resolution, mode: opts.mode });
    const heldRows = opts.confirmDeletes ? [] : holdMassDeletes(m, t.remoteRows, opts.massDeletePercent);
    if (t.name === 'sdk_sessions') deleted = deletedSessions(m);
    else if (deleted) {
      const heldSet = new Set(heldRows);
      const kept = [...survivors(m, t.live)].filter((line) => !heldSet.has(line));
      referencedSessions(deleted, t.name, kept, needed);
      referencedSessions(deleted, t.name, heldRows, waiting);
    }
    out.set(t.name, { m, heldDeletes: heldRows.length });
  }
  const sessions = out.get('sdk_sessions');
  if (!sessions) return out;
  // A session some kept row still belongs to is kept too (on the side that deleted it); one whose
  // rows are only held is held with them, so confirming deletes it as well, never leaving it empty.
  for (const key of needed) keepRow(sessions.m, key);
  const hold = [...waiting].filter((k) => !needed.has(k));
  holdDeletes(sessions.m, hold);
  sessions.heldDeletes += hold.length;
  return out;
}
