import type { DbState } from './dbState.ts';
import type { ApplyResult } from './apply.ts';
import type { RowAction } from './rowPlan.ts';
import type { LiveTable } from './snapshot.ts';
import type { Database } from './sqlite.ts';

/**
 * Every write claude-mem's database source makes (the live database, the backups saved before
 * rows are dropped, its base texts and its state), as part of the engine's effects seam:
 * engine/effects/real.ts carries them out, recorder.ts is the dry run. The decision runs the
 * same in both; only these differ.
 */
export interface DbEffects {
  readonly dryRun: boolean;
  /**
   * Carries out a row plan on the live database (`target` names it) in one write transaction,
   * each write compare-and-swap. A dry run records the plan and reads its answer (rows applied,
   * rows left for later) without a write transaction, so it takes no write lock.
   */
  applyRows(db: Database, tables: Map<string, LiveTable>, actions: RowAction[], target: string): ApplyResult;
  /** Replaces the live database (created when missing) with a snapshot, through SQLite's backup API. */
  replaceDatabase(dbPath: string, content: Buffer, busyMs?: number): Promise<void>;
  /** Keeps a database snapshot (read only when it is written) as a new file in the backups folder. */
  saveBackup(file: string, content: () => Buffer): void;
  /** Keeps a base text; returns its blob id. */
  writeDbBase(content: Buffer): Promise<string>;
  /** Records the database's new state. */
  saveDbState(next: DbState): Promise<void>;
  /** Drops the base texts `next` no longer names. */
  pruneDbBase(next: DbState): Promise<void>;
}
