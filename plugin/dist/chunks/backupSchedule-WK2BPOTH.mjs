import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
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
