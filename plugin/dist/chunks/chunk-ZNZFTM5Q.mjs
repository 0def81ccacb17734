import {
  judgeTip,
  openRepo
} from "./chunk-YQ235AGW.mjs";
import {
  verdictProblem
} from "./chunk-DO6IZNGO.mjs";
import {
  readIdentity
} from "./chunk-Q54W4AKF.mjs";

// src/crypto/recipientsCheck.ts
async function recipientsProblem(ctx, cli = "memsync") {
  if (ctx.settings.encryption !== "age") return null;
  const me = await readIdentity(ctx.home);
  if (!me) return null;
  const repo = openRepo(ctx, "age");
  const tip = await repo.localTip();
  return verdictProblem(judgeTip(ctx.home, me, await repo.tipRecipients(tip), "none"), cli);
}

export {
  recipientsProblem
};
