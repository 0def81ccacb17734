import {
  runSync
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import {
  outstandingProposal,
  proposalBranch,
  withEffects
} from "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import {
  normalizeRemoteUrl
} from "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/sync/fleet.ts
import { spawnSync } from "node:child_process";
async function propose(ctx, title, ghCommand = "gh") {
  const { settings, host } = ctx;
  if (settings.role !== "contributor") {
    throw new MemsyncError(
      `propose is for machines with role "contributor"; this machine's role is "${settings.role}"`,
      "usage",
      settings.role === "peer" ? "a peer's changes go straight to the shared branch: memsync push" : 'set role to "contributor" in settings.json to propose changes for review'
    );
  }
  const report = await runSync(ctx, { mode: "push" });
  const branch = proposalBranch(host);
  if (report.proposal?.status === "blocked")
    throw new MemsyncError(
      report.proposal.note ?? `${branch} could not be updated`,
      "failure",
      "nothing was lost: your changes stay on this machine"
    );
  const repo = openRepo(ctx);
  const paths = await outstandingProposal(repo, report.remoteTip ?? await repo.localTip());
  if (!paths.length) return { branch, paths, opened: null };
  const pr = pullRequestArgs(settings.remote, settings.branch, branch, title ?? `memsync: memory from ${host}`, paths);
  if (pr && hasCommand(ghCommand)) {
    const r = spawnSync(ghCommand, pr, { encoding: "utf8", timeout: 6e4 });
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.trim();
    if (r.status === 0 || /already exists/i.test(output)) return { branch, paths, opened: { by: "gh", output } };
    throw new MemsyncError(
      `gh pr create failed: ${output.split("\n").pop() ?? `exit ${r.status}`}`,
      "failure",
      `the changes are on ${branch}; open the pull request by hand`
    );
  }
  return { branch, paths, opened: { by: "hand", steps: handSteps(settings.remote, settings.branch, branch) } };
}
function pullRequestArgs(remote, base, head, title, paths) {
  const id = normalizeRemoteUrl(remote);
  if (!id?.startsWith("github.com/")) return null;
  const body = [
    "Memory changes proposed by memsync for review:",
    "",
    ...paths.slice(0, 100).map((p) => `- \`${p}\``),
    paths.length > 100 ? `- ... and ${paths.length - 100} more` : ""
  ].join("\n").trim();
  return [
    "pr",
    "create",
    "--repo",
    id.slice("github.com/".length),
    "--base",
    base,
    "--head",
    head,
    "--title",
    title,
    "--body",
    body
  ];
}
function handSteps(remote, base, head) {
  const id = normalizeRemoteUrl(remote);
  const web = id && /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(id) ? id : null;
  const steps = [];
  if (web?.startsWith("github.com/")) steps.push(`open https://${web}/compare/${base}...${head}?expand=1`);
  else if (web?.startsWith("gitlab.com/"))
    steps.push(
      `open https://${web}/-/merge_requests/new?merge_request[source_branch]=${head}&merge_request[target_branch]=${base}`
    );
  else {
    steps.push(`open a pull request from ${head} into ${base} on ${remote}, or merge it by hand:`);
    steps.push(`git fetch ${remote} ${head} && git diff ${base}...FETCH_HEAD   (review)`);
    steps.push(`git checkout ${base} && git merge FETCH_HEAD && git push origin ${base}`);
  }
  return steps;
}
function hasCommand(cmd) {
  return spawnSync(cmd, ["--version"], { stdio: "ignore", timeout: 1e4 }).status === 0;
}
var DAY_MS = 864e5;
async function sweepBranches(ctx, idleDays, dryRun, now = /* @__PURE__ */ new Date()) {
  const { value, recorded } = await withEffects(ctx, dryRun, (fx, repo) => sweepWith(ctx, fx, repo, idleDays, now));
  return recorded ? { ...value, dryRun: true, recorded } : { ...value, dryRun: false };
}
async function sweepWith(ctx, fx, repo, idleDays, now) {
  const timeout = ctx.settings.networkTimeoutMs;
  const shared = await repo.fetch(timeout);
  const heads = await repo.remoteBranches("memsync/*", timeout);
  await repo.fetchBranches([...heads.keys()], timeout);
  const out = { deleted: [], kept: [] };
  for (const [branch, tip] of [...heads].sort(([a], [b]) => a < b ? -1 : 1)) {
    if (!shared || !await isMerged(repo, tip, shared)) {
      out.kept.push({ branch, reason: "not merged into the shared branch" });
      continue;
    }
    const idle = (now.getTime() - Date.parse(await repo.commitTime(tip))) / DAY_MS;
    if (idle < idleDays) {
      out.kept.push({
        branch,
        reason: `merged, but its last commit is ${Math.floor(idle)} of ${idleDays} idle days old`
      });
      continue;
    }
    if (await fx.deleteBranch(branch, tip) === "rejected") {
      out.kept.push({ branch, reason: "it changed on the remote meanwhile" });
      continue;
    }
    out.deleted.push(branch);
  }
  return out;
}
async function isMerged(repo, tip, shared) {
  if (await repo.isAncestor(tip, shared)) return true;
  const changes = await repo.changesSinceMergeBase(shared, tip);
  if (changes === null) return false;
  const now = await repo.lsTree(shared, [...changes.keys()]);
  return [...changes].every(([p, sha]) => (now.get(p)?.sha ?? null) === sha);
}
export {
  propose,
  pullRequestArgs,
  sweepBranches
};
