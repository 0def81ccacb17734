import fs from 'node:fs';
import path from 'node:path';
import { spawnDetached, underMutex } from './background.ts';
import { endMyStamp, stampIsMine, stampRuns, writePidStamp } from './pidStamp.ts';

// Light on purpose: the prompt hook checks the poller before every prompt.

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
  if (stampRuns(stampFile(home))) return 'running';
  fs.mkdirSync(path.dirname(stampFile(home)), { recursive: true });
  return underMutex(home, () => {
    if (stampRuns(stampFile(home))) return 'running';
    writePidStamp(stampFile(home), spawnDetached(home, env, [cliScript, 'hook', 'live-pull']), 'the live pull stamp');
    return 'started';
  });
}

/** Whether this process is the machine's poller (another may have taken over from a stalled one). */
export function isPoller(home: string): boolean {
  return stampIsMine(stampFile(home));
}

/** The poller marks itself ended on the way out. */
export function pollerEnded(home: string): void {
  endMyStamp(stampFile(home), 'the live pull stamp');
}
