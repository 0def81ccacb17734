import {
  LAYOUT_FILE,
  NO_KEY_HINT
} from "./chunk-Q54W4AKF.mjs";
import {
  RECIPIENTS_FILE,
  identityFile
} from "./chunk-WHWDL6UE.mjs";
import {
  gitCause,
  gitFix,
  probeRemote,
  resolveSshHost
} from "./chunk-2GQMOTW5.mjs";
import {
  gitEnv,
  networkRun,
  runGit
} from "./chunk-HKEN53EP.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/cli/remoteCheck.ts
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
async function checkNewRemote(url, o) {
  const p = await probeRemote(url, o.host, o.timeoutMs);
  if (!p.ok) {
    const cause = p.timedOut ? `it did not answer within ${o.timeoutMs} ms` : gitCause(p.stderr);
    if (o.force) return { found: "unreachable", next: `not checked (${cause}); the next sync tries it` };
    const fix = p.timedOut ? null : gitFix(p.stderr, url, await resolveSshHost(url));
    const unchecked = `or store it unchecked with memsync ${o.command} --remote URL --force`;
    throw new MemsyncError(`cannot use ${url}: ${cause}`, "failure", fix ? `${fix}; ${unchecked}` : unchecked);
  }
  if (p.heads.size === 0) {
    return { found: "empty", next: "the remote is empty: the next sync publishes this machine's memory to it" };
  }
  const marks = p.heads.has(o.branch) ? await memsyncFiles(url, o) : null;
  if (marks?.layout) {
    const noKey = marks.encrypted && !existsSync(identityFile(o.home));
    const next = noKey ? `a memsync remote encrypted with age (branch ${o.branch}), and this machine has no key for it: the next sync stops until it has one: ${NO_KEY_HINT}` : `a memsync remote (branch ${o.branch}): the next sync treats this machine's memory as new there and merges it with the remote's; files only one side has are kept on both`;
    return { found: "memsync", next };
  }
  const heads = [...p.heads.keys()].slice(0, 5).join(", ");
  const elsewhere = p.heads.has(o.branch) ? null : await memoryBranch(url, [...p.heads.keys()], o);
  if (elsewhere) throw otherBranch(url, elsewhere, o);
  if (o.force) {
    const next = `it holds other content (branches: ${heads}); stored because of --force: the next sync adds memsync's files on branch ${o.branch}`;
    return { found: "other", next };
  }
  const noLayout = p.heads.has(o.branch) ? `; ${o.branch} has no ${LAYOUT_FILE}` : "";
  throw new MemsyncError(
    `${url} is not a memsync remote: it holds other content (branches: ${heads}${noLayout})`,
    "usage",
    `use an empty repository for memory, or memsync ${o.command} --remote URL --force to put memsync's files on its ${o.branch} branch anyway`
  );
}
function checkRemoteFor(home, settings, url, force, command) {
  const { branch, hostname: host, networkTimeoutMs: timeoutMs } = settings;
  return checkNewRemote(url, { branch, home, host, timeoutMs, force, command });
}
async function memoryBranch(url, heads, o) {
  for (const head of heads.slice(0, 5)) if ((await memsyncFiles(url, { ...o, branch: head })).layout) return head;
  return null;
}
function otherBranch(url, found, o) {
  return new MemsyncError(
    `${url} holds memsync's memory on branch ${found}, not on ${o.branch} (the branch setting)`,
    "usage",
    `set "branch": "${found}" in settings.json (on a machine not set up yet: MEMSYNC_BRANCH=${found} memsync init --remote URL), then run memsync ${o.command} --remote URL again`
  );
}
async function memsyncFiles(url, o) {
  const tmp = path.join(o.home, "tmp");
  await fs.mkdir(tmp, { recursive: true });
  const dir = await fs.mkdtemp(path.join(tmp, "probe-"));
  try {
    const env = gitEnv(o.host);
    await runGit(["init", "--bare", "--quiet", "--template=", dir], { env });
    const net = await networkRun(env, o.timeoutMs);
    const spec = `+refs/heads/${o.branch}:refs/probe`;
    const fetch = ["fetch", "--quiet", "--no-tags", "--depth=1", "--filter=blob:none", "--", url, spec];
    const r = await runGit([...net.config, "--git-dir", dir, ...fetch], {
      env: net.env,
      timeoutMs: o.timeoutMs,
      okCodes: [1, 128]
    });
    if (r.code !== 0) {
      const fix = gitFix(r.stderr, url) ?? `check that ${url} is reachable (git ls-remote ${url})`;
      throw new MemsyncError(`cannot read branch ${o.branch} of ${url}: ${gitCause(r.stderr)}`, "failure", fix);
    }
    const ls = ["ls-tree", "-r", "--name-only", "refs/probe", "--", LAYOUT_FILE, RECIPIENTS_FILE];
    const names = (await runGit(["--git-dir", dir, ...ls], { env })).stdout.toString().split("\n");
    return { layout: names.includes(LAYOUT_FILE), encrypted: names.includes(RECIPIENTS_FILE) };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export {
  checkRemoteFor,
  memoryBranch
};
