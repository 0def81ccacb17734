import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  consolidateFolder
} from "./chunk-7TOU77SI.mjs";
import {
  indexSizeOf,
  overBudget
} from "./chunk-ZUN5VKVO.mjs";
import {
  syncRoots,
  withEffects
} from "./chunk-HRLA7VJE.mjs";
import "./chunk-SUMLJZQ7.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-FBKKVOXC.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-AJVNOAX5.mjs";
import "./chunk-FAZEPRC4.mjs";
import "./chunk-TPMWSZYD.mjs";
import "./chunk-22AOQW3C.mjs";
import "./chunk-BQK2P5OT.mjs";
import "./chunk-ZOPTYXFE.mjs";
import "./chunk-4DJX5VCT.mjs";
import "./chunk-UZ6EBRC7.mjs";
import "./chunk-DXWQFGI5.mjs";
import {
  AUTO_MEMORY,
  isConflictCopy
} from "./chunk-EN3ARPC7.mjs";
import "./chunk-R4DV57CT.mjs";
import "./chunk-FSLDBKWP.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import "./chunk-QH6OYOAE.mjs";
import "./chunk-JDQU4JYP.mjs";
import "./chunk-5TUPW7JO.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-GEMMS7EN.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
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
