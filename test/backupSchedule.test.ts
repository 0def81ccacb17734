/**
 * Issue 26, part 3: scheduled backups, the safety backup before a restore or import, and a full
 * `backup list`. Black box: the built CLI and the hooks as Claude Code runs them. The schedule's
 * clock is MEMSYNC_NOW (test only, read by src/util/now.ts), so days pass without moving the clock
 * the locks compare file times with.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type CliMachine, cleanup, initedMachine, sharedBareRemote } from './support/cli.ts';
import { waitFor } from './support/hooks.ts';
import { sameProcess } from '../src/util/alive.ts';
import { openSqlite } from '../src/claudeMem/sqlite.ts';
import { verifyBackup } from '../src/sync/backup.ts';

after(cleanup);

const at = (day: number, hour = 10) =>
  `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const clock = (day: number, hour?: number) => ({ MEMSYNC_NOW: at(day, hour) });
const backups = (m: CliMachine) => path.join(m.home, 'backups');
/** The backups of a kind, named to the hour they were made (MEMSYNC_NOW's clock runs on from the hour given). */
const named = (m: CliMachine, prefix: string) =>
  (fs.existsSync(backups(m)) ? fs.readdirSync(backups(m)) : [])
    .filter((n) => n.startsWith(`${prefix}-`))
    .map(toHour)
    .sort();
const toHour = (n: string) => n.replace(/(T\d\d)\d{7}Z/, '$1');
const log = (m: CliMachine) => fs.readFileSync(path.join(m.home, 'logs', 'memsync.log'), 'utf8');

/** Waits for the scheduled backup a hook started to end (its stamp's process gone). */
async function backupDone(m: CliMachine): Promise<void> {
  const stamp = path.join(m.home, 'state', 'bg-backup.json');
  await waitFor(() => {
    try {
      const v = JSON.parse(fs.readFileSync(stamp, 'utf8'));
      return !sameProcess(v.pid, v.since ?? null);
    } catch {
      return true;
    }
  }, 60_000);
}

async function hookAt(m: CliMachine, event: 'SessionStart' | 'SessionEnd', day: number, hour?: number) {
  const r = await m.hook(event, event === 'SessionStart' ? { source: 'startup' } : {}, clock(day, hour));
  assert.equal(r.code, 0, r.stderr);
  await backupDone(m);
}

async function machine(name: string): Promise<CliMachine> {
  const m = await initedMachine(name, sharedBareRemote());
  m.write('MEMORY.md', '- [x](x.md)\n');
  m.write('x.md', 'x as it was\n');
  assert.equal((await m.cli(['sync', '--project', m.project])).code, 0);
  return m;
}

