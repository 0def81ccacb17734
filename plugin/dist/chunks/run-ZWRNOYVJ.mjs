import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  spawnDetached,
  startBackgroundPush,
  underMutex,
  within
} from "./chunk-3O2YTFNA.mjs";
import {
  readChanges,
  recordChange,
  recordPull
} from "./chunk-OJY6HETL.mjs";
import {
  standsAside,
  twiceLine
} from "./chunk-J7HHEFHI.mjs";
import {
  recipientsProblem
} from "./chunk-HD2MXPMX.mjs";
import {
  budgetLine,
  indexSizeOf,
  overBudget
} from "./chunk-5BMRISPS.mjs";
import {
  RemoteRewrittenError,
  adoptHint,
  dbMarker,
  heldList,
  heldWhere,
  runSync
} from "./chunk-IPHZ7FLW.mjs";
import "./chunk-CVJGYRML.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-NG2KKH7G.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-5FKYFSAA.mjs";
import {
  SyncBusy,
  alive,
  sameProcess,
  startToRecord
} from "./chunk-TU4NF7PV.mjs";
import {
  loadDbState
} from "./chunk-Z7WAL4P5.mjs";
import "./chunk-P3FEQZBA.mjs";
import {
  openRepo
} from "./chunk-OEBFZL3O.mjs";
import "./chunk-JME75E7C.mjs";
import "./chunk-Y64RABGN.mjs";
import "./chunk-DXWQFGI5.mjs";
import {
  claudeMemoryDirOf
} from "./chunk-SGN3BSPX.mjs";
import "./chunk-3UWGARMI.mjs";
import {
  sqliteAvailability
} from "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import {
  loadHeader
} from "./chunk-FDE3O7B7.mjs";
import {
  hasUnpublished,
  liveChangedSince
} from "./chunk-BMAWDSQ4.mjs";
import {
  RemoteTimeout,
  ensureContext
} from "./chunk-YVLNBNH5.mjs";
import {
  STALLED
} from "./chunk-JKINGVWG.mjs";
import "./chunk-YJMWN23F.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import {
  HOOK_DEFAULTS,
  envVarName,
  parseEnvBoolean
} from "./chunk-HOO5TDZD.mjs";
import "./chunk-CWW63A7I.mjs";
import {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  memsyncHome
} from "./chunk-YV5X25OY.mjs";
import {
  external_exports
} from "./chunk-CYZJENGY.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/hooks/input.ts
var HookInputSchema = external_exports.object({
  session_id: external_exports.string().optional(),
  transcript_path: external_exports.string().optional(),
  cwd: external_exports.string().optional(),
  hook_event_name: external_exports.string().optional(),
  source: external_exports.string().optional(),
  reason: external_exports.string().optional()
}).passthrough();
function parseHookInput(text) {
  try {
    const parsed = HookInputSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

// src/hooks/output.ts
var OUTPUT_CAP = 1e4;
function renderHookOutput(event, out) {
  const json = {};
  const message = [out.systemMessage, out.conflictsLine].filter(Boolean).join("\n");
  if (message) json.systemMessage = cap(message);
  if (event === "SessionStart" || event === "UserPromptSubmit") {
    const context = [out.additionalContext, out.conflictsLine].filter(Boolean).join("\n\n");
    if (context) json.hookSpecificOutput = { hookEventName: event, additionalContext: cap(context) };
  }
  return Object.keys(json).length ? JSON.stringify(json) : "";
}
function cap(s) {
  return s.length <= OUTPUT_CAP ? s : `${s.slice(0, OUTPUT_CAP - 1)}\u2026`;
}

// src/hooks/io.ts
var EVENT_NAMES = {
  "session-start": "SessionStart",
  stop: "Stop",
  prompt: "UserPromptSubmit",
  "session-end": "SessionEnd"
};
function readStdin(timeoutMs) {
  if (process.stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve) => {
    const chunks = [];
    const done = () => {
      clearTimeout(timer);
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(done, timeoutMs);
    process.stdin.on("data", (d) => chunks.push(d));
    process.stdin.on("end", done);
    process.stdin.on("error", done);
  });
}
async function runGuarded(home, event, body) {
  const eventName = EVENT_NAMES[event] ?? event;
  let out;
  try {
    out = await body();
  } catch (e) {
    out = {
      systemMessage: `memsync: the ${eventName} hook failed: ${e.message} (details in ${home}/logs/memsync.log)`,
      log: e
    };
  }
  if (out.log !== void 0 || out.systemMessage) logLine(home, `hook ${event}`, out.log ?? out.systemMessage);
  const text = renderHookOutput(eventName, {
    ...out,
    systemMessage: out.systemMessage && maskSecrets(out.systemMessage)
  });
  if (text) await new Promise((resolve) => process.stdout.write(`${text}
`, () => resolve()));
}

// src/hooks/pushHooks.ts
import path5 from "node:path";

// src/hooks/idlePush.ts
import fs3 from "node:fs";
import path3 from "node:path";

// src/hooks/dbChanged.ts
import fs from "node:fs";
import path from "node:path";
function claudeMemChanged(home, dbPath, unknown) {
  if (!dbPath) return false;
  let marker;
  try {
    marker = JSON.parse(fs.readFileSync(path.join(home, "state", "claude-mem.json"), "utf8")).marker;
  } catch {
    return unknown;
  }
  if (typeof marker !== "string") return unknown;
  try {
    return dbMarker(dbPath) !== marker;
  } catch {
    return unknown;
  }
}

// src/hooks/toggles.ts
import fs2 from "node:fs";
import path2 from "node:path";
function readHookToggles(home, env) {
  const t = { ...HOOK_DEFAULTS, claudeMemDb: null };
  let raw = {};
  try {
    const v = JSON.parse(fs2.readFileSync(path2.join(home, "settings.json"), "utf8"));
    if (v && typeof v === "object") raw = v;
  } catch {
  }
  for (const key of ["autoSync", "pullOnStart", "pushOnStop", "pushOnEnd", "pullOnPrompt"]) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv !== void 0 && fromEnv !== "" ? parseEnvBoolean(fromEnv) : raw[key];
    if (typeof v === "boolean") t[key] = v;
  }
  const role = env[envVarName("role")] || raw.role;
  if (role === "off") t.autoSync = false;
  if (role === "consumer") t.pushOnStop = t.pushOnEnd = false;
  for (const key of ["pushThrottleSeconds", "idlePushSeconds", "livePullSeconds"]) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv ? Number(fromEnv) : raw[key];
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) t[key] = v;
  }
  const mem = raw.sources?.claudeMem;
  if (mem?.enabled === true)
    t.claudeMemDb = typeof mem.path === "string" && mem.path ? expandHome(mem.path, env) : defaultClaudeMemPath(env);
  return t;
}

