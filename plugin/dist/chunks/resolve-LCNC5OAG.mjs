import {
  mergeKeepBoth,
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
  containProblem
} from "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import {
  loadState
} from "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import {
  readOrNull
} from "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  tmpDir
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
import "./chunk-YKBZQG47.mjs";
import {
  MemsyncError,
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/sync/resolve.ts
import fs2 from "node:fs";
import path2 from "node:path";

// src/sync/resolveShape.ts
import fs from "node:fs";
import path from "node:path";
async function resolveShape(fx, p, c, how, memoryFolder, tmp) {
  const fileSide = c.shape === "local" ? "local" : "remote";
  if (how === "done") return false;
  if (how !== "both" && how !== fileSide) return true;
  const copy = readOrNull(c.copy);
  if (!copy)
    throw new MemsyncError(`${p}: its conflict copy ${c.copy} is gone`, "failure", `run memsync resolve ${p} --done`);
  const stat = fs.statSync(c.livePath, { throwIfNoEntry: false });
  const live = stat?.isFile() ? readOrNull(c.livePath) : null;
  let target = c.livePath;
  let content = copy;
  if (how === "both" && live) content = await mergeKeepBoth(live, null, copy, tmp) ?? binary(p);
  else if (how === "both" && stat) target = freeName(path.join(c.livePath, path.basename(c.livePath)), copy);
  else if (stat?.isDirectory() && holdsFiles(c.livePath))
    throw new MemsyncError(
      `${p}: ${c.livePath} still holds files, so the file cannot take its place`,
      "failure",
      `use --keep both (the file goes into the folder), or move the folder's files away and resolve again`
    );
  const refusal = memoryFolder ? containProblem(memoryFolder, target) : "it is not in a memory folder this machine syncs";
  if (refusal)
    throw new MemsyncError(
      `${p} was not written: ${refusal}`,
      "failure",
      "move the conflict copy yourself, then --done"
    );
  const held = target === c.livePath ? live : readOrNull(target);
  if (held && blobHash(held) === blobHash(content)) return true;
  await fx.beginLiveWrites([target]);
  let wrote;
  try {
    wrote = await fx.writeLive(target, content, held ? blobHash(held) : null);
  } finally {
    await fx.endLiveWrites();
  }
  if (!wrote) throw new MemsyncError(`${p}: ${target} changed meanwhile`, "failure", "resolve again");
  return true;
}
function binary(p) {
  throw new MemsyncError(
    `${p} is binary: it cannot be kept both ways`,
    "usage",
    "use --keep local or --keep remote, or edit the file and use --done"
  );
}
function freeName(want, content) {
  const ext = path.extname(want);
  const stem = want.slice(0, want.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? want : `${stem}-${n}${ext}`;
    const held = readOrNull(candidate);
    if (!fs.existsSync(candidate) || held && blobHash(held) === blobHash(content)) return candidate;
  }
}
function holdsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).some((e) => !e.isDirectory() || holdsFiles(path.join(dir, e.name)));
}

// src/sync/resolve.ts
function findConflict(conflicts, target, cwd = process.cwd()) {
  if (conflicts[target]) return target;
  const abs = path2.resolve(cwd, target);
  return Object.keys(conflicts).find((p) => conflicts[p].livePath === abs || conflicts[p].copy === abs);
}
async function resolveConflict(ctx, target, how, dryRun = false) {
  const { value, recorded } = await withEffects(ctx, dryRun, (fx, repo) => resolveWith(ctx, target, how, fx, repo));
  return recorded ? { ...value, recorded } : value;
}
async function resolveWith(ctx, target, how, fx, repo) {
  const state = await loadState(ctx.home);
  const p = findConflict(state.conflicts, target);
  if (!p) {
    const open = Object.keys(state.conflicts);
    throw new UsageError(
      `no open conflict for ${target}`,
      open.length ? `open conflicts: ${open.join(", ")}` : "there are no open conflicts"
    );
  }
  const c = state.conflicts[p];
  const writes = !!c.shape || how === "remote" || how === "both";
  const folder = writes ? (await syncRoots(ctx)).index.lookup(p)?.root.liveDir ?? null : null;
  const mayRemove = c.shape ? await resolveShape(fx, p, c, how, folder, tmpDir(ctx.home)) : await writeResolution(ctx, { fx, repo }, state, p, c, how, folder);
  if (!c.shape) agreeOn(state, p, c.remote);
  delete state.conflicts[p];
  if (mayRemove) await fx.removeCopyIfUntouched(c);
  await fx.saveState(state);
  const keptCopy = fs2.existsSync(c.copy) ? c.copy : null;
  const keptWhy = mayRemove ? "it was edited" : "it may hold the only version of the file";
  return { path: p, resolution: how, livePath: c.livePath, keptCopy, keptWhy };
}
async function writeResolution(ctx, { fx, repo }, state, p, c, how, folder) {
  if (how === "remote" || how === "both") {
    const refusal = folder ? containProblem(folder, c.livePath) : "it is not in a memory folder this machine syncs";
    if (refusal)
      throw new MemsyncError(
        `${p} was not written: ${refusal}`,
        "failure",
        "fix the folder (or use --keep local), then resolve again"
      );
  }
  const want = [c.remote, state.base[p]].filter((x) => !!x);
  const blobs = await repo.readBlobs(how === "remote" || how === "both" ? want : []);
  await fx.beginLiveWrites(how === "remote" || how === "both" ? [c.livePath] : []);
  let wrote;
  try {
    wrote = await writeKept(fx, state, p, c, how, blobs, tmpDir(ctx.home));
  } finally {
    await fx.endLiveWrites();
  }
  if (!wrote)
    throw new MemsyncError(
      `${p}: ${c.livePath} changed while resolving: kept as it is now`,
      "failure",
      "resolve again"
    );
  return true;
}
async function writeKept(fx, state, p, c, how, blobs, tmp) {
  const remote = c.remote ? blobs.get(c.remote) ?? null : null;
  const live = readOrNull(c.livePath);
  const held = live === null ? null : blobHash(live);
  if (how === "remote") {
    if (remote !== null) return fx.writeLive(c.livePath, remote, held);
    return held === null || fx.removeLive(c.livePath, held, path2.dirname(c.livePath));
  }
  if (how !== "both") return true;
  if (live && remote) {
    const base = state.base[p] ? blobs.get(state.base[p]) ?? null : null;
    const merged = await mergeKeepBoth(live, base, remote, tmp);
    if (!merged)
      throw new MemsyncError(
        `${p} is binary: it cannot be kept both ways`,
        "usage",
        "use --keep local or --keep remote, or edit the file and use --done"
      );
    return fx.writeLive(c.livePath, merged, held);
  }
  return remote ? fx.writeLive(c.livePath, remote, held) : true;
}
function agreeOn(state, p, remote) {
  const remoteAtTip = p in state.pending ? state.pending[p] : state.base[p] ?? null;
  if (remote) state.base[p] = remote;
  else delete state.base[p];
  if (remoteAtTip === remote) delete state.pending[p];
  else state.pending[p] = remoteAtTip;
}
export {
  resolveConflict
};
