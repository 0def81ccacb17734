import {
  endMyStamp,
  stampIsMine,
  stampRuns,
  writePidStamp
} from "./chunk-SVW3MY5O.mjs";
import {
  spawnDetached,
  underMutex
} from "./chunk-DK3FTJUP.mjs";
import {
  scheduledBackupDue
} from "./chunk-NBZZJ5UZ.mjs";
import {
  now
} from "./chunk-7NKH4G6F.mjs";
import {
  memsyncHome
} from "./chunk-YKBZQG47.mjs";

// src/hooks/backupStart.ts
import fs from "node:fs";
import path from "node:path";
var stampFile = (home) => path.join(home, "state", "bg-backup.json");
var WHAT = "the scheduled backup stamp";
async function startScheduledBackup(home, env, cliScript) {
  if (!scheduledBackupDue(home, now(env).getTime())) return "not due";
  return underMutex(home, () => {
    if (stampRuns(stampFile(home))) return "running";
    fs.mkdirSync(path.dirname(stampFile(home)), { recursive: true });
    writePidStamp(stampFile(home), spawnDetached(home, env, [cliScript, "hook", "scheduled-backup"]), WHAT);
    return "started";
  });
}
async function scheduledBackupLine(env, cliScript) {
  try {
    const r = await startScheduledBackup(memsyncHome(env), env, cliScript);
    return r === "not due" ? void 0 : `scheduled backup ${r}`;
  } catch (e) {
    return `scheduled backup not started: ${e.message}`;
  }
}
function isBackupRunner(home) {
  return stampIsMine(stampFile(home));
}
function backupRunnerEnded(home) {
  endMyStamp(stampFile(home), WHAT);
}

export {
  scheduledBackupLine,
  isBackupRunner,
  backupRunnerEnded
};
