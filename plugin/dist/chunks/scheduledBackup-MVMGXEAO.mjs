import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  applyRetention
} from "./chunk-KPOYAHHZ.mjs";
import {
  loadRecord
} from "./chunk-RZXQYAQ3.mjs";
import {
  backupDir,
  createBackup
} from "./chunk-K3A64WYM.mjs";
import "./chunk-3XNY6IMJ.mjs";
import "./chunk-OG4SNG7R.mjs";
import "./chunk-TIZHATIU.mjs";
import "./chunk-ACSOOB35.mjs";
import "./chunk-W3YTFSYQ.mjs";
import "./chunk-K6C3VOGX.mjs";
import {
  backupRunnerEnded,
  isBackupRunner
} from "./chunk-FT5O4LAU.mjs";
import "./chunk-66LM25PW.mjs";
import {
  EMPTY_RECORD,
  isDue,
  readScheduleRecord,
  writeScheduleRecord
} from "./chunk-NBZZJ5UZ.mjs";
import {
  now
} from "./chunk-7NKH4G6F.mjs";
import {
  underMutex
} from "./chunk-IO2577TZ.mjs";
import "./chunk-QOT3HGZW.mjs";
import "./chunk-DJEWAC2Y.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-ARVYF56E.mjs";
import "./chunk-24AU726F.mjs";
import "./chunk-C7APR5KW.mjs";
import "./chunk-PGNGNSUR.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-SJVV2NLG.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-XJIBNPZD.mjs";
import "./chunk-JME75E7C.mjs";
import {
  loadContext
} from "./chunk-3SMPMQLF.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-BXGTVNIT.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-4AFV2LKP.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-5OPKPNSB.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import {
  memsyncHome
} from "./chunk-YV5X25OY.mjs";
import "./chunk-3VAUD4PZ.mjs";
import "./chunk-TBQZOKPT.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
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
