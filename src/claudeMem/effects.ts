import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { tmpDir } from '../machine/context.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { applyRowActions } from './apply.ts';
import { restoreInto } from './dbFile.ts';
import { pruneDbBase, saveDbState, writeDbBase, type DbState } from './dbState.ts';
import type { ApplyResult } from './apply.ts';
import type { RowAction } from './rowPlan.ts';
import type { LiveTable } from './snapshot.ts';
import type { Database } from './sqlite.ts';

/**
 * Every write claude-mem's database source makes (the live database, the backups saved before
 * rows are dropped, its base texts and its state), as part of the engine's effects seam:
 * `realDbEffects` carries them out (in a sync as part of engine/effects/real.ts), and
 * engine/effects/recorder.ts is the dry run. The decision runs the same in both; only these differ.
 */
export interface DbEffects {
  /** How a note says what was done: `done` as it is, or (a dry run) `planned`. */
  said(done: string, planned: string): string;
  /**
   * What this run reports of the database the last sync left out (`pending`): nothing for a real
   * run, whose own try reports; a dry run tries nothing for real, so it shows the last one's.
   */
  leftOut(pending: string | null): string | undefined;
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

/**
 * claude-mem's database source's writes, carried out: in a sync, `memsync backup restore FILE.db`
 * and `memsync resolve claude-mem` (which records the user's choice for the next sync).
 */
export function realDbEffects(home: string): DbEffects {
  return {
    said: (done) => done,
    leftOut: () => undefined,
    applyRows: (db, tables, actions) => applyRowActions(db, tables, actions),
    async replaceDatabase(dbPath, content, busyMs) {
      await fsp.mkdir(path.dirname(dbPath), { recursive: true });
      await restoreInto(dbPath, content, tmpDir(home), busyMs);
    },
    saveBackup: (file, content) => writeBackup(file, content()),
    writeDbBase: async (content) => writeDbBase(home, content),
    saveDbState: async (next) => saveDbState(home, next),
    pruneDbBase: (next) => pruneDbBase(home, next),
  };
}

/** Writes a copy of a database into the backups folder (the real effect behind `saveBackup`). */
function writeBackup(file: string, content: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, content, { what: 'the copy of the database before a change that drops rows' });
}
