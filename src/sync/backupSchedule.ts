/**
 * `memsync backup schedule`: the schedule set, turned off or shown, checked with zod; and the
 * lines `status` and the command print about it. It is kept in memsync's state
 * (machine/backupSchedule.ts), beside when it last ran, because the hooks read both on every
 * session from one small file.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { UsageError } from '../errors.ts';
import {
  EMPTY_RECORD,
  nextDue,
  periodMs,
  readScheduleRecord,
  type Schedule,
  type ScheduleRecord,
  scheduleFile,
  writeScheduleRecord,
} from '../machine/backupSchedule.ts';
import { backupDir } from './backup.ts';

/** Seed 003's daily schedule kept 30 days and 10 backups: the same when not said. */
export const DEFAULT_RETENTION = { keepDays: 30, keep: 10 } as const;

const EVERY_FORM = 'daily, weekly or a whole number of hours such as 12h';
const positive = (what: string) =>
  z.number({ message: `${what}: expected a whole number of at least 1` }).int(`${what}: expected a whole number`);

const ScheduleSchema = z.object({
  every: z.string().refine((s) => periodMs(s) !== null, { message: `expected ${EVERY_FORM}` }),
  keepDays: positive('--keep-days').min(1, '--keep-days: expected a whole number of at least 1'),
  keep: positive('--keep').min(1, '--keep: expected a whole number of at least 1'),
  output: z.string().min(1).nullable(),
});

export interface ScheduleOptions {
  every?: string;
  keepDays?: number;
  keep?: number;
  output?: string;
  off?: boolean;
}

/** Whether the options change the schedule (else `backup schedule` shows it). */
export function changesSchedule(o: ScheduleOptions): boolean {
  if (o.every === undefined && o.keepDays === undefined && o.keep === undefined && o.output === undefined)
    return !!o.off;
  if (o.off) throw new UsageError('backup schedule: --off takes no other option', 'use one or the other');
  return true;
}

/**
 * Sets (the options given, over the current schedule) or turns off the schedule. The caller holds
 * the background mutex, as the scheduled backup does when it records a run: neither loses the other's write.
 */
export function setSchedule(home: string, o: ScheduleOptions): ScheduleRecord {
  const r = readScheduleRecord(home) ?? EMPTY_RECORD;
  if (o.off) {
    writeScheduleRecord(home, { ...r, schedule: null });
    return { ...r, schedule: null };
  }
  if (!r.schedule && o.every === undefined)
    throw new UsageError('backup schedule needs --every daily|weekly|Nh to start a schedule', 'e.g. --every daily');
  const schedule = checked({
    every: o.every ?? r.schedule!.every,
    keepDays: o.keepDays ?? r.schedule?.keepDays ?? DEFAULT_RETENTION.keepDays,
    keep: o.keep ?? r.schedule?.keep ?? DEFAULT_RETENTION.keep,
    output: o.output === undefined ? (r.schedule?.output ?? null) : outputDir(o.output),
  });
  writeScheduleRecord(home, { ...r, schedule });
  return { ...r, schedule };
}

function checked(s: Schedule): Schedule {
  const parsed = ScheduleSchema.safeParse(s);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0]);
  const flag = key === 'every' ? `--every ${s.every}` : key === 'output' ? '--output' : '';
  throw new UsageError(`backup schedule: ${flag ? `${flag}: ` : ''}${issue.message}`, `--every takes ${EVERY_FORM}`);
}

/** The output folder as an absolute path; it must be a folder, or not exist yet (it is made at the first backup). */
function outputDir(dir: string): string {
  const abs = path.resolve(dir);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (st && !st.isDirectory())
    throw new UsageError(`backup schedule --output ${dir}: not a folder`, 'name a folder for the scheduled backups');
  return abs;
}

/** The record, its schedule checked with zod (a hand-edited file that does not check says so). */
export function loadRecord(home: string): ScheduleRecord {
  const r = readScheduleRecord(home) ?? EMPTY_RECORD;
  if (!r.schedule) return r;
  const parsed = ScheduleSchema.safeParse(r.schedule);
  if (parsed.success) return { ...r, schedule: parsed.data };
  const issue = parsed.error.issues[0]!;
  throw new UsageError(
    `${scheduleFile(home)}: schedule.${issue.path.join('.')}: ${issue.message}`,
    'set it again with memsync backup schedule --every daily|weekly|Nh (or --off)',
  );
}

/** What `status` and `backup schedule` say: the schedule, its folder, the last run and the next due time. */
export function scheduleLines(home: string, r: ScheduleRecord, at: Date): string[] {
  const s = r.schedule;
  const last = r.lastRun ? `last scheduled backup: ${r.lastRun} (${r.lastFile})` : 'last scheduled backup: never';
  const failed = r.lastFailure ? [`last scheduled backup failed at ${r.lastFailure.at}: ${r.lastFailure.error}`] : [];
  if (!s) return r.lastRun ? ['scheduled backups: off', last] : ['scheduled backups: off'];
  const next = new Date(nextDue(s.every, r.lastRun, at.getTime())).toISOString();
  return [
    `scheduled backups: ${s.every}, keeping ${s.keep} at most and none older than ${s.keepDays} days, ` +
      `in ${s.output ?? backupDir(home)}`,
    last,
    ...failed,
    `next scheduled backup: ${next <= at.toISOString() ? 'due now (at the next session start or end)' : next}`,
  ];
}
