import fs from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { MemsyncError } from '../errors.ts';
import type { ScanCache } from './scan.ts';

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

const StateSchema = z.object({
  version: z.literal(1),
  /** The remote tip this machine last synced with. */
  remoteTip: z.string().nullable(),
  /** Repository prefixes mapped at the last sync: a change means the remote tree must be read again. */
  roots: z.array(z.string()),
  /** Per mapped path, the content this machine and the remote last agreed on. */
  base: z.record(z.string(), z.string()),
  /** Per mapped path where the remote tip differs from base (null: absent on the remote). */
  pending: z.record(z.string(), z.string().nullable()),
  conflicts: z.record(z.string(), ConflictSchema),
  lastSyncTime: z.string().nullable(),
});
export type MachineState = z.infer<typeof StateSchema>;

export function emptyState(): MachineState {
  return { version: 1, remoteTip: null, roots: [], base: {}, pending: {}, conflicts: {}, lastSyncTime: null };
}

export function stateDir(home: string): string {
  return path.join(home, 'state');
}

const stateFile = (home: string) => path.join(stateDir(home), 'sync-state.json');
const cacheFile = (home: string) => path.join(stateDir(home), 'scan-cache.json');

export async function loadState(home: string): Promise<MachineState> {
  let text: string;
  try {
    text = await fs.readFile(stateFile(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw e;
  }
  const parsed = StateSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    throw new MemsyncError(`the sync state ${stateFile(home)} is damaged`, 1, 'move it aside and run memsync sync: every file is then compared with the remote again and nothing is lost (differences become merges or conflicts)');
  }
  return parsed.data;
}

/** Written last in a sync, atomically: a crash before this leaves the old base, and the next sync redoes the work. */
export async function saveState(home: string, state: MachineState): Promise<void> {
  await fs.mkdir(stateDir(home), { recursive: true });
  await writeFileAtomic(stateFile(home), JSON.stringify(state), { fsync: true });
}

/** The scan cache only saves hashing; a lost or bad one costs time, never correctness. */
export async function loadScanCache(home: string): Promise<ScanCache> {
  try {
    const v = safeJson(await fs.readFile(cacheFile(home), 'utf8'));
    return v && typeof v === 'object' ? (v as ScanCache) : {};
  } catch {
    return {};
  }
}

export async function saveScanCache(home: string, cache: ScanCache): Promise<void> {
  await fs.mkdir(stateDir(home), { recursive: true });
  await writeFileAtomic(cacheFile(home), JSON.stringify(cache), { fsync: false });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
