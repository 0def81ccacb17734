/**
 * claude-mem's database in a dry run (`sync --dry-run`, `status`, `backup restore --dry-run`):
 * the same code as the real run with its writes recorded, so it writes nothing and reports
 * exactly what the real run that follows does. Real databases made by claude-mem's own store.
 */
import { test } from 'node:test';
import { files, homeState } from './support/snapshot.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bareRemote, tempDir } from './support/machines.ts';
import {
  claudeMemStore,
  memMachine,
  memPair,
  observedIn,
  read,
  resolveDb,
  sql,
  titles,
  work,
} from './support/claudeMem.ts';
import { secretCorpus } from './support/secretCorpus.ts';
import { openSqlite } from '../src/claudeMem/sqlite.ts';
import { writeSettings } from '../src/config/settings.ts';
import { loadContext } from '../src/machine/context.ts';
import { getStatus } from '../src/sync/status.ts';
import type { DbReport } from '../src/claudeMem/source.ts';

type Mem = Awaited<ReturnType<typeof memMachine>>;

/**
 * Machine b with claude-mem changes pending on both sides: a's new rows to take (one of them
 * refused by an index of b's own, so it waits), b's new rows to publish (one held for a secret),
 * and a two-sided edit resolved --keep-local (the real run saves the database before dropping
 * a's version of the row).
 */
