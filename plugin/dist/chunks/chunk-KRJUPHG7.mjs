import {
  endMyStamp,
  stampIsMine,
  stampRuns,
  writePidStamp
} from "./chunk-SVW3MY5O.mjs";
import {
  spawnDetached,
  underMutex,
  within
} from "./chunk-DK3FTJUP.mjs";
import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  alive,
  sameProcess,
  startToRecord
} from "./chunk-R7TBMKPK.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/hooks/liveSessions.ts
import fs from "node:fs";
import path from "node:path";
var SESSION_IDLE_MS = 30 * 6e4;
var sessionsDir = (home) => path.join(home, "state", "live", "sessions");
function sessionFile(home, id) {
  return id && /^[A-Za-z0-9_-]{1,128}$/.test(id) ? path.join(sessionsDir(home), id) : null;
}
function readSession(home, id) {
  const file = sessionFile(home, id);
  if (!file) return null;
  const v = readJsonObject(file);
  if (typeof v?.seen !== "number") return null;
  const index = Array.isArray(v.index) ? v.index.filter((l) => typeof l === "string") : void 0;
  const c = v.claude;
  const claude = typeof c?.pid === "number" && (typeof c.since === "string" || c.since === null) ? c : void 0;
  return { seen: v.seen, index, claude };
}
function writeSession(home, id, mark, env) {
  const file = sessionFile(home, id);
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const pid = Number(env.CLAUDE_PID);
  const claude = Number.isInteger(pid) && alive(pid) ? { pid, since: startToRecord(pid) } : void 0;
  checkedWrite(file, JSON.stringify({ ...mark, claude }), { fsync: false, what: "the live session mark" });
}
function touchSession(home, id) {
  const file = sessionFile(home, id);
  const now = /* @__PURE__ */ new Date();
  if (file) fs.utimesSync(file, now, now);
}
function endSession(home, id) {
  const file = sessionFile(home, id);
  if (file) fs.rmSync(file, { force: true });
}
function sessionsOpen(home) {
  let names;
  try {
    names = fs.readdirSync(sessionsDir(home));
  } catch {
    return false;
  }
  return names.some((n) => {
    try {
      if (!within(fs.statSync(path.join(sessionsDir(home), n)).mtimeMs, SESSION_IDLE_MS)) return false;
      const claude = readSession(home, n)?.claude;
      return !claude || sameProcess(claude.pid, claude.since);
    } catch {
      return false;
    }
  });
}

// src/hooks/livePullStart.ts
import fs2 from "node:fs";
import path2 from "node:path";
var stampFile = (home) => path2.join(home, "state", "live", "poller.json");
async function ensurePoller(home, env, cliScript) {
  if (stampRuns(stampFile(home))) return "running";
  fs2.mkdirSync(path2.dirname(stampFile(home)), { recursive: true });
  return underMutex(home, () => {
    if (stampRuns(stampFile(home))) return "running";
    writePidStamp(stampFile(home), spawnDetached(home, env, [cliScript, "hook", "live-pull"]), "the live pull stamp");
    return "started";
  });
}
function isPoller(home) {
  return stampIsMine(stampFile(home));
}
function pollerEnded(home) {
  endMyStamp(stampFile(home), "the live pull stamp");
}

export {
  readSession,
  writeSession,
  touchSession,
  endSession,
  sessionsOpen,
  ensurePoller,
  isPoller,
  pollerEnded
};
