/**
 * Restored files this machine cannot place yet (their project's folder is not known here): kept
 * byte for byte under MEMSYNC_HOME/waiting until a sync maps their path (engine/placeWaiting.ts).
 * Contents are stored by their blob id; `held.json` says which path each belongs to.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { MemsyncError } from '../errors.ts';
import { blobHash } from '../util/blobHash.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { safeJson } from './state.ts';

const VersionSchema = z.object({
  /** The content's blob id (its file under `files/`). */
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  /** Where it came from, for conflict copies' names and for people. */
  host: z.string(),
  at: z.string(),
  /** `--strategy skip`: an existing live file is kept; else it is merged (never overwritten). */
  keepLive: z.boolean(),
});
export type WaitingVersion = z.infer<typeof VersionSchema>;

const RecordSchema = z.object({ version: z.literal(1), files: z.record(z.string(), z.array(VersionSchema)) });
/** Repository path -> the versions held for it, oldest first. */
export type Waiting = Record<string, WaitingVersion[]>;

export const waitingDir = (home: string) => path.join(home, 'waiting');
const recordFile = (home: string) => path.join(waitingDir(home), 'held.json');
const contentFile = (home: string, sha: string) => path.join(waitingDir(home), 'files', sha);

/** A stat: whether anything waits (the hooks and every sync ask). */
export function hasWaiting(home: string): boolean {
  return fs.existsSync(recordFile(home));
}

/** What waits; a damaged record is an error (holding more over it would lose what it named). */
export function loadWaiting(home: string): Waiting {
  let text: string;
  try {
    text = fs.readFileSync(recordFile(home), 'utf8');
  } catch {
    return {};
  }
  const parsed = RecordSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new MemsyncError(
      `the record of restored files waiting for their folders, ${recordFile(home)}, is damaged`,
      'failure',
      `their contents are in ${path.join(waitingDir(home), 'files')} (named by blob id); move the record aside ` +
        'and restore the backup or import again',
    );
  return parsed.data.files;
}

/** Adds versions (contents first, then the record); one already held for its path is not added twice. */
export function holdWaiting(
  home: string,
  items: readonly { path: string; version: WaitingVersion; content: Buffer }[],
) {
  const files = loadWaiting(home);
  for (const { path: p, version, content } of items) {
    const held = files[p] ?? [];
    if (held.some((v) => v.sha === version.sha)) continue;
    const file = contentFile(home, version.sha);
    ensureDir(path.dirname(file), 'the folder of restored files waiting for their folders');
    if (readWaiting(home, version.sha) === null) checkedWrite(file, content, { what: 'a restored file' });
    files[p] = [...held, version];
  }
  saveWaiting(home, files);
}

/** Forgets versions now placed (the record first: a crash leaves only unnamed contents behind). */
export function releaseWaiting(home: string, done: readonly { path: string; sha: string }[]): void {
  const files = loadWaiting(home);
  for (const { path: p, sha } of done) {
    const left = (files[p] ?? []).filter((v) => v.sha !== sha);
    if (left.length) files[p] = left;
    else delete files[p];
  }
  saveWaiting(home, files);
  const named = new Set(Object.values(files).flatMap((vs) => vs.map((v) => v.sha)));
  for (const { sha } of done) if (!named.has(sha)) fs.rmSync(contentFile(home, sha), { force: true });
  if (!Object.keys(files).length) fs.rmSync(waitingDir(home), { recursive: true, force: true });
}

/** A held content, checked against its id (null: missing or changed). */
export function readWaiting(home: string, sha: string): Buffer | null {
  try {
    const content = fs.readFileSync(contentFile(home, sha));
    return blobHash(content) === sha ? content : null;
  } catch {
    return null;
  }
}

function saveWaiting(home: string, files: Waiting): void {
  if (!Object.keys(files).length) {
    fs.rmSync(recordFile(home), { force: true });
    return;
  }
  ensureDir(waitingDir(home), 'the folder of restored files waiting for their folders');
  checkedWrite(recordFile(home), `${JSON.stringify({ version: 1, files }, null, 1)}\n`, {
    what: 'the record of restored files waiting for their folders',
  });
}
