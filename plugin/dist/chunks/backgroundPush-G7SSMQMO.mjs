import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  EXIT
} from "./chunk-P2XHLA3Z.mjs";
import {
  abandonBackgroundPush,
  finishBackgroundPush,
  waitForTurn
} from "./chunk-3O2YTFNA.mjs";
import {
  heldLines,
  summary
} from "./chunk-TJMTVYFQ.mjs";
import "./chunk-PI3FGT7E.mjs";
import "./chunk-MHJZ6IZX.mjs";
import {
  runSync
} from "./chunk-IPHZ7FLW.mjs";
import "./chunk-CVJGYRML.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-NG2KKH7G.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-5FKYFSAA.mjs";
import "./chunk-TU4NF7PV.mjs";
import "./chunk-Z7WAL4P5.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-OEBFZL3O.mjs";
import "./chunk-JME75E7C.mjs";
import "./chunk-Y64RABGN.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-SGN3BSPX.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import "./chunk-FDE3O7B7.mjs";
import {
  liveChangedSince
} from "./chunk-BMAWDSQ4.mjs";
import "./chunk-YVLNBNH5.mjs";
import "./chunk-JKINGVWG.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-HOO5TDZD.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/commands/backgroundPush.ts
async function backgroundPush(ctx, first, learn) {
  const home = ctx.home;
  await waitForTurn(home, ctx.settings.pushThrottleSeconds);
  const budget = ctx.settings.networkTimeoutMs;
  let [mode, projects] = [first, learn];
  setTimeout(() => {
    logLine(
      home,
      `background ${mode} stopped: not finished within networkTimeoutMs (${budget} ms); the next sync finishes the job`
    );
    abandonBackgroundPush(home);
    process.exit(EXIT.failure);
  }, budget).unref();
  let code = EXIT.ok;
  for (let round = 1; round <= 5; round++) {
    try {
      const report = await runSync(ctx, { mode, projects });
      logLine(
        home,
        `background ${mode} ${summary(report)}`,
        report.heldSecrets.length ? heldLines(report.heldSecrets).join("; ") : void 0
      );
      code = report.conflicts.length ? EXIT.conflicts : EXIT.ok;
    } catch (e) {
      logLine(home, `background ${mode} failed`, e);
      code = EXIT.failure;
    }
    const next = await finishBackgroundPush(home, round < 5, () => code !== EXIT.failure && liveChangedSince(home));
    if (!next) break;
    if (next.pull) [mode, projects] = ["sync", next.pull];
  }
  return code;
}
export {
  backgroundPush
};
