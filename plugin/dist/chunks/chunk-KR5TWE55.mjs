import {
  fetchedTip
} from "./chunk-RYLV3ST2.mjs";
import {
  DATE_FORM,
  parseWhen
} from "./chunk-TIZHATIU.mjs";
import {
  repoPathOfLive,
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import {
  withEffects
} from "./chunk-2LGYOOQY.mjs";
import {
  containProblem
} from "./chunk-6LTTOJPG.mjs";
import {
  loadBase,
  loadHeader
} from "./chunk-KVTL3BT4.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
import {
  readOrNull
} from "./chunk-DO6IZNGO.mjs";
import {
  LAYOUT_FILE,
  checkLayout
} from "./chunk-Q54W4AKF.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  PREVIOUS_TIPS
} from "./chunk-IAMV2BUG.mjs";
import {
  MemsyncError,
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/sync/history.ts
import fs from "node:fs";
import path from "node:path";

// src/sync/atDate.ts
function inClockOrder(chain) {
  const tails = [];
  const prev = [];
  for (let i = 0; i < chain.length; i++) {
    const t = chain[i].time;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (chain[tails[mid]].time <= t) lo = mid + 1;
      else hi = mid;
    }
    prev[i] = lo > 0 ? tails[lo - 1] : -1;
    tails[lo] = i;
  }
  const kept = /* @__PURE__ */ new Set();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) kept.add(i);
  return kept;
}
function commitOn(chain, when, now) {
  if (chain.length && when >= now) return { commit: chain[chain.length - 1].commit, offClock: [] };
  const ordered = inClockOrder(chain);
  let found = -1;
  const offClock = [];
  for (let i = 0; i < chain.length; i++) {
    if (!ordered.has(i)) {
      if (found >= 0) offClock.push(chain[i].commit);
      continue;
    }
    if (chain[i].time > when) break;
    found = i;
    offClock.length = 0;
  }
  return { commit: found >= 0 ? chain[found].commit : null, offClock };
}

