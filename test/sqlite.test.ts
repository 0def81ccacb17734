import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { betterSqlite } from '../src/claudeMem/sqlite/better.ts';
import { bunSqlite } from '../src/claudeMem/sqlite/bun.ts';
import { nodeSqlite } from '../src/claudeMem/sqlite/node.ts';
import type { Backend, BackendName } from '../src/claudeMem/sqlite/types.ts';
import { bunDir, claudeMemStore, memMachine, observation, type StoreAction } from './support/claudeMem.ts';
import { PLUGIN_ROOT, bareRemote, remoteFiles, tempDir } from './support/machines.ts';

// The bun backend finds bun on PATH, as on a machine where claude-mem installed it.
process.env.PATH = `${bunDir()}${path.delimiter}${process.env.PATH}`;

/** One claude-mem session with an observation, written by claude-mem's own store. */
function work(tag: string): StoreAction[] {
  return [
    {
      kind: 'session',
      contentSessionId: `content-${tag}`,
      memorySessionId: `memory-${tag}`,
      project: 'widget',
      prompt: `prompt ${tag}`,
    },
    {
      kind: 'observation',
      memorySessionId: `memory-${tag}`,
      project: 'widget',
      promptNumber: 1,
      observation: observation(`obs ${tag}`),
    },
  ];
}

/** Rows as plain objects (node:sqlite's have no prototype). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

const probes: Record<BackendName, () => Backend | string> = {
  node: nodeSqlite,
  'better-sqlite3': betterSqlite,
  bun: bunSqlite,
};

for (const [name, probe] of Object.entries(probes)) {
  const backend = probe();
  const skip = typeof backend === 'string' ? `${name} is not available here: ${backend}` : false;

  test(`sqlite ${name}: statements, raw rows, BLOBs, transactions (rollback, savepoints), integrity check, backup`, {
    skip,
  }, async () => {
    const b = backend as Backend;
    const dir = tempDir('memsync-sqlite-');
    const file = path.join(dir, 'a.db');
    assert.throws(() => b.open(file, { fileMustExist: true }), /unable to open/);
    const db = b.open(file, {});
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, b BLOB)');
    const insert = db.prepare('INSERT INTO t (a, b) VALUES (?, ?)');
    const first = insert.run('one', Buffer.from([0, 1, 2]));
    assert.equal(Number(first.lastInsertRowid), 1);
    assert.equal(first.changes, 1);
    const row = db.prepare('SELECT * FROM t WHERE id = ?').get(1) as { a: string; b: Buffer };
    assert.equal(row.a, 'one');
    assert.ok(Buffer.isBuffer(row.b) && row.b.equals(Buffer.from([0, 1, 2])));
    assert.equal(db.prepare('SELECT * FROM t WHERE id = ?').get(99), undefined);

    assert.throws(
      () =>
        db.transaction(() => {
          insert.run('rolled back', null);
          throw new Error('boom');
        })(),
      /boom/,
    );
    db.transaction(() => {
      insert.run('outer', null);
      try {
        db.transaction(() => {
          insert.run('inner', null);
          throw new Error('inner');
        })();
      } catch {
        /* the savepoint is rolled back, the outer transaction goes on */
      }
    }).immediate();
    const raw = [...db.prepare('SELECT id, a, id FROM t ORDER BY id').raw(true).iterate()];
    // Rolled back, the inner row's id (and AUTOINCREMENT's counter) is given again.
    assert.deepEqual(raw, [
      [1, 'one', 1],
      [2, 'outer', 2],
    ]);
    assert.deepEqual(plain(db.pragma('integrity_check')), [{ integrity_check: 'ok' }]);

    const copy = path.join(dir, 'copy.db');
    await db.backup(copy);
    db.close();
    const back = b.open(copy, { readonly: true });
    assert.deepEqual(plain(back.prepare('SELECT a FROM t ORDER BY id').all()), [{ a: 'one' }, { a: 'outer' }]);
    assert.throws(() => back.exec("INSERT INTO t (a) VALUES ('x')"), /readonly|read-only/i);
    back.close();
  });

  test(`sqlite ${name}: a read transaction is one snapshot while claude-mem's worker (Bun) writes`, {
    skip,
  }, async () => {
    const b = backend as Backend;
    const file = path.join(tempDir('memsync-sqlite-wal-'), '.claude-mem', 'claude-mem.db');
    claudeMemStore(file, work('a'));
    const db = b.open(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
    const before = count();
    const seen = db.transaction(() => {
      const first = count();
      claudeMemStore(file, work('b'));
      return [first, count()];
    })();
    assert.deepEqual(seen, [before, before], 'rows written meanwhile are not in the snapshot');
    assert.equal(count(), before * 2);
    db.close();
  });
}

