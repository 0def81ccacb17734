import {
  twiceLine
} from "./chunk-62WDPYP4.mjs";
import {
  ensurePoller,
  writeSession
} from "./chunk-KRJUPHG7.mjs";
import {
  readChanges
} from "./chunk-RCJZXW4M.mjs";
import {
  scheduledBackupLine
} from "./chunk-5LET4AD6.mjs";
import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  budgetLine,
  indexSizeOf,
  overBudget
} from "./chunk-L2A4KYYN.mjs";
import {
  dbMarker
} from "./chunk-Q7MAZY4P.mjs";
import {
  claudeMemoryDirOf
} from "./chunk-6LTTOJPG.mjs";
import {
  sqliteAtHand
} from "./chunk-TXEA6ZX2.mjs";
import {
  changedSinceCache,
  hasUnpublished,
  readScanCache,
  sessionScope
} from "./chunk-J6JDA4NY.mjs";
import {
  judge,
  listedOf,
  readPin,
  verdictProblem
} from "./chunk-DO6IZNGO.mjs";
import {
  RECIPIENTS_FILE,
  identityFile,
  pinFile
} from "./chunk-WHWDL6UE.mjs";
import {
  gitEnv,
  networkRun,
  runGit,
  userNetworkConfig
} from "./chunk-HKEN53EP.mjs";
import {
  HOOK_DEFAULTS,
  envVarName,
  parseEnvBoolean
} from "./chunk-UJNO2IOS.mjs";
import {
  claudeConfigDir,
  defaultClaudeMemPath,
  expandHome,
  memsyncHome,
  repoDir
} from "./chunk-YKBZQG47.mjs";

