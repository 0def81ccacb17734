import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  realDbEffects
} from "./chunk-24AU726F.mjs";
import {
  underSyncLock
} from "./chunk-C7APR5KW.mjs";
import {
  loadDbState,
  openDbConflicts
} from "./chunk-PGNGNSUR.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-3SMPMQLF.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-5OPKPNSB.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-3VAUD4PZ.mjs";
import "./chunk-TBQZOKPT.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
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