test('backup schedule: set, shown, turned off; bad input is one line naming it', async () => {
  const m = await initedMachine('sched-input', sharedBareRemote());
  assert.match((await m.cli(['backup', 'schedule'])).stdout, /^scheduled backups: off$/m);
  const refused: [string[], RegExp][] = [
    [['--every', '0h'], /--every 0h: expected daily, weekly or a whole number of hours/],
    [['--every', 'daily', '--keep', '-1'], /--keep/],
    [['--every', 'daily', '--keep-days', '0'], /--keep-days/],
    [['--every', 'daily', '--off'], /--off takes no other option/],
    [['--keep', '3'], /needs --every daily\|weekly\|Nh/],
  ];
  for (const [args, says] of refused) {
    const r = await m.cli(['backup', 'schedule', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr.split('\n')[0]!, says, r.stderr);
  }
  const out = path.join(m.root, 'elsewhere');
  const set = await m.json(['backup', 'schedule', '--every', '12h', '--keep', '3', '--output', out]);
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(set.data.schedule, { every: '12h', keepDays: 30, keep: 3, output: out }, 'nothing refused was kept');
  const changed = await m.cli(['backup', 'schedule', '--keep-days', '7']);
  assert.match(changed.stdout, /12h, keeping 3 at most and none older than 7 days, in .*elsewhere/, 'the rest is kept');
  // Carried out of memsync's folder, a scheduled backup passes the secret scan as a push does.
  m.write('plain.md', 'nothing secret\n');
  m.write('key.md', `Use token ghp_${'a1B2c3D4e5'.repeat(3)}abcdef for the CI bot.\n`);
  await hookAt(m, 'SessionEnd', 1);
  const [made] = fs.readdirSync(out);
  const { manifest } = await verifyBackup(path.join(out, made!));
  assert.deepEqual(manifest.files.map((f) => path.basename(f.path)).sort(), ['plain.md'], log(m));
  assert.match((await m.cli(['backup', 'schedule', '--off'])).stdout, /^scheduled backups: off$/m);
});

test('a schedule across days: due, not due, days missed made up once, retention, hooks at once', async () => {
  const m = await machine('sched-days');
  assert.equal((await m.cli(['backup', 'schedule', '--every', 'daily', '--keep-days', '3', '--keep', '2'])).code, 0);
  await hookAt(m, 'SessionEnd', 1);
  assert.deepEqual(named(m, 'scheduled'), ['scheduled-sched-days-20260301T10.tar.gz'], log(m));
  // The same day, at either hook: nothing more.
  await hookAt(m, 'SessionStart', 1, 18);
  assert.equal(named(m, 'scheduled').length, 1, log(m));
  // Made by hand on day 1, and a copy of claude-mem's database memsync saved: retention never touches them.
  assert.equal((await m.cli(['backup', 'create'], clock(1, 12))).code, 0);
  const dbCopy = path.join(backups(m), 'claude-mem-before-restore-20260301T120000000Z.db');
  const db = openSqlite(dbCopy);
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
  db.close();
  const status1 = await m.json(['status'], clock(1, 23));
  assert.equal(status1.data.backupSchedule.lastRun.slice(0, 13), '2026-03-01T10');
  assert.equal(status1.data.backupSchedule.nextDue, '2026-03-02T00:00:00.000Z');
  assert.match((await m.cli(['status'], clock(1, 23))).stdout, /last scheduled backup: 2026-03-01T10:00/);
  // Days 2 to 5 missed: one backup on day 6, not five; day 1's is past keep-days (3) and goes.
  await hookAt(m, 'SessionStart', 6);
  await hookAt(m, 'SessionEnd', 6, 11);
  assert.deepEqual(named(m, 'scheduled'), ['scheduled-sched-days-20260306T10.tar.gz'], log(m));
  // Days 7 and 8: keep (2) leaves the newest two.
  await hookAt(m, 'SessionEnd', 7);
  await hookAt(m, 'SessionEnd', 8);
  assert.deepEqual(named(m, 'scheduled'), [
    'scheduled-sched-days-20260307T10.tar.gz',
    'scheduled-sched-days-20260308T10.tar.gz',
  ]);
  assert.deepEqual(named(m, 'backup'), ['backup-sched-days-20260301T12.tar.gz'], 'the manual one stays');
  assert.ok(fs.existsSync(dbCopy), 'the database copy stays');
  assert.match((await m.cli(['status'], clock(8, 12))).stdout, /next scheduled backup: 2026-03-09T00:00:00.000Z/);
  // Several sessions ending at the same moment, twice: one backup a day between them.
  for (const day of [9, 10]) {
    const rs = await Promise.all([1, 2, 3, 4].map(() => m.hook('SessionEnd', {}, clock(day))));
    for (const r of rs) assert.equal(r.code, 0, r.stderr);
    await backupDone(m);
  }
  const days = named(m, 'scheduled').map((n) => /-(\d{8})T/.exec(n)![1]);
  assert.deepEqual(days, ['20260309', '20260310'], log(m));
});

test('a safety backup before a restore or import that can overwrite; backup list shows every kind', async () => {
  const m = await machine('sched-safety');
  const manual = (await m.json(['backup', 'create'], clock(1))).data.file as string;
  const exported = path.join(m.root, 'export.json');
  assert.equal((await m.cli(['export', exported])).code, 0);
  m.write('x.md', 'x edited after the backup\n');
  assert.equal((await m.cli(['sync'])).code, 0);
  for (const dry of [
    ['--strategy', 'skip'],
    ['--strategy', 'overwrite', '--dry-run'],
  ]) {
    const r = await m.json(['backup', 'restore', manual, ...dry]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.data.safetyBackup, null, `${dry.join(' ')} overwrites nothing: no safety backup`);
  }
  const r = await m.cli(['backup', 'restore', manual, '--strategy', 'overwrite'], clock(2));
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(m.memDir, 'x.md'), 'utf8'), 'x as it was\n');
  // The way back the restore's output names, run as it says.
  const back = /\(memsync (backup restore \S+ --strategy overwrite --force) brings back what it held\)/.exec(r.stdout);
  assert.ok(back, r.stdout);
  assert.match(back[1]!, /safety-sched-safety-20260302T10/);
  const undo = await m.cli(back[1]!.split(' '), clock(3));
  assert.equal(undo.code, 0, undo.stderr);
  assert.equal(fs.readFileSync(path.join(m.memDir, 'x.md'), 'utf8'), 'x edited after the backup\n', 'undone');
  const imp = await m.json(['import', exported, '--strategy', 'merge'], clock(4));
  assert.equal(imp.code, 0, imp.stderr);
  assert.match(imp.data.safetyBackup, /safety-sched-safety-20260304T10/);

  assert.equal((await m.cli(['backup', 'schedule', '--every', 'daily'])).code, 0);
  await hookAt(m, 'SessionEnd', 5);
  const db = openSqlite(path.join(backups(m), 'claude-mem-before-resolve-20260305T120000000Z.db'));
  db.exec('CREATE TABLE t (x)');
  db.close();
  const damaged = path.join(backups(m), 'backup-sched-safety-20260305T130000000Z.tar.gz');
  fs.writeFileSync(damaged, fs.readFileSync(manual).subarray(0, 100));
  const refused = await m.cli(['backup', 'restore', damaged, '--strategy', 'overwrite'], clock(5, 14));
  assert.equal(refused.code, 1, refused.stderr);
  assert.deepEqual(
    named(m, 'safety').at(-1),
    'safety-sched-safety-20260304T10.tar.gz',
    'a damaged backup: no safety one',
  );
  const list = await m.json(['backup', 'list']);
  assert.equal(list.code, 0, list.stderr);
  const rows = list.data.backups.map((b: any) => [toHour(path.basename(b.file)).split('.')[0], b.kind, b.verified]);
  assert.deepEqual(rows, [
    ['backup-sched-safety-20260305T13', 'manual', false],
    ['claude-mem-before-resolve-20260305T12', 'database copy', true],
    ['scheduled-sched-safety-20260305T10', 'scheduled', true],
    ['safety-sched-safety-20260304T10', 'safety', true],
    ['safety-sched-safety-20260303T10', 'safety', true],
    ['safety-sched-safety-20260302T10', 'safety', true],
    ['backup-sched-safety-20260301T10', 'manual', true],
  ]);
  for (const b of list.data.backups) assert.equal(b.bytes, fs.statSync(b.file).size);
  const shown = (await m.cli(['backup', 'list'])).stdout;
  assert.match(shown, /2026-03-05T12:00:00.000Z {2}database copy .* bytes {2}verifies/);
  assert.match(shown, /manual .* DOES NOT VERIFY \(.*damaged.*\)/);
});
