/**
 * The machine's backup schedule and when it last ran, in one small state file: the hooks read it
 * on every SessionStart and SessionEnd, so it is read here without settings or zod, and a file
 * that does not read cleanly is no schedule (the full CLI reports it: sync/backupSchedule.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';

export interface Schedule {
  /** daily, weekly, or Nh (N whole hours). */
  every: string;
  keepDays: number;
  keep: number;
  /** The folder scheduled backups go to; null: MEMSYNC_HOME/backups. */
  output: string | null;
}

export interface ScheduleRecord {
  schedule: Schedule | null;
  /** When the last scheduled backup was made (ISO), and where. */
  lastRun: string | null;
  lastFile: string | null;
  /** The last failed attempt and why: retried an hour later, not at every session. */
  lastFailure: { at: string; error: string } | null;
}

export const EMPTY_RECORD: ScheduleRecord = { schedule: null, lastRun: null, lastFile: null, lastFailure: null };
export const scheduleFile = (home: string) => path.join(home, 'state', 'backup-schedule.json');

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** 1970-01-01 was a Thursday: weeks start on the Monday four days later. */
const MONDAY = 4 * DAY;
const RETRY_AFTER_FAILURE = HOUR;

/** A period's length, or null for a form that is not one. */
export function periodMs(every: string): number | null {
  if (every === 'daily') return DAY;
  if (every === 'weekly') return 7 * DAY;
  const h = /^([1-9]\d{0,4})h$/.exec(every);
  return h ? Number(h[1]) * HOUR : null;
}

/** The start of the period `t` falls in: a UTC day, a week from Monday 00:00 UTC, an N-hour slot from 00:00 UTC. */
function periodStart(every: string, t: number): number {
  const len = periodMs(every) ?? DAY;
  const origin = every === 'weekly' ? MONDAY : 0;
  return Math.floor((t - origin) / len) * len + origin;
}

/**
 * Due when no scheduled backup ran in the current period: days missed make one backup, not one
 * each. A last run in the future is from a clock since set back: due, or nothing would run until
 * the clock caught up.
 */
export function isDue(every: string, lastRun: string | null, now: number): boolean {
  const last = lastRun === null ? Number.NaN : Date.parse(lastRun);
  if (Number.isNaN(last) || last > now + 60_000) return true;
  return periodStart(every, last) < periodStart(every, now);
}

/** When the next scheduled backup is due (epoch ms): the start of the period after the last run's, or now. */
export function nextDue(every: string, lastRun: string | null, now: number): number {
  if (isDue(every, lastRun, now)) return now;
  return periodStart(every, Date.parse(lastRun!)) + (periodMs(every) ?? DAY);
}

/** Whether a scheduled backup is due now: one small file read, nothing when there is no schedule. */
export function scheduledBackupDue(home: string, now: number): boolean {
  const r = readScheduleRecord(home);
  if (!r?.schedule || !isDue(r.schedule.every, r.lastRun, now)) return false;
  const failed = r.lastFailure ? Date.parse(r.lastFailure.at) : Number.NaN;
  return Number.isNaN(failed) || failed > now || now - failed >= RETRY_AFTER_FAILURE;
}

/** The record as stored (shape checked loosely), or null when there is none or it does not read. */
export function readScheduleRecord(home: string): ScheduleRecord | null {
  let v: Partial<ScheduleRecord>;
  try {
    v = JSON.parse(fs.readFileSync(scheduleFile(home), 'utf8'));
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const s = v.schedule;
  const schedule = s && typeof s.every === 'string' && periodMs(s.every) ? s : null;
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const f = v.lastFailure;
  const lastFailure = f && typeof f.at === 'string' ? { at: f.at, error: String(f.error) } : null;
  return { schedule, lastRun: str(v.lastRun), lastFile: str(v.lastFile), lastFailure };
}

export function writeScheduleRecord(home: string, r: ScheduleRecord): void {
  fs.mkdirSync(path.dirname(scheduleFile(home)), { recursive: true });
  checkedWrite(scheduleFile(home), `${JSON.stringify(r, null, 2)}\n`, { what: 'the backup schedule' });
}
