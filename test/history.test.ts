import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, remoteFiles, tempDir } from './support/machines.ts';

const MEM = 'projects/github.com/acme/widget/memory';

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout('git@github.com:acme/widget.git');
  const projB = b.checkout('https://github.com/acme/widget');
  return { remote, a, b, projA, projB, memA: a.memoryDir(projA), memB: b.memoryDir(projB) };
}

interface Entry {
  commit: string;
  time: string;
  host: string;
  paths: { status: string; path: string }[];
}

async function log(m: Machine, ...extra: string[]): Promise<Entry[]> {
  const r = await m.cli(['log', '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).entries;
}

test('log shows hosts and paths, newest first, for a repository path, a folder or a live file', async () => {
  const { a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'one\n');
  a.write(path.join(memA, 'y.md'), 'y\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  b.write(path.join(memB, 'x.md'), 'two\n');
  await b.sync();
  const all = await log(a);
  assert.equal(all.length, 2);
  assert.equal(all[0]!.host, 'desktop');
  assert.deepEqual(all[0]!.paths, [{ status: 'M', path: `${MEM}/x.md` }]);
  assert.equal(all[1]!.host, 'laptop');
  assert.deepEqual(all[1]!.paths.map((p) => p.path).sort(), [`${MEM}/x.md`, `${MEM}/y.md`]);
  assert.ok(!Number.isNaN(Date.parse(all[0]!.time)));
  assert.deepEqual(
    (await log(a, `${MEM}/y.md`)).map((e) => e.host),
    ['laptop'],
  );
  assert.equal((await log(a, 'projects/github.com/acme')).length, 2);
  // A live file on this machine maps to its repository path.
  const live = await log(b, path.join(memB, 'x.md'));
  assert.deepEqual(
    live.map((e) => e.host),
    ['desktop', 'laptop'],
  );
  assert.deepEqual(
    live[0]!.paths.map((p) => p.path),
    [`${MEM}/x.md`],
  );
  assert.equal((await log(a, '--limit', '1')).length, 1);
  const human = await a.cli(['log']);
  assert.match(human.stdout, /desktop/);
  assert.match(human.stdout, new RegExp(`M ${MEM}/x.md`));
});

test('log falls back to the last fetched history when the remote is unreachable', async () => {
  const { remote, a, projA, memA } = await pair();
  a.write(path.join(memA, 'x.md'), 'one\n');
  await a.sync({ projects: [projA] });
  fs.renameSync(remote, `${remote}-gone`);
  const r = await a.cli(['log', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.offline, true);
  assert.equal(out.entries.length, 1);
});

test('restore brings back a file deleted on another machine, and the sync publishes it', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'gone.md'), 'keep me\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  const [created] = await log(a);
  fs.rmSync(path.join(memA, 'gone.md'));
  await a.sync();
  assert.equal(remoteFiles(remote)[`${MEM}/gone.md`], undefined);
  // desktop has not synced since the deletion: its restore still brings the file back.
  const r = await b.cli(['restore', `${MEM}/gone.md`, '--at', created!.commit.slice(0, 10), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.restored.map((x: { path: string }) => x.path),
    [`${MEM}/gone.md`],
  );
  assert.deepEqual(out.sync.published, [`${MEM}/gone.md`]);
  assert.equal(fs.readFileSync(path.join(memB, 'gone.md'), 'utf8'), 'keep me\n');
  assert.equal(remoteFiles(remote)[`${MEM}/gone.md`], 'keep me\n');
  await a.sync();
  assert.equal(fs.readFileSync(path.join(memA, 'gone.md'), 'utf8'), 'keep me\n');
  assert.equal((await log(a, `${MEM}/gone.md`))[0]!.host, 'desktop');
});

test('restore --at a date takes the newest commit at or before it', async () => {
  const { remote, a, projA, memA } = await pair();
  const file = path.join(memA, 'x.md');
  a.write(file, 'v1\n');
  await a.sync({ projects: [projA] });
  const [first] = await log(a);
  await new Promise((r) => setTimeout(r, 1100));
  a.write(file, 'v2\n');
  await a.sync();
  const r = await a.cli(['restore', file, '--at', first!.time]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /restored/);
  assert.equal(fs.readFileSync(file, 'utf8'), 'v1\n');
  assert.equal(remoteFiles(remote)[`${MEM}/x.md`], 'v1\n');
  // A date before any history is refused.
  const early = await a.cli(['restore', file, '--at', '2001-01-01']);
  assert.equal(early.code, 2);
});

/** Pushes a change to `rel` from a machine whose clock says `seconds` (since the epoch). */
function pushWithClock(remote: string, rel: string, content: string, seconds: number): void {
  const dir = tempDir('memsync-offclock-');
  const stamp = `@${seconds} +0000`;
  const env = { ...gitTestEnv(dir), GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp, GIT_AUTHOR_NAME: 'offclock' };
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env });
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, dir], { env });
  fs.writeFileSync(path.join(dir, rel), content);
  git('commit', '--quiet', '-am', 'from a machine whose clock is a day behind');
  git('push', '--quiet', 'origin', 'HEAD');
}

