import {
  memoryBranch
} from "./chunk-LPUN2JOU.mjs";
import {
  getStatus
} from "./chunk-QQWRM3IF.mjs";
import "./chunk-YCTCFVAY.mjs";
import {
  recipientsProblem
} from "./chunk-ZNZFTM5Q.mjs";
import {
  enabledPlugin,
  settingsHooks
} from "./chunk-62WDPYP4.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-L2A4KYYN.mjs";
import {
  ADOPT_HINT
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import {
  describeLock,
  withSyncLock
} from "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import {
  sqliteAvailability
} from "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import {
  loadHeader
} from "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import {
  loadIdentity
} from "./chunk-Q54W4AKF.mjs";
import {
  identityFile
} from "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import {
  loadContext
} from "./chunk-IAMV2BUG.mjs";
import {
  REPAIR_CLONE,
  gitCause,
  gitFix,
  probeRemote,
  resolveSshHost
} from "./chunk-2GQMOTW5.mjs";
import {
  gitEnv,
  runGit
} from "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import {
  isCommentKey,
  loadSettings,
  settingsPath
} from "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  claudeConfigDir,
  memsyncHome,
  repoDir
} from "./chunk-YKBZQG47.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/cli/doctor.ts
import fs from "node:fs";
var Warning = class extends Error {
  constructor(message, fix) {
    super(message);
    this.fix = fix;
  }
  fix;
};
var LOOPS = /\bmemsync doctor\b/;
async function runDoctor(env) {
  const home = memsyncHome(env);
  const checks = [];
  const check = async (name, fix, fn) => {
    try {
      checks.push({ name, ok: true, detail: await fn() });
    } catch (e) {
      const detail = e.message.split("\n")[0];
      if (e instanceof Warning) checks.push({ name, ok: false, warning: true, detail, fix: e.fix });
      else {
        const hint = e instanceof MemsyncError && e.hint && !LOOPS.test(e.hint) ? e.hint : void 0;
        checks.push({ name, ok: false, detail, fix: hint || fix });
      }
    }
  };
  await check("git", "install git 2.20 or later and put it on PATH", async () => {
    const v = (await runGit(["--version"], { env: gitEnv("doctor") })).stdout.toString().trim();
    const [maj = 0, min = 0] = (v.match(/(\d+)\.(\d+)/) ?? []).slice(1).map(Number);
    if (maj < 2 || maj === 2 && min < 20) throw new Error(`${v} is too old`);
    return v;
  });
  let settings = null;
  await check(
    "settings",
    `fix ${settingsPath(home)} as the message says (settings.example.json documents every key)`,
    async () => {
      settings = await loadSettings(home, env);
      if (!settings) throw new Error(`no settings at ${settingsPath(home)}: memsync is not set up`);
      return settingsDetail(home, settings);
    }
  );
  if (!checks.at(-1).ok && !fs.existsSync(settingsPath(home)))
    checks.at(-1).fix = "run memsync init (or memsync sync, which sets up the embedded default)";
  await check("memsync home", `make ${home} writable by this user`, async () => {
    fs.mkdirSync(home, { recursive: true });
    fs.accessSync(home, fs.constants.W_OK);
    return `${home} is writable`;
  });
  await check("claude config", "start Claude Code once, or set CLAUDE_CONFIG_DIR to its folder", async () => {
    const dir = claudeConfigDir(env);
    if (!fs.existsSync(dir)) throw new Error(`${dir} does not exist`);
    return dir;
  });
  await check(
    "hooks",
    "keep the plugin and run memsync hooks uninstall (or disable the plugin)",
    async () => hooksDetail(claudeConfigDir(env))
  );
  if (settings) await setUpChecks(env, home, settings, checks, check);
  return checks;
}
async function setUpChecks(env, home, s, checks, check) {
  checks.push(await remoteCheck(home, s));
  if (s.sources.claudeMem.enabled) {
    const db = sqliteAvailability();
    const fix = "missing" in db ? db.hint : "";
    await check("claude-mem sqlite", fix, async () => {
      if ("missing" in db) throw new Error(db.missing);
      return `claude-mem's database opens with ${db.name}`;
    });
  }
  if (s.encryption === "age") {
    await check(
      "encryption",
      `chmod 600 ${identityFile(home)} if others can read it; if it is missing, memsync keys import FILE (the shared key) or memsync keys init and keys add on a machine that syncs`,
      async () => {
        const id = await loadIdentity(home);
        const mode = fs.statSync(id.file).mode & 511;
        if (mode & 63) throw new Error(`${id.file} can be read by other users (mode ${mode.toString(8)})`);
        return `age identity ${id.file}, public key ${id.publicKey}`;
      }
    );
  }
  await check("repository", REPAIR_CLONE, async () => cloneDetail(home, s.hostname));
  const repository = checks.pop();
  const cloneOk = repository.ok;
  if (cloneOk && checks.find((c) => c.name === "remote")?.ok) {
    await check("remote history", ADOPT_HINT, async () => {
      const status = await getStatus(await loadContext(env));
      if (status.remoteRewritten) throw new Error(status.remoteRewritten.message);
      const fresh = status.notes.find((n) => n.includes("compared with") && n.includes("as new"));
      return fresh ?? "the remote's history holds the tip this machine last synced with";
    });
  }
  if (cloneOk && s.encryption === "age")
    await check("recipients", "memsync keys list shows who the remote lists", async () => {
      const problem = await recipientsProblem(await loadContext(env));
      if (problem) throw new Error(problem);
      return "the remote lists the recipients this machine agreed to (memsync keys list)";
    });
  await check("lock", "see the line above", async () => describeLock(home));
  checks.push(repository);
}
function settingsDetail(home, s) {
  const file = settingsPath(home);
  const text = fs.readFileSync(file, "utf8");
  const keys = text.trim() === "" ? null : Object.keys(JSON.parse(text)).filter((k) => !isCommentKey(k));
  if (keys === null || keys.length === 0) {
    throw new Warning(
      `${file} is ${keys === null ? "empty" : "an object with no settings"}: every key takes its default, so this machine syncs with ${s.remote}`,
      "write the settings you mean into it (settings.example.json documents every key), or remove it and run memsync init --remote URL"
    );
  }
  return `${file} is valid`;
}
async function cloneDetail(home, host) {
  if (!fs.existsSync(repoDir(home))) return "not created yet (the first sync creates it)";
  const r = await runGit(["--git-dir", repoDir(home), "fsck", "--connectivity-only", "--no-progress"], {
    env: gitEnv(host),
    timeoutMs: 6e4,
    okCodes: [1, 2, 128]
  });
  const errors = r.stderr.split("\n").filter((l) => /^(error|fatal|broken|missing)\b/i.test(l.trim()));
  if (r.code !== 0 || errors.length > 0) {
    const cause = gitCause(errors.join("\n") || r.stderr);
    throw new MemsyncError(`memsync's own clone ${repoDir(home)} is damaged: ${cause}`);
  }
  const state = await loadHeader(home);
  return `healthy; last sync ${state.lastSyncTime ?? "never"}; ${Object.keys(state.conflicts).length} open conflicts`;
}
async function repairClone(home, host) {
  const dir = repoDir(home);
  if (!fs.existsSync(dir)) return null;
  try {
    await cloneDetail(home, host);
    return null;
  } catch {
    const aside = `${dir}.damaged-${(/* @__PURE__ */ new Date()).toISOString().replace(/[:.]/g, "-")}`;
    const done = await withSyncLock(home, 0, async () => fs.renameSync(dir, aside));
    if (done === "busy")
      throw new MemsyncError("a sync is running", "failure", "run memsync doctor --fix when it is done");
    return aside;
  }
}
function formatChecks(checks) {
  return checks.map((c) => {
    const mark = c.ok ? "ok  " : c.warning ? "warn" : "FAIL";
    return `${mark} ${c.name}: ${c.detail}${c.ok || !c.fix ? "" : `
     fix: ${c.fix}`}`;
  }).join("\n");
}
function checksPassed(checks) {
  return checks.every((c) => c.ok || c.warning);
}
function hooksDetail(configDir) {
  const plugin = enabledPlugin(configDir);
  const settings = settingsHooks(configDir);
  const file = `${configDir}/settings.json`;
  if (plugin && settings)
    throw new Error(
      `installed twice: the plugin ${plugin} and hooks in ${file}; the plugin's run, the others stand aside`
    );
  if (plugin) return `from the plugin ${plugin}`;
  if (settings) return `in ${file} (memsync hooks install)`;
  throw new Warning(
    "none installed: nothing syncs on its own, only when you run memsync sync",
    "install the plugin (claude plugin install memsync@memsync), or run memsync hooks install"
  );
}
async function remoteCheck(home, s) {
  const { remote, branch, hostname: host } = s;
  const timeoutMs = s.pullTimeoutMs * 2;
  const p = await probeRemote(remote, host, timeoutMs, true);
  if (p.ok && p.heads.has(branch))
    return { name: "remote", ok: true, detail: `${remote} answers; branch ${branch} exists` };
  if (p.ok) {
    const found = await memoryBranch(remote, [...p.heads.keys()], { branch, home, host, timeoutMs }).catch(() => null);
    if (!found) {
      return {
        name: "remote",
        ok: true,
        detail: `${remote} answers; branch ${branch} will be created by the first push`
      };
    }
    const detail = `${remote} holds memsync's memory on branch ${found}, not on ${branch} (the branch setting)`;
    return { name: "remote", ok: false, detail, fix: `set "branch": "${found}" in ${settingsPath(home)}` };
  }
  const generic = `check the URL (memsync configure --remote URL), the network and your credentials for ${remote}`;
  if (p.timedOut)
    return {
      name: "remote",
      ok: false,
      detail: `${remote} did not answer within ${timeoutMs} ms (twice pullTimeoutMs)`,
      fix: generic
    };
  const fix = gitFix(p.stderr, remote, await resolveSshHost(remote)) ?? generic;
  return { name: "remote", ok: false, detail: gitCause(p.stderr), fix };
}
export {
  checksPassed,
  formatChecks,
  repairClone,
  runDoctor
};
