/**
 * The sync lock tells what it is: a holder that is gone is taken over at once whatever the lock's
 * time says, a live one is waited for, and a lock path that is not a lock is named with the
 * command that clears it. `doctor` reports the lock as it is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { lockPath, SyncBusy, underSyncLock } from '../src/machine/lock.ts';
import { processStart } from '../src/util/alive.ts';
import { runDoctor } from '../src/cli/doctor.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

/** A pid that was used and is gone now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

async function machineWithNote() {
  const m = await new Machine('laptop', bareRemote()).init();
  const proj = m.checkout(ORIGIN);
  m.write(path.join(m.memoryDir(proj), 'note.md'), 'learned\n');
  await m.sync({ projects: [proj] });
  m.write(path.join(m.memoryDir(proj), 'note.md'), 'learned more\n');
  return m;
}

/** A lock folder as a crashed holder leaves it after the clock was stepped back an hour. */
function futureLock(home: string, holder: { pid: number; host: string; since?: string | null } | null): string {
  const dir = `${lockPath(home)}.lock`;
  fs.mkdirSync(dir, { recursive: true });
  if (holder)
    fs.writeFileSync(`${lockPath(home)}.holder`, JSON.stringify({ ...holder, start: new Date().toISOString() }));
  const future = new Date(Date.now() + 3_600_000);
  fs.utimesSync(dir, future, future);
  return dir;
}

const lockCheck = async (m: Machine) => (await runDoctor(m.env)).find((c) => c.name === 'lock')!;

test('a lock in the future left by a process that is gone is reported as such and taken over at once', {
  timeout: 60_000,
}, async () => {
  const m = await machineWithNote();
  const pid = deadPid();
  futureLock(m.ctx.home, { pid, host: os.hostname() });
  const doctor = await lockCheck(m);
  assert.ok(doctor.ok);
  assert.match(
    doctor.detail,
    new RegExp(`left by process ${pid} on ${os.hostname()}.*not running.*the next sync takes it over`),
  );
  const run = await m.cli(['sync']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(remoteFiles(m.remote)[`${MEM}/note.md`], 'learned more\n');
  assert.equal((await lockCheck(m)).detail, 'free');
});

test('a lock in the future with no holder recorded is taken over at once', { timeout: 60_000 }, async () => {
  const m = await machineWithNote();
  futureLock(m.ctx.home, null);
  assert.match((await lockCheck(m)).detail, /time is in the future and no holder is recorded/);
  const run = await m.cli(['sync']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(remoteFiles(m.remote)[`${MEM}/note.md`], 'learned more\n');
});

test('a lock whose holder runs is waited for, not taken; doctor names the holder', { timeout: 60_000 }, async () => {
  const m = await machineWithNote();
  futureLock(m.ctx.home, { pid: process.pid, host: os.hostname(), since: processStart(process.pid) });
  assert.match(
    (await lockCheck(m)).detail,
    new RegExp(`held by process ${process.pid} on ${os.hostname()}, since .*: a sync is running now`),
  );
  await assert.rejects(m.sync({ lockWaitMs: 300 }), /another sync is running/);
  // Every command that waits for the lock (resolve, restore, keys, import...) fails the same way.
  let ran = false;
  const busy = underSyncLock(m.ctx.home, 200, async () => {
    ran = true;
  });
  await assert.rejects(
    busy,
    (e) => e instanceof SyncBusy && e.kind === 'busy' && /did not finish in time/.test(e.message),
  );
  assert.equal(ran, false);
  assert.notEqual(remoteFiles(m.remote)[`${MEM}/note.md`], 'learned more\n', 'nothing published under a live lock');
});

test('a lock path that is a file (or a locks folder that is one) is named with the command that clears it, at once', {
  timeout: 60_000,
}, async () => {
  const m = await machineWithNote();
  const lockDir = `${lockPath(m.ctx.home)}.lock`;
  fs.writeFileSync(lockDir, 'not a lock\n');
  const run = await m.cli(['sync']);
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `memsync sync: the sync lock path ${lockDir} is a file, not a lock (memsync makes a folder there)\n` +
      `  if no memsync runs, remove it: rm ${lockDir}\n`,
  );
  const doctor = await lockCheck(m);
  assert.equal(doctor.ok, false);
  assert.equal(doctor.fix, `if no memsync runs, remove it: rm ${lockDir}`);
  fs.rmSync(path.dirname(lockDir), { recursive: true });
  fs.writeFileSync(path.dirname(lockDir), '');
  const again = await m.cli(['sync']);
  const locks = path.dirname(lockDir);
  assert.match(
    again.stderr,
    new RegExp(`the sync lock path ${locks} is a file.*\\n  if no memsync runs, remove it: rm ${locks}\\n$`),
  );
  fs.rmSync(path.dirname(lockDir));
  assert.equal((await m.cli(['sync'])).code, 0, 'after the rm the sync runs');
  assert.equal(remoteFiles(m.remote)[`${MEM}/note.md`], 'learned more\n');
});
