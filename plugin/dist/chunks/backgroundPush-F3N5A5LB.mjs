import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  EXIT
} from "./chunk-P2XHLA3Z.mjs";
import {
  abandonBackgroundPush,
  finishBackgroundPush,
  waitForTurn
} from "./chunk-EXXKXNJQ.mjs";
import {
  heldLines,
  summary
} from "./chunk-KF7XMLZ2.mjs";
import "./chunk-DD25VPFQ.mjs";
import "./chunk-LIJMBJOI.mjs";
import {
  runSync
} from "./chunk-HRLA7VJE.mjs";
import "./chunk-SUMLJZQ7.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-FBKKVOXC.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-AJVNOAX5.mjs";
import "./chunk-FAZEPRC4.mjs";
import "./chunk-TPMWSZYD.mjs";
import "./chunk-22AOQW3C.mjs";
import "./chunk-BQK2P5OT.mjs";
import "./chunk-ZOPTYXFE.mjs";
import "./chunk-4DJX5VCT.mjs";
import "./chunk-UZ6EBRC7.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-EN3ARPC7.mjs";
import "./chunk-R4DV57CT.mjs";
import "./chunk-FSLDBKWP.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import "./chunk-QH6OYOAE.mjs";
import {
  liveChangedSince
} from "./chunk-JDQU4JYP.mjs";
import "./chunk-5TUPW7JO.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-GEMMS7EN.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
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
