import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import * as z from 'zod';
import { MemsyncError } from '../errors.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { describeOsError } from '../safety/osError.ts';
import { sameProcess, startToRecord } from '../util/alive.ts';

/** A holder that stops refreshing its lock (killed, frozen) loses it after this long. */
const STALE_MS = 10_000;

export interface HeldLock {
  /** True once another process took the lock over: stop before writing anything shared. */
  compromised(): boolean;
}

export function lockPath(home: string): string {
  return path.join(home, 'locks', 'sync');
}

/** The lock folder proper-lockfile makes, and the record of who holds it (beside it: the folder must stay empty). */
const lockDir = (home: string) => `${lockPath(home)}.lock`;
const holderFile = (home: string) => `${lockPath(home)}.holder`;
const HolderSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  start: z.string(),
  /** startToRecord of the holder (absent in an older memsync's record): its pid may be another's by now. */
  since: z.string().nullable().optional(),
});
type Holder = z.infer<typeof HolderSchema>;

/** The lock as it is on disk, for `doctor`, `status` and the takeover decision. */
export type LockState =
  | { kind: 'free' }
  | { kind: 'held'; holder: Holder | null }
  | { kind: 'gone'; holder: Holder | null; why: string }
  | { kind: 'notALock'; path: string };

function readLock(home: string): LockState {
  for (const p of [path.dirname(lockPath(home)), lockDir(home)]) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return { kind: 'free' };
    }
    if (!st.isDirectory()) return { kind: 'notALock', path: p };
    if (p === lockDir(home)) return judge(st, readHolder(home));
  }
  return { kind: 'free' };
}

/**
 * Whether the holder is still there. On this host a holder whose process is gone (or whose pid now
 * belongs to another process) has lost the lock whatever its mtime says. A mtime in the future is
 * not a live holder's (it refreshes it to now), unless that holder is known to run here: the
 * clock was set back, and its next refresh brings the mtime back to now.
 */
function judge(st: fs.Stats, holder: Holder | null): LockState {
  const here = holder !== null && holder.host === os.hostname();
  if (here && !sameProcess(holder.pid, holder.since ?? null)) {
    return { kind: 'gone', holder, why: `process ${holder.pid} is not running` };
  }
  const age = Date.now() - st.mtimeMs;
  if (age < -STALE_MS && !(here && holder.since)) {
    const who = holder ? 'no start time is recorded for its holder' : 'no holder is recorded';
    return { kind: 'gone', holder, why: `its time is in the future and ${who}` };
  }
  if (age > STALE_MS) return { kind: 'gone', holder, why: `not refreshed for ${Math.round(age / 1000)} s` };
  return { kind: 'held', holder };
}

function readHolder(home: string): Holder | null {
  try {
    const parsed = HolderSchema.safeParse(JSON.parse(fs.readFileSync(holderFile(home), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The one line doctor and errors print for a lock path that is not a lock, with the command that clears it. */
function notALock(p: string): MemsyncError {
  const what = `the sync lock path ${p} is a file, not a lock (memsync makes a folder there)`;
  return new MemsyncError(what, 'failure', `if no memsync runs, remove it: rm ${p}`);
}

/** Another sync of this machine held the lock for longer than the caller would wait: the one message for it. */
export class SyncBusy extends MemsyncError {
  constructor() {
    super('another sync is running on this machine and did not finish in time', 'busy', 'try again in a moment');
    this.name = 'SyncBusy';
  }
}

/** withSyncLock for work that cannot be left to the running sync: waits, then fails with SyncBusy. */
export async function underSyncLock<T>(home: string, waitMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const result = await withSyncLock(home, waitMs, fn);
  if (result === 'busy') throw new SyncBusy();
  return result;
}

/**
 * Runs `fn` while holding the machine's sync lock. Waits up to `waitMs` for a running sync;
 * returns `busy` if it is still running then (the caller leaves the work to it). A lock whose
 * holder is gone is taken over at once.
 */
export async function withSyncLock<T>(
  home: string,
  waitMs: number,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T | 'busy'> {
  const file = lockPath(home);
  const state = readLock(home);
  if (state.kind === 'notALock') throw notALock(state.path);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Judged again just before: another process may have taken it over meanwhile. The dead
    // holder's record goes first, so a lock made meanwhile reads as fresh (held), not as its.
    if (state.kind === 'gone' && readLock(home).kind === 'gone') {
      fs.rmSync(holderFile(home), { force: true });
      fs.rmSync(lockDir(home), { recursive: true, force: true });
    }
  } catch (e) {
    throw describeOsError('preparing the sync lock', path.dirname(file), e);
  }
  let compromised = false;
  const step = 100;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 4,
      retries:
        waitMs > 0
          ? { retries: Math.ceil(waitMs / step), factor: 1, minTimeout: step, maxTimeout: step, randomize: true }
          : 0,
      onCompromised: () => {
        compromised = true;
      },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') return 'busy';
    throw describeOsError('taking the sync lock', lockDir(home), e);
  }
  try {
    const me: Holder = {
      pid: process.pid,
      host: os.hostname(),
      start: new Date().toISOString(),
      since: startToRecord(process.pid),
    };
    checkedWrite(holderFile(home), JSON.stringify(me), { fsync: false, what: 'the lock holder' });
    return await fn({ compromised: () => compromised });
  } finally {
    if (!compromised) fs.rmSync(holderFile(home), { force: true });
    await release().catch(() => {
      /* already released or taken over: nothing of ours to clean up */
    });
  }
}

/** For status: whether a sync holds the lock right now. */
export function lockHeld(home: string): boolean {
  return readLock(home).kind === 'held';
}

/** For doctor: the lock as it is, in one line; throws (with the fix) when it is in the way. */
export function describeLock(home: string): string {
  const s = readLock(home);
  const who = (h: Holder | null) => (h ? `process ${h.pid} on ${h.host}, since ${h.start}` : 'no holder recorded');
  if (s.kind === 'notALock') throw notALock(s.path);
  if (s.kind === 'free') return 'free';
  if (s.kind === 'held') return `held by ${who(s.holder)}: a sync is running now`;
  return `left by ${who(s.holder)} (${s.why}): the next sync takes it over`;
}
