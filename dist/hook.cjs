"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/hooks/entry.ts
var import_node_path9 = __toESM(require("node:path"), 1);

// src/config/paths.ts
var import_node_os = __toESM(require("node:os"), 1);
var import_node_path = __toESM(require("node:path"), 1);
function memsyncHome(env = process.env) {
  return import_node_path.default.resolve(env.MEMSYNC_HOME || import_node_path.default.join(homeDir(env), ".memsync"));
}
function claudeConfigDir(env = process.env) {
  return import_node_path.default.resolve(env.CLAUDE_CONFIG_DIR || import_node_path.default.join(homeDir(env), ".claude"));
}
function homeDir(env = process.env) {
  return env.HOME || import_node_os.default.homedir();
}
function expandHome(p, env = process.env) {
  if (p === "~") return homeDir(env);
  if (p.startsWith("~/")) return import_node_path.default.join(homeDir(env), p.slice(2));
  return p;
}
function defaultClaudeMemPath(env = process.env) {
  return import_node_path.default.resolve(env.CLAUDE_MEM_DATA_DIR || import_node_path.default.join(homeDir(env), ".claude-mem"), "claude-mem.db");
}

// src/util/log.ts
var import_node_fs = __toESM(require("node:fs"), 1);
var import_node_path2 = __toESM(require("node:path"), 1);
function logLine(home, what, detail) {
  try {
    const dir = import_node_path2.default.join(home, "logs");
    import_node_fs.default.mkdirSync(dir, { recursive: true });
    const extra = detail === void 0 ? "" : ` ${detail instanceof Error ? detail.stack ?? detail.message : typeof detail === "string" ? detail : JSON.stringify(detail)}`;
    import_node_fs.default.appendFileSync(import_node_path2.default.join(dir, "memsync.log"), `${(/* @__PURE__ */ new Date()).toISOString()} [${process.pid}] ${what}${extra}
`);
  } catch {
  }
}

// src/hooks/output.ts
var OUTPUT_CAP = 1e4;
function renderHookOutput(event2, out) {
  const json = {};
  const message = [out.systemMessage, out.conflictsLine].filter(Boolean).join("\n");
  if (message) json.systemMessage = cap(message);
  if (event2 === "SessionStart") {
    const context = [out.additionalContext, out.conflictsLine].filter(Boolean).join("\n\n");
    if (context) json.hookSpecificOutput = { hookEventName: "SessionStart", additionalContext: cap(context) };
  }
  return Object.keys(json).length ? JSON.stringify(json) : "";
}
function cap(s) {
  return s.length <= OUTPUT_CAP ? s : s.slice(0, OUTPUT_CAP - 1) + "\u2026";
}

// src/hooks/io.ts
var EVENT_NAMES = { "session-start": "SessionStart", stop: "Stop", "session-end": "SessionEnd" };
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
async function runGuarded(home, event2, body) {
  const eventName = EVENT_NAMES[event2] ?? event2;
  let out;
  try {
    out = await body();
  } catch (e) {
    out = { systemMessage: `memsync: the ${eventName} hook failed: ${e.message} (details in ${home}/logs/memsync.log)`, log: e };
  }
  if (out.log !== void 0 || out.systemMessage) logLine(home, `hook ${event2}`, out.log ?? out.systemMessage);
  const text = renderHookOutput(eventName, out);
  if (text) process.stdout.write(text + "\n");
}

// src/hooks/pushHooks.ts
var import_node_path8 = __toESM(require("node:path"), 1);

// src/sources/identity.ts
var import_node_fs2 = __toESM(require("node:fs"), 1);
var import_node_path3 = __toESM(require("node:path"), 1);

