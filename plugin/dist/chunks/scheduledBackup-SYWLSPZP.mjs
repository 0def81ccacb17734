import {
  loadRecord
} from "./chunk-33BNAUJL.mjs";
import {
  applyRetention
} from "./chunk-RPOPQLAP.mjs";
import {
  backupDir,
  createBackup
} from "./chunk-N2ZWQANH.mjs";
import "./chunk-NJDBR24N.mjs";
import "./chunk-OG4SNG7R.mjs";
import "./chunk-HETKFGB7.mjs";
import "./chunk-TIZHATIU.mjs";
import "./chunk-YCTCFVAY.mjs";
import {
  backupRunnerEnded,
  isBackupRunner
} from "./chunk-5LET4AD6.mjs";
import "./chunk-SVW3MY5O.mjs";
import {
  underMutex
} from "./chunk-DK3FTJUP.mjs";
import "./chunk-ORQ3U2EH.mjs";
import {
  EMPTY_RECORD,
  isDue,
  readScheduleRecord,
  writeScheduleRecord
} from "./chunk-NBZZJ5UZ.mjs";
import {
  now
} from "./chunk-7NKH4G6F.mjs";
import "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  loadContext
} from "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  memsyncHome
} from "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/hooks/scheduledBackup.ts
async function scheduledBackup(env) {
  const home = memsyncHome(env);
  const at = now(env);
  try {
    const ctx = await loadContext(env);
    if (!ctx) return { log: "scheduled backup: memsync is not set up on this machine" };
    const due = await underMutex(home, () => isBackupRunner(home) ? dueSchedule(home, at) : null);
    if (!due) return { log: "scheduled backup: not due (made already, or turned off)" };
    const made = await createBackup(ctx, void 0, { kind: "scheduled", dir: due.output ?? void 0 });
    const gone = [
      ...applyRetention(home, due.output ?? backupDir(home), "scheduled", ctx.host, due, at),
      ...applyRetention(home, backupDir(home), "safety", ctx.host, due, at)
    ];
    await record(home, (r) => ({ ...r, lastRun: at.toISOString(), lastFile: made.file, lastFailure: null }));
    const held = made.held.length ? `; held back, it looks like a secret: ${made.held.join("; ")}` : "";
    const pruned = gone.length ? `; retention deleted ${gone.join(", ")}` : "";
    return { log: `scheduled backup: ${made.manifest.files.length} files to ${made.file}${held}${pruned}` };
  } catch (e) {
    const error = e.message;
    await record(home, (r) => ({ ...r, lastFailure: { at: at.toISOString(), error } })).catch(() => void 0);
    return { log: e };
  } finally {
    backupRunnerEnded(home);
  }
}
function dueSchedule(home, at) {
  const r = loadRecord(home);
  return r.schedule && isDue(r.schedule.every, r.lastRun, at.getTime()) ? r.schedule : null;
}
function record(home, change) {
  return underMutex(home, () => writeScheduleRecord(home, change(readScheduleRecord(home) ?? EMPTY_RECORD)));
}
export {
  scheduledBackup
};
