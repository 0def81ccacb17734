import { spawnSync } from 'node:child_process';
import { MemsyncError } from '../errors.ts';
import { normalizeRemoteUrl } from '../sources/identity.ts';
import type { LocalRepo } from '../store/repo.ts';
import { openRepo } from '../crypto/openRepo.ts';
import type { Context } from '../machine/context.ts';
import { runSync } from './engine.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { withEffects } from '../engine/effects/seam.ts';
import type { Recorded } from '../engine/effects/recorder.ts';
import { outstandingProposal, proposalBranch } from '../machine/proposal.ts';

export interface ProposeResult {
  branch: string;
  /** Repository paths the proposal changes; empty: nothing to propose. */
  paths: string[];
  /** How the pull request was opened: by gh (with its output), or the steps to do it by hand. */
  opened: { by: 'gh'; output: string } | { by: 'hand'; steps: string[] } | null;
}

/** Brings the contributor's branch up to date, then opens a pull request into the shared branch. */
export async function propose(ctx: Context, title: string | undefined, ghCommand = 'gh'): Promise<ProposeResult> {
  const { settings, host } = ctx;
  if (settings.role !== 'contributor') {
    throw new MemsyncError(
      `propose is for machines with role "contributor"; this machine's role is "${settings.role}"`,
      'usage',
      settings.role === 'peer'
        ? "a peer's changes go straight to the shared branch: memsync push"
        : 'set role to "contributor" in settings.json to propose changes for review',
    );
  }
  const report = await runSync(ctx, { mode: 'push' });
  const branch = proposalBranch(host);
  if (report.proposal?.status === 'blocked')
    throw new MemsyncError(
      report.proposal.note ?? `${branch} could not be updated`,
      'failure',
      'nothing was lost: your changes stay on this machine',
    );
  // A sync with nothing new does not push again: what is proposed is the last proposal, if the shared branch has not
  // taken it.
  const repo = openRepo(ctx);
  const paths = await outstandingProposal(repo, report.remoteTip ?? (await repo.localTip()));
  if (!paths.length) return { branch, paths, opened: null };
  const pr = pullRequestArgs(settings.remote, settings.branch, branch, title ?? `memsync: memory from ${host}`, paths);
  if (pr && hasCommand(ghCommand)) {
    const r = spawnSync(ghCommand, pr, { encoding: 'utf8', timeout: 60_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    // gh refuses a second pull request for the same branch: the open one already shows the new commit.
    if (r.status === 0 || /already exists/i.test(output)) return { branch, paths, opened: { by: 'gh', output } };
    throw new MemsyncError(
      `gh pr create failed: ${output.split('\n').pop() ?? `exit ${r.status}`}`,
      'failure',
      `the changes are on ${branch}; open the pull request by hand`,
    );
  }
  return { branch, paths, opened: { by: 'hand', steps: handSteps(settings.remote, settings.branch, branch) } };
}

/** `gh pr create` arguments for a GitHub remote, or null when the remote is not on GitHub. */
export function pullRequestArgs(
  remote: string,
  base: string,
  head: string,
  title: string,
  paths: string[],
): string[] | null {
  const id = normalizeRemoteUrl(remote);
  if (!id?.startsWith('github.com/')) return null;
  const body = [
    'Memory changes proposed by memsync for review:',
    '',
    ...paths.slice(0, 100).map((p) => `- \`${p}\``),
    paths.length > 100 ? `- ... and ${paths.length - 100} more` : '',
  ]
    .join('\n')
    .trim();
  return [
    'pr',
    'create',
    '--repo',
    id.slice('github.com/'.length),
    '--base',
    base,
    '--head',
    head,
    '--title',
    title,
    '--body',
    body,
  ];
}

function handSteps(remote: string, base: string, head: string): string[] {
  const id = normalizeRemoteUrl(remote);
  const web = id && /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(id) ? id : null;
  const steps: string[] = [];
  if (web?.startsWith('github.com/')) steps.push(`open https://${web}/compare/${base}...${head}?expand=1`);
  else if (web?.startsWith('gitlab.com/'))
    steps.push(
      `open https://${web}/-/merge_requests/new?merge_request[source_branch]=${head}` +
        `&merge_request[target_branch]=${base}`,
    );
  else {
    steps.push(`open a pull request from ${head} into ${base} on ${remote}, or merge it by hand:`);
    steps.push(`git fetch ${remote} ${head} && git diff ${base}...FETCH_HEAD   (review)`);
    steps.push(`git checkout ${base} && git merge FETCH_HEAD && git push origin ${base}`);
  }
  return steps;
}

function hasCommand(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

export interface SweepResult {
  deleted: string[];
  kept: { branch: string; reason: string }[];
  dryRun: boolean;
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
}

const DAY_MS = 86_400_000;

/**
 * Deletes host branches (`memsync/*`) whose changes the shared branch already holds and whose last
 * commit is older than `idleDays`. An unmerged branch is never deleted, whatever its age.
 */
export async function sweepBranches(
  ctx: Context,
  idleDays: number,
  dryRun: boolean,
  now = new Date(),
): Promise<SweepResult> {
  const { value, recorded } = await withEffects(ctx, dryRun, (fx, repo) => sweepWith(ctx, fx, repo, idleDays, now));
  return recorded ? { ...value, dryRun: true, recorded } : { ...value, dryRun: false };
}

async function sweepWith(
  ctx: Context,
  fx: Effects,
  repo: LocalRepo,
  idleDays: number,
  now: Date,
): Promise<Omit<SweepResult, 'dryRun'>> {
  const timeout = ctx.settings.networkTimeoutMs;
  const shared = await repo.fetch(timeout);
  const heads = await repo.remoteBranches('memsync/*', timeout);
  await repo.fetchBranches([...heads.keys()], timeout);
  const out: Omit<SweepResult, 'dryRun'> = { deleted: [], kept: [] };
  for (const [branch, tip] of [...heads].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!shared || !(await isMerged(repo, tip, shared))) {
      out.kept.push({ branch, reason: 'not merged into the shared branch' });
      continue;
    }
    const idle = (now.getTime() - Date.parse(await repo.commitTime(tip))) / DAY_MS;
    if (idle < idleDays) {
      out.kept.push({
        branch,
        reason: `merged, but its last commit is ${Math.floor(idle)} of ${idleDays} idle days old`,
      });
      continue;
    }
    if ((await fx.deleteBranch(branch, tip)) === 'rejected') {
      out.kept.push({ branch, reason: 'it changed on the remote meanwhile' });
      continue;
    }
    out.deleted.push(branch);
  }
  return out;
}

/** Merged: in the shared history, or (a squash or rebase merge) every change it made is on the shared tip. */
async function isMerged(repo: LocalRepo, tip: string, shared: string): Promise<boolean> {
  if (await repo.isAncestor(tip, shared)) return true;
  const changes = await repo.changesSinceMergeBase(shared, tip);
  if (changes === null) return false;
  const now = await repo.lsTree(shared, [...changes.keys()]);
  return [...changes].every(([p, sha]) => (now.get(p)?.sha ?? null) === sha);
}