// src/hooks/idlePush.ts
var waiterFile = (home) => path3.join(home, "state", "idle-push.json");
function armIdlePush(home, env, hookScript, seconds) {
  const due = Date.now() + seconds * 1e3;
  fs3.mkdirSync(path3.join(home, "state"), { recursive: true });
  return underMutex(home, () => {
    const w = readWaiter(home);
    if (w && sameProcess(w.pid, w.since)) {
      writeWaiter(home, { ...w, due });
      return "moved on";
    }
    writeWaiter(home, { ...spawnDetached(home, env, [hookScript, "idle-push"]), due });
    return "armed";
  });
}
function readWaiter(home) {
  try {
    const v = JSON.parse(fs3.readFileSync(waiterFile(home), "utf8"));
    const since = typeof v.since === "string" || v.since === null;
    return typeof v.pid === "number" && typeof v.due === "number" && since ? v : null;
  } catch {
    return null;
  }
}
function writeWaiter(home, w) {
  checkedWrite(waiterFile(home), JSON.stringify(w), { fsync: false, what: "the idle push stamp" });
}

// src/hooks/liveSessions.ts
import fs4 from "node:fs";
import path4 from "node:path";
var SESSION_IDLE_MS = 30 * 6e4;
var sessionsDir = (home) => path4.join(home, "state", "live", "sessions");
function sessionFile(home, id) {
  return id && /^[A-Za-z0-9_-]{1,128}$/.test(id) ? path4.join(sessionsDir(home), id) : null;
}
function readSession(home, id) {
  const file = sessionFile(home, id);
  if (!file) return null;
  try {
    const v = JSON.parse(fs4.readFileSync(file, "utf8"));
    const index = Array.isArray(v.index) ? v.index.filter((l) => typeof l === "string") : void 0;
    const c = v.claude;
    const claude = typeof c?.pid === "number" && (typeof c.since === "string" || c.since === null) ? c : void 0;
    return typeof v.seen === "number" ? { seen: v.seen, index, claude } : null;
  } catch {
    return null;
  }
}
function writeSession(home, id, mark, env) {
  const file = sessionFile(home, id);
  if (!file) return;
  fs4.mkdirSync(path4.dirname(file), { recursive: true });
  const pid = Number(env.CLAUDE_PID);
  const claude = Number.isInteger(pid) && alive(pid) ? { pid, since: startToRecord(pid) } : void 0;
  checkedWrite(file, JSON.stringify({ ...mark, claude }), { fsync: false, what: "the live session mark" });
}
function touchSession(home, id) {
  const file = sessionFile(home, id);
  const now = /* @__PURE__ */ new Date();
  if (file) fs4.utimesSync(file, now, now);
}
function endSession(home, id) {
  const file = sessionFile(home, id);
  if (file) fs4.rmSync(file, { force: true });
}
function sessionsOpen(home) {
  let names;
  try {
    names = fs4.readdirSync(sessionsDir(home));
  } catch {
    return false;
  }
  return names.some((n) => {
    try {
      if (!within(fs4.statSync(path4.join(sessionsDir(home), n)).mtimeMs, SESSION_IDLE_MS)) return false;
      const claude = readSession(home, n)?.claude;
      return !claude || sameProcess(claude.pid, claude.since);
    } catch {
      return false;
    }
  });
}

