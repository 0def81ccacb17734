import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, readTree, remoteFiles, tempDir } from './support/machines.ts';
import { writeSettings } from '../src/config/settings.ts';
import { propose, pullRequestArgs, sweepBranches } from '../src/sync/fleet.ts';
import { proposalBranch } from '../src/machine/proposal.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const NO_GH = 'memsync-test-no-such-gh';

function git(remote: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', ['--git-dir', remote, ...args], { env: { ...gitTestEnv(remote), ...env } })
    .toString()
    .trim();
}

function branchTip(remote: string, branch: string): string | null {
  try {
    return git(remote, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
  } catch {
    return null;
  }
}

/** A reviewer merges a branch into main with a merge commit, in a clone of their own. */
function reviewerMerges(remote: string, branch: string): void {
  const clone = tempDir('memsync-reviewer-');
  const env = gitTestEnv(clone);
  const run = (args: string[]) => execFileSync('git', ['-C', clone, ...args], { env });
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
  run(['merge', '--quiet', '--no-ff', '-m', `merge ${branch}`, `origin/${branch}`]);
  run(['push', '--quiet', 'origin', 'HEAD:main']);
}

async function peerAndContributor() {
  const remote = bareRemote();
  const peer = await new Machine('desk', remote).init();
  const contrib = await new Machine('ci-box', remote).init();
  await writeSettings(contrib.env.MEMSYNC_HOME!, { role: 'contributor' });
  await contrib.init();
  const projP = peer.checkout(ORIGIN);
  const projC = contrib.checkout(ORIGIN);
  return { remote, peer, contrib, projP, projC, memP: peer.memoryDir(projP), memC: contrib.memoryDir(projC) };
}

test(
  'a contributor takes the shared branch but proposes its own changes on memsync/<host> until a reviewer merges ' +
    'them',
  async () => {
    const { remote, peer, contrib, projP, projC, memP, memC } = await peerAndContributor();
    peer.write(path.join(memP, 'build.md'), 'run make\n');
    peer.write(path.join(memP, 'style.md'), 'tabs\n');
    await peer.sync({ projects: [projP] });

    const first = await contrib.sync({ projects: [projC] });
    assert.deepEqual(first.taken.sort(), [`${MEM}/build.md`, `${MEM}/style.md`]);
    contrib.write(path.join(memC, 'build.md'), 'run make -j4\n');
    contrib.write(path.join(memC, 'ci.md'), 'ci uses node 20\n');
    fs.rmSync(path.join(memC, 'style.md'));
    const shared = branchTip(remote, 'main');
    const r = await contrib.sync();
    assert.deepEqual(r.proposed, [`${MEM}/build.md`, `${MEM}/ci.md`, `${MEM}/style.md`]);
    assert.deepEqual([r.published, r.deletedRemote], [[], []]);
    assert.equal(r.proposal?.status, 'pushed');
    assert.equal(branchTip(remote, 'main'), shared, 'the shared branch is untouched');
    const proposed = remoteFiles(remote, 'memsync/ci-box');
    assert.equal(proposed[`${MEM}/build.md`], 'run make -j4\n');
    assert.equal(proposed[`${MEM}/ci.md`], 'ci uses node 20\n');
    assert.equal(proposed[`${MEM}/style.md`], undefined);
    assert.equal(git(remote, ['rev-parse', 'memsync/ci-box^']), shared, 'the proposal sits on the shared tip');

    // Nothing new: the branch is not pushed again, and the local changes stay proposed.
    const tipBefore = branchTip(remote, 'memsync/ci-box');
    const again = await contrib.sync();
    assert.equal(branchTip(remote, 'memsync/ci-box'), tipBefore);
    assert.deepEqual(again.taken, []);
    assert.equal(fs.readFileSync(path.join(memC, 'build.md'), 'utf8'), 'run make -j4\n');

    // The peer does not see proposals; its own new change reaches the contributor, whose proposal follows the new tip.
    await peer.sync();
    assert.equal(fs.readFileSync(path.join(memP, 'build.md'), 'utf8'), 'run make\n');
    peer.write(path.join(memP, 'deploy.md'), 'deploy on fridays\n');
    await peer.sync();
    const follow = await contrib.sync();
    assert.deepEqual(follow.taken, [`${MEM}/deploy.md`]);
    assert.equal(follow.proposal?.status, 'pushed');
    assert.equal(git(remote, ['rev-parse', 'memsync/ci-box^']), branchTip(remote, 'main'));
    assert.equal(remoteFiles(remote, 'memsync/ci-box')[`${MEM}/deploy.md`], 'deploy on fridays\n');

    // propose without gh: the branch is current and the steps to open the pull request are printed.
    const p = await propose(contrib.ctx, undefined, NO_GH);
    assert.deepEqual(p.paths, [`${MEM}/build.md`, `${MEM}/ci.md`, `${MEM}/style.md`]);
    assert.equal(p.opened?.by, 'hand');
    assert.match(JSON.stringify(p.opened), /memsync\/ci-box/);

    reviewerMerges(remote, 'memsync/ci-box');
    const merged = await contrib.sync();
    assert.deepEqual([merged.taken, merged.proposed], [[], []]);
    const none = await propose(contrib.ctx, undefined, NO_GH);
    assert.deepEqual(none.paths, [], 'nothing to propose once the shared branch has it');
    await peer.sync();
    assert.deepEqual(readTree(memP), readTree(memC));
    assert.equal(fs.existsSync(path.join(memP, 'style.md')), false, 'the reviewed deletion reached the peer');
  },
);

test('a contributor and a peer editing the same file: the contributor merges and proposes the merge', async () => {
  const { remote, peer, contrib, projP, projC, memP, memC } = await peerAndContributor();
  peer.write(path.join(memP, 'notes.md'), 'one\ntwo\nthree\nfour\n');
  await peer.sync({ projects: [projP] });
  await contrib.sync({ projects: [projC] });
  contrib.write(path.join(memC, 'notes.md'), 'ONE\ntwo\nthree\nfour\n');
  await contrib.sync();
  peer.write(path.join(memP, 'notes.md'), 'one\ntwo\nthree\nFOUR\n');
  await peer.sync();
  const r = await contrib.sync();
  assert.deepEqual(r.merged, [`${MEM}/notes.md`]);
  assert.equal(fs.readFileSync(path.join(memC, 'notes.md'), 'utf8'), 'ONE\ntwo\nthree\nFOUR\n');
  assert.equal(remoteFiles(remote, 'memsync/ci-box')[`${MEM}/notes.md`], 'ONE\ntwo\nthree\nFOUR\n');
  assert.equal(remoteFiles(remote)[`${MEM}/notes.md`], 'one\ntwo\nthree\nFOUR\n');
});

test("a reviewer's commit on the contributor's branch is never overwritten", async () => {
  const { remote, contrib, projC, memC } = await peerAndContributor();
  contrib.write(path.join(memC, 'a.md'), 'a\n');
  await contrib.sync({ projects: [projC] });
  // A reviewer pushes a fix-up onto the proposal branch.
  const clone = tempDir('memsync-reviewer-');
  const env = gitTestEnv(clone);
  execFileSync('git', ['clone', '--quiet', '--branch', 'memsync/ci-box', remote, clone], { env });
  fs.writeFileSync(path.join(clone, MEM, 'a.md'), 'a, reviewed\n');
  execFileSync('git', ['-C', clone, 'commit', '--quiet', '-am', 'review'], { env });
  execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'memsync/ci-box'], { env });
  const reviewed = branchTip(remote, 'memsync/ci-box');

  contrib.write(path.join(memC, 'b.md'), 'b\n');
  const r = await contrib.sync();
  assert.equal(r.proposal?.status, 'blocked');
  assert.match(r.notes.join('\n'), /memsync\/ci-box.*did not make/);
  assert.equal(branchTip(remote, 'memsync/ci-box'), reviewed);
  await assert.rejects(propose(contrib.ctx, undefined, NO_GH), /did not make/);
  assert.equal(fs.readFileSync(path.join(memC, 'b.md'), 'utf8'), 'b\n', 'nothing local is lost');
});

