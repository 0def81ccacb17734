import {
  consolidateFolder
} from "./chunk-7TOU77SI.mjs";
import {
  indexSizeOf,
  overBudget
} from "./chunk-L2A4KYYN.mjs";
import {
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import {
  withEffects
} from "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import {
  isConflictCopy
} from "./chunk-6LTTOJPG.mjs";
import {
  AUTO_MEMORY
} from "./chunk-P3FGOR7S.mjs";
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
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
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

// src/consolidate/run.ts
import fs from "node:fs";
import path from "node:path";
function readFolder(dir) {
  const files = /* @__PURE__ */ new Map();
  const walk = (d, rel) => {
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile() && r !== "MEMORY.md" && r.endsWith(".md") && !isConflictCopy(e.name)) {
        files.set(r, fs.readFileSync(path.join(d, e.name), "utf8"));
      }
    }
  };
  walk(dir, "");
  let index = null;
  try {
    index = fs.readFileSync(path.join(dir, "MEMORY.md"), "utf8");
  } catch {
  }
  return { index, files };
}
async function consolidate(ctx, opts) {
  const { roots } = await syncRoots(ctx);
  const folders = roots.filter((r) => r.source === AUTO_MEMORY && fs.existsSync(r.liveDir));
  const found = folders.map((root) => findIn(root));
  if (!opts.apply || !found.some((f) => f.something)) return { folders: found.map((f) => f.report) };
  const { recorded } = await withEffects(ctx, opts.dryRun, async (fx) => {
    for (const f of found) if (f.something) f.report.applied = await applyRewrite(fx, f);
  });
  return { folders: found.map((f) => f.report), ...recorded ? { recorded } : {} };
}
function findIn(root) {
  const { index, files } = readFolder(root.liveDir);
  const { findings, rewrite } = consolidateFolder(index, files);
  const size = indexSizeOf(root.label, path.join(root.liveDir, "MEMORY.md"));
  const lineCount = (t) => t === null ? 0 : t.split("\n").length;
  const removedLines = rewrite.index === null ? 0 : lineCount(index) - lineCount(rewrite.index);
  const report = {
    label: root.label,
    folder: root.liveDir,
    index: size && { ...size, overBudget: overBudget(size) },
    findings,
    safe: { indexLinesRemoved: removedLines, filesRemoved: rewrite.remove },
    applied: false
  };
  const something = rewrite.index !== null || rewrite.remove.length > 0;
  return { root, index, files, rewrite, report, something };
}
async function applyRewrite(fx, { root, index, files, rewrite: rw }) {
  const indexPath = path.join(root.liveDir, "MEMORY.md");
  const removed = rw.remove.map((f) => path.join(root.liveDir, f));
  await fx.beginLiveWrites([...rw.index !== null ? [indexPath] : [], ...removed]);
  try {
    const id = (text) => blobHash(Buffer.from(text));
    let all = rw.index === null || index === null || await fx.writeLive(indexPath, Buffer.from(rw.index), id(index));
    for (const f of all ? rw.remove : []) {
      const file = path.join(root.liveDir, f);
      all = await fx.removeLive(file, id(files.get(f)), path.dirname(file)) && all;
    }
    return all;
  } finally {
    await fx.endLiveWrites();
  }
}
export {
  consolidate
};