test('restore --at a date follows the order commits reached the branch, not an off clock', async () => {
  const { remote, a, projA, memA } = await pair();
  const file = path.join(memA, 'x.md');
  a.write(file, 'v1\n');
  await a.sync({ projects: [projA] });
  await new Promise((r) => setTimeout(r, 1100));
  a.write(file, 'v2\n');
  await a.sync();
  const [second, first] = await log(a);
  // Then a machine whose clock is a day behind pushes v3: its commit says it came first.
  pushWithClock(remote, `${MEM}/x.md`, 'v3\n', Date.parse(first!.time) / 1000 - 86_400);
  await a.sync();
  assert.equal(fs.readFileSync(file, 'utf8'), 'v3\n');
  const [third] = await log(a);
  const r = await a.cli(['restore', file, '--at', second!.time, '--no-sync']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`as of ${second!.commit.slice(0, 12)}`));
  assert.match(r.stdout, new RegExp(`passed over ${third!.commit.slice(0, 12)}: .*clock was off`));
  assert.equal(fs.readFileSync(file, 'utf8'), 'v2\n');
  const restoreJson = async (...args: string[]) =>
    JSON.parse((await a.cli(['restore', file, '--json', ...args])).stdout);
  assert.equal((await restoreJson('--at', first!.time, '--no-sync', '--force')).commit, first!.commit);
  assert.equal(fs.readFileSync(file, 'utf8'), 'v1\n');
  // A date not before now: the branch as it is, the late commit included.
  const later = new Date(Date.now() + 60_000).toISOString();
  assert.equal((await restoreJson('--at', later, '--no-sync', '--force')).commit, third!.commit);
  assert.equal(fs.readFileSync(file, 'utf8'), 'v3\n');
});

test('restore of a path that did not exist then exits 2 and changes nothing', async () => {
  const { a, projA, memA } = await pair();
  a.write(path.join(memA, 'old.md'), 'old\n');
  await a.sync({ projects: [projA] });
  const [first] = await log(a);
  a.write(path.join(memA, 'new.md'), 'new\n');
  await a.sync();
  const r = await a.cli(['restore', path.join(memA, 'new.md'), '--at', first!.commit]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /did not exist as of/);
  assert.equal(fs.readFileSync(path.join(memA, 'new.md'), 'utf8'), 'new\n');
  const bad = await a.cli(['restore', path.join(memA, 'old.md'), '--at', 'yesterday']);
  assert.equal(bad.code, 2);
});

test('restore --all brings every file back as it was, and deletes nothing newer', async () => {
  const { remote, a, projA, memA } = await pair();
  a.write(path.join(memA, 'x.md'), 'x1\n');
  a.write(path.join(memA, 'y.md'), 'y1\n');
  await a.sync({ projects: [projA] });
  const [first] = await log(a);
  a.write(path.join(memA, 'x.md'), 'x2\n');
  fs.rmSync(path.join(memA, 'y.md'));
  a.write(path.join(memA, 'z.md'), 'z\n');
  await a.sync();
  const r = await a.cli(['restore', '--all', '--at', first!.commit, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    JSON.parse(r.stdout)
      .restored.map((x: { path: string }) => x.path)
      .sort(),
    [`${MEM}/x.md`, `${MEM}/y.md`],
  );
  assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), 'x1\n');
  assert.equal(fs.readFileSync(path.join(memA, 'y.md'), 'utf8'), 'y1\n');
  assert.equal(fs.readFileSync(path.join(memA, 'z.md'), 'utf8'), 'z\n');
  const files = remoteFiles(remote);
  assert.equal(files[`${MEM}/x.md`], 'x1\n');
  assert.equal(files[`${MEM}/y.md`], 'y1\n');
  assert.equal(files[`${MEM}/z.md`], 'z\n');
});
