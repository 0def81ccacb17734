import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  judgeTip,
  openRepo,
  verdictProblem
} from "./chunk-XJIBNPZD.mjs";
import {
  readIdentity
} from "./chunk-JME75E7C.mjs";

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
