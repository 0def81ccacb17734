import {
  GitTimeout,
  gitEnv,
  networkRun,
  runGit
} from "./chunk-HKEN53EP.mjs";
import {
  sshTarget
} from "./chunk-ISXOJIVS.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";

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
  gitCause,
  STALLED,
  REPAIR_CLONE,
  gitFix,
  probeRemote,
  resolveSshHost
};
