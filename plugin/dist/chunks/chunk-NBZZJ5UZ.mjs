import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/machine/backupSchedule.ts
import fs from "node:fs";
import path from "node:path";
var EMPTY_RECORD = { schedule: null, lastRun: null, lastFile: null, lastFailure: null };
var scheduleFile = (home) => path.join(home, "state", "backup-schedule.json");
var HOUR = 36e5;
var DAY = 24 * HOUR;
var MONDAY = 4 * DAY;
var RETRY_AFTER_FAILURE = HOUR;
function periodMs(every) {
  if (every === "daily") return DAY;
  if (every === "weekly") return 7 * DAY;
  const h = /^([1-9]\d{0,4})h$/.exec(every);
  return h ? Number(h[1]) * HOUR : null;
}
function periodStart(every, t) {
  const len = periodMs(every) ?? DAY;
  const origin = every === "weekly" ? MONDAY : 0;
  return Math.floor((t - origin) / len) * len + origin;
}
function isDue(every, lastRun, now) {
  const last = lastRun === null ? Number.NaN : Date.parse(lastRun);
  if (Number.isNaN(last) || last > now + 6e4) return true;
  return periodStart(every, last) < periodStart(every, now);
}
function nextDue(every, lastRun, now) {
  if (isDue(every, lastRun, now)) return now;
  return periodStart(every, Date.parse(lastRun)) + (periodMs(every) ?? DAY);
}
function scheduledBackupDue(home, now) {
  const r = readScheduleRecord(home);
  if (!r?.schedule || !isDue(r.schedule.every, r.lastRun, now)) return false;
  const failed = r.lastFailure ? Date.parse(r.lastFailure.at) : Number.NaN;
  return Number.isNaN(failed) || failed > now || now - failed >= RETRY_AFTER_FAILURE;
}
function readScheduleRecord(home) {
  let v;
  try {
    v = JSON.parse(fs.readFileSync(scheduleFile(home), "utf8"));
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const s = v.schedule;
  const schedule = s && typeof s.every === "string" && periodMs(s.every) ? s : null;
  const str = (x) => typeof x === "string" ? x : null;
  const f = v.lastFailure;
  const lastFailure = f && typeof f.at === "string" ? { at: f.at, error: String(f.error) } : null;
  return { schedule, lastRun: str(v.lastRun), lastFile: str(v.lastFile), lastFailure };
}
function writeScheduleRecord(home, r) {
  fs.mkdirSync(path.dirname(scheduleFile(home)), { recursive: true });
  checkedWrite(scheduleFile(home), `${JSON.stringify(r, null, 2)}
`, { what: "the backup schedule" });
}

export {
  EMPTY_RECORD,
  scheduleFile,
  periodMs,
  isDue,
  nextDue,
  scheduledBackupDue,
  readScheduleRecord,
  writeScheduleRecord
};
