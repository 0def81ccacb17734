import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';

// Light on purpose: the Stop hook imports this after every response.

interface Stamp {
  pid: number;
  started: number;
}

const stampFile = (home: string) => path.join(home, 'state', 'bg-push.json');
const mutexDir = (home: string) => path.join(home, 'state', 'bg-push.mutex');

export type StartResult = 'started' | 'running' | 'throttled' | 'busy';

/**
 * Starts `memsync push` fully detached (own process group, no inherited stdio), so it outlives
 * the hook and Claude Code itself. At most one runs at a time, and at most one starts per
 * `throttleSeconds`; the check-and-start is made atomic with a mkdir mutex because several
 * sessions' hooks can fire at the same moment.
 */
export function startBackgroundPush(home: string, env: NodeJS.ProcessEnv, cliScript: string, throttleSeconds: number): StartResult {
  fs.mkdirSync(path.join(home, 'state'), { recursive: true });
  // The holder may be a finishing push checking for changes: wait for its answer rather than
  // give up, or a change made during that check could be left behind.
  let held = takeMutex(home);
  for (let i = 0; !held && i < 40; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    held = takeMutex(home);
  }
  if (!held) return 'busy';
  try {
    const last = readStamp(home);
    if (last && alive(last.pid)) return 'running';
    if (last && Date.now() - last.started < throttleSeconds * 1000) return 'throttled';
    const child = spawn(process.execPath, [cliScript, 'push', '--background'], {
      detached: true,
      stdio: 'ignore',
      env,
      cwd: home,
    });
    child.unref();
    writeStamp(home, { pid: child.pid ?? -1, started: Date.now() });
    return 'started';
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}

/**
 * Called by the background push when it has pushed: under the same mutex as the hooks' check, it
 * either sees memory changed again (and goes on) or marks itself finished. A hook that saw it
 * running therefore either had its change seen here, or sees it finished and starts a new push.
 */
export async function finishBackgroundPush(home: string, changedAgain: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50 && !takeMutex(home); i++) await new Promise((r) => setTimeout(r, 20));
  try {
    if (changedAgain()) return true;
    const last = readStamp(home);
    if (last?.pid === process.pid) writeStamp(home, { pid: 0, started: last.started });
    return false;
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}

function takeMutex(home: string): boolean {
  const dir = mutexDir(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(dir);
      return true;
    } catch {
      // A hook killed while holding it leaves it behind: older than a few seconds is stale.
      try {
        if (Date.now() - fs.statSync(dir).mtimeMs < 5000) return false;
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

function readStamp(home: string): Stamp | null {
  try {
    const v = JSON.parse(fs.readFileSync(stampFile(home), 'utf8'));
    return typeof v.pid === 'number' && typeof v.started === 'number' ? v : null;
  } catch {
    return null;
  }
}

function writeStamp(home: string, s: Stamp): void {
  const tmp = `${stampFile(home)}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(s));
  fs.renameSync(tmp, stampFile(home));
}

/** Whether a process runs (EPERM: it does, as another user). */
export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
