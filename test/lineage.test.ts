import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, readTree, remoteFiles, twoMachines } from './support/machines.ts';
import { judgeLineage, RemoteRewrittenError } from '../src/engine/lineage.ts';
import { getStatus } from '../src/sync/status.ts';
import { repoDir } from '../src/machine/context.ts';
import { hook } from './support/hooks.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', dir, ...args], { env: gitTestEnv(dir) })
    .toString()
    .trim();

const pair = () => twoMachines(ORIGIN);

test('lineage: the verdict from the recorded remote, branch and tip (pure)', () => {
  const cur = { remoteUrl: 'R', branch: 'main' };
  const rec = { remoteUrl: 'R', branch: 'main', tip: 'a'.repeat(40) };
  assert.equal(judgeLineage(null, cur, 'x', 'no').kind, 'same', 'a first sync has nothing to compare');
  assert.equal(judgeLineage(rec, cur, rec.tip, 'no').kind, 'same');
  assert.equal(judgeLineage(rec, cur, 'b'.repeat(40), 'yes').kind, 'same');
  assert.equal(judgeLineage({ ...rec, remoteUrl: 'OTHER' }, cur, rec.tip, 'yes').kind, 'new');
  assert.equal(judgeLineage({ ...rec, branch: 'old' }, cur, rec.tip, 'yes').kind, 'new');
  assert.match((judgeLineage(rec, cur, null, 'no') as { how: string }).how, /is gone/);
  assert.match((judgeLineage(rec, cur, 'b'.repeat(40), 'ancestor') as { how: string }).how, /reset back/);
  assert.match((judgeLineage(rec, cur, 'b'.repeat(40), 'no') as { how: string }).how, /was replaced/);
});

test("the README's onboarding: embedded default, then a new empty remote: all published, nothing deleted", async () => {
  const newRemote = bareRemote();
  const m = new Machine('fresh', newRemote);
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  m.write(path.join(mem, 'MEMORY.md'), '- [Build](build.md)\n');
  m.write(path.join(mem, 'build.md'), 'run make\n');
  const first = await m.cli(['sync', '--project', proj]);
  assert.equal(first.code, 0, first.stderr);
  const embedded = path.join(m.env.MEMSYNC_HOME!, 'remote.git');
  const oldTip = git(embedded, 'rev-parse', 'main');
  assert.equal((await m.cli(['configure', '--remote', newRemote])).code, 0);
  const second = await m.cli(['sync']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /2 published/);
  assert.match(second.stdout, /0 deleted/);
  assert.match(second.stdout, /compared with .* as new: nothing is deleted/);
  assert.deepEqual(readTree(mem), { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'run make\n' });
  assert.equal(remoteFiles(newRemote)[`${MEM}/build.md`], 'run make\n');
  // The embedded remote's history stays reachable in memsync's repository.
  assert.equal(git(repoDir(m.env.MEMSYNC_HOME!), 'rev-parse', `refs/memsync/previous/${oldTip}`), oldTip);
});

test('a lost settings.json (back to the embedded default) deletes nothing on either remote', async () => {
  const { remote, a, pa, memA } = await pair();
  a.write(path.join(memA, 'notes.md'), 'kept\n');
  await a.sync({ projects: [pa] });
  fs.rmSync(path.join(a.env.MEMSYNC_HOME!, 'settings.json'));
  const r = await a.cli(['sync']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 deleted/);
  assert.equal(fs.readFileSync(path.join(memA, 'notes.md'), 'utf8'), 'kept\n');
  assert.equal(remoteFiles(remote)[`${MEM}/notes.md`], 'kept\n');
  assert.equal(remoteFiles(path.join(a.env.MEMSYNC_HOME!, 'remote.git'))[`${MEM}/notes.md`], 'kept\n');
});

/** Two machines in step with three files, the last one published after the first two. */
async function synced() {
  const p = await pair();
  p.a.write(path.join(p.memA, 'x.md'), 'x\n');
  p.a.write(path.join(p.memA, 'y.md'), 'y\n');
  await p.a.sync({ projects: [p.pa] });
  const first = git(p.remote, 'rev-parse', 'main');
  await p.b.sync({ projects: [p.pb] });
  p.a.write(path.join(p.memA, 'z.md'), 'z new\n');
  p.a.write(path.join(p.memA, 'y.md'), 'y edited\n');
  await p.a.sync();
  await p.b.sync();
  assert.equal(fs.readFileSync(path.join(p.memB, 'z.md'), 'utf8'), 'z new\n');
  return { ...p, first, second: git(p.remote, 'rev-parse', 'main') };
}