// src/sources/projectKey.ts
var MAX_SANITIZED_LENGTH = 200;
function claudeProjectKey(absPath) {
  const sanitized = absPath.replace(/[^a-zA-Z0-9]/g, "-");
  if (sanitized.length <= MAX_SANITIZED_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_SANITIZED_LENGTH)}-${Math.abs(claudePathHash(absPath)).toString(36)}`;
}
function claudePathHash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h << 5) - h + s.charCodeAt(i) | 0;
  return h;
}

// src/sources/identity.ts
async function statOrNull(p) {
  try {
    return import_node_fs2.default.statSync(p);
  } catch {
    return null;
  }
}
async function findGitRoot(dir) {
  let d = import_node_path3.default.resolve(dir);
  for (; ; ) {
    const st = await statOrNull(import_node_path3.default.join(d, ".git"));
    if (st && (st.isDirectory() || st.isFile())) return d;
    const parent = import_node_path3.default.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}
async function readText(p) {
  try {
    return import_node_fs2.default.readFileSync(p, "utf8");
  } catch {
    return null;
  }
}
async function resolveGitDirs(gitRoot) {
  const dotGit = import_node_path3.default.join(gitRoot, ".git");
  const st = await statOrNull(dotGit);
  if (!st) return null;
  let gitDir = dotGit;
  if (st.isFile()) {
    const text = await readText(dotGit);
    const m = text === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!m) return null;
    gitDir = import_node_path3.default.resolve(gitRoot, m[1]);
  } else if (!st.isDirectory()) {
    return null;
  }
  let commonDir = gitDir;
  const common = await readText(import_node_path3.default.join(gitDir, "commondir"));
  if (common !== null && common.trim() !== "") commonDir = import_node_path3.default.resolve(gitDir, common.trim());
  return { gitDir, commonDir };
}
async function memoryRootOf(gitRoot) {
  const dirs = await resolveGitDirs(gitRoot);
  if (dirs && dirs.commonDir !== dirs.gitDir && import_node_path3.default.basename(dirs.commonDir) === ".git") return import_node_path3.default.dirname(dirs.commonDir);
  return gitRoot;
}
async function claudeMemoryDirOf(configDir, dir) {
  const root = await findGitRoot(dir) ?? dir;
  return import_node_path3.default.join(configDir, "projects", claudeProjectKey(await memoryRootOf(root)), "memory");
}

// src/sync/watch.ts
var import_node_fs3 = __toESM(require("node:fs"), 1);
var import_node_path4 = __toESM(require("node:path"), 1);
var cacheFile = (home) => import_node_path4.default.join(home, "state", "scan-cache.json");
var unpublishedFile = (home) => import_node_path4.default.join(home, "state", "unpublished");
function hasUnpublished(home) {
  return import_node_fs3.default.existsSync(unpublishedFile(home));
}
function mtimeOrMissing(p) {
  try {
    return import_node_fs3.default.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}
function liveChangedSince(home, extraDirs = [], scope) {
  let cache;
  try {
    cache = JSON.parse(import_node_fs3.default.readFileSync(cacheFile(home), "utf8"));
    if (cache.version !== 2) return true;
  } catch {
    return true;
  }
  const inScope = (dir) => !scope || scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + import_node_path4.default.sep));
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (inScope(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!inScope(dir)) continue;
    for (const [name, [size, mtime]] of Object.entries(names)) {
      try {
        const st = import_node_fs3.default.statSync(import_node_path4.default.join(dir, name));
        if (st.size !== size || st.mtimeMs !== mtime) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}

// src/hooks/background.ts
var import_node_fs4 = __toESM(require("node:fs"), 1);
var import_node_path5 = __toESM(require("node:path"), 1);
var import_node_child_process = require("node:child_process");
var stampFile = (home) => import_node_path5.default.join(home, "state", "bg-push.json");
var mutexDir = (home) => import_node_path5.default.join(home, "state", "bg-push.mutex");
function startBackgroundPush(home, env, cliScript, throttleSeconds) {
  import_node_fs4.default.mkdirSync(import_node_path5.default.join(home, "state"), { recursive: true });
  let held = takeMutex(home);
  for (let i = 0; !held && i < 40; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    held = takeMutex(home);
  }
  if (!held) return "busy";
  try {
    const last = readStamp(home);
    if (last && alive(last.pid)) return "running";
    if (last && Date.now() - last.started < throttleSeconds * 1e3) return "throttled";
    const child = (0, import_node_child_process.spawn)(process.execPath, [cliScript, "push", "--background"], {
      detached: true,
      stdio: "ignore",
      env,
      cwd: home
    });
    child.unref();
    writeStamp(home, { pid: child.pid ?? -1, started: Date.now() });
    return "started";
  } finally {
    import_node_fs4.default.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}
function takeMutex(home) {
  const dir = mutexDir(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      import_node_fs4.default.mkdirSync(dir);
      return true;
    } catch {
      try {
        if (Date.now() - import_node_fs4.default.statSync(dir).mtimeMs < 5e3) return false;
        import_node_fs4.default.rmSync(dir, { recursive: true, force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}
function readStamp(home) {
  try {
    const v = JSON.parse(import_node_fs4.default.readFileSync(stampFile(home), "utf8"));
    return typeof v.pid === "number" && typeof v.started === "number" ? v : null;
  } catch {
    return null;
  }
}
function writeStamp(home, s) {
  const tmp = `${stampFile(home)}.${process.pid}.tmp`;
  import_node_fs4.default.writeFileSync(tmp, JSON.stringify(s));
  import_node_fs4.default.renameSync(tmp, stampFile(home));
}
function alive(pid) {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

// src/hooks/toggles.ts
var import_node_fs5 = __toESM(require("node:fs"), 1);
var import_node_path6 = __toESM(require("node:path"), 1);

// src/config/envValues.ts
function envVarName(key) {
  return "MEMSYNC_" + key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}
var TRUE_WORDS = /* @__PURE__ */ new Set(["true", "1", "yes", "on"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["false", "0", "no", "off"]);
function parseEnvBoolean(text) {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return void 0;
}

// src/hooks/toggles.ts
var DEFAULTS = { autoSync: true, pullOnStart: true, pushOnStop: true, pushOnEnd: true, pushThrottleSeconds: 60, claudeMemDb: null };
function readHookToggles(home, env) {
  const t = { ...DEFAULTS };
  let raw = {};
  try {
    const v = JSON.parse(import_node_fs5.default.readFileSync(import_node_path6.default.join(home, "settings.json"), "utf8"));
    if (v && typeof v === "object") raw = v;
  } catch {
  }
  for (const key of ["autoSync", "pullOnStart", "pushOnStop", "pushOnEnd"]) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv !== void 0 && fromEnv !== "" ? parseEnvBoolean(fromEnv) : raw[key];
    if (typeof v === "boolean") t[key] = v;
  }
  const role = env[envVarName("role")] || raw.role;
  if (role === "off") t.autoSync = false;
  if (role === "consumer") t.pushOnStop = t.pushOnEnd = false;
  const throttleEnv = env[envVarName("pushThrottleSeconds")];
  const throttle = throttleEnv ? Number(throttleEnv) : raw.pushThrottleSeconds;
  if (typeof throttle === "number" && Number.isInteger(throttle) && throttle >= 0) t.pushThrottleSeconds = throttle;
  const mem = raw.sources?.claudeMem;
  if (mem?.enabled === true) t.claudeMemDb = typeof mem.path === "string" && mem.path ? expandHome(mem.path, env) : defaultClaudeMemPath(env);
  return t;
}

// src/hooks/dbChanged.ts
var import_node_fs7 = __toESM(require("node:fs"), 1);
var import_node_path7 = __toESM(require("node:path"), 1);

// src/claudeMem/changeMarker.ts
var import_node_fs6 = __toESM(require("node:fs"), 1);
function dbMarker(file) {
  return [file, part(file, 24, 4), part(`${file}-wal`, 0, 32)].join("|");
}
function part(file, at, length) {
  let fd;
  try {
    fd = import_node_fs6.default.openSync(file, "r");
  } catch (e) {
    if (e.code === "ENOENT") return "-";
    throw e;
  }
  try {
    const st = import_node_fs6.default.fstatSync(fd);
    const head = Buffer.alloc(length);
    const n = import_node_fs6.default.readSync(fd, head, 0, length, at);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${head.subarray(0, n).toString("hex")}`;
  } finally {
    import_node_fs6.default.closeSync(fd);
  }
}

