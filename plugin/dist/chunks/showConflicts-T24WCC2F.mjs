import {
  loadDbState
} from "./chunk-BX63XATI.mjs";
import {
  rowsOnlyIn
} from "./chunk-TS7O24GL.mjs";
import {
  snapshotFile
} from "./chunk-BDS4TV5P.mjs";
import {
  openDatabase,
  readSnapshot
} from "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  tmpDir
} from "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
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

// src/claudeMem/showConflicts.ts
import fs from "node:fs";
async function listDbConflicts(home) {
  const state = await loadDbState(home);
  const out = Object.entries(state.rowConflicts).flatMap(
    ([table, rows]) => Object.keys(rows).map((k) => ({ table, identity: JSON.parse(k) }))
  );
  if (state.fileConflict) out.push({ table: "claude-mem.db", identity: "claude-mem/claude-mem.db" });
  return out;
}
async function showDbConflicts(ctx, repo) {
  const state = await loadDbState(ctx.home);
  const cfg = ctx.settings.sources.claudeMem;
  const rows = [];
  if (Object.keys(state.rowConflicts).length && fs.existsSync(cfg.path)) {
    const db = openDatabase(cfg.path);
    try {
      const snap = readSnapshot(db);
      for (const [table, open] of Object.entries(state.rowConflicts)) {
        for (const [key, remote] of Object.entries(open)) {
          const local = snap.tables.get(table)?.rows.get(key);
          rows.push({ table, identity: JSON.parse(key), local: parsed(local), remote: parsed(remote) });
        }
      }
    } finally {
      db.close();
    }
  }
  let file = null;
  if (state.fileConflict && fs.existsSync(cfg.path)) {
    const id = state.fileConflict.remote;
    const theirs = (await repo.readBlobs([id])).get(id);
    const mine = snapshotFile(cfg.path, tmpDir(ctx.home));
    const tmp = tmpDir(ctx.home);
    const { since } = state.fileConflict;
    file = { since, onlyLocal: rowsOnlyIn(mine, theirs, tmp), onlyRemote: rowsOnlyIn(theirs, mine, tmp) };
  }
  return { rows, file };
}
function parsed(line) {
  return line ? JSON.parse(line) : null;
}
export {
  listDbConflicts,
  showDbConflicts
};
