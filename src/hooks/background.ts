import fs from 'node:fs';
import path from 'node:path';
import { childProcess } from '../util/childProcess.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { sameProcess, startToRecord } from '../util/alive.ts';
import { within } from '../util/elapsed.ts';
import { readJsonObject } from '../util/readJson.ts';

// Light on purpose: the Stop hook imports this after every response.

interface Stamp {
  pid: number;
  started: number;
  /** startToRecord of the push (null: starts not told here): its pid may later belong to another process. */
  since: string | null;
}

const stampFile = (home: string) => path.join(home, 'state', 'bg-push.json');
const mutexDir = (home: string) => path.join(home, 'state', 'bg-push.mutex');
/** Pulls handed to a background run that was already going (one project folder a line, or an empty line). */
const pullsFile = (home: string) => path.join(home, 'state', 'bg-pulls');

export type StartResult = 'started' | 'running' | 'deferred' | 'busy';

/**
 * Starts `memsync push` (or `sync`, for a pull SessionStart could not finish, learning `project`)
 * detached (spawnDetached). At most one runs at a time, and at most one starts per `throttleSeconds`: within the
 * window the push is started now but waits for the window's end (`deferred`, see trailingWait),
 * so a change is never left for a later turn to push. The check-and-start is made atomic with a
 * mkdir mutex because several sessions' hooks can fire at the same moment. A sync asked of a run
 * already going is left to it: it pulls before it ends.
 */
export function startBackgroundPush(
  home: string,
  env: NodeJS.ProcessEnv,
  cliScript: string,
  throttleSeconds: number,
  command: 'push' | 'sync' = 'push',
  project?: string,
): StartResult {
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
    if (last && sameProcess(last.pid, last.since)) {
      if (command === 'sync') fs.appendFileSync(pullsFile(home), `${project ?? ''}\n`);
      return 'running';
    }
    const due = last && within(last.started, throttleSeconds * 1000) ? last.started + throttleSeconds * 1000 : 0;
    const learn = project ? ['--project', project] : [];
    const run = spawnDetached(home, env, [cliScript, command, '--background', ...learn]);
    // A deferred run's window starts when it does: its stamp's start is its due time.
    writeStamp(home, { ...run, started: due || Date.now() });
    return due ? 'deferred' : 'started';
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}

/**
 * Starts `node args` fully detached (own process group, no inherited stdio), so it outlives the
 * hook and Claude Code itself: its pid and start, to record.
 */
export function spawnDetached(
  home: string,
  env: NodeJS.ProcessEnv,
  args: string[],
): { pid: number; since: string | null } {
  const child = childProcess().spawn(process.execPath, args, { detached: true, stdio: 'ignore', env, cwd: home });
  child.unref();
  const pid = child.pid ?? -1;
  return { pid, since: startToRecord(pid) };
}

/**
 * A background run started within the throttle window waits here for the window's end, its
 * stamp's start (read under the mutex, which the starting hook holds until the stamp is written);
 * at most `capSeconds`, whatever the clock does.
 */
export async function waitForTurn(home: string, capSeconds: number): Promise<void> {
  const last = await underMutex(home, () => readStamp(home));
  if (last?.pid !== process.pid) return;
  const ms = Math.min(Math.max(0, last.started - Date.now()), capSeconds * 1000);
  if (ms) await new Promise((r) => setTimeout(r, ms));
}

/** What a background run does next: stop (false), push again (`pull` null), or sync, learning `pull`'s folders. */
export type Next = false | { pull: string[] | null };

/**
 * Called by the background push when it has pushed: under the same mutex as the hooks' check, it
 * either sees memory changed again or a pull handed to it (and goes on, if it `mayGoOn`) or marks
 * itself finished. A hook that saw it running therefore either had its change or its pull seen
 * here, or sees it finished and starts a new run.
 */
export function finishBackgroundPush(home: string, mayGoOn: boolean, changedAgain: () => boolean): Promise<Next> {
  return underMutex(home, (): Next => {
    const pull = mayGoOn ? takePulls(home) : null;
    if (pull || (mayGoOn && changedAgain())) return { pull };
    const last = readStamp(home);
    if (last?.pid === process.pid) writeStamp(home, { ...last, pid: 0 });
    return false;
  });
}

/** Runs `body` holding the mutex, waited for a second at most (a holder killed leaves it stale). */
export async function underMutex<T>(home: string, body: () => T): Promise<T> {
  for (let i = 0; i < 50 && !takeMutex(home); i++) await new Promise((r) => setTimeout(r, 20));
  try {
    return body();
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}

/**
 * A background run cut off at its deadline marks itself finished on the way out (an exited
 * process can linger as a zombie where nothing reaps orphans, and would look alive).
 */
export function abandonBackgroundPush(home: string): void {
  const last = readStamp(home);
  if (last?.pid === process.pid) writeStamp(home, { ...last, pid: 0 });
}

/** The pulls handed to this run (null: none), which are then its own. */
function takePulls(home: string): string[] | null {
  let text: string;
  try {
    text = fs.readFileSync(pullsFile(home), 'utf8');
  } catch {
    return null;
  }
  fs.rmSync(pullsFile(home), { force: true });
  return [...new Set(text.split('\n').filter(Boolean))];
}

function takeMutex(home: string): boolean {
  const dir = mutexDir(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(dir);
      return true;
    } catch {
      // A hook killed while holding it leaves it behind: older than a few seconds (or from a
      // clock since set back) is stale.
      try {
        if (within(fs.statSync(dir).mtimeMs, 5000)) return false;
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

function readStamp(home: string): Stamp | null {
  const v = readJsonObject(stampFile(home));
  // A stamp with no start time (an older memsync's) cannot tell its push from a later process.
  const since = typeof v?.since === 'string' || v?.since === null;
  return typeof v?.pid === 'number' && typeof v.started === 'number' && since ? (v as unknown as Stamp) : null;
}

function writeStamp(home: string, s: Stamp): void {
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: 'the background push stamp' });
}
