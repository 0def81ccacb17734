import {
  loadDbState,
  openDbConflicts
} from "./chunk-BX63XATI.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/claudeMem/resolveDb.ts
var DB_SOURCE = "claude-mem";
async function resolveDatabase(home, how, fx) {
  const state = await loadDbState(home);
  const open = openDbConflicts(state);
  if (open === 0) throw new UsageError("no open claude-mem conflict", "memsync status shows what is pending");
  await fx.saveDbState({ ...state, resolution: how });
  return open;
}
async function confirmDbDeletes(home, fx) {
  const state = await loadDbState(home);
  const held = Object.values(state.heldDeletes).reduce((n, c) => n + c, 0);
  if (held === 0) throw new UsageError("no held claude-mem deletions", "memsync status shows what is pending");
  await fx.saveDbState({ ...state, confirmDeletes: true });
  return held;
}
export {
  DB_SOURCE,
  confirmDbDeletes,
  resolveDatabase
};
