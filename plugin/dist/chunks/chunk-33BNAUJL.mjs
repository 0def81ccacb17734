import {
  backupDir
} from "./chunk-N2ZWQANH.mjs";
import {
  EMPTY_RECORD,
  nextDue,
  periodMs,
  readScheduleRecord,
  scheduleFile,
  writeScheduleRecord
} from "./chunk-NBZZJ5UZ.mjs";
import {
  number,
  object,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/sync/backupSchedule.ts
import fs from "node:fs";
import path from "node:path";
var DEFAULT_RETENTION = { keepDays: 30, keep: 10 };
var EVERY_FORM = "daily, weekly or a whole number of hours such as 12h";
var positive = (what) => number({ message: `${what}: expected a whole number of at least 1` }).int(`${what}: expected a whole number`);
var ScheduleSchema = object({
  every: string().refine((s) => periodMs(s) !== null, { message: `expected ${EVERY_FORM}` }),
  keepDays: positive("--keep-days").min(1, "--keep-days: expected a whole number of at least 1"),
  keep: positive("--keep").min(1, "--keep: expected a whole number of at least 1"),
  output: string().min(1).nullable()
});
function changesSchedule(o) {
  if (o.every === void 0 && o.keepDays === void 0 && o.keep === void 0 && o.output === void 0)
    return !!o.off;
  if (o.off) throw new UsageError("backup schedule: --off takes no other option", "use one or the other");
  return true;
}
function setSchedule(home, o) {
  const r = readScheduleRecord(home) ?? EMPTY_RECORD;
  if (o.off) {
    writeScheduleRecord(home, { ...r, schedule: null });
    return { ...r, schedule: null };
  }
  if (!r.schedule && o.every === void 0)
    throw new UsageError("backup schedule needs --every daily|weekly|Nh to start a schedule", "e.g. --every daily");
  const schedule = checked({
    every: o.every ?? r.schedule.every,
    keepDays: o.keepDays ?? r.schedule?.keepDays ?? DEFAULT_RETENTION.keepDays,
    keep: o.keep ?? r.schedule?.keep ?? DEFAULT_RETENTION.keep,
    output: o.output === void 0 ? r.schedule?.output ?? null : outputDir(o.output)
  });
  writeScheduleRecord(home, { ...r, schedule });
  return { ...r, schedule };
}
function checked(s) {
  const parsed = ScheduleSchema.safeParse(s);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue.path[0]);
  const flag = key === "every" ? `--every ${s.every}` : key === "output" ? "--output" : "";
  throw new UsageError(`backup schedule: ${flag ? `${flag}: ` : ""}${issue.message}`, `--every takes ${EVERY_FORM}`);
}
function outputDir(dir) {
  const abs = path.resolve(dir);
  const st = fs.statSync(abs, { throwIfNoEntry: false });
  if (st && !st.isDirectory())
    throw new UsageError(`backup schedule --output ${dir}: not a folder`, "name a folder for the scheduled backups");
  return abs;
}
function loadRecord(home) {
  const r = readScheduleRecord(home) ?? EMPTY_RECORD;
  if (!r.schedule) return r;
  const parsed = ScheduleSchema.safeParse(r.schedule);
  if (parsed.success) return { ...r, schedule: parsed.data };
  const issue = parsed.error.issues[0];
  throw new UsageError(
    `${scheduleFile(home)}: schedule.${issue.path.join(".")}: ${issue.message}`,
    "set it again with memsync backup schedule --every daily|weekly|Nh (or --off)"
  );
}
function scheduleLines(home, r, at) {
  const s = r.schedule;
  const last = r.lastRun ? `last scheduled backup: ${r.lastRun} (${r.lastFile})` : "last scheduled backup: never";
  const failed = r.lastFailure ? [`last scheduled backup failed at ${r.lastFailure.at}: ${r.lastFailure.error}`] : [];
  if (!s) return r.lastRun ? ["scheduled backups: off", last] : ["scheduled backups: off"];
  const next = new Date(nextDue(s.every, r.lastRun, at.getTime())).toISOString();
  return [
    `scheduled backups: ${s.every}, keeping ${s.keep} at most and none older than ${s.keepDays} days, in ${s.output ?? backupDir(home)}`,
    last,
    ...failed,
    `next scheduled backup: ${next <= at.toISOString() ? "due now (at the next session start or end)" : next}`
  ];
}

export {
  DEFAULT_RETENTION,
  changesSchedule,
  setSchedule,
  loadRecord,
  scheduleLines
};
