import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/store/pushRace.ts
var OVERTAKEN = /* @__PURE__ */ Symbol("overtaken");
var FLOOR_MS = 200;
var BUDGET_SHARE = 1 / 4;
function backoffMs(lastMs, random, budgetMs, paceMs) {
  const top = Math.max(FLOOR_MS, 3 * lastMs, 1.5 * paceMs);
  return Math.floor(Math.min(FLOOR_MS + random * (top - FLOOR_MS), Math.max(1, budgetMs * BUDGET_SHARE)));
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
  let wait = 0;
  for (let lost = 0; ; lost++) {
    const started = performance.now();
    const value = await attempt();
    if (value !== OVERTAKEN) return { value, lost };
    const pace = performance.now() - started;
    wait = Math.min(backoffMs(wait, Math.random(), budgetMs, pace), deadline - performance.now() - pace);
    if (wait < 0) throw giveUp(lost + 1);
    await new Promise((r) => setTimeout(r, wait));
    if (performance.now() + pace >= deadline) throw giveUp(lost + 1);
  }
}

export {
  OVERTAKEN,
  Overtaken,
  untilLanded
};
