import {
  OUTPUT_CAP,
  cliName,
  finishStart,
  indexBudgetLine,
  readHookToggles
} from "./chunks/chunk-XHJZCJGQ.mjs";
import {
  recipientsProblem
} from "./chunks/chunk-ZNZFTM5Q.mjs";
import "./chunks/chunk-62WDPYP4.mjs";
import {
  hostsBetween
} from "./chunks/chunk-UKWEO7D3.mjs";
import "./chunks/chunk-KRJUPHG7.mjs";
import "./chunks/chunk-RCJZXW4M.mjs";
import "./chunks/chunk-5LET4AD6.mjs";
import "./chunks/chunk-SVW3MY5O.mjs";
import {
  startBackgroundPush
} from "./chunks/chunk-DK3FTJUP.mjs";
import "./chunks/chunk-ORQ3U2EH.mjs";
import "./chunks/chunk-L2A4KYYN.mjs";
import "./chunks/chunk-NBZZJ5UZ.mjs";
import "./chunks/chunk-7NKH4G6F.mjs";
import {
  RemoteRewrittenError,
  adoptHint,
  heldList,
  heldWhere,
  runSync
} from "./chunks/chunk-HSLNTJWN.mjs";
import "./chunks/chunk-2AAJ7OAL.mjs";
import "./chunks/chunk-Q7MAZY4P.mjs";
import "./chunks/chunk-O4VTLPVT.mjs";
import "./chunks/chunk-IBU73BIK.mjs";
import "./chunks/chunk-HTYGBERC.mjs";
import "./chunks/chunk-2LGYOOQY.mjs";
import {
  SyncBusy
} from "./chunks/chunk-WTWOWLG3.mjs";
import "./chunks/chunk-R7TBMKPK.mjs";
import {
  loadDbState
} from "./chunks/chunk-BX63XATI.mjs";
import "./chunks/chunk-6KBHNJKF.mjs";
import "./chunks/chunk-D5GCV3EA.mjs";
import {
  claudeMemoryDirOf
} from "./chunks/chunk-6LTTOJPG.mjs";
import "./chunks/chunk-P3FGOR7S.mjs";
import "./chunks/chunk-D2DHXAVK.mjs";
import "./chunks/chunk-TS7O24GL.mjs";
import "./chunks/chunk-EJMOQQBX.mjs";
import "./chunks/chunk-BDS4TV5P.mjs";
import {
  sqliteAvailability
} from "./chunks/chunk-ASRBIQCE.mjs";
import "./chunks/chunk-TXEA6ZX2.mjs";
import {
  loadHeader
} from "./chunks/chunk-KVTL3BT4.mjs";
import "./chunks/chunk-J6JDA4NY.mjs";
import "./chunks/chunk-YQ235AGW.mjs";
import "./chunks/chunk-DO6IZNGO.mjs";
import "./chunks/chunk-Q54W4AKF.mjs";
import "./chunks/chunk-WHWDL6UE.mjs";
import "./chunks/chunk-AVJM6F24.mjs";
import {
  RemoteTimeout,
  ensureContext
} from "./chunks/chunk-IAMV2BUG.mjs";
import {
  STALLED
} from "./chunks/chunk-2GQMOTW5.mjs";
import "./chunks/chunk-HKEN53EP.mjs";
import "./chunks/chunk-VQOGCUN4.mjs";
import "./chunks/chunk-ISXOJIVS.mjs";
import {
  logLine
} from "./chunks/chunk-TXJN6GBC.mjs";
import "./chunks/chunk-A3CT3WFX.mjs";
import "./chunks/chunk-YC4HVIOS.mjs";
import "./chunks/chunk-UJNO2IOS.mjs";
import "./chunks/chunk-CWW63A7I.mjs";
import "./chunks/chunk-BS4BVQ4U.mjs";
import "./chunks/chunk-YO4FU4VW.mjs";
import "./chunks/chunk-WPONZTDY.mjs";
import {
  memsyncHome
} from "./chunks/chunk-YKBZQG47.mjs";
import "./chunks/chunk-6DB477J4.mjs";
import "./chunks/chunk-MCGFJXCR.mjs";

