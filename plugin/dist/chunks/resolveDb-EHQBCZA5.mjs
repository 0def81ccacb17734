import {
  realDbEffects
} from "./chunk-NJT37KRN.mjs";
import {
  underSyncLock
} from "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import {
  loadDbState,
  openDbConflicts
} from "./chunk-IZZCUKXF.mjs";
import "./chunk-VLXKWWO7.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-VOREWUXL.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-P2JQV4IQ.mjs";
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
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/claudeMem/resolveDb.ts
var DB_SOURCE = "claude-mem";
async function resolveDatabase(ctx, how, fx = realDbEffects(ctx.home)) {
  return underSyncLock(ctx.home, 6e4, async () => {
    const state = await loadDbState(ctx.home);
    const open = openDbConflicts(state);
    if (open === 0) throw new UsageError("no open claude-mem conflict", "memsync status shows what is pending");
    await fx.saveDbState({ ...state, resolution: how });
    return open;
  });
}
async function confirmDbDeletes(ctx, fx = realDbEffects(ctx.home)) {
  return underSyncLock(ctx.home, 6e4, async () => {
    const state = await loadDbState(ctx.home);
    const held = Object.values(state.heldDeletes).reduce((n, c) => n + c, 0);
    if (held === 0) throw new UsageError("no held claude-mem deletions", "memsync status shows what is pending");
    await fx.saveDbState({ ...state, confirmDeletes: true });
    return held;
  });
}
export {
  DB_SOURCE,
  confirmDbDeletes,
  resolveDatabase
};
