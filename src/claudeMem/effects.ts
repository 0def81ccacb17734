import type { DbState } from './dbState.ts';
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
   * Runs `write` as one write transaction on the live database (`target` names it) and returns
   * its answer: committed; in a dry run rolled back, so the answer (rows applied, rows skipped)
   * is the real run's and nothing lands.
   */
  writeRows<T>(db: Database, target: string, write: () => T): T;
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
