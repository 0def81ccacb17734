import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { hook, waitFor } from './support/hooks.ts';
import { getStatus } from '../src/sync/status.ts';
import type { SyncReport } from '../src/sync/engine.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

/** Waits until no background push of this machine runs (its stamp names a process that has exited). */
async function backgroundIdle(m: Machine): Promise<void> {
  const stamp = path.join(m.env.MEMSYNC_HOME!, 'state', 'bg-push.json');
  await waitFor(() => {
    if (!fs.existsSync(stamp)) return true;
    const { pid } = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    if (!(pid > 0)) return true; // a finished push leaves pid 0
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
}

test(
  'memory from before the first session reaches the remote through the hooks alone (SessionStart pushes what its ' +
    'pull left)',
  async () => {
    const remote = bareRemote();
    const m = await new Machine('first', remote).init();
    const proj = m.checkout(ORIGIN);
    m.write(path.join(m.memoryDir(proj), 'old.md'), 'learned before memsync\n');
    const start = await hook(m, 'session-start', { cwd: proj, source: 'startup' });
    assert.equal(start.code, 0);
    await waitFor(() => remoteFiles(remote)[`${MEM}/old.md`] === 'learned before memsync\n', 30_000);
    await backgroundIdle(m);
    // Then Stop has nothing left to do.
    assert.equal(fs.existsSync(path.join(m.env.MEMSYNC_HOME!, 'state', 'unpublished')), false);
  },
);

test(
  'after a pull leaves a local change, nothing says "up to date": status counts it and the next sync publishes ' + 'it',
  async () => {
    const remote = bareRemote();
    const m = await new Machine('puller', remote).init();
    const proj = m.checkout(ORIGIN);
    const mem = m.memoryDir(proj);
    m.write(path.join(mem, 'a.md'), 'a\n');
    await m.sync({ projects: [proj] });
    m.write(path.join(mem, 'a.md'), 'a edited offline\n');
    // Past the scan's 2 s "racy" window, so the pull's scan cache vouches for the file by its stat.
    await new Promise((r) => setTimeout(r, 2100));
    const pulled = await m.sync({ mode: 'pull' });
    assert.deepEqual(pulled.unpublished, [`${MEM}/a.md`]);
    const cliPull = await m.cli(['pull']);
    assert.doesNotMatch(cliPull.stdout, /up to date/);
    assert.match(cliPull.stdout, /1 local change not published yet/);
    const status = await getStatus(m.ctx);
    assert.equal(status.pendingPush, 1);
    assert.equal(status.hasLocalChanges, true);
    const synced = await m.sync();
    assert.deepEqual(synced.published, [`${MEM}/a.md`]);
    assert.equal(remoteFiles(remote)[`${MEM}/a.md`], 'a edited offline\n');
    assert.equal((await getStatus(m.ctx)).hasLocalChanges, false);
  },
);

test('an edit made while the remote was unreachable is published once it is back (next session)', async () => {
  const remote = bareRemote();
  const m = await new Machine('offline', remote).init();
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  m.write(path.join(mem, 'a.md'), 'a\n');
  await m.sync({ projects: [proj] });
  fs.renameSync(remote, `${remote}.away`);
  m.write(path.join(mem, 'a.md'), 'edited on the train\n');
  assert.equal((await hook(m, 'stop', { cwd: proj })).code, 0);
  await backgroundIdle(m);
  assert.equal(
    fs.existsSync(path.join(m.env.MEMSYNC_HOME!, 'state', 'unpublished')),
    true,
    'the failed push is remembered',
  );
  fs.renameSync(`${remote}.away`, remote);
  // The next session starts with a pull (which leaves the edit), then Stop runs after a response.
  await hook(m, 'session-start', { cwd: proj, source: 'startup' });
  await waitFor(() => remoteFiles(remote)[`${MEM}/a.md`] === 'edited on the train\n');
});

/** The lists a dry run and the real run must agree on. */
function lists(r: SyncReport) {
  return {
    taken: [...r.taken].sort(),
    published: [...r.published].sort(),
    merged: [...r.merged].sort(),
    deleted: [...r.deleted].sort(),
    conflicts: r.conflicts.map((c) => c.path).sort(),
    heldSecrets: [...new Set(r.heldSecrets.map((h) => h.path))].sort(),
    pending: { push: [...r.pending.push].sort(), pull: [...r.pending.pull].sort() },
  };
}

test(
  'a dry run lists exactly what the real run then does: secrets held, conflicts, merges, takes, ' + 'deletions',
  async () => {
    const remote = bareRemote();
    const a = await new Machine('laptop', remote).init();
    const b = await new Machine('desktop', remote).init();
    const pa = a.checkout(ORIGIN);
    const pb = b.checkout(ORIGIN);
    const [memA, memB] = [a.memoryDir(pa), b.memoryDir(pb)];
    a.write(path.join(memA, 'clash.md'), 'one\n');
    a.write(path.join(memA, 'merge.md'), '1\n2\n3\n4\n5\n6\n7\n');
    a.write(path.join(memA, 'gone.md'), 'bye\n');
    await a.sync({ projects: [pa] });
    await b.sync({ projects: [pb] });
    b.write(path.join(memB, 'clash.md'), 'desktop\n');
    b.write(path.join(memB, 'merge.md'), '1\n2\n3\n4\n5\n6\nseven\n');
    b.write(path.join(memB, 'new-b.md'), 'from b\n');
    await b.sync();
    a.write(path.join(memA, 'clash.md'), 'laptop\n');
    a.write(path.join(memA, 'merge.md'), 'ONE\n2\n3\n4\n5\n6\n7\n');
    a.write(path.join(memA, 'token.md'), `deploy with ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}\n`);
    a.write(path.join(memA, 'plain.md'), 'plain\n');
    fs.rmSync(path.join(memA, 'gone.md'));
    const dry = await a.sync({ dryRun: true });
    const status = await getStatus(a.ctx);
    const real = await a.sync();
    assert.deepEqual(lists(dry), lists(real));
    assert.deepEqual(lists(real).heldSecrets, [`${MEM}/token.md`]);
    assert.deepEqual(lists(real).conflicts, [`${MEM}/clash.md`]);
    assert.deepEqual(lists(real).merged, [`${MEM}/merge.md`]);
    assert.equal(status.pendingPush, real.pending.push.length);
    assert.equal(status.pendingPull, real.pending.pull.length);
    assert.deepEqual(
      status.conflicts.map((c) => c.path),
      [`${MEM}/clash.md`],
      'status names the conflict the sync then opens',
    );
    assert.equal(status.hasLocalChanges, true);
    assert.deepEqual(
      status.heldSecrets.map((h) => h.path),
      [`${MEM}/token.md`],
    );
    assert.ok(!remoteFiles(remote)[`${MEM}/token.md`]);
  },
);
