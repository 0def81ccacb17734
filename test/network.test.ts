import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles, tempDir } from './support/machines.ts';
import { freePort, startGitDaemon, startProxy, type ProxyMode } from './support/network.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
// Generous: a hang fails the test instead of stalling the suite.
const HANG_GUARD = { timeout: 120_000 };

async function served() {
  const base = tempDir('memsync-daemon-');
  const remoteDir = bareRemote(path.join(base, 'remote.git'));
  const daemon = await startGitDaemon(base);
  return { base, remoteDir, daemon };
}

async function machine(name: string, url: string) {
  const m = await new Machine(name, url).init();
  const proj = m.checkout(ORIGIN);
  return { m, proj, mem: m.memoryDir(proj) };
}

test('two machines sync through git daemon on 127.0.0.1 (git:// with push enabled)', HANG_GUARD, async (t) => {
  const { remoteDir, daemon } = await served();
  t.after(() => daemon.stop());
  const url = daemon.url('remote.git');
  const a = await machine('laptop', url);
  const b = await machine('desktop', url);
  a.m.write(path.join(a.mem, 'MEMORY.md'), '- [Build](build.md)\n');
  a.m.write(path.join(a.mem, 'build.md'), 'run make\n');
  const ra = await a.m.sync({ projects: [a.proj] });
  assert.deepEqual(ra.published.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`]);
  assert.equal(remoteFiles(remoteDir)[`${MEM}/build.md`], 'run make\n', 'the push reached the served repository');
  const rb = await b.m.sync({ projects: [b.proj] });
  assert.deepEqual(rb.taken.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`]);
  b.m.write(path.join(b.mem, 'build.md'), 'run make -j8\n');
  await b.m.sync();
  await a.m.sync();
  assert.equal(fs.readFileSync(path.join(a.mem, 'build.md'), 'utf8'), 'run make -j8\n');
});

test('a remote that refuses connections ends the sync with a clear error; nothing is lost and a later retry finishes', HANG_GUARD, async (t) => {
  const { remoteDir, daemon } = await served();
  t.after(() => daemon.stop());
  // Nothing listens on this port: the connection is refused.
  const closed = await freePort();
  const a = await machine('laptop', `git://127.0.0.1:${closed}/remote.git`);
  a.m.write(path.join(a.mem, 'notes.md'), 'kept through the outage\n');
  await assert.rejects(a.m.sync({ projects: [a.proj], networkTimeoutMs: 3000 }), (e: Error & { hint?: string }) => {
    assert.match(e.message, /fetching from the remote failed: .*(refused|unable to connect)/i);
    return true;
  });
  const cli = await a.m.cli(['sync']);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /^memsync sync: fetching from the remote failed: .*(refused|unable to connect)/im);
  assert.equal(fs.readFileSync(path.join(a.mem, 'notes.md'), 'utf8'), 'kept through the outage\n');
  // The remote is back (the user points at the served one): the retry publishes the file.
  const cfg = await a.m.cli(['configure', '--remote', daemon.url('remote.git')]);
  assert.equal(cfg.code, 0, cfg.stderr);
  const retry = await a.m.cli(['sync']);
  assert.equal(retry.code, 0, retry.stderr);
  assert.equal(remoteFiles(remoteDir)[`${MEM}/notes.md`], 'kept through the outage\n');
});

test('a remote that accepts and never answers ends fetch, then push, within networkTimeoutMs; a retry finishes with nothing lost', HANG_GUARD, async (t) => {
  const { remoteDir, daemon } = await served();
  t.after(() => daemon.stop());
  let plan: (n: number) => ProxyMode = () => 'forward';
  const proxy = await startProxy(daemon.port, (n) => plan(n));
  t.after(() => proxy.stop());
  const url = `git://127.0.0.1:${proxy.port}/remote.git`;
  const a = await machine('laptop', url);
  const b = await machine('desktop', url);
  a.m.write(path.join(a.mem, 'notes.md'), 'first\n');
  await a.m.sync({ projects: [a.proj] });
  await b.m.sync({ projects: [b.proj] });
  b.m.write(path.join(b.mem, 'notes.md'), 'first\nfrom the desktop\n');
  a.m.write(path.join(a.mem, 'todo.md'), 'write the tests\n');

  // Every connection stalls: the fetch is cut off at the budget.
  plan = () => 'stall';
  await assert.rejects(a.m.sync({ networkTimeoutMs: 1500 }), /the remote did not answer within 1500 ms/);

  // The fetch goes through, the push stalls: cut off at the budget, nothing committed remotely.
  const before = remoteFiles(remoteDir);
  let n0 = 0;
  plan = () => (++n0 === 1 ? 'forward' : 'stall');
  await assert.rejects(a.m.sync({ mode: 'sync', networkTimeoutMs: 1500 }), /the remote did not accept the push within 1500 ms/);
  assert.deepEqual(remoteFiles(remoteDir), before);
  assert.equal(fs.readFileSync(path.join(a.mem, 'todo.md'), 'utf8'), 'write the tests\n', 'the live file is untouched');

  // Back to normal: both machines finish, and every change of both is everywhere.
  plan = () => 'forward';
  await b.m.sync();
  const retry = await a.m.sync();
  assert.ok(retry.published.includes(`${MEM}/todo.md`));
  await b.m.sync();
  for (const m of [a, b]) {
    assert.equal(fs.readFileSync(path.join(m.mem, 'todo.md'), 'utf8'), 'write the tests\n');
    assert.equal(fs.readFileSync(path.join(m.mem, 'notes.md'), 'utf8'), 'first\nfrom the desktop\n');
  }
  assert.equal(remoteFiles(remoteDir)[`${MEM}/todo.md`], 'write the tests\n');
});