// src/hooks/pushHooks.ts
async function onStop(cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnStop) return {};
  const memDirs = await sessionMemoryDirs(cwd, env);
  const config = claudeConfigDir(env);
  const unpublished = hasUnpublished(home);
  if (!unpublished && !liveChangedSince(home, memDirs, { trees: [...memDirs, path5.join(config, "rules")], dirs: [config] }) && !claudeMemChanged(home, t.claudeMemDb, false))
    return {};
  const r = startBackgroundPush(home, env, cliScript, t.pushThrottleSeconds);
  return { log: `stop: ${unpublished ? "memory left unpublished" : "memory changed"}; background push ${r}` };
}
async function onSessionEnd(cwd, env, cliScript, session) {
  const home = memsyncHome(env);
  endSession(home, session);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return {};
  const hookScript = path5.join(path5.dirname(cliScript), "hook.cjs");
  const idle = t.idlePushSeconds ? `; idle push ${await armIdlePush(home, env, hookScript, t.idlePushSeconds)}` : "";
  if (!hasUnpublished(home) && !liveChangedSince(home, await sessionMemoryDirs(cwd, env)) && !claudeMemChanged(home, t.claudeMemDb, true))
    return idle ? { log: `session-end: nothing changed${idle}` } : {};
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `session-end: background push ${r}${idle}` };
}
async function sessionMemoryDirs(cwd, env) {
  if (!cwd) return [];
  return [await claudeMemoryDirOf(claudeConfigDir(env), cwd, env)];
}

// src/hooks/cliName.ts
import fs5 from "node:fs";
import path6 from "node:path";
function cliName(env, cliScript) {
  const onPath = (env.PATH ?? "").split(path6.delimiter).some((dir) => {
    try {
      fs5.accessSync(path6.join(dir, "memsync"), fs5.constants.X_OK);
      return !!dir;
    } catch {
      return false;
    }
  });
  return onPath ? "memsync" : `node "${cliScript}"`;
}

// src/hooks/notices.ts
import fs6 from "node:fs";
import path7 from "node:path";
function sessionNotices(home, env, sessionId, cli) {
  const lines = [];
  if (readHookToggles(home, env).claudeMemDb !== null) {
    const db = sqliteAvailability(env);
    if ("missing" in db) lines.push(`memsync: ${db.missing}; ${db.hint}`);
  }
  const twice = twiceLine(env, claudeConfigDir(env), cli);
  if (twice) lines.push(twice);
  return unsaid(home, sessionId, lines);
}
function unsaid(home, sessionId, lines) {
  if (!lines.length || !sessionId) return lines;
  const file = path7.join(home, "state", "session-notices.json");
  let said = [];
  try {
    const v = JSON.parse(fs6.readFileSync(file, "utf8"));
    if (v.session === sessionId && Array.isArray(v.said))
      said = v.said.filter((x) => typeof x === "string");
  } catch {
  }
  const fresh = lines.filter((l) => !said.includes(l));
  if (fresh.length) {
    fs6.mkdirSync(path7.dirname(file), { recursive: true });
    fs6.writeFileSync(file, `${JSON.stringify({ session: sessionId, said: [...said, ...fresh] })}
`);
  }
  return fresh;
}

// src/hooks/sessionStart.ts
import fs8 from "node:fs";
import path9 from "node:path";

