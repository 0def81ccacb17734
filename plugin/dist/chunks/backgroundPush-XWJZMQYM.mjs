import {
  EXIT
} from "./chunk-UWQTVDVW.mjs";
import {
  heldLines,
  summary
} from "./chunk-EOKBQKDR.mjs";
import "./chunk-MHJZ6IZX.mjs";
import "./chunk-F3BTYENF.mjs";
import {
  abandonBackgroundPush,
  finishBackgroundPush,
  waitForTurn
} from "./chunk-DK3FTJUP.mjs";
import "./chunk-ORQ3U2EH.mjs";
import {
  runSync
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import {
  Overtaken
} from "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import {
  liveChangedSince
} from "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
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
  const networkBy = performance.now() + budget * 0.8;
  let code = EXIT.ok;
  for (let round = 1; round <= 5; round++) {
    try {
      const report = await runSync(ctx, { mode, projects, networkBy });
      logLine(
        home,
        `background ${mode} ${summary(report)}`,
        report.heldSecrets.length ? heldLines(report.heldSecrets).join("; ") : void 0
      );
      code = report.conflicts.length ? EXIT.conflicts : EXIT.ok;
    } catch (e) {
      code = e instanceof Overtaken ? EXIT.tempfail : EXIT.failure;
      if (e instanceof Overtaken) logLine(home, `background ${mode}: ${e.message}; left for the next sync`);
      else logLine(home, `background ${mode} failed`, e);
    }
    const ok = code === EXIT.ok || code === EXIT.conflicts;
    const next = await finishBackgroundPush(home, round < 5, () => ok && liveChangedSince(home));
    if (!next) break;
    if (next.pull) [mode, projects] = ["sync", next.pull];
  }
  return code;
}
export {
  backgroundPush
};
