import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  sshTarget
} from "./chunk-YJMWN23F.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import {
  describeOsError
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/store/gitRun.ts
import { spawn } from "node:child_process";
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
    const child = spawn("git", [...GIT_SAFE_CONFIG, ...args], {
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
    child.stdout.on("data", (d) => out.push(d));
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

// src/store/gitCause.ts
var NOISE = [
  /^fatal: Could not read from remote repository\.?$/i,
  /^Please make sure you have the correct access rights$/i,
  /^and the repository exists\.?$/i,
  /^Warning: Permanently added /i,
  /^debug\d: /,
  /^OpenSSH_/,
  // The changed-host-key banner: its headline, the offending line and the verdict are kept.
  /^@+$/,
  /^IT IS POSSIBLE THAT SOMEONE|^Someone could be eavesdropping|^It is also possible that a host key/,
  /^The fingerprint for the .* key sent by|^SHA256:|^Please contact your system administrator/,
  /^Add correct host key in|^remove with:$|^ssh-keygen -f |^Host key for .* has changed and you have requested/
];
function gitCause(stderr) {
  const lines = stderr.split("\n").map((l) => l.trim().replace(/^@\s+(.*?)\s+@$/, "$1")).filter(Boolean);
  const kept = lines.filter((l) => !NOISE.some((re) => re.test(l)));
  const text = (kept.length ? kept : lines.slice(0, 1)).join(" ") || "git gave no reason";
  return maskSecrets(text).slice(0, 400);
}
var DENIED = /Permission denied \(/;
var UNREACHABLE = new RegExp(
  [
    "Connection refused",
    "Could not resolve (host|hostname)",
    "Connection timed out",
    "No route to host",
    "Network is unreachable",
    "Failed to connect",
    "unable to connect",
    "Connection reset",
    "Connection closed",
    "early EOF",
    "unexpected disconnect"
  ].join("|"),
  "i"
);
var NO_REPOSITORY = /Repository not found|does not appear to be a git repository|not found|No such file or dir/i;
var STALLED = /Operation too slow|Operation timed out after/i;
var REPAIR_CLONE = "memsync doctor --fix moves memsync's own clone aside (nothing is lost: the remote holds all of it), then memsync sync fetches it again";
var LOCAL_DAMAGE = /bad object refs\/|invalid sha1 pointer|loose object \S+ \(stored in .*\) is corrupt|unable to read [0-9a-f]{40}/i;
var RULES = [
  {
    when: (e) => LOCAL_DAMAGE.test(e),
    fix: () => `memsync's own clone of the remote is damaged, not the remote: ${REPAIR_CLONE}`
  },
  {
    when: (e) => /REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(e),
    fix: (c) => `the server's ssh host key is not the one known_hosts recorded (someone may be in between): only if you know the server changed, check its new fingerprint, then ${c.forget} and connect once with ssh ${c.target}`
  },
  {
    when: (e) => /Host key verification failed|No \S+ host key is known for/i.test(e),
    fix: (c) => `ssh does not know this server's host key (memsync never answers ssh's yes/no question): check its fingerprint, then add it: ssh-keyscan ${c.target} >> ~/.ssh/known_hosts (or run ssh ${c.target} once in a terminal and answer yes)`
  },
  {
    when: (e, c) => DENIED.test(e) && c.accepted.length > 0,
    fix: (c) => `the server accepts ${c.accepted[0]}, but it has a passphrase and no ssh agent holds it (memsync never asks for one): ssh-add ${c.accepted[0]} (with an agent running for your session, e.g. eval "$(ssh-agent)")`
  },
  {
    when: (e, c) => DENIED.test(e) && c.offered.length > 0,
    fix: (c) => `ssh offered ${c.offered.join(", ")} and the server accepts none of them: add the right public key to the server (GitHub: Settings > SSH keys), or tell ssh which key to use: IdentityFile in ~/.ssh/config for ${c.host}, or git config --global core.sshCommand "ssh -i KEY"`
  },
  {
    when: (e) => DENIED.test(e),
    fix: () => "the server refused this machine's ssh keys: memsync doctor says which key ssh tried; a key with a passphrase must be in the ssh agent (ssh-add)"
  },
  {
    when: (e) => /Authentication failed for|HTTP Basic: Access denied|returned error: 403/i.test(e),
    fix: (c) => `the server refused the stored credential, and git has erased it from the credential helper: store the right one again (run git ls-remote ${c.url} in a terminal and enter the user and a token), then memsync sync`
  },
  {
    when: (e) => /could not read (Username|Password) for/i.test(e),
    fix: (c) => `memsync never prompts, and no credential for this server is stored (git erases one the server refused): set up a credential helper (git config --global credential.helper store, or cache, manager, osxkeychain), then run git ls-remote ${c.url} once in a terminal to store it`
  },
  {
    when: (e) => STALLED.test(e),
    fix: () => "the remote stopped sending before the time budget ran out (networkTimeoutMs for commands, pullTimeoutMs at session start): check the network, VPN or proxy, or raise that setting, then run memsync sync again"
  },
  {
    when: (e) => UNREACHABLE.test(e),
    fix: () => "the server was not reached or dropped the connection: check the host and port in the URL (and its Host entry in ~/.ssh/config), the network, VPN or proxy, then run memsync sync again; nothing was lost"
  },
  {
    when: (e) => NO_REPOSITORY.test(e),
    fix: () => "the server has no repository at that path: check the URL (memsync configure --remote URL); the repository must exist (empty is fine) before the first sync"
  }
];
function gitFix(stderr, remote, ssh = null) {
  const c = {
    url: maskSecrets(remote),
    host: ssh?.host ?? "HOST",
    target: ssh ? `${ssh.port && ssh.port !== 22 ? `-p ${ssh.port} ` : ""}${ssh.host}` : "HOST",
    accepted: [...stderr.matchAll(/Server accepts key: (\S+)/g)].map((m) => m[1]),
    offered: [...new Set([...stderr.matchAll(/Offering public key: (\S+)/g)].map((m) => m[1]))],
    forget: /^\s*(ssh-keygen -f .* -R .*)$/m.exec(stderr)?.[1]?.trim() ?? `ssh-keygen -R ${ssh?.port && ssh.port !== 22 ? `"[${ssh.host}]:${ssh.port}"` : ssh?.host ?? "HOST"}`
  };
  return RULES.find((r) => r.when(stderr, c))?.fix(c) ?? null;
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
async function userNetworkConfig(env) {
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

// src/store/remoteProbe.ts
import { execFile } from "node:child_process";
async function probeRemote(url, host, timeoutMs, verbose = false) {
  const deadline = Date.now() + timeoutMs;
  const { env, config } = await networkRun(gitEnv(host), timeoutMs, { verbose });
  try {
    const left = Math.max(1, deadline - Date.now());
    const r = await runGit([...config, "ls-remote", "--heads", "--", url], {
      env,
      timeoutMs: left,
      okCodes: [1, 2, 128]
    });
    if (r.code !== 0) return { ok: false, timedOut: false, stderr: r.stderr };
    const heads = /* @__PURE__ */ new Map();
    for (const line of r.stdout.toString().split("\n")) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line.trim());
      if (m) heads.set(m[2], m[1]);
    }
    return { ok: true, heads };
  } catch (e) {
    if (e instanceof GitTimeout) return { ok: false, timedOut: true, stderr: "" };
    throw e;
  }
}
async function resolveSshHost(url) {
  const target = sshTarget(url);
  if (!target) return null;
  const out = await new Promise((resolve) => {
    const args = ["-G", ...target.port ? ["-p", String(target.port)] : [], target.host];
    execFile("ssh", args, { timeout: 5e3 }, (err, stdout) => resolve(err ? "" : stdout));
  });
  const host = /^hostname (\S+)$/m.exec(out)?.[1] ?? target.host;
  const port = Number(/^port (\d+)$/m.exec(out)?.[1] ?? target.port ?? 22);
  return { host, port };
}

export {
  gitEnv,
  GIT_SAFE_CONFIG,
  GitTimeout,
  runGit,
  gitCause,
  STALLED,
  REPAIR_CLONE,
  gitFix,
  networkRun,
  userNetworkConfig,
  probeRemote,
  resolveSshHost
};
