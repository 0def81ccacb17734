import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  runSync
} from "./chunk-GTBMRTUW.mjs";
import "./chunk-OWKN6CLS.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-VURG5QFM.mjs";
import "./chunk-CFLWBK4R.mjs";
import "./chunk-AJVNOAX5.mjs";
import "./chunk-EE3X6UIV.mjs";
import "./chunk-A5IOUVKR.mjs";
import "./chunk-K3R2HZBJ.mjs";
import "./chunk-BQK2P5OT.mjs";
import "./chunk-7N6NMPDD.mjs";
import "./chunk-EURXXEEV.mjs";
import "./chunk-O35MRSRI.mjs";
import "./chunk-DVZKOXFA.mjs";
import "./chunk-R4DV57CT.mjs";
import "./chunk-FSLDBKWP.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  loadHeader
} from "./chunk-ZGSURJCZ.mjs";
import "./chunk-JDQU4JYP.mjs";
import "./chunk-YHGSZYBI.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-SSVIMCPE.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-NDTVD2YI.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import {
  UsageError
} from "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/sync/resolveDeletes.ts
function findHeldDeletes(held, target) {
  const t = target.replace(/\/+$/, "");
  const names = (prefix) => [
    held[prefix].label,
    prefix.replace(/\/$/, ""),
    prefix.replace(/^projects\/(.*)\/memory\/$/, "$1")
  ];
  return Object.keys(held).find((prefix) => names(prefix).includes(t));
}
async function resolveHeldDeletes(ctx, target, how) {
  const { heldDeletes } = await loadHeader(ctx.home);
  const prefix = findHeldDeletes(heldDeletes, target);
  if (!prefix) {
    const open = Object.values(heldDeletes).map((h) => h.label);
    const hint = open.length ? `held: ${open.join(", ")}` : "no deletions are held";
    throw new UsageError(`no held deletions for ${target}`, hint);
  }
  const { label, paths } = heldDeletes[prefix];
  const set = new Set(paths);
  const releaseDeletes = how === "confirm" ? { confirmed: set } : { restore: set };
  const report = await runSync(ctx, { mode: "sync", releaseDeletes });
  return { label, paths, report };
}
export {
  findHeldDeletes,
  resolveHeldDeletes
};
