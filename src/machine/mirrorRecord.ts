import path from 'node:path';
import * as z from 'zod';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { readRecord, stateDir } from './state.ts';

/**
 * What the last sync left in each other checkout's memory folder (engine/mirrors.ts): per synced
 * folder (repository prefix), per mirror folder, relative path -> content id, for the files the
 * mirror then held as the primary did. A file missing from a mirror is a deletion only if it is here.
 */
export type MirrorRecord = Record<string, Record<string, Record<string, string>>>;

const RecordSchema = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string())));

const recordFile = (home: string) => path.join(stateDir(home), 'mirrors.json');

/** A lost or damaged record deletes nothing: every mirror is then read as never filled. */
export function loadMirrorRecord(home: string): MirrorRecord {
  return readRecord(recordFile(home), RecordSchema);
}

export function saveMirrorRecord(home: string, record: MirrorRecord): void {
  ensureDir(stateDir(home), 'the state folder');
  checkedWrite(recordFile(home), JSON.stringify(record), { what: 'the record of other checkouts' });
}
