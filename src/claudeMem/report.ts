/**
 * claude-mem's part of the one sync report (`SyncReport.claudeMem`, engine/report.ts): what the
 * round did, or in a dry run would do, to the database, and the round it hands the engine. Types
 * only, and the empty part: every module of the source names them, and none needs the round itself.
 */

export interface TableCounts {
  /** Rows this machine would publish (new, changed or deleted here). */
  push: number;
  /** Rows this machine would take from the remote. */
  pull: number;
  conflicts: number;
}

export interface DbReport {
  mode: 'rows' | 'file';
  path: string;
  /** Per table, what the sync did (or, in a dry run, would do). */
  tables: Record<string, TableCounts>;
  /** Rows (or the file) written to the live database. */
  applied: number;
  /** False when the database was not read: unchanged (changeMarker.ts) since a sync that left nothing to do. */
  read: boolean;
  conflicts: number;
  /** Rows held back from publishing for a secret. */
  held: number;
  /** Each secret found in what was about to be published: where (a table's row, or a column), rule, masked. */
  secrets: string[];
  /** Per table, deletions held because they would remove most of it (confirm: resolve claude-mem --confirm-deletes). */
  heldDeletes: Record<string, number>;
  /** The open row conflicts: table and the row's identity across machines. */
  rowConflicts: { table: string; identity: unknown }[];
  /** The database was new here (replaced or recreated): merged as new against the remote. */
  fresh?: boolean;
  /** Why the database took no part in this sync (busy past the budget, a damaged remote table). */
  pending?: string;
  notes: string[];
}

export interface DbRound {
  /** Path -> content (or blob id) for the remote; null: delete. */
  treeChanges: Map<string, Buffer | string | null>;
  report: DbReport;
  /** Records the new state: call once the round's push has landed (or nothing needed pushing). */
  commit(): Promise<void>;
}

/** The report of a round before it did anything. */
export function emptyDbReport(mode: DbReport['mode'], path: string): DbReport {
  const counts = { applied: 0, conflicts: 0, held: 0 };
  return { mode, path, tables: {}, read: true, ...counts, heldDeletes: {}, rowConflicts: [], secrets: [], notes: [] };
}

/** Rows a user's choice drops, per table: from this machine, and from the remote (its history keeps them). */
export interface DroppedRows {
  reason: string;
  here: Record<string, number>;
  remote: Record<string, number>;
}
