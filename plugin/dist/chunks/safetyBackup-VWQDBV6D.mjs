import {
  DEFAULT_RETENTION
} from "./chunk-33BNAUJL.mjs";
import {
  applyRetention
} from "./chunk-RPOPQLAP.mjs";
import {
  backupDir,
  createBackup,
  isDatabaseFile,
  verifyBackup
} from "./chunk-N2ZWQANH.mjs";
import "./chunk-NJDBR24N.mjs";
import "./chunk-OG4SNG7R.mjs";
import "./chunk-HETKFGB7.mjs";
import "./chunk-TIZHATIU.mjs";
import "./chunk-YCTCFVAY.mjs";
import {
  readScheduleRecord
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
import "./chunk-IAMV2BUG.mjs";
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
import "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/sync/safetyBackup.ts
async function safetyBackup(ctx, opts) {
  if (opts.dryRun || opts.strategy === "skip") return null;
  const made = await createBackup(ctx, void 0, { kind: "safety", unlessEmpty: true });
  if (!made) return null;
  const rule = readScheduleRecord(ctx.home)?.schedule ?? DEFAULT_RETENTION;
  applyRetention(ctx.home, backupDir(ctx.home), "safety", ctx.host, rule, now(ctx.env));
  return made.file;
}
async function safetyBeforeRestore(ctx, file, opts) {
  if (opts.dryRun || opts.strategy === "skip") return null;
  if (!isDatabaseFile(file)) await verifyBackup(file, ctx.home);
  return safetyBackup(ctx, opts);
}
function safetyLine(file, opts) {
  if (!file) return opts.dryRun && opts.strategy !== "skip" ? "the real run first saves a safety backup" : null;
  const back = `memsync backup restore ${file} --strategy overwrite --force brings back what it held`;
  return `live memory as it was is saved as ${file} (${back})`;
}
export {
  safetyBackup,
  safetyBeforeRestore,
  safetyLine
};
