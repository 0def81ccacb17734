import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles, tempDir } from './support/machines.ts';
import { randomBytes } from 'node:crypto';
import { freePort, startGitDaemon, startProxy, type ProxyMode } from './support/network.ts';
import { assertBounded, runTaggedCli } from './support/userMachine.ts';

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

test(
  'a remote that refuses connections ends the sync with a clear error; nothing is lost and a later retry finishes',
  HANG_GUARD,
  async (t) => {
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
  },
);

test(
  'a remote that accepts and never answers ends fetch, then push, within networkTimeoutMs; ' +
    'a retry finishes with nothing lost',
  HANG_GUARD,
  async (t) => {
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
    await assert.rejects(
      a.m.sync({ mode: 'sync', networkTimeoutMs: 1500 }),
      /the remote did not accept the push within 1500 ms/,
    );
    assert.deepEqual(remoteFiles(remoteDir), before);
    assert.equal(
      fs.readFileSync(path.join(a.mem, 'todo.md'), 'utf8'),
      'write the tests\n',
      'the live file is untouched',
    );

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
  },
);

const NET = 4000;

/** 240 KB that does not compress: its pack is far larger than what the relay lets through. */
const bigFile = () =>
  randomBytes(120_000)
    .toString('hex')
    .replace(/(.{64})/g, '$1\n');

test(
  'a push that stalls mid-pack ends within networkTimeoutMs; nothing is left running and the retry publishes',
  HANG_GUARD,
  async (t) => {
    const { remoteDir, daemon } = await served();
    t.after(() => daemon.stop());
    let plan: ProxyMode = 'forward';
    const relay = await startProxy(daemon.port, () => plan);
    t.after(() => relay.stop());
    const a = await machine('pusher', `git://127.0.0.1:${relay.port}/remote.git`);
    a.m.write(path.join(a.mem, 'notes.md'), 'first\n');
    await a.m.sync({ projects: [a.proj] });
    a.m.write(path.join(a.mem, 'big.md'), bigFile());
    const before = remoteFiles(remoteDir);
    plan = { after: 32 * 1024, dir: 'up', then: 'stall' };
    const r = await runTaggedCli(['sync'], { ...a.m.env, MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `memsync sync: the remote did not accept the push within ${NET} ms\n  nothing was lost; run memsync sync again ` +
        'later\n',
    );
    // The push step: from its connection to the exit (the fetch, scan and commit before it are not the push's budget).
    assertBounded(
      { ...r, ms: r.end - relay.accepted.at(-1)! },
      NET,
      a.m.env.MEMSYNC_HOME!,
      'git:// stall mid-push, from the push connection',
    );
    assert.deepEqual(remoteFiles(remoteDir), before);
    plan = 'forward';
    assert.equal((await a.m.cli(['sync'])).code, 0);
    assert.equal(remoteFiles(remoteDir)[`${MEM}/big.md`]?.length, bigFile().length);
  },
);

test("a connection cut mid-fetch fails at once with git's reason; a retry finishes", HANG_GUARD, async (t) => {
  const { daemon } = await served();
  t.after(() => daemon.stop());
  let plan: ProxyMode = 'forward';
  const relay = await startProxy(daemon.port, () => plan);
  t.after(() => relay.stop());
  const a = await machine('source', daemon.url('remote.git'));
  a.m.write(path.join(a.mem, 'big.md'), bigFile());
  await a.m.sync({ projects: [a.proj] });
  const b = await machine('cut', `git://127.0.0.1:${relay.port}/remote.git`);
  plan = { after: 32 * 1024, dir: 'down', then: 'cut' };
  const r = await runTaggedCli(['sync', '--project', b.proj], { ...b.m.env, MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) });
  assert.equal(r.code, 1);
  const [line, hint] = r.stderr.split('\n');
  assert.match(
    line!,
    /^memsync sync: fetching from the remote failed: .*(early EOF|unexpected disconnect|the remote end hung up)/,
  );
  assert.equal(
    hint,
    '  the server was not reached or dropped the connection: check the host and port in the URL (and its Host entry ' +
      'in ~/.ssh/config), the network, VPN or proxy, then run memsync sync again; nothing was lost',
  );
  assertBounded(r, NET, b.m.env.MEMSYNC_HOME!, 'git:// cut mid-fetch');
  plan = 'forward';
  assert.equal((await b.m.cli(['sync', '--project', b.proj])).code, 0);
  assert.equal(fs.readFileSync(path.join(b.mem, 'big.md'), 'utf8').length, bigFile().length);
});
