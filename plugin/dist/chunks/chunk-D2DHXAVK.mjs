import {
  rowsOnlyIn
} from "./chunk-TS7O24GL.mjs";
import {
  scanSecrets
} from "./chunk-EJMOQQBX.mjs";
import {
  snapshotFile,
  withSnapshot
} from "./chunk-BDS4TV5P.mjs";
import {
  quoteId
} from "./chunk-ASRBIQCE.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  tmpDir
} from "./chunk-IAMV2BUG.mjs";

// src/claudeMem/savedCopy.ts
import path from "node:path";
function saveLiveDatabase(home, dbPath, fx, what) {
  const file = backupFile(home, what);
  fx.saveBackup(file, () => snapshotFile(dbPath, tmpDir(home)));
  return file;
}
function saveDatabase(home, fx, what, content) {
  const file = backupFile(home, what);
  fx.saveBackup(file, () => content);
  return file;
}
function backupFile(home, what) {
  const stamp = (/* @__PURE__ */ new Date()).toISOString().replace(/[-:.]/g, "");
  return path.join(home, "backups", `claude-mem-before-${what}-${stamp}.db`);
}
function perTable(tables) {
  return Object.entries(tables).map(([t, n]) => `${n} ${t}`).join(", ");
}
function saveBeforeDrop(home, dbPath, fx, d) {
  const file = saveLiveDatabase(home, dbPath, fx, d.reason.replace(/^--/, ""));
  const parts = [];
  const here = perTable(d.here);
  if (here) parts.push(`replaces this machine's version of ${here} rows with the remote's`);
  if (Object.keys(d.remote).length) {
    const verb = d.reason === "--confirm-deletes" ? "deletes" : "replaces the remote's version of";
    const tables = Object.keys(d.remote).map((t) => `claude-mem/${t}.jsonl`).join(", ");
    parts.push(`${verb} ${perTable(d.remote)} rows on the remote (its history keeps them: memsync log ${tables})`);
  }
  const back = `memsync backup restore ${file} --strategy merge; --strategy overwrite returns to it whole`;
  const saved = `the database as it was is saved as ${file} (to get rows back: ${back})`;
  return `claude-mem: ${d.reason} ${parts.join("; ")}; ${saved}`;
}

