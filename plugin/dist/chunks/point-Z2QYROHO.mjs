import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  withEffects
} from "./chunk-MVAHBKGP.mjs";
import {
  OVERTAKEN,
  Overtaken,
  untilLanded
} from "./chunk-ARVYF56E.mjs";
import "./chunk-VWTSHG5N.mjs";
import "./chunk-C7APR5KW.mjs";
import "./chunk-KRRDIODI.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-BHON5K7P.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-TAU3EMKP.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AELA27NM.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-PDOI5DJ5.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-VLXKWWO7.mjs";
import "./chunk-ED5CSEYH.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-ZKS2PDG6.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-JJYZJCIH.mjs";
import "./chunk-EE3IHE5Q.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/sync/point.ts
async function recordPoint(ctx, message, dryRun) {
  const timeout = ctx.settings.networkTimeoutMs;
  const { value, recorded } = await withEffects(ctx, dryRun, async (fx, repo) => {
    const attempt = async () => {
      const tip = await repo.fetch(timeout);
      if (!tip) throw new MemsyncError("the remote holds nothing yet to name a point on", "usage", "run memsync sync");
      const done = await fx.publish(tip, /* @__PURE__ */ new Map(), message);
      return done.pushed ? done.commit : OVERTAKEN;
    };
    const giveUp = (n) => new Overtaken(`the point "${message}" was not recorded`, n, timeout, "run the same memsync push --message again");
    return (await untilLanded(timeout, attempt, giveUp)).value;
  });
  return recorded ? { commit: value, recorded } : { commit: value };
}
export {
  recordPoint
};
