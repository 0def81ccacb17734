import fs from 'node:fs/promises';
import fsSync from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { MemsyncError } from '../errors.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { unpublishedFile } from './watch.ts';

export const ConflictSchema = z.object({
  /** The remote version written beside live (null: the remote had deleted it). */
  remote: z.string().nullable(),
  livePath: z.string(),
  /** The conflict copy, and its content id when written (to tell whether the user edited it). */
  copy: z.string(),
  copyHash: z.string(),
  host: z.string(),
  since: z.string(),
  /**
   * A file and a folder of one name: the folder kept the path and the copy holds the file, which
   * came from this machine (`local`) or the remote. Only `resolve` ends it: the copy may hold the
   * file's only version.
   */
  shape: z.enum(['local', 'remote']).optional(),
  /**
   * Two names a disk folds to one (case, Unicode normalization): the path that kept the name (its
   * live file is `livePath`); the copy holds this machine's file of the other name.
   */
  clash: z.string().optional(),
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

const FindingSchema = z.object({ line: z.number().int(), rule: z.string(), masked: z.string() });

const HeaderSchema = z.object({
  version: z.literal(1),
  /** Bumped by every save; names the base file and tells the scan cache which state it matches. */
  seq: z.number().int().nonnegative(),
  /** The remote tip this machine last synced with. */
  remoteTip: z.string().nullable(),
  /**
   * The remote and branch that tip and the base belong to (absent in states written before they
   * were recorded: read as the remote in the settings). Against another remote the base is empty.
   */
  remoteUrl: z.string().optional(),
  branch: z.string().optional(),
  /** Live changes the last sync left unpublished (a pull, a file changed meanwhile): not "up to date". */
  unpublished: z.array(z.string()).default([]),
  /** What decided the mapped paths at the last sync: a change means the remote tree must be read again. */
  roots: z.array(z.string()),
  /** Per mapped path where the remote tip differs from base (null: absent on the remote). */
  pending: recordOf<string | null>((v) => v === null || typeof v === 'string'),
  conflicts: z.record(z.string(), ConflictSchema),
  /** Live files held back from publishing by the secret scan, with what was found. */
  held: z.record(z.string(), z.array(FindingSchema)).default({}),
  /** Live files not published because every other machine would refuse them (path -> why): not "up to date". */
  unusable: z.record(z.string(), z.string()).default({}),
  /** Mass deletions held until the user confirms them, per project or source folder (reconcile/massDelete.ts). */
  heldDeletes: z
    .record(z.string(), z.object({ label: z.string(), paths: z.array(z.string()), of: z.number().int() }))
    .default({}),
  /** Remote entries refused at the remote tip (named again while the tip stays). */
  refused: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
  /** The project folders known at the last sync: a second copy of the registry (sources/registry.ts). */
  projects: z.array(z.string()).default([]),
});
const BaseSchema = recordOf<string>((v) => typeof v === 'string');

/**
 * The machine's sync state. The base (per mapped path, the content this machine and the remote
 * last agreed on) is large and lives in a file of its own, named by `seq`, so a sync with nothing
 * to do reads only the small header. `lastSyncTime` too has a small file of its own.
 */
export type StateHeader = z.infer<typeof HeaderSchema> & { lastSyncTime: string | null };
export type MachineState = StateHeader & { base: Record<string, string> };

function emptyState(): MachineState {
  return {
    version: 1,
    seq: 0,
    remoteTip: null,
    roots: [],
    base: {},
    pending: {},
    conflicts: {},
    held: {},
    unusable: {},
    heldDeletes: {},
    refused: [],
    unpublished: [],
    projects: [],
    lastSyncTime: null,
  };
}

/** The project folders the last sync knew; none when the state is missing or damaged. */
export function recordedProjects(home: string): Promise<string[]> {
  return loadHeader(home).then(
    (h) => h.projects,
    () => [],
  );
}

export function stateDir(home: string): string {
  return path.join(home, 'state');
}

const stateFile = (home: string) => path.join(stateDir(home), 'sync-state.json');
const baseFile = (home: string, seq: number) => path.join(stateDir(home), `base-${seq}.json`);
const lastSyncFile = (home: string) => path.join(stateDir(home), 'last-sync');

const damaged = (file: string) =>
  new MemsyncError(
    `the sync state ${file} is damaged`,
    'failure',
    'move the state folder aside and run memsync sync: every file is then compared with the remote again and ' +
      'nothing is lost (differences become merges or conflicts)',
  );

export async function loadHeader(home: string): Promise<StateHeader> {
  let text: string;
  try {
    text = await fs.readFile(stateFile(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw e;
  }
  const parsed = HeaderSchema.safeParse(safeJson(text));
  if (!parsed.success) throw damaged(stateFile(home));
  const lastSyncTime = await fs.readFile(lastSyncFile(home), 'utf8').then(
    (t) => t.trim() || null,
    () => null,
  );
  return { ...parsed.data, lastSyncTime };
}

export async function loadBase(home: string, header: StateHeader): Promise<Record<string, string>> {
  if (header.seq === 0) return {};
  const file = baseFile(home, header.seq);
  const parsed = BaseSchema.safeParse(safeJson(await fs.readFile(file, 'utf8').catch(() => '')));
  if (!parsed.success) throw damaged(file);
  return parsed.data;
}

export async function loadState(home: string): Promise<MachineState> {
  const header = await loadHeader(home);
  return { ...header, base: await loadBase(home, header) };
}

/**
 * Written last in a sync, atomically: the new base file first, then the header that names it. A
 * crash before the header is renamed leaves the old state whole, and the next sync redoes the work.
 * Returns the new `seq`.
 */
export async function saveState(home: string, state: MachineState): Promise<number> {
  const { lastSyncTime, base, ...header } = state;
  const seq = header.seq + 1;
  ensureDir(stateDir(home), 'the state folder');
  // Whole or not at all (a full disk must not leave a truncated state to be read as the base).
  checkedWrite(baseFile(home, seq), JSON.stringify(base), { what: 'the sync state' });
  checkedWrite(stateFile(home), JSON.stringify({ ...header, seq }), { what: 'the sync state' });
  for (const n of await fs.readdir(stateDir(home))) {
    if (/^base-\d+\.json$/.test(n) && n !== `base-${seq}.json`)
      await fs.rm(path.join(stateDir(home), n), { force: true });
  }
  // Only shown to the user, and the state just written is what counts: not worth a third fsync.
  if (lastSyncTime)
    checkedWrite(lastSyncFile(home), `${lastSyncTime}\n`, { fsync: false, what: 'the time of the last sync' });
  return seq;
}

/**
 * A mark the light hooks read (a stat, no JSON): live holds changes the remote lacks, or the last
 * sync failed before it could tell. Stop and SessionEnd start a background push while it is there.
 */
export async function markUnpublished(home: string, why: string | null): Promise<void> {
  if (why === null) await fs.rm(unpublishedFile(home), { force: true });
  else {
    ensureDir(stateDir(home), 'the state folder');
    checkedWrite(unpublishedFile(home), `${why}\n`, { fsync: false, what: 'the mark of unpublished changes' });
  }
}

/**
 * Takes and merges written live and not yet recorded (path -> the content id written and the remote
 * version it holds or merged in).
 */
export type MergedLive = Record<string, { live: string; from: string }>;

const mergedLiveFile = (home: string) => path.join(stateDir(home), 'merged-live.json');

export async function saveMergedLive(home: string, merged: MergedLive): Promise<void> {
  if (!Object.keys(merged).length) return fs.rm(mergedLiveFile(home), { force: true });
  ensureDir(stateDir(home), 'the state folder');
  checkedWrite(mergedLiveFile(home), JSON.stringify(merged), { what: 'the record of merges written live' });
}

export async function loadMergedLive(home: string): Promise<MergedLive> {
  const parsed = MergedLiveSchema.safeParse(
    safeJson(await fs.readFile(mergedLiveFile(home), 'utf8').catch(() => '{}')),
  );
  return parsed.success ? parsed.data : {};
}

const MergedLiveSchema = z.record(z.string(), z.object({ live: z.string(), from: z.string() }));

export async function saveLastSync(home: string, iso: string): Promise<void> {
  checkedWrite(lastSyncFile(home), `${iso}\n`, { what: 'the time of the last sync' });
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A small record memsync keeps beside its state: what the schema accepts, else {} (missing or damaged). */
export function readRecord<T extends object>(file: string, schema: z.ZodType<T>): T | Record<string, never> {
  let text: string;
  try {
    text = fsSync.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const parsed = schema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : {};
}
