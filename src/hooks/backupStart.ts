import fs from 'node:fs';
import path from 'node:path';
import { now } from '../util/now.ts';
import { memsyncHome } from '../config/paths.ts';
import { scheduledBackupDue } from '../machine/backupSchedule.ts';
import { spawnDetached, underMutex } from './background.ts';
import { endMyStamp, stampIsMine, stampRuns, writePidStamp } from './pidStamp.ts';

// Light on purpose: SessionStart and SessionEnd check the schedule on every session.

const stampFile = (home: string) => path.join(home, 'state', 'bg-backup.json');
const WHAT = 'the scheduled backup stamp';

/**
 * Starts the scheduled backup (`memsync hook scheduled-backup`, detached) when one is due and none
 * runs. When nothing is due this is one read of one small file. The check of the runner and its
 * start hold the background mutex, so two hooks at the same moment start one backup between them.
 */
async function startScheduledBackup(
  home: string,
  env: NodeJS.ProcessEnv,
  cliScript: string,
): Promise<'not due' | 'running' | 'started'> {
  if (!scheduledBackupDue(home, now(env).getTime())) return 'not due';
  return underMutex(home, () => {
    if (stampRuns(stampFile(home))) return 'running';
    fs.mkdirSync(path.dirname(stampFile(home)), { recursive: true });
    writePidStamp(stampFile(home), spawnDetached(home, env, [cliScript, 'hook', 'scheduled-backup']), WHAT);
    return 'started';
  });
}

/** SessionStart's and SessionEnd's part: the log's words when a scheduled backup is due (never throws). */
export async function scheduledBackupLine(env: NodeJS.ProcessEnv, cliScript: string): Promise<string | undefined> {
  try {
    const r = await startScheduledBackup(memsyncHome(env), env, cliScript);
    return r === 'not due' ? undefined : `scheduled backup ${r}`;
  } catch (e) {
    return `scheduled backup not started: ${(e as Error).message}`;
  }
}

/** Whether this process is the machine's scheduled backup (a hook's stamp names it). */
export function isBackupRunner(home: string): boolean {
  return stampIsMine(stampFile(home));
}

/** The scheduled backup marks itself ended on the way out. */
export function backupRunnerEnded(home: string): void {
  endMyStamp(stampFile(home), WHAT);
}
