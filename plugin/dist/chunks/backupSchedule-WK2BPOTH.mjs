import {
  EMPTY_RECORD,
  isDue,
  nextDue,
  periodMs,
  readScheduleRecord,
  scheduleFile,
  scheduledBackupDue,
  writeScheduleRecord
} from "./chunk-NBZZJ5UZ.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  EMPTY_RECORD,
  isDue,
  nextDue,
  periodMs,
  readScheduleRecord,
  scheduleFile,
  scheduledBackupDue,
  writeScheduleRecord
};
