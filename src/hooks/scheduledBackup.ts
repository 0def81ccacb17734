/**
 * `memsync hook scheduled-backup`: the scheduled backup a hook started (backupStart.ts). It checks
 * again under the background mutex that one is due and that it is the machine's runner, so a hook
 * that started it just after another finished makes none; then backs up, applies retention and
 * records the run.
 */
import { loadContext } from '../machine/context.ts';
import {
  isDue,
  readScheduleRecord,
  type Schedule,
  type ScheduleRecord,
  EMPTY_RECORD,
  writeScheduleRecord,
} from '../machine/backupSchedule.ts';
import { memsyncHome } from '../config/paths.ts';
import { now } from '../util/now.ts';
import { backupDir, createBackup } from '../sync/backup.ts';
import { applyRetention } from '../sync/backupList.ts';
import { loadRecord } from '../sync/backupSchedule.ts';
import { underMutex } from './background.ts';
import { backupRunnerEnded, isBackupRunner } from './backupStart.ts';
import type { HookOutput } from './output.ts';

export async function scheduledBackup(env: NodeJS.ProcessEnv): Promise<HookOutput> {
  const home = memsyncHome(env);
  const at = now(env);
  try {
    const ctx = await loadContext(env);
    if (!ctx) return { log: 'scheduled backup: memsync is not set up on this machine' };
    const due = await underMutex(home, () => (isBackupRunner(home) ? dueSchedule(home, at) : null));
    if (!due) return { log: 'scheduled backup: not due (made already, or turned off)' };
    const made = (await createBackup(ctx, undefined, { kind: 'scheduled', dir: due.output ?? undefined }))!;
    const gone = [
      ...applyRetention(home, due.output ?? backupDir(home), 'scheduled', ctx.host, due, at),
      ...applyRetention(home, backupDir(home), 'safety', ctx.host, due, at),
    ];
    await record(home, (r) => ({ ...r, lastRun: at.toISOString(), lastFile: made.file, lastFailure: null }));
    const held = made.held.length ? `; held back, it looks like a secret: ${made.held.join('; ')}` : '';
    const pruned = gone.length ? `; retention deleted ${gone.join(', ')}` : '';
    return { log: `scheduled backup: ${made.manifest.files.length} files to ${made.file}${held}${pruned}` };
  } catch (e) {
    // Recorded, so the hooks try again an hour later rather than at every session.
    const error = (e as Error).message;
    await record(home, (r) => ({ ...r, lastFailure: { at: at.toISOString(), error } })).catch(() => undefined);
    return { log: e };
  } finally {
    backupRunnerEnded(home);
  }
}

function dueSchedule(home: string, at: Date): Schedule | null {
  const r = loadRecord(home);
  return r.schedule && isDue(r.schedule.every, r.lastRun, at.getTime()) ? r.schedule : null;
}

/** Changes the record under the mutex, so a schedule set meanwhile is kept. */
function record(home: string, change: (r: ScheduleRecord) => ScheduleRecord): Promise<void> {
  return underMutex(home, () => writeScheduleRecord(home, change(readScheduleRecord(home) ?? EMPTY_RECORD)));
}