// src/hooks/sessionStart.ts
import fs from "node:fs";
import path from "node:path";
async function sessionStart(input, env, cli, cliScript) {
  const started = performance.now();
  const { ctx } = await ensureContext(env);
  const { settings } = ctx;
  const cwd = input.cwd && fs.existsSync(input.cwd) ? path.resolve(input.cwd) : void 0;
  if (!settings.autoSync || !settings.pullOnStart) return { conflictsLine: await conflictsLine(ctx, cli) };
  const budget = settings.pullTimeoutMs;
  const before = (await loadHeader(ctx.home)).remoteTip;
  let report;
  try {
    report = await withDeadline(
      runSync(ctx, {
        mode: "pull",
        projects: cwd ? [cwd] : [],
        // Another session's pull usually ends soon: wait for it, out of the network's share (what
        // is left is enough for a quiet fetch), and leave room to apply and answer within the budget.
        networkTimeoutMs: Math.max(200, Math.floor(budget * 0.7)),
        networkBy: started + budget * 0.85,
        lockWaitMs: Math.floor(budget * 0.6)
      }),
      budget - (performance.now() - started)
    );
  } catch (e) {
    if (e instanceof SyncBusy) return handedOff(ctx, env, cwd, cliScript, cli);
    return {
      systemMessage: pullFailed(ctx, env, e, cliScript, cli),
      log: e,
      conflictsLine: await conflictsLine(ctx, cli)
    };
  }
  const out = {
    log: `pull in ${Math.round(performance.now() - started)} ms: ${report.taken.length} taken, ${report.merged.length} merged, ${report.deletedLive.length} deleted`
  };
  if (report.unpublished.length && settings.role !== "consumer") {
    out.log += `; ${report.unpublished.length} unpublished, background push ${startBackgroundPush(ctx.home, env, cliScript, 0)}`;
  }
  const memDir = cwd ? await claudeMemoryDirOf(ctx.configDir, cwd, ctx.env) : void 0;
  const ours = memDir ? report.liveChanged.filter((p) => p.startsWith(memDir + path.sep)) : [];
  const rereads = input.source === "resume" || input.source === "compact";
  if (memDir && ours.length && !rereads) {
    const hosts = await hostsBetween(ctx, before, report.remoteTip);
    out.additionalContext = freshMemoryContext(memDir, ours.length, hosts);
  }
  const tooLong = memDir ? indexBudgetLine(memDir) : "";
  out.conflictsLine = [await conflictsLine(ctx, cli), tooLong].filter(Boolean).join("\n") || void 0;
  return out;
}
async function handedOff(ctx, env, cwd, cliScript, cli) {
  const bg = startBackgroundPush(ctx.home, env, cliScript, 0, "sync", cwd);
  const after = bg === "started" || bg === "running" ? "a background sync pulls as soon as it is done" : "the next sync pulls";
  return {
    systemMessage: `memsync: another sync was running on this machine; this session starts with this machine's memory; ${after} (${cli} status shows it)`,
    log: `pull: another sync was running; background sync ${bg}`,
    conflictsLine: await conflictsLine(ctx, cli)
  };
}
function freshMemoryContext(memDir, count, hosts) {
  const from = hosts.length ? ` from ${hosts.join(", ")}` : "";
  const head = `memsync pulled ${count} updated memory file${count === 1 ? "" : "s"} for this project${from}. This is the current ${path.join(memDir, "MEMORY.md")}; it replaces any earlier copy of it in this conversation:

`;
  let index = "";
  try {
    index = fs.readFileSync(path.join(memDir, "MEMORY.md"), "utf8");
  } catch {
    index = "(MEMORY.md is not present; the memory files are in the folder above)";
  }
  const room = OUTPUT_CAP - head.length;
  if (index.length > room) {
    const tail = `
[... cut to fit; read ${path.join(memDir, "MEMORY.md")} for the rest]`;
    index = index.slice(0, room - tail.length) + tail;
  }
  return head + index;
}
async function conflictsLine(ctx, cli) {
  const state = await loadHeader(ctx.home);
  const n = Object.keys(state.conflicts).length;
  const held = heldList(state.held).map((h) => `${heldWhere(h)} ${h.rule} ${h.masked}`);
  const wipes = Object.values(state.heldDeletes).map(
    (h) => `memsync: ${h.paths.length} of ${h.of} memory files of ${h.label} were deleted here at once; held, nothing deleted elsewhere: ${cli} resolve ${h.label} --confirm-deletes (or --restore-files)`
  );
  const dbState = ctx.settings.sources.claudeMem.enabled ? await loadDbState(ctx.home).catch(() => null) : null;
  const rows = dbState?.heldSecrets ?? [];
  const recipients = await recipientsProblem(ctx, cli).catch(() => null);
  const lines = [
    recipients ? `memsync: ${recipients}` : "",
    n ? conflictText(n, cli) : "",
    held.length ? heldText(held, cli) : "",
    rows.length ? heldRowsText(rows, cli) : "",
    ...wipes
  ].filter(Boolean);
  return lines.length ? lines.join("\n") : void 0;
}
function heldText(findings, cli) {
  const some = fewOf(findings, cli);
  return `memsync: held back from syncing, it looks like a secret: ${some}; remove it, or if it is not one: ${cli} allow PATH --line N`;
}
function fewOf(findings, cli) {
  return findings.slice(0, 3).join("; ") + (findings.length > 3 ? `; and ${findings.length - 3} more (${cli} status)` : "");
}
function heldRowsText(findings, cli) {
  const some = fewOf(findings, cli);
  const file = findings[0].split(/[ :]/)[0];
  return `memsync: held back from syncing claude-mem's database, it looks like a secret: ${some}; remove it in claude-mem, or if it is not one: ${cli} allow ${file}`;
}
function conflictText(n, cli) {
  return `memsync: ${n} memory conflict${n === 1 ? "" : "s"} open; run \`${cli} conflicts\`, then \`${cli} resolve PATH --keep local|remote|both\` (or /memsync:memsync)`;
}
function pullFailed(ctx, env, e, cliScript, cli) {
  const { pullTimeoutMs, networkTimeoutMs } = ctx.settings;
  const starts = "this session starts with this machine's memory";
  const stalled = STALLED.test(e.message);
  if (!(e instanceof RemoteTimeout || e instanceof Deadline || stalled)) {
    const err = e;
    const hint = e instanceof RemoteRewrittenError ? adoptHint(cli) : err.hint;
    return `memsync: could not pull memory: ${err.message}; ${starts}${hint ? `; to fix: ${hint}` : ""}`;
  }
  const bg = startBackgroundPush(ctx.home, env, cliScript, 0, "sync");
  const after = bg === "started" || bg === "running" ? `a background sync goes on (it stops within networkTimeoutMs, ${networkTimeoutMs} ms)` : "the next sync catches up";
  return `memsync: the remote did not answer within pullTimeoutMs (${pullTimeoutMs} ms, the SessionStart budget); ${starts}; ${after}; ${cli} doctor checks the remote`;
}
var Deadline = class extends Error {
};
function withDeadline(p, ms) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Deadline(`the pull did not finish within ${ms} ms`)), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      }
    );
  });
}

// src/hooks/startLong.ts
async function longStart(input, env, cliScript, why) {
  const home = memsyncHome(env);
  const out = await sessionStart(input, env, cliName(env, cliScript), cliScript);
  const reason = `long way: ${why}`;
  if (out.log !== void 0 && typeof out.log !== "string") logLine(home, "hook session-start", reason);
  else out.log = [reason, out.log].filter(Boolean).join("; ");
  return finishStart(out, input, env, cliScript, claudeMemNotice(home, env));
}
function claudeMemNotice(home, env) {
  if (readHookToggles(home, env).claudeMemDb === null) return [];
  const db = sqliteAvailability(env);
  return "missing" in db ? [`memsync: ${db.missing}; ${db.hint}`] : [];
}
export {
  longStart
};