test('sweep-branches deletes merged host branches once idle, and never an unmerged one', async () => {
  const { remote, peer, contrib, projP, projC, memC } = await peerAndContributor();
  peer.write(path.join(peer.memoryDir(projP), 'x.md'), 'x\n');
  await peer.sync({ projects: [projP] });
  contrib.write(path.join(memC, 'y.md'), 'y\n');
  await contrib.sync({ projects: [projC] });
  reviewerMerges(remote, 'memsync/ci-box');

  // An old branch nobody merged, and an old one whose change reached main by a squash merge.
  const main = branchTip(remote, 'main')!;
  const old = { GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z', GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z' };
  const blob = (text: string) =>
    execFileSync('git', ['--git-dir', remote, 'hash-object', '-w', '--stdin'], { input: text, env: gitTestEnv(remote) })
      .toString()
      .trim();
  const withFile = (base: string, p: string, sha: string) => {
    const idx = path.join(tempDir('memsync-idx-'), 'index');
    const env = { ...gitTestEnv(remote), GIT_INDEX_FILE: idx };
    execFileSync('git', ['--git-dir', remote, 'read-tree', base], { env });
    execFileSync('git', ['--git-dir', remote, 'update-index', '--add', '--cacheinfo', `100644,${sha},${p}`], { env });
    return execFileSync('git', ['--git-dir', remote, 'write-tree'], { env }).toString().trim();
  };
  const unmergedTree = withFile(main, `${MEM}/unmerged.md`, blob('never merged\n'));
  git(remote, [
    'update-ref',
    'refs/heads/memsync/old-laptop',
    git(remote, ['commit-tree', unmergedTree, '-p', main, '-m', 'old'], old),
  ]);
  const squashTree = withFile(main, `${MEM}/squashed.md`, blob('squashed\n'));
  git(remote, [
    'update-ref',
    'refs/heads/memsync/old-pod',
    git(remote, ['commit-tree', squashTree, '-p', main, '-m', 'pod'], old),
  ]);
  git(remote, [
    'update-ref',
    'refs/heads/main',
    git(remote, ['commit-tree', squashTree, '-p', main, '-m', 'squash merge of memsync/old-pod']),
  ]);

  const fresh = await sweepBranches(peer.ctx, 15, false);
  assert.deepEqual(fresh.deleted, ['memsync/old-pod']);
  assert.deepEqual(
    fresh.kept.map((k) => k.branch),
    ['memsync/ci-box', 'memsync/old-laptop'],
  );
  assert.match(fresh.kept[0]!.reason, /idle/);
  assert.match(fresh.kept[1]!.reason, /not merged/);

  const dry = await sweepBranches(peer.ctx, 0, true);
  assert.deepEqual(dry.deleted, ['memsync/ci-box']);
  assert.notEqual(branchTip(remote, 'memsync/ci-box'), null, 'a dry run deletes nothing');

  const res = await peer.cli(['sweep-branches', '--idle-days', '0', '--json']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(JSON.parse(res.stdout).deleted, ['memsync/ci-box']);
  assert.equal(branchTip(remote, 'memsync/ci-box'), null);
  assert.notEqual(branchTip(remote, 'memsync/old-laptop'), null, 'the unmerged branch stays, however old');
  assert.equal(branchTip(remote, 'memsync/old-pod'), null);

  const bad = await peer.cli(['sweep-branches', '--idle-days', 'soon']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--idle-days soon/);
});

test('propose is for contributors; gh gets the GitHub repository, base and head branch', async () => {
  const remote = bareRemote();
  const peer = await new Machine('desk', remote).init();
  const res = await peer.cli(['propose']);
  assert.equal(res.code, 2);
  assert.match(res.stderr, /role is "peer"/);
  const args = pullRequestArgs('git@github.com:me/agent-memory.git', 'main', proposalBranch('ci box'), 'memory', [
    'projects/a/memory/x.md',
  ]);
  assert.deepEqual(args?.slice(0, 8), [
    'pr',
    'create',
    '--repo',
    'me/agent-memory',
    '--base',
    'main',
    '--head',
    'memsync/ci-box',
  ]);
  assert.match(args![args!.length - 1]!, /projects\/a\/memory\/x\.md/);
  assert.equal(pullRequestArgs('https://gitlab.com/me/mem.git', 'main', 'memsync/x', 't', []), null);
  assert.equal(proposalBranch('../evil..host.lock'), 'memsync/evil.host-lock');
});
