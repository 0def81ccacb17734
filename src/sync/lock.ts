import fs from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { MemsyncError } from '../errors.ts';

/** A holder that stops refreshing its lock (killed, frozen) loses it after this long. */
const STALE_MS = 10_000;

export interface HeldLock {
  /** True once another process took the lock over: stop before writing anything shared. */
  compromised(): boolean;
}

export function lockPath(home: string): string {
  return path.join(home, 'locks', 'sync');
}

/**
 * Runs `fn` while holding the machine's sync lock. Waits up to `waitMs` for a running sync;
 * returns `busy` if it is still running then (the caller leaves the work to it).
 */
export async function withSyncLock<T>(home: string, waitMs: number, fn: (lock: HeldLock) => Promise<T>): Promise<T | 'busy'> {
  const file = lockPath(home);
  await fs.mkdir(path.dirname(file), { recursive: true });
  let compromised = false;
  const step = 100;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 4,
      retries: waitMs > 0 ? { retries: Math.ceil(waitMs / step), factor: 1, minTimeout: step, maxTimeout: step, randomize: true } : 0,
      onCompromised: () => {
        compromised = true;
      },
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') return 'busy';
    throw new MemsyncError(`cannot take the sync lock ${file}.lock: ${(e as Error).message}`);
  }
  try {
    return await fn({ compromised: () => compromised });
  } finally {
    await release().catch(() => {
      /* already released or taken over: nothing of ours to clean up */
    });
  }
}

/** For doctor and status: whether a sync holds the lock right now. */
export async function lockHeld(home: string): Promise<boolean> {
  try {
    return await lockfile.check(lockPath(home), { realpath: false, stale: STALE_MS });
  } catch {
    return false;
  }
}
