import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { sameProcess } from '../util/alive.ts';
import { spawnDetached, underMutex } from './background.ts';

// Light on purpose: the prompt hook checks the poller before every prompt.

interface PollerStamp {
  /** 0 once it has ended. */
  pid: number;
  since: string | null;
}

const stampFile = (home: string) => path.join(home, 'state', 'live', 'poller.json');

/**
 * Starts the machine's live pull (`memsync hook live-pull`, detached) unless it runs: one per
 * machine however many sessions are open. The check is one file and one /proc read.
 */
export async function ensurePoller(
  home: string,
  env: NodeJS.ProcessEnv,
  cliScript: string,
): Promise<'running' | 'started'> {
  if (pollerRuns(home)) return 'running';
  fs.mkdirSync(path.dirname(stampFile(home)), { recursive: true });
  return underMutex(home, () => {
    if (pollerRuns(home)) return 'running';
    writeStamp(home, spawnDetached(home, env, [cliScript, 'hook', 'live-pull']));
    return 'started';
  });
}

/** Whether this process is the machine's poller (another may have taken over from a stalled one). */
export function isPoller(home: string): boolean {
  return readStamp(home)?.pid === process.pid;
}

/** The poller marks itself ended on the way out. */
export function pollerEnded(home: string): void {
  if (isPoller(home)) writeStamp(home, { pid: 0, since: null });
}

function pollerRuns(home: string): boolean {
  const s = readStamp(home);
  return !!s && sameProcess(s.pid, s.since);
}

function readStamp(home: string): PollerStamp | null {
  try {
    const v = JSON.parse(fs.readFileSync(stampFile(home), 'utf8'));
    return typeof v.pid === 'number' && (typeof v.since === 'string' || v.since === null) ? v : null;
  } catch {
    return null;
  }
}

function writeStamp(home: string, s: PollerStamp): void {
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: 'the live pull stamp' });
}