// src/hooks/dbChanged.ts
function claudeMemChanged(home, dbPath, unknown) {
  if (!dbPath) return false;
  let marker;
  try {
    marker = JSON.parse(import_node_fs7.default.readFileSync(import_node_path7.default.join(home, "state", "claude-mem.json"), "utf8")).marker;
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

// src/hooks/pushHooks.ts
async function onStop(cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnStop) return {};
  const memDirs = await sessionMemoryDirs(cwd, env);
  const config = claudeConfigDir(env);
  const unpublished = hasUnpublished(home);
  if (!unpublished && !liveChangedSince(home, memDirs, { trees: [...memDirs, import_node_path8.default.join(config, "rules")], dirs: [config] }) && !claudeMemChanged(home, t.claudeMemDb, false)) return {};
  const r = startBackgroundPush(home, env, cliScript, t.pushThrottleSeconds);
  return { log: `stop: ${unpublished ? "memory left unpublished" : "memory changed"}; background push ${r}` };
}
async function onSessionEnd(cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return {};
  if (!hasUnpublished(home) && !liveChangedSince(home, await sessionMemoryDirs(cwd, env)) && !claudeMemChanged(home, t.claudeMemDb, true)) return {};
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `session-end: background push ${r}` };
}
async function sessionMemoryDirs(cwd, env) {
  if (!cwd) return [];
  return [await claudeMemoryDirOf(claudeConfigDir(env), cwd)];
}

// src/hooks/entry.ts
var event = process.argv[2] ?? "";
var cli = import_node_path9.default.join(import_node_path9.default.dirname(process.argv[1] ?? "."), "memsync.mjs");
void runGuarded(memsyncHome(process.env), event, async () => {
  const cwd = cwdOf(await readStdin(2e3));
  if (event === "stop") return onStop(cwd, process.env, cli);
  if (event === "session-end") return onSessionEnd(cwd, process.env, cli);
  return { systemMessage: `memsync: dist/hook.cjs handles stop and session-end, not "${event}"` };
}).catch(() => void 0).finally(() => process.exit(0));
function cwdOf(text) {
  try {
    const v = JSON.parse(text);
    const cwd = v && typeof v === "object" ? v.cwd : void 0;
    return typeof cwd === "string" ? cwd : void 0;
  } catch {
    return void 0;
  }
}