// src/hooks/livePullStart.ts
import fs7 from "node:fs";
import path8 from "node:path";
var stampFile = (home) => path8.join(home, "state", "live", "poller.json");
async function ensurePoller(home, env, cliScript) {
  if (pollerRuns(home)) return "running";
  fs7.mkdirSync(path8.dirname(stampFile(home)), { recursive: true });
  return underMutex(home, () => {
    if (pollerRuns(home)) return "running";
    writeStamp(home, spawnDetached(home, env, [cliScript, "hook", "live-pull"]));
    return "started";
  });
}
function isPoller(home) {
  return readStamp(home)?.pid === process.pid;
}
function pollerEnded(home) {
  if (isPoller(home)) writeStamp(home, { pid: 0, since: null });
}
function pollerRuns(home) {
  const s = readStamp(home);
  return !!s && sameProcess(s.pid, s.since);
}
function readStamp(home) {
  try {
    const v = JSON.parse(fs7.readFileSync(stampFile(home), "utf8"));
    return typeof v.pid === "number" && (typeof v.since === "string" || v.since === null) ? v : null;
  } catch {
    return null;
  }
}
function writeStamp(home, s) {
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: "the live pull stamp" });
}

// src/hooks/livePull.ts
async function livePull(env) {
  const { ctx } = await ensureContext(env);
  const every = ctx.settings.livePullSeconds * 1e3;
  let pulls = 0;
  try {
    while (every && await quietFor(ctx.home, every)) {
      if (!ctx.settings.autoSync || !ctx.settings.pullOnPrompt) break;
      await onePull(ctx);
      pulls++;
    }
  } finally {
    pollerEnded(ctx.home);
  }
  return { log: `live pull: ended after ${pulls} pulls (no session open)` };
}
async function quietFor(home, ms) {
  for (let left = ms; left > 0; left -= 1e3) {
    await new Promise((r) => setTimeout(r, Math.min(1e3, left)));
    if (!sessionsOpen(home) || !isPoller(home)) return false;
  }
  return true;
}
async function onePull(ctx) {
  const budget = ctx.settings.networkTimeoutMs;
  const deadline = setTimeout(() => {
    logLine(ctx.home, `live pull stopped: not finished within networkTimeoutMs (${budget} ms)`);
    pollerEnded(ctx.home);
    process.exit(1);
  }, budget);
  try {
    const before = (await loadHeader(ctx.home)).remoteTip;
    const report = await runSync(ctx, { mode: "pull", projects: [], lockWaitMs: 0 });
    const files = report.liveChanged.length;
    const hosts = files ? await hostsBetween(ctx, before, report.remoteTip) : [];
    recordPull(ctx.home, { at: Date.now(), files, hosts });
    if (!files) return;
    const seq = recordChange(ctx.home, { at: Date.now(), hosts, paths: report.liveChanged });
    logLine(ctx.home, `live pull ${seq}: ${files} files from ${hosts.join(", ") || "the remote"}`);
  } catch (e) {
    if (e instanceof SyncBusy) return;
    logLine(ctx.home, "live pull failed", e);
    recordPull(ctx.home, { at: Date.now(), files: 0, hosts: [], failed: e.message });
  } finally {
    clearTimeout(deadline);
  }
}
async function hostsBetween(ctx, from, to) {
  if (!to || from === to) return [];
  try {
    const repo = openRepo(ctx);
    return (await repo.authorsBetween(from, to)).filter((h) => h !== ctx.host);
  } catch {
    return [];
  }
}