// src/hooks/toggles.ts
import path from "node:path";
function readHookToggles(home, env) {
  return hookToggles(readJsonObject(path.join(home, "settings.json")) ?? {}, env);
}
function hookToggles(raw, env) {
  const t = { ...HOOK_DEFAULTS, claudeMemDb: null };
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

// src/hooks/cliName.ts
import fs from "node:fs";
import path2 from "node:path";
function cliName(env, cliScript) {
  const onPath = (env.PATH ?? "").split(path2.delimiter).some((dir) => {
    try {
      fs.accessSync(path2.join(dir, "memsync"), fs.constants.X_OK);
      return !!dir;
    } catch {
      return false;
    }
  });
  return onPath ? "memsync" : `node "${cliScript}"`;
}

// src/hooks/notices.ts
import fs2 from "node:fs";
import path3 from "node:path";
function sessionNotices(home, env, sessionId, cli, first = []) {
  const lines = [...first];
  const twice = twiceLine(env, claudeConfigDir(env), cli);
  if (twice) lines.push(twice);
  return unsaid(home, sessionId, lines);
}
function unsaid(home, sessionId, lines) {
  if (!lines.length || !sessionId) return lines;
  const file = path3.join(home, "state", "session-notices.json");
  const v = readJsonObject(file);
  const said = v?.session === sessionId && Array.isArray(v.said) ? v.said.filter((x) => typeof x === "string") : [];
  const fresh = lines.filter((l) => !said.includes(l));
  if (fresh.length) {
    fs2.mkdirSync(path3.dirname(file), { recursive: true });
    fs2.writeFileSync(file, `${JSON.stringify({ session: sessionId, said: [...said, ...fresh] })}
`);
  }
  return fresh;
}

// src/hooks/startShort.ts
import fs4 from "node:fs";
import path7 from "node:path";

// src/hooks/startClaudeMem.ts
import path4 from "node:path";
var isEmpty = (x) => !!x && typeof x === "object" && Object.keys(x).length === 0;
function claudeMemUnsettled(home, db, env) {
  const s = readJsonObject(path4.join(home, "state", "claude-mem.json"));
  if (s?.version !== 1 || typeof s.marker !== "string") return "claude-mem's database was not left settled";
  const open = !isEmpty(s.rowConflicts) || !isEmpty(s.heldDeletes ?? {}) || !isEmpty(s.heldSecrets ?? []) || ![void 0, null].includes(s.resolution) || ![void 0, false].includes(s.confirmDeletes) || ![void 0, null].includes(s.pending);
  if (open) return "claude-mem's database has something open";
  try {
    if (dbMarker(db) !== s.marker) return "claude-mem's database changed since the last sync";
  } catch {
    return "claude-mem's database could not be looked at";
  }
  return sqliteAtHand(env) ? null : "no SQLite known to be at hand without loading one";
}

// src/hooks/startRecipients.ts
import fs3 from "node:fs";
import path5 from "node:path";
async function recipientsAgreed(home, tip, timeoutMs) {
  if (!fs3.existsSync(identityFile(home))) return false;
  const key = agreementKey(home, tip);
  if (readJsonObject(agreedFile(home))?.key === key) return true;
  const agreed = await listAgreed(home, tip, timeoutMs);
  if (agreed) writeQuietly(agreedFile(home), JSON.stringify({ key }));
  return agreed;
}
var agreedFile = (home) => path5.join(home, "state", "recipients-agreed.json");
function agreementKey(home, tip) {
  const stat = (file) => {
    try {
      const st = fs3.statSync(file);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return "-";
    }
  };
  return [tip, stat(pinFile(home)), stat(identityFile(home))].join("|");
}
function writeQuietly(file, text) {
  try {
    fs3.writeFileSync(file, text);
  } catch {
  }
}
async function listAgreed(home, tip, timeoutMs) {
  try {
    const r = await runGit(["--git-dir", repoDir(home), "cat-file", "blob", `${tip}:${RECIPIENTS_FILE}`], {
      env: gitEnv("memsync"),
      timeoutMs,
      okCodes: [128]
    });
    const listed = listedOf(r.code === 0 ? r.stdout : null, true);
    return verdictProblem(judge(readPin(home), listed, null)) === null;
  } catch {
    return false;
  }
}

// src/hooks/indexLine.ts
import path6 from "node:path";
function indexBudgetLine(memDir) {
  const size = indexSizeOf("this project", path6.join(memDir, "MEMORY.md"));
  return size && overBudget(size) ? `memsync: ${budgetLine(size)}` : void 0;
}

// src/hooks/startShort.ts
function shortWayOrWhy(v) {
  const { settings, state } = v;
  if (!settings || !state) return "no settings or sync state";
  if (!v.pullOnStart) return "the pull at session start is off";
  if (v.settingsNewer) return "settings changed since the last sync";
  const get = (key) => v.env[envVarName(key)] || settings[key];
  if (!["peer", "contributor", "consumer", void 0].includes(get("role"))) return "an unknown role";
  const encryption = get("encryption");
  if (![void 0, "none", "age"].includes(encryption)) return "an unknown encryption setting";
  const remote = get("remote");
  const url = typeof remote === "string" ? expandHome(remote, v.env) : path7.join(v.home, "remote.git");
  const branch = get("branch") ?? "main";
  if (typeof state.remoteTip !== "string") return "no remote tip recorded";
  if (state.remoteUrl !== url || (state.branch ?? "main") !== branch) return "the remote or branch changed";
  for (const key of ["conflicts", "held", "heldDeletes", "unusable", "pending"]) {
    const x = state[key];
    if (x && typeof x === "object" && Object.keys(x).length) return `open ${key} in the sync state`;
  }
  if (!Array.isArray(state.unpublished) || state.unpublished.length || v.unpublished) return "left unpublished";
  if (v.claudeMem) return v.claudeMem;
  if (v.project && !v.project.known) return "a project no sync has learned";
  if (!v.cache || v.cache.seq !== state.seq) return "no scan of the last sync";
  if (changedSinceCache(v.cache, v.memDir ? [v.memDir] : [], v.scope)) return "memory changed since the last sync";
  const pull = Number(get("pullTimeoutMs") ?? 5e3);
  const budget = Number.isInteger(pull) && pull > 0 ? pull : 5e3;
  return { url, branch, tip: state.remoteTip, recipients: encryption === "age", budget };
}
function readLocal(home, env, cwd, memDir) {
  const settingsFile = path7.join(home, "settings.json");
  const stateFile = path7.join(home, "state", "sync-state.json");
  const settings = readJsonObject(settingsFile);
  const t = hookToggles(settings ?? {}, env);
  const project = cwd ? path7.resolve(cwd) : null;
  const registry = readJsonObject(path7.join(home, "projects.json"))?.paths;
  const state = readJsonObject(stateFile);
  const listed = (x) => Array.isArray(x) && x.includes(project);
  const scope = sessionScope(memDir ? [memDir] : [], claudeConfigDir(env));
  return {
    settings,
    // Every sync that ends writes its time (machine/state.ts), the sync state only when something changed.
    settingsNewer: mtimeOf(settingsFile) >= mtimeOf(path7.join(home, "state", "last-sync"), Number.NEGATIVE_INFINITY),
    state,
    cache: readScanCache(home, scope),
    unpublished: hasUnpublished(home),
    claudeMem: t.claudeMemDb === null ? null : claudeMemUnsettled(home, t.claudeMemDb, env),
    pullOnStart: t.autoSync && t.pullOnStart,
    project: project ? { known: listed(registry) || listed(state?.projects) } : null,
    memDir,
    scope,
    env,
    home
  };
}
function mtimeOf(file, missing = Number.POSITIVE_INFINITY) {
  try {
    return fs4.statSync(file).mtimeMs;
  } catch {
    return missing;
  }
}
async function shortStart(input, env) {
  const home = memsyncHome(env);
  const cwd = input.cwd && fs4.existsSync(input.cwd) ? path7.resolve(input.cwd) : void 0;
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const last = shortWayOrWhy(readLocal(home, env, cwd, memDir));
  if (typeof last === "string") return last;
  const started = performance.now();
  const timeoutMs = Math.max(200, Math.floor(last.budget / 2));
  const [tip, agreed] = await Promise.all([
    remoteTip(last, timeoutMs),
    !last.recipients || recipientsAgreed(home, last.tip, timeoutMs)
  ]);
  if (tip !== last.tip) return tip === null ? "no answer from the remote, or no such branch" : "the remote moved";
  if (!agreed) return "encrypted: the recipients check needs the sync (the list, this machine's key or pin)";
  return {
    log: `short way: the remote is at the last synced tip (${Math.round(performance.now() - started)} ms)`,
    conflictsLine: memDir ? indexBudgetLine(memDir) : void 0
  };
}
async function remoteTip(last, timeoutMs) {
  try {
    const base = gitEnv("memsync");
    const { env, config } = await networkRun(base, timeoutMs, { user: userNetworkConfig(base, last.url) });
    const ref = `refs/heads/${last.branch}`;
    const r = await runGit([...config, "ls-remote", "--", last.url, ref], { env, timeoutMs, okCodes: [2, 128] });
    if (r.code !== 0) return null;
    const line = r.stdout.toString().split("\n").find((l) => l.endsWith(`	${ref}`));
    return line ? line.slice(0, line.indexOf("	")) : null;
  } catch {
    return null;
  }
}

// src/hooks/startLive.ts
import path8 from "node:path";

// src/hooks/readText.ts
import fs5 from "node:fs";
function readText(file) {
  try {
    return fs5.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

// src/hooks/startLive.ts
async function startLive(input, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt || !input.session_id) return "";
  const memDir = input.cwd ? await claudeMemoryDirOf(claudeConfigDir(env), input.cwd, env) : null;
  const index = memDir ? readText(path8.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, input.session_id, { seen: readChanges(home).seq, index }, env);
  if (!t.livePullSeconds) return "";
  return `live pull ${await ensurePoller(home, env, cliScript)}`;
}

// src/hooks/startHook.ts
async function startSession(input, env, cliScript, load) {
  const short = await shortStart(input, env);
  if (typeof short === "string") return (await load()).longStart(input, env, cliScript, short);
  return finishStart(short, input, env, cliScript, []);
}
async function finishStart(out, input, env, cliScript, notices) {
  const live = await startLive(input, env, cliScript);
  const backup = await scheduledBackupLine(env, cliScript);
  const all = sessionNotices(memsyncHome(env), env, input.session_id, cliName(env, cliScript), notices);
  const more = [live, backup].filter(Boolean);
  const log = more.length && (out.log === void 0 || typeof out.log === "string") ? [out.log, ...more].filter(Boolean).join("; ") : out.log;
  const message = [...all, out.systemMessage].filter(Boolean).join("\n");
  return { ...out, log, systemMessage: message || void 0 };
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

export {
  OUTPUT_CAP,
  renderHookOutput,
  readHookToggles,
  readText,
  cliName,
  indexBudgetLine,
  startSession,
  finishStart
};