// src/sync/history.ts
function toRepoPath(roots, target, cwd = process.cwd()) {
  const abs = path.resolve(cwd, target);
  if (path.isAbsolute(target) || fs.existsSync(abs)) {
    const p = repoPathOfLive(roots, abs);
    if (p === void 0)
      throw new UsageError(
        `${target} is not in any folder memsync syncs on this machine`,
        "give a live memory file or a repository path (memsync log shows them)"
      );
    return p;
  }
  return target.replace(/^\.\//, "").replace(/\/+$/, "");
}
async function historyLog(ctx, target, limit) {
  const repo = openRepo(ctx);
  const notes = [];
  const p = target === null ? null : toRepoPath((await syncRoots(ctx)).roots, target);
  const { tip, offline } = await fetchedTip(ctx, repo, notes);
  const previous = await repo.refsUnder(PREVIOUS_TIPS);
  if (previous.length) {
    const tips = previous.map((c) => c.slice(0, 12)).join(", ");
    const kept = `history the remote no longer holds (it was rewritten, or this machine used another) is kept here`;
    notes.push(`${kept} up to ${tips}: memsync restore --at COMMIT reaches it`);
  }
  if (!tip) return { path: p, entries: [], offline, notes };
  const entries = (await repo.history(tip, p, limit)).map((e) => ({ ...e, paths: e.paths.filter((c) => c.path !== LAYOUT_FILE), point: e.paths.length === 0 })).filter((e) => e.paths.length > 0 || e.point || p !== null).map(({ point: _, ...e }) => e);
  return { path: p, entries, offline, notes };
}
async function commitAt(repo, tip, at, notes) {
  if (/^[0-9a-f]{4,40}$/i.test(at)) {
    const c = await repo.resolveCommit(at);
    if (c) {
      if (!await inHistory(repo, c, tip))
        throw new UsageError(`--at ${at}: that commit is not in the remote history`, "memsync log lists its commits");
      return c;
    }
  }
  if (!/^\d{4}-/.test(at)) {
    throw new UsageError(
      `--at ${at}: not a commit of the remote history nor a date (${DATE_FORM})`,
      "e.g. --at 2026-05-01, --at 2026-05-01T14:30:00Z, or a commit from memsync log"
    );
  }
  const when = parseWhen("--at", at);
  const seconds = (d) => Math.floor(d.getTime() / 1e3);
  const { commit, offClock } = commitOn(await repo.firstParentChain(tip), seconds(when), seconds(/* @__PURE__ */ new Date()));
  if (!commit)
    throw new UsageError(
      `--at ${at} (${when.toISOString()}): the remote history starts after that`,
      "memsync log lists its commits and their times"
    );
  if (offClock.length)
    notes.push(
      `passed over ${offClock.map((c) => c.slice(0, 12)).join(", ")}: made on a machine whose clock was off, they reached the branch after ${commit.slice(0, 12)} at a time that cannot be told; give --at COMMIT to take one of them`
    );
  return commit;
}
async function inHistory(repo, commit, tip) {
  for (const t of [tip, ...await repo.refsUnder(PREVIOUS_TIPS)])
    if (await repo.isAncestor(commit, t).catch(() => false)) return true;
  return false;
}
async function planRestore(ctx, target, at, repo = openRepo(ctx)) {
  const notes = [];
  const { roots, index } = await syncRoots(ctx);
  const p = target === null ? null : toRepoPath(roots, target);
  const { tip } = await fetchedTip(ctx, repo, notes);
  if (!tip) throw new MemsyncError("the remote has no history yet", "usage", "run memsync sync first");
  await checkLayout(repo, tip);
  const commit = await commitAt(repo, tip, at, notes);
  const time = await repo.commitTime(commit);
  const tree = await repo.lsTree(commit, p === null ? [] : [p]);
  const files = /* @__PURE__ */ new Map();
  for (const [q, e] of tree) {
    if (e.mode !== "100644" && e.mode !== "100755") continue;
    if (p !== null && q !== p && !q.startsWith(`${p}/`)) continue;
    if (index.maps(q)) files.set(q, e.sha);
  }
  if (p !== null && files.size === 0) {
    if (tree.size > 0 || index.maps(p) || isMappedPrefix(roots, p)) {
      throw new UsageError(
        `${p} did not exist as of ${commit.slice(0, 12)} (${time}): nothing to restore`,
        `memsync log ${p} shows when it existed`
      );
    }
    throw new UsageError(
      `${p} is not synced on this machine`,
      "give a live memory file or a repository path of a project this machine syncs"
    );
  }
  return { commit, time, files, notes };
}
async function applyRestore(ctx, plan, force = false) {
  const { index } = await syncRoots(ctx);
  const { value } = await withEffects(ctx, false, (fx, repo) => writeVersions(ctx, repo, index, plan, force, fx));
  return value;
}
async function dryRestore(ctx, target, at, force) {
  const { index } = await syncRoots(ctx);
  const { value, recorded } = await withEffects(
    ctx,
    true,
    async (fx, repo) => writeVersions(ctx, repo, index, await planRestore(ctx, target, at, repo), force, fx)
  );
  return { ...value, recorded: recorded ?? [] };
}
function isMappedPrefix(roots, p) {
  return roots.some((r) => r.repoPrefix.startsWith(`${p}/`) || `${p}/`.startsWith(r.repoPrefix));
}
async function writeVersions(ctx, repo, index, plan, force, fx) {
  const { commit, time, notes, files } = plan;
  const out = { commit, time, restored: [], unchanged: [], skipped: [], notes };
  const todo = [];
  const header = await loadHeader(ctx.home);
  const { conflicts } = header;
  const base = await loadBase(ctx.home, header);
  for (const [q, sha] of [...files].sort(([a], [b]) => a < b ? -1 : 1)) {
    if (conflicts[q]) {
      out.skipped.push(q);
      notes.push(`${q} has an open conflict: resolve it first (memsync resolve ${q} --keep ...), then restore`);
      continue;
    }
    const livePath = index.livePath(q);
    const refusal = containProblem(index.lookup(q).root.liveDir, livePath);
    if (refusal) {
      out.skipped.push(q);
      notes.push(`not restored: ${q}: ${refusal}`);
      continue;
    }
    const current = readOrNull(livePath);
    const hash = current === null ? null : blobHash(current);
    if (hash === sha) out.unchanged.push(q);
    else if (hash !== null && hash !== (base[q] ?? null) && !force) {
      out.skipped.push(q);
      notes.push(
        `${q} has an edit that is not published yet: left alone (memsync sync publishes it, then restore; or restore --force to overwrite it)`
      );
    } else todo.push({ path: q, livePath, sha, current: hash });
  }
  if (!todo.length) return out;
  const blobs = await repo.readBlobs(todo.map((t) => t.sha));
  await fx.beginLiveWrites(todo.map((t) => t.livePath));
  try {
    for (const t of todo) {
      if (await fx.writeLive(t.livePath, blobs.get(t.sha), t.current))
        out.restored.push({ path: t.path, livePath: t.livePath });
      else out.skipped.push(t.path);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return out;
}

export {
  toRepoPath,
  historyLog,
  planRestore,
  applyRestore,
  dryRestore
};