test('a remote reset back stops the sync with one line; adopting it deletes and overwrites nothing', async () => {
  const { remote, b, memB, first, second } = await synced();
  git(remote, 'update-ref', 'refs/heads/main', first);
  const before = readTree(memB);
  await assert.rejects(
    b.sync(),
    (e: unknown) =>
      e instanceof RemoteRewrittenError && /reset back/.test(e.message) && /--adopt-remote/.test(e.hint ?? ''),
  );
  assert.deepEqual(readTree(memB), before, 'nothing changed live');
  assert.equal(git(remote, 'rev-parse', 'main'), first, 'nothing changed on the remote');
  const status = await getStatus(b.ctx);
  assert.match(status.remoteRewritten?.message ?? '', /reset back/);
  const cli = await b.cli(['sync']);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /was rewritten: its branch main was reset back/);
  assert.match(cli.stderr, /memsync sync --adopt-remote/);
  const doctor = await b.cli(['doctor']);
  assert.match(doctor.stdout, /FAIL remote history: .*reset back[\s\S]*fix: .*--adopt-remote/);
  const adopted = await b.sync({ adoptRemote: true });
  assert.deepEqual(adopted.deleted, []);
  const after = readTree(memB);
  const copies = Object.keys(after).filter((n) => n.includes('.conflict-'));
  // y: edited here, the old version there, no base between them: both are kept, as a conflict.
  assert.deepEqual(
    copies.map((n) => after[n]),
    ['y\n'],
  );
  for (const n of copies) delete after[n];
  assert.deepEqual(after, before, 'newer content stays');
  assert.deepEqual(
    adopted.conflicts.map((c) => c.path),
    [`${MEM}/y.md`],
  );
  assert.equal(remoteFiles(remote)[`${MEM}/z.md`], 'z new\n');
  // The tip the remote lost stays reachable for log and restore.
  assert.equal(git(repoDir(b.env.MEMSYNC_HOME!), 'rev-parse', `refs/memsync/previous/${second}`), second);
  assert.equal((await b.cli(['restore', `${MEM}/z.md`, '--at', second, '--no-sync'])).code, 0);
  const log = await b.cli(['log']);
  assert.match(log.stdout, new RegExp(`history the remote no longer holds .* up to ${second.slice(0, 12)}`));
});

test('a branch deleted, or an unrelated history force-pushed, stops the sync too', async () => {
  const { remote, b, memB } = await synced();
  const before = readTree(memB);
  const tip = git(remote, 'rev-parse', 'main');
  git(remote, 'update-ref', '-d', 'refs/heads/main');
  await assert.rejects(b.sync(), (e: unknown) => e instanceof RemoteRewrittenError && /is gone/.test(e.message));
  const empty = execFileSync('git', ['--git-dir', remote, 'mktree'], { input: '', env: gitTestEnv(remote) })
    .toString()
    .trim();
  const orphan = git(remote, 'commit-tree', empty, '-m', 'someone else');
  git(remote, 'update-ref', 'refs/heads/main', orphan);
  await assert.rejects(b.sync(), (e: unknown) => e instanceof RemoteRewrittenError && /was replaced/.test(e.message));
  assert.deepEqual(readTree(memB), before);
  const adopted = await b.sync({ adoptRemote: true });
  assert.deepEqual(adopted.deleted, []);
  assert.equal(remoteFiles(remote)[`${MEM}/z.md`], 'z new\n');
  assert.notEqual(tip, orphan);
});

test('SessionStart on a rewritten remote names the command that continues, with the name the user runs', async () => {
  const { remote, b, pb, memB, first } = await synced();
  git(remote, 'update-ref', 'refs/heads/main', first);
  const before = readTree(memB);
  const r = await hook(b, 'session-start', { cwd: pb, source: 'startup' });
  assert.equal(r.code, 0, r.stderr);
  const msg: string = JSON.parse(r.stdout).systemMessage;
  assert.match(msg, /^memsync: could not pull memory: the remote .* was rewritten: its branch main was reset back/);
  assert.equal(msg.split('\n').length, 1);
  // The hook runs without memsync on PATH: the command is the plugin's own copy through node.
  assert.match(msg, /node "[^"]+" sync --adopt-remote/);
  assert.deepEqual(readTree(memB), before);
});

test('a push on the last known tip, after a reset back, stops: it does not undo the reset', async () => {
  const { remote, a, b, pb, memA, memB, first } = await synced();
  git(remote, 'update-ref', 'refs/heads/main', first);
  // The push tries on the tip b last synced with, unfetched: a fast-forward from the reset branch.
  b.write(path.join(memB, 'x.md'), 'x edited\n');
  const push = await b.cli(['push']);
  assert.equal(push.code, 1, push.stdout);
  assert.match(push.stderr, /was rewritten: its branch main was reset back/);
  assert.equal(git(remote, 'rev-parse', 'main'), first, 'the reset stands');
  a.write(path.join(memA, 'x.md'), 'x edited on a\n');
  const stop = await hook(a, 'stop', { cwd: pb });
  assert.equal(stop.code, 0, stop.stderr);
  assert.equal(git(remote, 'rev-parse', 'main'), first, 'Stop did not undo it either');
});