// src/hooks/sessionStart.ts
async function sessionStart(input, env, cli, cliScript) {
  const started = performance.now();
  const { ctx } = await ensureContext(env);
  const { settings } = ctx;
  const cwd = input.cwd && fs8.existsSync(input.cwd) ? path9.resolve(input.cwd) : void 0;
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
  const ours = memDir ? report.liveChanged.filter((p) => p.startsWith(memDir + path9.sep)) : [];
  const rereads = input.source === "resume" || input.source === "compact";
  if (memDir && ours.length && !rereads) {
    const hosts = await hostsBetween(ctx, before, report.remoteTip);
    out.additionalContext = freshMemoryContext(memDir, ours.length, hosts);
  }
  const size = memDir ? indexSizeOf("this project", path9.join(memDir, "MEMORY.md")) : null;
  const tooLong = size && overBudget(size) ? `memsync: ${budgetLine(size)}` : "";
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
  const head = `memsync pulled ${count} updated memory file${count === 1 ? "" : "s"} for this project${from}. This is the current ${path9.join(memDir, "MEMORY.md")}; it replaces any earlier copy of it in this conversation:

`;
  let index = "";
  try {
    index = fs8.readFileSync(path9.join(memDir, "MEMORY.md"), "utf8");
  } catch {
    index = "(MEMORY.md is not present; the memory files are in the folder above)";
  }
  const room = OUTPUT_CAP - head.length;
  if (index.length > room) {
    const tail = `
[... cut to fit; read ${path9.join(memDir, "MEMORY.md")} for the rest]`;
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

// src/hooks/prompt.ts
import path10 from "node:path";

// src/hooks/readText.ts
import fs9 from "node:fs";
function readText(file) {
  try {
    return fs9.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

// src/hooks/prompt.ts
async function onPrompt(sessionId, cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt) return {};
  const poller = t.livePullSeconds ? await ensurePoller(home, env, cliScript) : "off";
  const mark = readSession(home, sessionId);
  const log = readChanges(home);
  if (!mark || mark.seen > log.seq) {
    writeSession(home, sessionId, { seen: log.seq }, env);
    return poller === "started" ? { log: "prompt: live pull started" } : {};
  }
  touchSession(home, sessionId);
  if (mark.seen === log.seq) return poller === "started" ? { log: "prompt: live pull started" } : {};
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const fresh = log.changes.filter((c) => c.seq > mark.seen);
  const ours = memDir ? fresh.filter((c) => c.paths.some((p) => p.startsWith(memDir + path10.sep))) : [];
  const index = memDir ? readText(path10.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, sessionId, { seen: log.seq, index: index ?? mark.index }, env);
  if (!memDir || !ours.length) return {};
  return {
    additionalContext: liveContext(memDir, ours, mark.index, index),
    log: `prompt: handed over ${ours.length} live pull${ours.length === 1 ? "" : "s"}`
  };
}
function liveContext(memDir, changes, seenIndex, index) {
  const hosts = [...new Set(changes.flatMap((c) => c.hosts))];
  const files = [...new Set(changes.flatMap((c) => c.paths))].filter((p) => p.startsWith(memDir + path10.sep));
  const indexFile = path10.join(memDir, "MEMORY.md");
  const parts = [
    `memsync pulled memory for this project${hosts.length ? ` from ${hosts.join(", ")}` : ""} while this session ran. These files are now as below; this replaces any earlier copy of them in this conversation.`
  ];
  if (files.includes(indexFile) && index) {
    const seen = new Set(seenIndex ?? []);
    const added = seenIndex ? index.filter((l) => l.trim() && !seen.has(l)) : index;
    if (added.length) parts.push(`New or changed lines of ${indexFile}:
${added.join("\n")}`);
  }
  const rest = [];
  for (const f of files.filter((p) => p !== indexFile)) {
    const text = readText(f);
    const part = text === null ? `${f} was deleted.` : `${f}:
${text}`;
    if (parts.join("\n\n").length + part.length + 400 < OUTPUT_CAP) parts.push(part);
    else rest.push(f);
  }
  if (rest.length) parts.push(`Also changed, too long to show here (read them with the Read tool): ${rest.join(", ")}`);
  return parts.join("\n\n");
}

// src/hooks/startLive.ts
import path11 from "node:path";
async function startLive(input, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt || !input.session_id) return "";
  const memDir = input.cwd ? await claudeMemoryDirOf(claudeConfigDir(env), input.cwd, env) : null;
  const index = memDir ? readText(path11.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, input.session_id, { seen: readChanges(home).seq, index }, env);
  if (!t.livePullSeconds) return "";
  return `live pull ${await ensurePoller(home, env, cliScript)}`;
}

// src/hooks/run.ts
async function runHook(event, env, cliScript) {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2e3));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case "session-start": {
        const cli = cliName(env, cliScript);
        const out = await sessionStart(input, env, cli, cliScript);
        const live = await startLive(input, env, cliScript);
        return withNotices(
          live ? { ...out, log: [out.log, live].filter(Boolean).join("; ") } : out,
          sessionNotices(memsyncHome(env), env, input.session_id, cli)
        );
      }
      case "stop":
        return onStop(input.cwd, env, cliScript);
      case "prompt":
        return onPrompt(input.session_id, input.cwd, env, cliScript);
      case "session-end":
        return onSessionEnd(input.cwd, env, cliScript, input.session_id);
      case "live-pull":
        return livePull(env);
      default:
        return {
          systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop, prompt or session-end)`
        };
    }
  });
}
function withNotices(out, notices) {
  return notices.length ? { ...out, systemMessage: [...notices, out.systemMessage].filter(Boolean).join("\n") } : out;
}
export {
  runHook
};
