/**
 * Issue 21: no clock reading and no bare pid stops the automatic sync. Black box: the built CLI and
 * the hooks as Claude Code runs them; a real `sleep` holds the reused pid; libfaketime (Debian's
 * faketime) sets the clock of the hooks and the pushes they start a year ahead.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { remoteFiles } from './support/machines.ts';
import { waitFor } from './support/hooks.ts';
import { type CliMachine, MEM, cleanup, sharedBareRemote, initedMachine } from './support/cli.ts';
import { clockOff } from './support/clock.ts';

after(cleanup);

const YEAR_MS = 365 * 24 * 3600 * 1000;

async function machine(name: string, remote: string): Promise<CliMachine> {
  const m = await initedMachine(name, remote);
  assert.equal((await m.cli(['sync', '--project', m.project])).code, 0);
  return m;
}

/** A long-lived process that is not memsync's: the pid a dead push or sync may find reused. */
function someOtherProcess(): ChildProcess {
  const p = spawn('sleep', ['600'], { stdio: 'ignore' });
  after(() => p.kill());
  return p;
}

const log = (m: CliMachine) => fs.readFileSync(path.join(m.home, 'logs', 'memsync.log'), 'utf8');

/** Edits a memory file, runs `event` and waits for the edit to reach the remote. */
async function editReachesRemote(m: CliMachine, remote: string, event: 'Stop' | 'SessionEnd', text: string) {
  m.write('notes.md', text);
  const r = await m.hook(event);
  assert.equal(r.code, 0);
  await waitFor(() => remoteFiles(remote)[`${MEM}/notes.md`] === text, 30_000).catch(() =>
    assert.fail(`${event} did not push the edit; the log says:\n${log(m)}`),
  );
}

const stampFile = (m: CliMachine) => path.join(m.home, 'state', 'bg-push.json');

for (const stamp of ['with the start time of the push it was', 'without a start time (an older memsync)'] as const) {
  test(`a background push record whose pid now belongs to another process does not stop Stop (${stamp})`, async () => {
    const remote = sharedBareRemote();
    const m = await machine('reused-bg', remote);
    const other = someOtherProcess();
    const since = stamp.startsWith('with') ? { since: 'a-boot-long-ago:1234' } : {};
    fs.mkdirSync(path.dirname(stampFile(m)), { recursive: true });
    fs.writeFileSync(stampFile(m), JSON.stringify({ pid: other.pid, started: Date.now() - 3_600_000, ...since }));
    await editReachesRemote(m, remote, 'Stop', 'pushed although pid was reused\n');
  });
}

for (const when of ['now', 'a year ahead'] as const) {
  const name = `a sync lock left by a dead sync whose pid is now another process's, refreshed ${when}, is taken over`;
  test(name, async () => {
    const remote = sharedBareRemote();
    const b = await machine('lock-b', remote);
    const a = await machine('lock-a', remote);
    b.write('from-b.md', 'from b\n');
    assert.equal((await b.cli(['sync'])).code, 0);
    const other = someOtherProcess();
    const lock = path.join(a.home, 'locks', 'sync.lock');
    fs.mkdirSync(lock, { recursive: true });
    const holder = { pid: other.pid, host: os.hostname(), start: new Date().toISOString(), since: 'gone:1' };
    fs.writeFileSync(`${lock.slice(0, -'.lock'.length)}.holder`, JSON.stringify(holder));
    const mtime = new Date(Date.now() + (when === 'now' ? 0 : YEAR_MS));
    fs.utimesSync(lock, mtime, mtime);
    const r = await a.hook('SessionStart', { source: 'startup' });
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stdout, /could not pull|another sync/, r.stdout);
    assert.equal(fs.readFileSync(path.join(a.memDir, 'from-b.md'), 'utf8'), 'from b\n', 'the pull went through');
  });
}

test('hooks that ran while the clock was a year ahead do not stop Stop and SessionEnd once it is set right', {
  timeout: 180_000,
}, async () => {
  const remote = sharedBareRemote();
  const m = await machine('clock', remote);
  const ahead = clockOff('+365d');
  Object.assign(m.env, ahead);
  await editReachesRemote(m, remote, 'Stop', 'written a year ahead\n');
  for (const k of Object.keys(ahead)) delete m.env[k];
  // A hook killed while the clock was ahead left the hooks' mutex with that time.
  const mutex = path.join(m.home, 'state', 'bg-push.mutex');
  fs.mkdirSync(mutex);
  const later = new Date(Date.now() + YEAR_MS);
  fs.utimesSync(mutex, later, later);
  await editReachesRemote(m, remote, 'Stop', 'written once the clock was set right\n');
  await editReachesRemote(m, remote, 'SessionEnd', 'and at the end of the session\n');
  const status = await m.json(['status']);
  assert.equal(status.data?.pendingPush, 0, status.stdout);
});