/** A plugin copy of dist/ and hooks/ alone (no node_modules, so no better-sqlite3 beside it). */
function pluginCopy(): string {
  const root = tempDir('memsync-plugin-copy-');
  for (const d of ['dist', 'hooks']) fs.cpSync(path.join(PLUGIN_ROOT, d), path.join(root, d), { recursive: true });
  return root;
}

/** PATH without bun, and a Node without its SQLite (Node 20 has none; later ones are told so). */
function noSqliteEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d && !fs.existsSync(path.join(d, 'bun')));
  const major = Number(process.versions.node.split('.')[0]);
  return {
    ...env,
    PATH: [path.dirname(process.execPath), ...dirs].join(path.delimiter),
    NODE_OPTIONS: major >= 22 ? '--no-experimental-sqlite' : '',
    MEMSYNC_SQLITE: '',
  };
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(input);
  });
}

test(
  'no SQLite at all: sync fails with one line naming what to install (memory files still sync), status and doctor ' +
    'say it, SessionStart once per session',
  async () => {
    const remote = bareRemote();
    const m = await memMachine('lonely', remote);
    claudeMemStore(m.db, work('a'));
    const proj = m.checkout('git@github.com:acme/widget.git');
    m.write(path.join(m.memoryDir(proj), 'MEMORY.md'), '- a memory\n');
    const root = pluginCopy();
    const env = noSqliteEnv(m.env);
    const cli = (...args: string[]) => run(process.execPath, [path.join(root, 'dist', 'memsync.mjs'), ...args], env);

    const sync = await cli('sync', '--project', proj);
    assert.equal(sync.code, 1, sync.out + sync.err);
    const line = sync.out.split('\n').find((l) => l.includes('no SQLite memsync can use'));
    assert.ok(line, sync.out);
    assert.match(line, /install Node\.js 22\.16 or later.*or Bun/);
    assert.doesNotMatch(sync.out + sync.err, /ExperimentalWarning|bindings file/);
    assert.ok(remoteFiles(remote)['projects/github.com/acme/widget/memory/MEMORY.md'], 'the memory files still sync');
    assert.ok(!Object.keys(remoteFiles(remote)).some((p) => p.startsWith('claude-mem/')));

    const status = await cli('status');
    assert.match(status.out, /no SQLite memsync can use/);
    const doctor = await cli('doctor');
    assert.equal(doctor.code, 1);
    assert.match(doctor.out, /FAIL claude-mem sqlite: no SQLite memsync can use.*\n\s+fix: install Node\.js 22\.16/);

    const start = (session: string) =>
      run(
        'sh',
        [path.join(root, 'hooks', 'run.sh'), 'session-start'],
        env,
        JSON.stringify({ session_id: session, cwd: proj, hook_event_name: 'SessionStart', source: 'startup' }),
      );
    const said = (r: { out: string }) =>
      r.out.trim() ? ((JSON.parse(r.out).systemMessage as string | undefined) ?? '') : '';
    const first = await start('s1');
    assert.equal(first.code, 0);
    assert.match(said(first), /memsync: no SQLite memsync can use/);
    assert.doesNotMatch(
      said(await start('s1')),
      /SQLite/,
      'said once per session (resume, clear, compact start it again)',
    );
    assert.match(said(await start('s2')), /no SQLite memsync can use/);
  },
);
