import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { sameProcess } from '../util/alive.ts';
import { hasUnpublished, liveChangedSince } from '../machine/watch.ts';
import { spawnDetached, startBackgroundPush, underMutex } from './background.ts';
import { claudeMemChanged } from './dbChanged.ts';
import type { HookOutput } from './output.ts';
import { readHookToggles } from './toggles.ts';
import { readJsonObject } from '../util/readJson.ts';

// claude-mem's worker writes a session's summary after the session has ended, past SessionEnd's
// push: one detached waiter per machine pushes once more after idlePushSeconds of quiet.
// Light on purpose: SessionEnd arms it, and the waiter itself runs from dist/hook.cjs.

interface Waiter {
  /** 0 once the waiter is done. */
  pid: number;
  since: string | null;
  /** When the push is due (epoch ms): each SessionEnd moves it on. */
  due: number;
}

const waiterFile = (home: string) => path.join(home, 'state', 'idle-push.json');

/** SessionEnd: the machine's idle push becomes due `seconds` from now, in a new waiter or the one waiting. */
export function armIdlePush(
  home: string,
  env: NodeJS.ProcessEnv,
  hookScript: string,
  seconds: number,
): Promise<'armed' | 'moved on'> {
  const due = Date.now() + seconds * 1000;
  fs.mkdirSync(path.join(home, 'state'), { recursive: true });
  return underMutex(home, () => {
    const w = readWaiter(home);
    if (w && sameProcess(w.pid, w.since)) {
      writeWaiter(home, { ...w, due });
      return 'moved on';
    }
    writeWaiter(home, { ...spawnDetached(home, env, [hookScript, 'idle-push']), due });
    return 'armed';
  });
}

/**
 * The waiter (`hook.cjs idle-push`): sleeps until the push is due, for as long as it is the
 * machine's waiter, then starts a background push if anything changed since the last sync.
 */
export async function idlePushWhenDue(home: string, env: NodeJS.ProcessEnv, cliScript: string): Promise<HookOutput> {
  // A due time further off than the setting allows is from a clock set back: due now.
  const cap = readHookToggles(home, env).idlePushSeconds * 1000 + 1000;
  for (;;) {
    const wait = await underMutex(home, () => turnOf(home, cap));
    if (wait === null) return {};
    if (wait === 0) break;
    await new Promise((r) => setTimeout(r, wait));
  }
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return {};
  if (!hasUnpublished(home) && !liveChangedSince(home) && !claudeMemChanged(home, t.claudeMemDb, true))
    return { log: 'idle push: nothing changed after the session ended' };
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `idle push: memory changed after the session ended; background push ${r}` };
}

/** How long to sleep; 0: due now (the waiter is marked done); null: no longer this process's turn. */
function turnOf(home: string, capMs: number): number | null {
  const w = readWaiter(home);
  if (w?.pid !== process.pid) return null;
  const wait = w.due - Date.now();
  if (wait > 0 && wait <= capMs) return wait;
  writeWaiter(home, { ...w, pid: 0 });
  return 0;
}

function readWaiter(home: string): Waiter | null {
  const v = readJsonObject(waiterFile(home));
  const since = typeof v?.since === 'string' || v?.since === null;
  return typeof v?.pid === 'number' && typeof v.due === 'number' && since ? (v as unknown as Waiter) : null;
}

function writeWaiter(home: string, w: Waiter): void {
  checkedWrite(waiterFile(home), JSON.stringify(w), { fsync: false, what: 'the idle push stamp' });
}