// src/claudeMem/fileSecrets.ts
async function snapshotSecrets(content, tmp) {
  const values = [];
  const places = [];
  let line = 1;
  withSnapshot(content, tmp, (db) => {
    const sql = `SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'`;
    const tables = db.prepare(sql).all();
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM ${quoteId(name)}`).all();
      rows.forEach((row, i) => {
        for (const [column, v] of Object.entries(row)) {
          const text = typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("latin1") : null;
          if (!text) continue;
          values.push(text);
          const id = typeof row.id === "number" ? `id ${row.id}` : i + 1;
          places.push({ where: `${name} row ${id} (${column})`, line });
          line += countLines(text);
        }
      });
    }
  });
  if (!values.length) return [];
  const found = await scanSecrets(values.join("\n"));
  return found.map((f) => ({ where: placeOf(places, f.line), rule: f.rule, masked: f.masked }));
}
function countLines(text) {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
function placeOf(places, line) {
  let lo = 0;
  let hi = places.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (places[mid].line <= line) lo = mid;
    else hi = mid - 1;
  }
  return places[lo].where;
}

// src/reconcile/decide.ts
function decide(v) {
  const { live, base, remote } = v;
  if (v.openConflict !== void 0) {
    if (live === remote) return { kind: "agree" };
    if (remote === v.openConflict) return { kind: "held" };
  }
  const liveChanged = live !== base;
  const remoteChanged = remote !== base;
  if (!liveChanged && !remoteChanged) return { kind: "none" };
  if (!liveChanged) return remote === null ? { kind: "deleteLive" } : { kind: "take" };
  if (!remoteChanged) return live === null ? { kind: "deleteRemote" } : { kind: "publish" };
  if (live === remote) return { kind: "agree" };
  if (live === null) return { kind: "take" };
  if (remote === null) return { kind: "publish" };
  return { kind: "merge" };
}
function runsIn(kind, mode) {
  switch (kind) {
    case "take":
    case "deleteLive":
      return mode !== "push";
    case "publish":
    case "deleteRemote":
      return mode !== "pull";
    default:
      return true;
  }
}

// src/claudeMem/dbIdentity.ts
import fs from "node:fs";
function dbIdentity(file) {
  const st = fs.statSync(file);
  return `${st.ino}:${st.birthtimeMs}`;
}

// src/claudeMem/fileMode.ts
var DB_FILE_PATH = "claude-mem/claude-mem.db";
async function syncDatabaseFile(ctx, repo, state, remoteFiles, mode, fx, report) {
  const dbPath = ctx.settings.sources.claudeMem.path;
  const tmp = tmpDir(ctx.home);
  const snap = snapshotFile(dbPath, tmp);
  const liveHash = blobHash(snap);
  const replaced = state.source !== null && state.source !== dbIdentity(dbPath);
  const base = replaced ? null : state.base[DB_FILE_PATH] ?? null;
  const remote = remoteFiles.get(DB_FILE_PATH) ?? null;
  const lt = liveHash === state.fileLive && !replaced ? base === null ? null : "B" : "L";
  const rt = remote === base ? remote === null ? null : "B" : remote === null ? null : "R";
  const open = state.fileConflict ? state.fileConflict.remote === remote ? rt : "#" : void 0;
  let kind = decide({ live: lt, base: base === null ? null : "B", remote: rt, openConflict: open }).kind;
  if ((kind === "merge" || kind === "held") && state.resolution)
    kind = state.resolution === "local" ? "publish" : "take";
  if (kind === "deleteLive" || kind === "deleteRemote") kind = "none";
  const held = kind === "publish" && runsIn(kind, mode) && await heldForSecrets(ctx.settings.secrets.allow, tmp, snap, report);
  if (held) kind = "none";
  const conflict = kind === "merge" || kind === "held";
  reportDecision(report, kind, replaced);
  const treeChanges = /* @__PURE__ */ new Map();
  const resolution = mode === "sync" && !held ? null : state.resolution;
  const heldSecrets = runsIn("publish", mode) ? report.secrets : state.heldSecrets;
  const next = { ...state, base: { ...state.base }, marker: null, resolution, pending: null, heldSecrets };
  const heldChanged = heldSecrets.join("\n") !== state.heldSecrets.join("\n");
  if (!(runsIn(kind, mode) || heldChanged)) return { treeChanges, report, commit: async () => void 0 };
  if (kind === "take") {
    const blob = (await repo.readBlobs([remote])).get(remote);
    report.notes.push(saveDropped(ctx, fx, "live", snap, blob, state.resolution === "remote" ? "use-remote" : "take"));
    await fx.replaceDatabase(dbPath, blob, ctx.settings.sources.claudeMem.busyTimeoutMs);
    report.applied = 1;
    next.base[DB_FILE_PATH] = remote;
    next.fileLive = blobHash(snapshotFile(dbPath, tmp));
    next.fileConflict = null;
  } else if (kind === "publish") {
    if (remote !== null && remote !== base) {
      const theirs = (await repo.readBlobs([remote])).get(remote);
      report.notes.push(saveDropped(ctx, fx, "remote", theirs, snap, "keep-local"));
    }
    const id = blobHash(snap);
    if (id !== remote) treeChanges.set(DB_FILE_PATH, snap);
    next.base[DB_FILE_PATH] = id;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (kind === "agree") {
    next.base[DB_FILE_PATH] = remote;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (conflict && !(state.fileConflict && state.fileConflict.remote === remote)) {
    next.fileConflict = { remote, since: (/* @__PURE__ */ new Date()).toISOString(), rejectedPush: mode === "push" };
  }
  if (kind !== "none" && !conflict) next.source = dbIdentity(dbPath);
  report.notes = report.notes.filter(Boolean);
  return { treeChanges, report, commit: () => fx.saveDbState(next) };
}
function reportDecision(report, kind, replaced) {
  const conflict = kind === "merge" || kind === "held";
  report.tables["claude-mem.db"] = {
    push: kind === "publish" ? 1 : 0,
    pull: kind === "take" ? 1 : 0,
    conflicts: conflict ? 1 : 0
  };
  report.conflicts = conflict ? 1 : 0;
  if (replaced) {
    const why = "it is not published over the remote's without your choice";
    report.notes.push(
      `claude-mem: the database at ${report.path} is new on this machine (replaced or recreated): ${why}`
    );
  }
  if (conflict) {
    report.rowConflicts.push({ table: "claude-mem.db", identity: DB_FILE_PATH });
    report.notes.push(
      "claude-mem: the database changed here and on the remote; compare with memsync conflicts claude-mem, resolve with memsync resolve claude-mem --keep-local (or --force-push) or --use-remote (or --pull-first)"
    );
  }
}
async function heldForSecrets(allow, tmp, snap, report) {
  if (allow.includes(DB_FILE_PATH)) return false;
  const found = await snapshotSecrets(snap, tmp);
  if (!found.length) return false;
  report.held = found.length;
  report.secrets.push(...found.map((f) => `${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`));
  for (const f of found.slice(0, 5)) {
    report.notes.push(`held back (secret): ${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`);
  }
  if (found.length > 5) report.notes.push(`held back (secret): ${found.length - 5} more findings in ${DB_FILE_PATH}`);
  const fix = `remove it in claude-mem, or if it is a false positive: memsync allow ${DB_FILE_PATH}`;
  report.notes.push(`claude-mem: the database is not published while it holds a secret; ${fix}`);
  return true;
}
function saveDropped(ctx, fx, side, replaced, by, why) {
  const dropped = rowsOnlyIn(replaced, by, tmpDir(ctx.home));
  if (!Object.keys(dropped).length && why === "take") return "";
  const { home } = ctx;
  const file = side === "live" ? saveLiveDatabase(home, ctx.settings.sources.claudeMem.path, fx, why) : saveDatabase(home, fx, `remote-${why}`, replaced);
  const whose = side === "live" ? "this machine's database" : "the remote's database";
  const rows = perTable(dropped) || "no";
  const back = `memsync backup restore ${file} --strategy merge brings them back`;
  const what = why === "take" ? "taking the remote" : `--${why}`;
  return `claude-mem: ${what} replaces ${whose}, dropping ${rows} rows only it had; it is saved as ${file} (${back})`;
}

export {
  decide,
  runsIn,
  saveLiveDatabase,
  perTable,
  saveBeforeDrop,
  dbIdentity,
  snapshotSecrets,
  DB_FILE_PATH,
  syncDatabaseFile
};