async function pendingBothSides(): Promise<{ a: Mem; b: Mem }> {
  const { a, b } = await memPair(work('a', 1), work('b', 1));
  for (const m of [a, b, a]) await m.sync();
  sql(a.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from a' WHERE title = 'obs a0.0'`).run());
  sql(b.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from b' WHERE title = 'obs a0.0'`).run());
  await a.sync();
  assert.equal((await b.sync()).claudeMem!.conflicts, 1);
  assert.equal(await resolveDb(b, 'local'), 1);
  sql(b.db, (d) => d.exec('CREATE UNIQUE INDEX one_title ON observations(title)'));
  claudeMemStore(a.db, [...work('a2', 1), observedIn('memory-a-0', 'obs b0.1')]);
  await a.sync();
  const token = secretCorpus().find((c) => c.kind === 'github classic token')!.text;
  claudeMemStore(b.db, [...work('b2', 1), observedIn('memory-b-0', 'leaky', `the token is ${token}`)]);
  return { a, b };
}

/**
 * What a dry run must leave as it is: claude-mem's database and its WAL (not its -shm file:
 * SQLite's shared-memory index, which every reader updates, claude-mem's own included).
 */
function database(m: Mem): Record<string, string> {
  return Object.fromEntries(Object.entries(files(path.dirname(m.db))).filter(([p]) => !p.endsWith('-shm')));
}

/** ... and every file under MEMSYNC_HOME that is memsync's state (support/snapshot.ts homeState). */
function home(m: Mem): Record<string, string> {
  return homeState(m.env.MEMSYNC_HOME!);
}

/** The counts a run reports for claude-mem's database. */
function counts(r: DbReport) {
  return { tables: r.tables, held: r.held, heldDeletes: r.heldDeletes, conflicts: r.conflicts, applied: r.applied };
}

test('claude-mem: sync --dry-run and status write nothing (database, MEMSYNC_HOME), both sides changed', async () => {
  const { b } = await pendingBothSides();
  const db = database(b);
  // A first status fetches a's push: the local copy of the remote is then what both runs below compare against.
  assert.equal((await b.cli(['status'])).code, 0);
  const before = home(b);
  const dry = await b.cli(['sync', '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  const status = await b.cli(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  assert.deepEqual(database(b), db, 'nothing written to the database');
  assert.deepEqual(home(b), before, 'nothing written under MEMSYNC_HOME');
  assert.deepEqual(
    titles(read(b.db)).filter((t) => t.startsWith('obs a2')),
    [],
    'no row taken',
  );

  // There was something to write: rows both ways, a row held, a backup the real run saves.
  const r = JSON.parse(dry.stdout).claudeMem as DbReport;
  assert.ok(r.tables.observations!.pull > 0 && r.tables.observations!.push > 0, JSON.stringify(r.tables));
  assert.equal(r.held, 1);
  const saved = /saved as (\S+claude-mem-before-keep-local-\S+\.db)/.exec(r.notes.join('\n'))?.[1];
  assert.ok(saved, r.notes.join('\n'));
  assert.ok(!fs.existsSync(saved), 'the dry run names the backup and does not write it');
  assert.deepEqual(JSON.parse(status.stdout).claudeMem.tables, r.tables, 'status is the dry run');

  const real = (await b.sync()).claudeMem!;
  assert.ok(fs.readdirSync(path.dirname(saved)).some((f) => f.startsWith('claude-mem-before-keep-local-')));
  assert.deepEqual(counts(real), counts(r), 'the dry run listed what the real run did');
});

test('claude-mem: a dry run takes no write lock: it plans while another connection holds one', async () => {
  const { b } = await pendingBothSides();
  await writeSettings(b.env.MEMSYNC_HOME!, { sources: { claudeMem: { enabled: true, busyTimeoutMs: 300 } } });
  b.ctx = (await loadContext(b.env))!;
  assert.equal((await b.cli(['status'])).code, 0);
  const db = database(b);
  // claude-mem's worker in the middle of a write: a dry run that asked for the lock would be busy past the budget.
  const worker = openSqlite(b.db);
  worker.exec('BEGIN IMMEDIATE');
  let dry: DbReport;
  try {
    const r = await b.cli(['sync', '--dry-run', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    dry = JSON.parse(r.stdout).claudeMem as DbReport;
    assert.equal(dry.pending, undefined, dry.pending);
    assert.ok(dry.tables.observations!.pull > 0, JSON.stringify(dry.tables));
    const status = await b.cli(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout).claudeMem.tables, dry.tables);
  } finally {
    worker.exec('ROLLBACK');
    worker.close();
  }
  assert.deepEqual(database(b), db, 'the database file and its WAL are byte-identical');
  const real = (await b.sync()).claudeMem!;
  assert.deepEqual(counts(real), counts(dry), 'the dry run listed what the real run did');
});

test("claude-mem: a dry run's counts (push, pull, conflicts, held, applied) are the next real run's", async () => {
  const { a, b } = await pendingBothSides();
  // b's first dry run: a's 4 new observations less the one b's index refuses, b's 5 less the secret.
  const first = (await b.sync({ dryRun: true })).claudeMem!;
  assert.deepEqual(first.tables.observations, { push: 4, pull: 3, conflicts: 0 });
  assert.equal(first.held, 1);
  for (let round = 0; round < 3; round++) {
    for (const m of [b, a]) {
      const dry = (await m.sync({ dryRun: true })).claudeMem!;
      const status = (await getStatus(m.ctx)).claudeMem!;
      const real = (await m.sync()).claudeMem!;
      const at = `${m.name}, round ${round}`;
      assert.deepEqual(counts(dry), counts(real), at);
      assert.deepEqual(status.tables, real.tables, at);
      assert.deepEqual(dry.secrets, real.secrets, at);
    }
  }
  // The refused row waits on b, counted neither as taken by the dry run nor by the real run.
  const c = read(b.db);
  assert.equal(c.observations.filter((o) => o.title === 'obs b0.1').length, 1);
  assert.ok(titles(c).includes('obs a20.0'));
});

test('backup restore --dry-run of a database merges nothing and counts the rows the real restore adds', async () => {
  const a = await memMachine('laptop', bareRemote());
  claudeMemStore(a.db, work('a', 1));
  const out = path.join(tempDir('memsync-bk-'), 'a.tar.gz');
  const made = await a.cli(['backup', 'create', '--output', out, '--json']);
  assert.equal(made.code, 0, made.stderr);
  const file = JSON.parse(made.stdout).file as string;
  const b = await memMachine('desktop', bareRemote());
  // One of the backup's rows is refused by an index of b's own: the real restore adds one row less.
  claudeMemStore(b.db, [...work('b', 1), observedIn('memory-b-0', 'obs a0.1')]);
  sql(b.db, (d) => d.exec('CREATE UNIQUE INDEX one_title ON observations(title)'));
  const run = async (...more: string[]) => {
    const r = await b.cli(['backup', 'restore', file, '--strategy', 'merge', '--json', ...more]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).database as { rows: number; note: string };
  };
  const before = { ...database(b), ...home(b) };
  const dry = await run('--dry-run');
  assert.deepEqual({ ...database(b), ...home(b) }, before, 'nothing written');
  const real = await run();
  assert.ok(real.rows > 0);
  assert.equal(dry.rows, real.rows);
  assert.match(dry.note, new RegExp(`^claude-mem database: ${real.rows} rows would be added from the backup`));
  assert.ok(titles(read(b.db)).includes('obs a0.0'));
});

test('file mode: a dry run of --use-remote saves and replaces nothing, and counts what the take does', async () => {
  const { a, b } = await memPair(work('a', 1), work('b', 1), 'file');
  await a.sync();
  assert.equal((await b.sync()).claudeMem!.conflicts, 1);
  // resolve --dry-run prints the choice it would record, and records nothing.
  const unresolved = home(b);
  const r = await b.cli(['resolve', 'claude-mem', '--use-remote', '--dry-run']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /would resolve 1 conflict \(keep remote\)\n.*\n {2}would record the state of claude-mem/);
  assert.deepEqual(home(b), unresolved, 'resolve --dry-run saves no state');
  await resolveDb(b, 'remote');
  const db = database(b);
  assert.equal((await b.cli(['status'])).code, 0);
  const before = home(b);
  const dry = (await b.sync({ dryRun: true })).claudeMem!;
  const status = (await getStatus(b.ctx)).claudeMem!;
  assert.deepEqual(database(b), db, 'nothing written to the database');
  assert.deepEqual(home(b), before, 'nothing written under MEMSYNC_HOME');
  assert.deepEqual(dry.tables['claude-mem.db'], { push: 0, pull: 1, conflicts: 0 });
  assert.deepEqual(status.tables, dry.tables);
  const saved = /it is saved as (\S+)/.exec(dry.notes.join('\n'))?.[1];
  assert.ok(saved && !fs.existsSync(saved), dry.notes.join('\n'));

  const real = (await b.sync()).claudeMem!;
  assert.deepEqual(counts(real), counts(dry));
  assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
  assert.match(real.notes.join('\n'), /--use-remote replaces this machine's database, dropping .* rows only it had/);
});
