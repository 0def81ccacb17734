import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { MemsyncError } from '../errors.ts';

const ConflictSchema = z.object({
  /** The remote version written beside live (null: the remote had deleted it). */
  remote: z.string().nullable(),
  livePath: z.string(),
  /** The conflict copy, and its content id when written (to tell whether the user edited it). */
  copy: z.string(),
  copyHash: z.string(),
  host: z.string(),
  since: z.string(),
});
export type ConflictRecord = z.infer<typeof ConflictSchema>;

/** A record checked with a plain loop: zod's per-entry checks cost too much at tens of thousands of files. */
function recordOf<T>(ok: (v: unknown) => boolean) {
  return z.custom<Record<string, T>>((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
    for (const x of Object.values(v)) if (!ok(x)) return false;
    return true;
  });
}

const StateSchema = z.object({
  version: z.literal(1),
  /** The remote tip this machine last synced with. */
  remoteTip: z.string().nullable(),
  /** Repository prefixes mapped at the last sync: a change means the remote tree must be read again. */
  roots: z.array(z.string()),
  /** Per mapped path, the content this machine and the remote last agreed on. */
  base: recordOf<string>((v) => typeof v === 'string'),
  /** Per mapped path where the remote tip differs from base (null: absent on the remote). */
  pending: recordOf<string | null>((v) => v === null || typeof v === 'string'),
  conflicts: z.record(z.string(), ConflictSchema),
});
/** `lastSyncTime` is kept in a small file of its own, so a sync that changed nothing rewrites only that. */
export type MachineState = z.infer<typeof StateSchema> & { lastSyncTime: string | null };

export function emptyState(): MachineState {
  return { version: 1, remoteTip: null, roots: [], base: {}, pending: {}, conflicts: {}, lastSyncTime: null };
}

export function stateDir(home: string): string {
  return path.join(home, 'state');
}

const stateFile = (home: string) => path.join(stateDir(home), 'sync-state.json');
const lastSyncFile = (home: string) => path.join(stateDir(home), 'last-sync');

export async function loadState(home: string): Promise<MachineState> {
  let text: string;
  try {
    text = await fs.readFile(stateFile(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw e;
  }
  const lastSyncTime = await fs.readFile(lastSyncFile(home), 'utf8').then((t) => t.trim() || null, () => null);
  const parsed = StateSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    throw new MemsyncError(`the sync state ${stateFile(home)} is damaged`, 1, 'move it aside and run memsync sync: every file is then compared with the remote again and nothing is lost (differences become merges or conflicts)');
  }
  return { ...parsed.data, lastSyncTime };
}

/** Written last in a sync, atomically: a crash before this leaves the old base, and the next sync redoes the work. */
export async function saveState(home: string, state: MachineState): Promise<void> {
  const { lastSyncTime, ...rest } = state;
  await fs.mkdir(stateDir(home), { recursive: true });
  await writeFileAtomic(stateFile(home), JSON.stringify(rest), { fsync: true });
  if (lastSyncTime) await saveLastSync(home, lastSyncTime);
}

export async function saveLastSync(home: string, iso: string): Promise<void> {
  await writeFileAtomic(lastSyncFile(home), iso + '\n');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
