import {
  childProcess
} from "./chunk-VQOGCUN4.mjs";
import {
  remoteKind
} from "./chunk-ISXOJIVS.mjs";
import {
  describeOsError
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/store/gitRun.ts
function gitEnv(host, extra = {}) {
  const env = { ...process.env };
  for (const k of [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "GIT_EDITOR",
    "GIT_PAGER",
    "GIT_SEQUENCE_EDITOR",
    "GIT_EXTERNAL_DIFF",
    "GIT_TEMPLATE_DIR",
    "PREFIX"
  ])
    delete env[k];
  return {
    ...env,
    GIT_AUTHOR_NAME: host,
    GIT_AUTHOR_EMAIL: `memsync@${host}`,
    GIT_COMMITTER_NAME: host,
    GIT_COMMITTER_EMAIL: `memsync@${host}`,
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    LC_ALL: "C",
    ...extra
  };
}
var GIT_SAFE_CONFIG = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "commit.gpgSign=false",
  "-c",
  "core.quotePath=false"
];
var GitTimeout = class extends MemsyncError {
  constructor(timeoutMs, what) {
    super(`git ${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
  timeoutMs;
};
function runGit(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const detached = process.platform !== "win32";
    const child = childProcess().spawn("git", [...GIT_SAFE_CONFIG, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached,
      windowsHide: true
    });
    const group = detached ? child.pid : void 0;
    if (group) liveGroups.add(group);
    opts.onSpawn?.();
    const out = [];
    const err = [];
    let settled = false;
    const settle = (fn) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (group) liveGroups.delete(group);
      fn();
    };
    const timer = opts.timeoutMs ? setTimeout(() => {
      if (group) killGroup(group);
      else child.kill("SIGKILL");
      for (const s of [child.stdin, child.stdout, child.stderr]) s.destroy();
      settle(
        () => reject(new GitTimeout(opts.timeoutMs, args[0] === "--git-dir" ? args[2] ?? "" : args[0] ?? ""))
      );
    }, opts.timeoutMs) : void 0;
    child.stdout.on("data", opts.onStdout ?? ((d) => out.push(d)));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", (e) => {
      settle(
        () => reject(
          e.code === "ENOENT" ? new MemsyncError(
            "git is not installed or not on PATH",
            "failure",
            "install git (e.g. apt-get install git)"
          ) : e
        )
      );
    });
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      const c = code ?? -1;
      settle(() => {
        if (c !== 0 && /No space left on device|Disk quota exceeded/i.test(stderr)) reject(diskFull(args, opts.cwd));
        else if (c !== 0 && !(opts.okCodes ?? []).includes(c)) {
          reject(
            new MemsyncError(
              `git ${args.join(" ").slice(0, 120)} failed (exit ${c}): ${stderr.trim().split("\n").pop() ?? ""}`
            )
          );
        } else resolve({ stdout: Buffer.concat(out), stderr, code: c });
      });
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(opts.input ?? "");
  });
}
function diskFull(args, cwd) {
  const at = args.indexOf("--git-dir");
  const dir = at >= 0 ? args[at + 1] : cwd ?? process.cwd();
  const sub = args.find((a, i) => (at < 0 || i > at + 1) && !a.startsWith("-")) ?? "git";
  return describeOsError(`git ${sub} in`, dir, { code: "ENOSPC" });
}
var liveGroups = /* @__PURE__ */ new Set();
function killGroup(group) {
  if (!group) return;
  try {
    process.kill(-group, "SIGKILL");
  } catch {
  }
}
function killLiveGroups() {
  for (const g of liveGroups) killGroup(g);
  liveGroups.clear();
}
process.on("exit", killLiveGroups);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  const onSignal = () => {
    killLiveGroups();
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on(sig, onSignal);
}

// src/store/netEnv.ts
var USER_KEYS = /^(core\.sshcommand|http\.lowspeedlimit|http\.lowspeedtime)$/;
async function networkRun(base, timeoutMs, { verbose = false, user: read } = {}) {
  const user = await (read ?? userNetworkConfig(base));
  const env = {
    ...base,
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    SSH_ASKPASS_REQUIRE: "never"
  };
  env.GIT_ASKPASS = "";
  delete env.SSH_ASKPASS;
  const userSsh = base.GIT_SSH_COMMAND || user.get("core.sshcommand") || (base.GIT_SSH ? null : "ssh");
  const ssh = sshCommand(userSsh, timeoutMs, verbose);
  if (ssh) env.GIT_SSH_COMMAND = ssh;
  const config = [];
  if (!user.has("http.lowspeedlimit") && !user.has("http.lowspeedtime") && !base.GIT_HTTP_LOW_SPEED_LIMIT) {
    const seconds = clamp(Math.floor(timeoutMs / 4e3), 2, 30);
    config.push("-c", "http.lowSpeedLimit=1000", "-c", `http.lowSpeedTime=${seconds}`);
  }
  return { env, config };
}
function sshCommand(userCommand, timeoutMs, verbose = false) {
  if (userCommand === null) return null;
  const program = userCommand.trim().split(/\s+/)[0] ?? "";
  if (!/(^|[/\\])ssh(\.exe)?$/i.test(program.replace(/^["']|["']$/g, ""))) return userCommand;
  const seconds = Math.max(1, Math.floor(timeoutMs / 1e3));
  const alive = clamp(Math.floor(seconds / 6), 1, 10);
  const options = `-o BatchMode=yes -o ServerAliveInterval=${alive} -o ServerAliveCountMax=2 -o ConnectTimeout=${clamp(seconds, 1, 15)}`;
  return `${userCommand}${verbose ? " -v" : ""} ${options}`;
}
async function userNetworkConfig(env, remoteUrl) {
  if (remoteUrl !== void 0 && remoteKind(remoteUrl) === "local") return /* @__PURE__ */ new Map();
  const args = ["--git-dir=/dev/null/none", "config", "--includes", "--get-regexp", USER_KEYS.source];
  const r = await runGit(args, { env, okCodes: [1, 128], timeoutMs: 1e4 });
  const out = /* @__PURE__ */ new Map();
  for (const line of r.stdout.toString().split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) out.set(line.slice(0, sp).toLowerCase(), line.slice(sp + 1));
  }
  return out;
}
function clamp(n, lo, hi) {
  return Math.min(hi, Math.max(lo, n));
}

export {
  gitEnv,
  GIT_SAFE_CONFIG,
  GitTimeout,
  runGit,
  networkRun,
  userNetworkConfig
};
