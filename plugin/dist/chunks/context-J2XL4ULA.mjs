import {
  ensureContext,
  loadContext
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
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/cli/context.ts
async function machineFor(need, env) {
  if (need === "setup") return ensureContext(env);
  const ctx = await loadContext(env);
  if (!ctx) throw new UsageError("memsync is not set up on this machine", "run memsync init (or just memsync sync)");
  return { ctx, created: false };
}
export {
  machineFor
};
