import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/store/pushRace.ts
var OVERTAKEN = /* @__PURE__ */ Symbol("overtaken");
var FIRST_CEILING_MS = 50;
var BUDGET_SHARE = 1 / 4;
function backoffMs(lost, random, budgetMs, paceMs) {
  const doubled = Math.max(FIRST_CEILING_MS * 2 ** Math.min(lost - 1, 20), paceMs);
  return Math.floor(random * Math.min(doubled, Math.max(1, budgetMs * BUDGET_SHARE)));
}
var Overtaken = class extends MemsyncError {
  constructor(what, lost, budgetMs, hint) {
    super(
      `${what}: the remote kept moving: ${lost} pushes in a row were overtaken by other machines within networkTimeoutMs (${budgetMs} ms)`,
      "busy",
      hint
    );
    this.lost = lost;
    this.name = "Overtaken";
  }
  lost;
};
async function untilLanded(budgetMs, attempt, giveUp) {
  const deadline = performance.now() + budgetMs;
  for (let lost = 0; ; lost++) {
    const started = performance.now();
    const value = await attempt();
    if (value !== OVERTAKEN) return { value, lost };
    const pace = performance.now() - started;
    const wait = backoffMs(lost + 1, Math.random(), budgetMs, pace);
    if (performance.now() + wait + pace >= deadline) throw giveUp(lost + 1);
    await new Promise((r) => setTimeout(r, wait));
    if (performance.now() + pace >= deadline) throw giveUp(lost + 1);
  }
}

export {
  OVERTAKEN,
  Overtaken,
  untilLanded
};
