import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  judgeTip,
  openRepo
} from "./chunk-BHON5K7P.mjs";
import {
  verdictProblem
} from "./chunk-DO6IZNGO.mjs";
import {
  readIdentity
} from "./chunk-TAU3EMKP.mjs";

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
