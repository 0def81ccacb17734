import {
  OUTPUT_CAP,
  readHookToggles,
  readText,
  renderHookOutput,
  startSession
} from "./chunk-XHJZCJGQ.mjs";
import {
  standsAside
} from "./chunk-62WDPYP4.mjs";
import {
  endSession,
  ensurePoller,
  readSession,
  touchSession,
  writeSession
} from "./chunk-KRJUPHG7.mjs";
import {
  readChanges
} from "./chunk-RCJZXW4M.mjs";
import {
  scheduledBackupLine
} from "./chunk-5LET4AD6.mjs";
import "./chunk-SVW3MY5O.mjs";
import {
  spawnDetached,
  startBackgroundPush,
  underMutex
} from "./chunk-DK3FTJUP.mjs";
import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import "./chunk-L2A4KYYN.mjs";
import "./chunk-NBZZJ5UZ.mjs";
import "./chunk-7NKH4G6F.mjs";
import {
  dbMarker
} from "./chunk-Q7MAZY4P.mjs";
import {
  sameProcess
} from "./chunk-R7TBMKPK.mjs";
import {
  claudeMemoryDirOf
} from "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-TXEA6ZX2.mjs";
import {
  hasUnpublished,
  liveChangedSince,
  sessionScope
} from "./chunk-J6JDA4NY.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import "./chunk-UJNO2IOS.mjs";
import {
  object,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  claudeConfigDir,
  memsyncHome
} from "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/hooks/input.ts
var HookInputSchema = object({
  session_id: string().optional(),
  transcript_path: string().optional(),
  cwd: string().optional(),
  hook_event_name: string().optional(),
  source: string().optional(),
  reason: string().optional()
}).passthrough();
function parseHookInput(text) {
  try {
    const parsed = HookInputSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
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
import path3 from "node:path";

// src/hooks/idlePush.ts
import fs from "node:fs";
import path2 from "node:path";

// src/hooks/dbChanged.ts
import path from "node:path";
function claudeMemChanged(home, dbPath, unknown) {
  if (!dbPath) return false;
  const marker = readJsonObject(path.join(home, "state", "claude-mem.json"))?.marker;
  if (typeof marker !== "string") return unknown;
  try {
    return dbMarker(dbPath) !== marker;
  } catch {
    return unknown;
  }
}

// src/hooks/idlePush.ts
var waiterFile = (home) => path2.join(home, "state", "idle-push.json");
function armIdlePush(home, env, hookScript, seconds) {
  const due = Date.now() + seconds * 1e3;
  fs.mkdirSync(path2.join(home, "state"), { recursive: true });
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
  const v = readJsonObject(waiterFile(home));
  const since = typeof v?.since === "string" || v?.since === null;
  return typeof v?.pid === "number" && typeof v.due === "number" && since ? v : null;
}
function writeWaiter(home, w) {
  checkedWrite(waiterFile(home), JSON.stringify(w), { fsync: false, what: "the idle push stamp" });
}

// src/hooks/pushHooks.ts
async function onStop(cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnStop) return {};
  const memDirs = await sessionMemoryDirs(cwd, env);
  const unpublished = hasUnpublished(home);
  if (!unpublished && !liveChangedSince(home, memDirs, sessionScope(memDirs, claudeConfigDir(env))) && !claudeMemChanged(home, t.claudeMemDb, false))
    return {};
  const r = startBackgroundPush(home, env, cliScript, t.pushThrottleSeconds);
  return { log: `stop: ${unpublished ? "memory left unpublished" : "memory changed"}; background push ${r}` };
}
async function onSessionEnd(cwd, env, cliScript, session) {
  const home = memsyncHome(env);
  endSession(home, session);
  const backup = await scheduledBackupLine(env, cliScript);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return backup ? { log: `session-end: ${backup}` } : {};
  const hookScript = path3.join(path3.dirname(cliScript), "hook.cjs");
  const armed = t.idlePushSeconds ? `idle push ${await armIdlePush(home, env, hookScript, t.idlePushSeconds)}` : "";
  const more = [armed, backup].filter(Boolean).map((l) => `; ${l}`).join("");
  if (!hasUnpublished(home) && !liveChangedSince(home, await sessionMemoryDirs(cwd, env)) && !claudeMemChanged(home, t.claudeMemDb, true))
    return more ? { log: `session-end: nothing changed${more}` } : {};
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `session-end: background push ${r}${more}` };
}
async function sessionMemoryDirs(cwd, env) {
  if (!cwd) return [];
  return [await claudeMemoryDirOf(claudeConfigDir(env), cwd, env)];
}

// src/hooks/prompt.ts
import path4 from "node:path";
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
  const ours = memDir ? fresh.filter((c) => c.paths.some((p) => p.startsWith(memDir + path4.sep))) : [];
  const index = memDir ? readText(path4.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, sessionId, { seen: log.seq, index: index ?? mark.index }, env);
  if (!memDir || !ours.length) return {};
  return {
    additionalContext: liveContext(memDir, ours, mark.index, index),
    log: `prompt: handed over ${ours.length} live pull${ours.length === 1 ? "" : "s"}`
  };
}
function liveContext(memDir, changes, seenIndex, index) {
  const hosts = [...new Set(changes.flatMap((c) => c.hosts))];
  const files = [...new Set(changes.flatMap((c) => c.paths))].filter((p) => p.startsWith(memDir + path4.sep));
  const indexFile = path4.join(memDir, "MEMORY.md");
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

// src/hooks/run.ts
async function runHook(event, env, cliScript) {
  await runGuarded(memsyncHome(env), event, async () => {
    const input = parseHookInput(await readStdin(2e3));
    if (standsAside(env, claudeConfigDir(env))) return { log: `${event}: left to the memsync plugin's hook` };
    switch (event) {
      case "session-start":
        return startSession(input, env, cliScript, () => import("../start.mjs"));
      case "stop":
        return onStop(input.cwd, env, cliScript);
      case "prompt":
        return onPrompt(input.session_id, input.cwd, env, cliScript);
      case "session-end":
        return onSessionEnd(input.cwd, env, cliScript, input.session_id);
      case "live-pull":
        return (await import("./livePull-6SR7JHVC.mjs")).livePull(env);
      case "scheduled-backup":
        return (await import("./scheduledBackup-SYWLSPZP.mjs")).scheduledBackup(env);
      default:
        return {
          systemMessage: `memsync: unknown hook "${event}" (expected session-start, stop, prompt or session-end)`
        };
    }
  });
}
export {
  runHook
};
