import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { ConflictSchema, type ConflictRecord, readRecord, stateDir } from './state.ts';

/**
 * File/folder conflicts a sync opened before it recorded its state. Their copy is written and the
 * file moved out of the way before the state is saved; a sync killed in between would leave the
 * copy unnamed (its path then shows no difference), so each is noted here first and taken up by
 * the next sync.
 */
const file = (home: string) => path.join(stateDir(home), 'opened-conflicts.json');
const Schema = z.record(z.string(), ConflictSchema);

export function loadOpenedConflicts(home: string): Record<string, ConflictRecord> {
  return readRecord(file(home), Schema);
}

export function noteOpenedConflict(home: string, p: string, record: ConflictRecord): void {
  ensureDir(stateDir(home), 'the state folder');
  const all = { ...loadOpenedConflicts(home), [p]: record };
  checkedWrite(file(home), JSON.stringify(all), { what: 'the record of conflicts being opened' });
}

/** Once the state that holds them is saved. */
export function forgetOpenedConflicts(home: string): void {
  fs.rmSync(file(home), { force: true });
}
