/**
 * This machine's sync state for claude-mem's database, beside the file state: the base of each
 * remote file (its text kept in a file named by its blob id, not in git where gc could drop it),
 * open conflicts and a pending resolution. Saved only once a sync's push has landed, atomically.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { MemsyncError } from '../errors.ts';
import { stateDir } from '../machine/state.ts';
import { blobHash } from '../util/blobHash.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';

const DbStateSchema = z.object({
  version: z.literal(1),
  /** Repository path (claude-mem/...) -> blob id of what this machine and the remote last agreed on. */
  base: z.record(z.string(), z.string()),
  /** Rows mode: table -> identity -> the remote line that conflicted (null: deleted there). */
  rowConflicts: z.record(z.string(), z.record(z.string(), z.string().nullable())),
  /** File mode: the remote snapshot that conflicted with live, if a conflict is open. */
  fileConflict: z.object({ remote: z.string(), since: z.string(), rejectedPush: z.boolean() }).nullable(),
  /** Rows mode: each table's columns at the last sync, to tell columns a claude-mem upgrade added. */
  columns: z.record(z.string(), z.array(z.string())).default({}),
  /** File mode: the hash of this machine's snapshot when it last agreed with the remote. */
  fileLive: z.string().nullable().default(null),
  /**
   * Rows mode: the database's change marker (changeMarker.ts) when the last sync read it, wrote
   * nothing to it and left it agreeing with the remote; null when the next sync must read it.
   */
  marker: z.string().nullable().default(null),
  /** The user's choice for the open conflicts, carried out by the next sync. */
  resolution: z.enum(['local', 'remote']).nullable(),
  /** The database file the base was agreed with (dbIdentity.ts); null before it was first recorded. */
  source: z.string().nullable().default(null),
  /** Rows mode: deletions held per table because they would remove most of it. */
  heldDeletes: z.record(z.string(), z.number()).default({}),
  /** The user confirmed the held deletions: the next sync carries them out. */
  confirmDeletes: z.boolean().default(false),
  /** Why the last sync left the database out (busy, damaged remote table); null when it took part. */
  pending: z.string().nullable().default(null),
  /** What the last publish held back for a secret (where, rule, masked), for the session-start line. */
  heldSecrets: z.array(z.string()).default([]),
});
export type DbState = z.infer<typeof DbStateSchema>;

const file = (home: string) => path.join(stateDir(home), 'claude-mem.json');

function emptyDbState(): DbState {
  return {
    version: 1,
    base: {},
    rowConflicts: {},
    fileConflict: null,
    fileLive: null,
    resolution: null,
    columns: {},
    marker: null,
    source: null,
    heldDeletes: {},
    confirmDeletes: false,
    pending: null,
    heldSecrets: [],
  };
}

export async function loadDbState(home: string): Promise<DbState> {
  let text: string;
  try {
    text = await fs.readFile(file(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyDbState();
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = DbStateSchema.safeParse(json);
  if (!parsed.success)
    throw new MemsyncError(
      `the claude-mem sync state ${file(home)} is damaged`,
      'failure',
      'move it aside and run memsync sync: every row is then compared with the remote again (differences become ' +
        'conflicts, nothing is lost)',
    );
  return parsed.data;
}

export function saveDbState(home: string, state: DbState): void {
  ensureDir(stateDir(home), 'the state folder');
  checkedWrite(file(home), JSON.stringify(state), { what: "claude-mem's sync state" });
}

const baseDir = (home: string) => path.join(stateDir(home), 'claude-mem-base');

// A missing base throws in dbBasePath: async makes it the rejection callers catch.
export async function readDbBase(home: string, id: string): Promise<Buffer> {
  return fs.readFile(dbBasePath(home, id));
}

/** The file holding a base text (read as a stream by the row merge, so a 50 MB table is not held whole). */
export function dbBasePath(home: string, id: string): string {
  const file = path.join(baseDir(home), id);
  if (!existsSync(file))
    throw new MemsyncError(
      `the claude-mem base ${id} is missing from ${baseDir(home)}`,
      'failure',
      'move state/claude-mem.json aside and run memsync sync: rows are then compared with the remote again',
    );
  return file;
}

/** Keeps a base text; returns its blob id. */
export function writeDbBase(home: string, content: Buffer): string {
  const id = blobHash(content);
  ensureDir(baseDir(home), "claude-mem's base folder");
  checkedWrite(path.join(baseDir(home), id), content, { what: 'a claude-mem base' });
  return id;
}

/** Drops base texts the state no longer names. */
export async function pruneDbBase(home: string, state: DbState): Promise<void> {
  const keep = new Set(Object.values(state.base));
  const names = await fs.readdir(baseDir(home)).catch(() => [] as string[]);
  for (const n of names) if (!keep.has(n)) await fs.rm(path.join(baseDir(home), n), { force: true });
}

/** Count of open row conflicts plus the file conflict. */
export function openDbConflicts(state: DbState): number {
  let n = state.fileConflict ? 1 : 0;
  for (const t of Object.values(state.rowConflicts)) n += Object.keys(t).length;
  return n;
}
