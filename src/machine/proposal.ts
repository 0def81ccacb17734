import type { LocalRepo } from '../store/repo.ts';
import { LAYOUT_FILE } from './layout.ts';

/** Where a contributor's proposal lives: its own branch, never the shared one. */
export function proposalBranch(host: string): string {
  // A host name may hold characters a ref cannot (spaces, `..`, `~`, `:`): keep it readable and valid.
  const name = host
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.]+$/g, '')
    .replace(/\.lock$/i, '-lock');
  return `memsync/${name || 'host'}`;
}

/** The local ref recording the last proposal this machine pushed (so an unchanged one is not pushed again). */
const LAST_PROPOSAL = 'refs/memsync/proposal';

export interface ProposalResult {
  branch: string;
  /** pushed: the branch now holds this proposal; unchanged: it already did; blocked: left alone (see note). */
  status: 'pushed' | 'unchanged' | 'blocked';
  commit: string | null;
  note?: string;
}

/**
 * Puts a contributor's changes on its own branch as one commit on top of the shared tip. The
 * branch is replaced each time (the proposal follows the shared branch), but only when what is
 * there was pushed by this machine: a reviewer's commit on it is never overwritten.
 */
export async function pushProposal(
  repo: LocalRepo,
  sharedTip: string | null,
  tree: string,
  message: string,
  timeoutMs: number,
): Promise<ProposalResult> {
  const branch = proposalBranch(repo.host);
  const last = await repo.readRef(LAST_PROPOSAL);
  if (last) {
    const info = await repo.commitInfo(last);
    if (info.tree === tree && info.parent === sharedTip) return { branch, status: 'unchanged', commit: last };
  }
  const onRemote = (await repo.remoteBranches(branch, timeoutMs)).get(branch) ?? null;
  if (onRemote !== null && onRemote !== last && !(await onlyOurs(repo, sharedTip, onRemote, branch, timeoutMs))) {
    return {
      branch,
      status: 'blocked',
      commit: null,
      note:
        `${branch} on the remote has commits this machine did not make (a reviewer's edit?); it was left as it ` +
        'is: merge or delete it, then sync again',
    };
  }
  const commit = await repo.commit(tree, sharedTip, message);
  if ((await repo.setRemoteBranch(branch, commit, onRemote, timeoutMs)) === 'rejected') {
    return {
      branch,
      status: 'blocked',
      commit: null,
      note: `${branch} changed on the remote while this machine pushed to it; sync again`,
    };
  }
  await repo.writeRef(LAST_PROPOSAL, commit);
  return { branch, status: 'pushed', commit };
}

/** True when every commit the branch has beyond the shared tip was made by this machine. */
async function onlyOurs(
  repo: LocalRepo,
  sharedTip: string | null,
  tip: string,
  branch: string,
  timeoutMs: number,
): Promise<boolean> {
  await repo.fetchBranches([branch], timeoutMs);
  const authors = await repo.authorsBetween(sharedTip, tip);
  return authors.every((a) => a === repo.host);
}

/** The paths of the proposal this machine last pushed, if it is still on top of the shared tip. */
export async function outstandingProposal(repo: LocalRepo, sharedTip: string | null): Promise<string[]> {
  const last = await repo.readRef(LAST_PROPOSAL);
  if (!last || !sharedTip || (await repo.commitInfo(last)).parent !== sharedTip) return [];
  const changes = await repo.changesSinceMergeBase(sharedTip, last);
  return [...(changes?.keys() ?? [])].filter((p) => p !== LAYOUT_FILE).sort();
}
