import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { sameProcess } from '../util/alive.ts';
import { now } from '../util/now.ts';
import { memsyncHome } from '../config/paths.ts';
import { scheduledBackupDue } from '../machine/backupSchedule.ts';
import { spawnDetached, underMutex } from './background.ts';

// Light on purpose: SessionStart and SessionEnd check the schedule on every session.

interface RunnerStamp {
  /** 0 once it has ended. */
  pid: number;
  since: string | null;
}

const stampFile = (home: string) => path.join(home, 'state', 'bg-backup.json');

/**
 * Starts the scheduled backup (`memsync hook scheduled-backup`, detached) when one is due and none
 * runs. When nothing is due this is one read of one small file. The check of the runner and its
 * start hold the background mutex, so two hooks at the same moment start one backup between them.
 */
export async function startScheduledBackup(
  home: string,
  env: NodeJS.ProcessEnv,
  cliScript: string,
): Promise<'not due' | 'running' | 'started'> {
  if (!scheduledBackupDue(home, now(env).getTime())) return 'not due';
  return underMutex(home, () => {
    if (backupRuns(home)) return 'running';
    writeStamp(home, spawnDetached(home, env, [cliScript, 'hook', 'scheduled-backup']));
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

/** Whether this process is the machine's scheduled backup (started by a hook, or by hand). */
export function isBackupRunner(home: string): boolean {
  return readStamp(home)?.pid === process.pid;
}

/** The scheduled backup marks itself ended on the way out. */
export function backupRunnerEnded(home: string): void {
  if (isBackupRunner(home)) writeStamp(home, { pid: 0, since: null });
}

function backupRuns(home: string): boolean {
  const s = readStamp(home);
  return !!s && sameProcess(s.pid, s.since);
}

function readStamp(home: string): RunnerStamp | null {
  try {
    const v = JSON.parse(fs.readFileSync(stampFile(home), 'utf8'));
    return typeof v.pid === 'number' && (typeof v.since === 'string' || v.since === null) ? v : null;
  } catch {
    return null;
  }
}

function writeStamp(home: string, s: RunnerStamp): void {
  fs.mkdirSync(path.dirname(stampFile(home)), { recursive: true });
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: 'the scheduled backup stamp' });
}
