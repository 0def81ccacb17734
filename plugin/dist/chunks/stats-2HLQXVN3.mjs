import {
  fetchedTip
} from "./chunk-RYLV3ST2.mjs";
import {
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import {
  loadDbState,
  readDbBase
} from "./chunk-BX63XATI.mjs";
import {
  scanLive
} from "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import {
  longestFolderPrefix
} from "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import {
  DB_FILE_PATH
} from "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import {
  SYNCED_TABLES,
  openDatabase,
  quoteId,
  tablePath
} from "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import {
  loadHeader
} from "./chunk-KVTL3BT4.mjs";
import {
  loadScanCache
} from "./chunk-J6JDA4NY.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
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

// src/sync/stats.ts
import fs2 from "node:fs";

// src/claudeMem/stats.ts
import fs from "node:fs";
async function claudeMemStats(home, cfg) {
  const live = /* @__PURE__ */ new Map();
  if (fs.existsSync(cfg.path)) {
    const db = openDatabase(cfg.path);
    try {
      const present = new Set(
        db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map(
          (r) => r.name
        )
      );
      for (const s of SYNCED_TABLES)
        if (present.has(s.name))
          live.set(s.name, db.prepare(`SELECT COUNT(*) AS n FROM ${quoteId(s.name)}`).get().n);
    } finally {
      db.close();
    }
  }
  if (cfg.mode === "file") {
    const total = live.size ? [...live.values()].reduce((a, b) => a + b, 0) : null;
    return [{ path: DB_FILE_PATH, table: "(whole database)", remoteRows: null, liveRows: total }];
  }
  const state = await loadDbState(home);
  const out = [];
  for (const s of SYNCED_TABLES) {
    const p = tablePath(s.name);
    const id = state.base[p];
    const text = id ? (await readDbBase(home, id).catch(() => null))?.toString("utf8") : void 0;
    out.push({
      path: p,
      table: s.name,
      remoteRows: text === void 0 ? null : countLines(text),
      liveRows: live.get(s.name) ?? null
    });
  }
  return out;
}
function countLines(text) {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

// src/sync/stats.ts
var STATS_HISTORY_LIMIT = 2e3;
async function getStats(ctx) {
  const repo = openRepo(ctx);
  const notes = [];
  const { roots } = await syncRoots(ctx);
  const { tip, offline } = await fetchedTip(ctx, repo, notes, ctx.settings.pullTimeoutMs);
  const rows = new Map(
    roots.map((r) => [
      r.repoPrefix,
      {
        source: r.source,
        label: r.label,
        repoPrefix: r.repoPrefix,
        remoteFiles: 0,
        remoteBytes: 0,
        liveFiles: 0,
        liveBytes: 0,
        lastChange: null
      }
    ])
  );
  const rowOf = (p) => {
    const prefix = longestFolderPrefix(rows, p);
    return prefix === void 0 ? void 0 : rows.get(prefix);
  };
  const dbRows = /* @__PURE__ */ new Map();
  const mem = ctx.settings.sources.claudeMem;
  if (mem.enabled) {
    for (const t of await claudeMemStats(ctx.home, mem)) {
      dbRows.set(t.path, {
        source: "claudeMem",
        label: t.table,
        repoPrefix: t.path,
        remoteFiles: 0,
        remoteBytes: 0,
        liveFiles: 0,
        liveBytes: 0,
        lastChange: null,
        remoteRows: t.remoteRows,
        liveRows: t.liveRows
      });
    }
  }
  const hosts = /* @__PURE__ */ new Map();
  if (tip) {
    const counted = (p) => (dbRows.get(p) ?? rowOf(p)) !== void 0;
    const [sizes, commits] = await Promise.all([
      repo.treeSizes(tip, counted),
      repo.changedPaths(tip, STATS_HISTORY_LIMIT)
    ]);
    for (const [p, bytes2] of sizes) {
      const row = dbRows.get(p) ?? rowOf(p);
      row.remoteFiles++;
      row.remoteBytes += bytes2;
    }
    for (const c of commits) {
      if (!hosts.has(c.host)) hosts.set(c.host, c.time);
      for (const p of c.paths) {
        const row = dbRows.get(p) ?? rowOf(p);
        if (row && !row.lastChange) row.lastChange = { time: c.time, host: c.host };
      }
    }
    if (commits.length >= STATS_HISTORY_LIMIT)
      notes.push(`last changes and hosts are from the newest ${STATS_HISTORY_LIMIT} commits only`);
  }
  countLive(ctx.home, roots, ctx.settings.exclude, rows);
  const [repositoryBytes, header] = await Promise.all([repo.sizeOnDisk().catch(() => 0), loadHeader(ctx.home)]);
  return {
    sources: [...rows.values(), ...dbRows.values()],
    repositoryBytes,
    hosts: [...hosts].map(([host, lastCommit]) => ({ host, lastCommit })),
    lastSyncTime: header.lastSyncTime,
    offline,
    notes
  };
}
function countLive(home, roots, exclude, rows) {
  const { files } = scanLive(roots, exclude, loadScanCache(home));
  for (const f of files.values()) {
    const row = rows.get(f.root.repoPrefix);
    if (!row) continue;
    let size;
    try {
      size = fs2.statSync(f.livePath).size;
    } catch {
      continue;
    }
    row.liveFiles++;
    row.liveBytes += size;
  }
}
function formatStats(s) {
  const head = ["source", "project", "remote", "live", "last change"];
  const body = s.sources.map((r) => [
    r.source,
    r.label === r.source ? "-" : r.label,
    r.remoteRows !== void 0 ? `${r.remoteRows ?? "-"} rows (${bytes(r.remoteBytes)})` : `${r.remoteFiles} (${bytes(r.remoteBytes)})`,
    r.liveRows !== void 0 ? `${r.liveRows ?? "-"} rows` : `${r.liveFiles} (${bytes(r.liveBytes)})`,
    r.lastChange ? `${r.lastChange.time.slice(0, 16).replace("T", " ")} ${r.lastChange.host}` : "-"
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i])).join("  ").trimEnd();
  const lines = body.length ? [line(head), ...body.map(line)] : ["nothing synced on this machine yet"];
  lines.push("", `repository: ${bytes(s.repositoryBytes)}`, `last sync here: ${s.lastSyncTime ?? "never"}`);
  if (s.hosts.length) lines.push("last commit per host:", ...s.hosts.map((h) => `  ${h.host}  ${h.lastCommit}`));
  for (const n of s.notes) lines.push(`note: ${n}`);
  return lines.join("\n");
}
function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
export {
  formatStats,
  getStats
};
