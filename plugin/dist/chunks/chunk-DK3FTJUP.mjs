import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  sameProcess,
  startToRecord
} from "./chunk-R7TBMKPK.mjs";
import {
  childProcess
} from "./chunk-VQOGCUN4.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/hooks/background.ts
import fs from "node:fs";
import path from "node:path";

// src/util/elapsed.ts
var SLACK_MS = 1e3;
function within(since, ms, now = Date.now()) {
  const age = now - since;
  return age > -SLACK_MS && age < ms;
}

// src/hooks/background.ts
var stampFile = (home) => path.join(home, "state", "bg-push.json");
var mutexDir = (home) => path.join(home, "state", "bg-push.mutex");
var pullsFile = (home) => path.join(home, "state", "bg-pulls");
function startBackgroundPush(home, env, cliScript, throttleSeconds, command = "push", project) {
  fs.mkdirSync(path.join(home, "state"), { recursive: true });
  let held = takeMutex(home);
  for (let i = 0; !held && i < 40; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    held = takeMutex(home);
  }
  if (!held) return "busy";
  try {
    const last = readStamp(home);
    if (last && sameProcess(last.pid, last.since)) {
      if (command === "sync") fs.appendFileSync(pullsFile(home), `${project ?? ""}
`);
      return "running";
    }
    const due = last && within(last.started, throttleSeconds * 1e3) ? last.started + throttleSeconds * 1e3 : 0;
    const learn = project ? ["--project", project] : [];
    const run = spawnDetached(home, env, [cliScript, command, "--background", ...learn]);
    writeStamp(home, { ...run, started: due || Date.now() });
    return due ? "deferred" : "started";
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}
function spawnDetached(home, env, args) {
  const child = childProcess().spawn(process.execPath, args, { detached: true, stdio: "ignore", env, cwd: home });
  child.unref();
  const pid = child.pid ?? -1;
  return { pid, since: startToRecord(pid) };
}
async function waitForTurn(home, capSeconds) {
  const last = await underMutex(home, () => readStamp(home));
  if (last?.pid !== process.pid) return;
  const ms = Math.min(Math.max(0, last.started - Date.now()), capSeconds * 1e3);
  if (ms) await new Promise((r) => setTimeout(r, ms));
}
function finishBackgroundPush(home, mayGoOn, changedAgain) {
  return underMutex(home, () => {
    const pull = mayGoOn ? takePulls(home) : null;
    if (pull || mayGoOn && changedAgain()) return { pull };
    const last = readStamp(home);
    if (last?.pid === process.pid) writeStamp(home, { ...last, pid: 0 });
    return false;
  });
}
async function underMutex(home, body) {
  for (let i = 0; i < 50 && !takeMutex(home); i++) await new Promise((r) => setTimeout(r, 20));
  try {
    return body();
  } finally {
    fs.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}
function abandonBackgroundPush(home) {
  const last = readStamp(home);
  if (last?.pid === process.pid) writeStamp(home, { ...last, pid: 0 });
}
function takePulls(home) {
  let text;
  try {
    text = fs.readFileSync(pullsFile(home), "utf8");
  } catch {
    return null;
  }
  fs.rmSync(pullsFile(home), { force: true });
  return [...new Set(text.split("\n").filter(Boolean))];
}
function takeMutex(home) {
  const dir = mutexDir(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.mkdirSync(dir);
      return true;
    } catch {
      try {
        if (within(fs.statSync(dir).mtimeMs, 5e3)) return false;
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}
function readStamp(home) {
  const v = readJsonObject(stampFile(home));
  const since = typeof v?.since === "string" || v?.since === null;
  return typeof v?.pid === "number" && typeof v.started === "number" && since ? v : null;
}
function writeStamp(home, s) {
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: "the background push stamp" });
}

export {
  within,
  startBackgroundPush,
  spawnDetached,
  waitForTurn,
  finishBackgroundPush,
  underMutex,
  abandonBackgroundPush
};
