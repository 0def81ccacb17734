import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqlite } from '../src/claudeMem/sqlite.ts';
import { bareRemote, remoteFiles } from './support/machines.ts';
import {
  claudeMemStore,
  claudeMemWriter,
  memMachine,
  memPair,
  observedIn,
  read,
  resolveDb,
  sql,
  titles,
  work,
  type StoreAction,
} from './support/claudeMem.ts';
import { getStatus } from '../src/sync/status.ts';

test(
  'claude-mem rows: three machines end with the union, no duplicates after ten more round trips, ' +
    'and claude-mem reads it',
  async () => {
    const remote = bareRemote();
    const ms = [await memMachine('a', remote), await memMachine('b', remote), await memMachine('c', remote)];
    for (const m of ms) claudeMemStore(m.db, work(m.name));
    for (const m of [...ms, ...ms]) await m.sync();

    const want = ms.flatMap((m) => [0, 1].flatMap((s) => [0, 1, 2].map((o) => `obs ${m.name}${s}.${o}`))).sort();
    const first = ms.map((m) => read(m.db));
    for (const c of first) {
      assert.deepEqual(titles(c), want);
      assert.equal(c.sessions.length, 6);
      assert.equal(c.prompts.length, 12);
      assert.equal(c.summaries.length, 6);
      // Every prompt points at its own session on this machine (ids re-resolved, never copied).
      for (const p of c.prompts) {
        const s = c.sessions.find((x) => x.id === p.session_db_id);
        assert.equal(s?.content_session_id, p.content_session_id, `prompt ${p.prompt_text}`);
      }
      // claude-mem's own per-session lookup finds the other machines' observations.
      // (Sorted: rows written in the same millisecond tie on created_at_epoch.)
      assert.deepEqual([...c.perSession['memory-b-1']!].sort(), ['obs b1.0', 'obs b1.1', 'obs b1.2']);
    }

    for (let i = 0; i < 10; i++) {
      for (const m of ms) {
        const r = await m.sync();
        assert.equal(r.commit, null, 'nothing left to publish');
        assert.equal(r.claudeMem!.applied, 0);
      }
    }
    for (const [i, m] of ms.entries()) {
      const c = read(m.db);
      assert.deepEqual(titles(c), want);
      assert.equal(c.prompts.length, first[i]!.prompts.length);
      assert.equal(
        sql(m.db, (d) => (d.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check),
        'ok',
      );
      // The full-text index was rebuilt over the merged prompts.
      assert.equal(
        sql(
          m.db,
          (d) =>
            d.prepare(`SELECT count(*) AS n FROM user_prompts_fts WHERE user_prompts_fts MATCH 'second'`).get() as {
              n: number;
            },
        ).n,
        6,
      );
    }
    // The remote is readable text, one row per line, without local ids.
    const files = remoteFiles(remote);
    const obs = files['claude-mem/observations.jsonl']!.trim().split('\n');
    assert.equal(obs.length, 18);
    assert.ok(obs.every((l) => !('id' in JSON.parse(l))));
    assert.ok(!files['claude-mem/tool_uses.jsonl'], 'a table memsync does not know is not synced');
  },
);

test(
  'claude-mem rows: an edit beats a delete, a delete on one side is a delete, ' +
    'a two-sided edit is a held conflict until resolved',
  async () => {
    const { remote, a, b } = await memPair();
    await a.sync();
    await b.sync();
    assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);

    sql(a.db, (d) => d.prepare(`UPDATE observations SET narrative = 'edited on a' WHERE title = 'obs a0.0'`).run());
    sql(b.db, (d) => d.prepare(`DELETE FROM observations WHERE title IN ('obs a0.0', 'obs a0.1')`).run());
    await a.sync();
    await b.sync();
    await a.sync();
    for (const m of [a, b]) {
      const c = read(m.db);
      assert.deepEqual(titles(c), ['obs a0.0', 'obs a0.2'], m.name);
      assert.equal(c.observations.find((o) => o.title === 'obs a0.0')!.narrative, 'edited on a');
    }

    sql(a.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from a' WHERE title = 'obs a0.2'`).run());
    sql(b.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from b' WHERE title = 'obs a0.2'`).run());
    await a.sync();
    const opened = await b.sync();
    assert.equal(opened.claudeMem!.conflicts, 1);
    assert.equal(opened.claudeMem!.tables.observations!.conflicts, 1);
    const subtitle = (db: string) => read(db).observations.find((o) => o.title === 'obs a0.2')!.subtitle;
    assert.equal(subtitle(b.db), 'from b', 'a conflict keeps live');
    assert.match(remoteFiles(remote)['claude-mem/observations.jsonl']!, /"subtitle":"from a"/);
    const status = await getStatus(b.ctx);
    assert.equal(status.claudeMem!.conflicts, 1);
    // Held: further syncs neither publish b's row nor take a's.
    assert.equal((await b.sync()).claudeMem!.conflicts, 1);
    await a.sync();
    assert.equal(subtitle(a.db), 'from a');

    assert.equal(await resolveDb(b, 'local'), 1);
    const resolved = await b.sync();
    assert.equal(resolved.claudeMem!.conflicts, 0);
    await a.sync();
    assert.equal(subtitle(a.db), 'from b');
    await assert.rejects(resolveDb(b, 'remote'), /no open claude-mem conflict/);
  },
);

test('claude-mem rows: the summary line counts rows, never up to date while rows move or conflict', async () => {
  const { a, b } = await memPair();
  const sync = async (m: typeof a) => {
    const r = await m.cli(['sync']);
    return { code: r.code, line: r.stdout.split('\n')[0]! };
  };
  const first = await sync(a);
  assert.equal(first.code, 0);
  assert.match(first.line, /^sync: .*claude-mem 0 rows taken, \d+ published/);
  assert.match((await sync(b)).line, /^sync: .*claude-mem \d+ rows taken, 0 published/);
  assert.equal((await sync(a)).line, 'sync: up to date');
  sql(a.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from a' WHERE title = 'obs a0.2'`).run());
  sql(b.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from b' WHERE title = 'obs a0.2'`).run());
  assert.match((await sync(a)).line, /claude-mem 0 rows taken, 1 published/);
  const conflict = await sync(b);
  assert.equal(conflict.code, 3);
  assert.match(conflict.line, /^sync: .*1 row conflict/);
  assert.doesNotMatch(conflict.line, /up to date/);
});

test('claude-mem rows: rows a writer inserts while a sync runs are all published by the next sync', async () => {
  const { a, b } = await memPair(work('a', 1), work('b', 1));
  await a.sync();
  const burst: StoreAction[] = Array.from({ length: 60 }, (_, i) => observedIn('memory-b-0', `burst ${i}`));
  const writer = claudeMemWriter(b.db, burst, 15);
  let syncs = 0;
  let done = false;
  writer.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    await b.sync();
    syncs++;
  }
  await writer;
  await b.sync();
  await a.sync();
  const want = [...titles(read(b.db))];
  assert.equal(want.filter((t) => t.startsWith('burst')).length, 60);
  assert.deepEqual(titles(read(a.db)), want);
  assert.ok(syncs >= 1);
});

test(
  'claude-mem rows: a sync with nothing changed does not read the database; a row claude-mem writes, ' +
    'or the remote brings, is read',
  async () => {
    const { a, b } = await memPair();
    for (let i = 0; i < 3; i++) for (const m of [a, b]) await m.sync();
    for (const m of [a, b]) {
      const r = await m.sync();
      assert.equal(r.claudeMem?.read, false, `${m.name}: nothing changed, the database is not read`);
      assert.equal(r.commit, null);
    }
    // claude-mem writes a row on b: b reads and publishes it, then a (the remote moved) reads and takes it.
    claudeMemStore(b.db, [observedIn('memory-a-0', 'later on b')]);
    const rb = await b.sync();
    assert.equal(rb.claudeMem?.read, true);
    assert.notEqual(rb.commit, null);
    const ra = await a.sync();
    assert.equal(ra.claudeMem?.read, true);
    assert.equal(ra.claudeMem?.applied, 1);
    assert.ok(titles(read(a.db)).includes('later on b'));
    // An edit that keeps the row count (claude-mem's store updating a row in place) is seen too.
    sql(a.db, (d) => d.prepare(`UPDATE observations SET title = 'edited on a' WHERE title = 'later on b'`).run());
    const re = await a.sync();
    assert.equal(re.claudeMem?.read, true);
    await b.sync();
    assert.ok(titles(read(b.db)).includes('edited on a'));
  },
);

test(
  'claude-mem rows: machines on different claude-mem versions (a column only one has) still sync and keep the ' +
    'column',
  async () => {
    const { a, b } = await memPair();
    // b runs an older claude-mem: observations has no agent_type column.
    sql(b.db, (d) => d.exec('DROP INDEX idx_observations_agent_type; ALTER TABLE observations DROP COLUMN agent_type'));
    sql(a.db, (d) => d.prepare(`UPDATE observations SET agent_type = 'explorer'`).run());
    await a.sync();
    await b.sync();
    // Read with SQL: opening b with claude-mem's current SessionStore would upgrade it.
    const bTitles = () =>
      sql(b.db, (d) =>
        (d.prepare('SELECT title FROM observations ORDER BY title').all() as { title: string }[]).map((r) => r.title),
      );
    assert.deepEqual(bTitles(), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    sql(b.db, (d) => d.prepare(`UPDATE observations SET narrative = 'edited on b' WHERE title = 'obs a0.1'`).run());
    await b.sync();
    await a.sync();
    let c = read(a.db);
    const edited = c.observations.find((o) => o.title === 'obs a0.1')!;
    assert.equal(edited.narrative, 'edited on b');
    assert.equal(edited.agent_type, 'explorer', 'the column b does not have is carried');

    // b upgrades claude-mem (its migration adds the column back, empty) and writes a row.
    claudeMemStore(b.db, [observedIn('memory-a-0', 'after upgrade')]);
    await b.sync();
    await a.sync();
    c = read(a.db);
    assert.ok(c.observations.some((o) => o.title === 'after upgrade'));
    for (const o of c.observations.filter((o) => o.title !== 'after upgrade'))
      assert.equal(o.agent_type, 'explorer', `${o.title}: an upgrade's empty column is not an edit`);
    assert.equal((await a.sync()).commit, null);
    assert.equal((await b.sync()).commit, null);
    assert.equal(read(b.db).observations.find((o) => o.title === 'obs a0.2')!.agent_type, 'explorer');
  },
);

test(
  'claude-mem file mode: whole snapshots; a diverged pull is a conflict resolved by choosing a side, ' +
    'restored through SQLite',
  async () => {
    const { remote, a, b } = await memPair(work('a', 1), work('b', 1), 'file');
    const pushed = await a.sync();
    assert.ok(pushed.commit);
    assert.ok(remoteFiles(remote)['claude-mem/claude-mem.db']!.startsWith('SQLite format 3'));
    const diverged = await b.sync();
    assert.equal(diverged.claudeMem!.conflicts, 1);
    assert.equal(diverged.commit, null, 'a diverged database is not pushed');
    assert.deepEqual(titles(read(b.db)), ['obs b0.0', 'obs b0.1', 'obs b0.2'], 'live is kept');
    // Same when claude-mem's worker holds the database open meanwhile.
    const worker = openSqlite(b.db);
    try {
      await resolveDb(b, 'remote');
      const taken = await b.sync();
      assert.equal(taken.claudeMem!.applied, 1);
    } finally {
      worker.close();
    }
    assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal((await b.sync()).commit, null, 'taking the remote leaves nothing to publish');

    claudeMemStore(b.db, [observedIn('memory-a-0', 'later on b')]);
    assert.ok((await b.sync()).commit);
    const pulled = await a.sync();
    assert.equal(pulled.claudeMem!.applied, 1);
    assert.ok(titles(read(a.db)).includes('later on b'));
  },
);

test('claude-mem: status counts pending rows per table; a dry run writes nothing', async () => {
  const { a, b } = await memPair();
  await a.sync();
  const status = await getStatus(b.ctx);
  assert.deepEqual(status.claudeMem!.tables.observations, { push: 0, pull: 3, conflicts: 0 });
  assert.deepEqual(status.claudeMem!.tables.user_prompts, { push: 0, pull: 2, conflicts: 0 });
  const dry = await b.sync({ dryRun: true });
  assert.equal(dry.claudeMem!.tables.sdk_sessions!.pull, 1);
  assert.deepEqual(titles(read(b.db)), []);
  const mine = await getStatus(a.ctx);
  assert.deepEqual(mine.claudeMem!.tables.observations, { push: 0, pull: 0, conflicts: 0 });
});

test(
  'claude-mem CLI: status --json counts rows per table; ' +
    'resolve claude-mem names the choices and refuses without a conflict',
  async () => {
    const { a, b } = await memPair();
    await a.sync();
    const status = await b.cli(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.deepEqual(JSON.parse(status.stdout).claudeMem.tables.observations, { push: 0, pull: 3, conflicts: 0 });
    const both = await b.cli(['resolve', 'claude-mem', '--keep-local', '--use-remote']);
    assert.equal(both.code, 2);
    assert.match(
      both.stderr,
      /exactly one of --keep-local, --use-remote, --force-push, --pull-first or --confirm-deletes/,
    );
    const none = await b.cli(['resolve', 'claude-mem', '--use-remote']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no open claude-mem conflict/);
  },
);

test(
  'a damaged table file on the remote is named, the database is left as it is, and the memory files still ' + 'sync',
  async () => {
    const { execFileSync } = await import('node:child_process');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { gitTestEnv, tempDir } = await import('./support/machines.ts');
    const remote = bareRemote();
    const a = await memMachine('a', remote);
    claudeMemStore(a.db, work('a', 1));
    await a.sync();
    // Someone with push access appends a line that is not a row.
    const clone = tempDir('memsync-hostile-');
    const env = gitTestEnv(clone);
    execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
    fs.appendFileSync(path.join(clone, 'claude-mem', 'observations.jsonl'), 'not a row\n');
    execFileSync('git', ['-C', clone, 'commit', '--quiet', '-am', 'damage'], { env });
    execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'main'], { env });

    const b = await memMachine('b', remote);
    claudeMemStore(b.db, work('b', 1));
    const proj = b.checkout('git@github.com:acme/widget.git');
    b.write(path.join(b.memoryDir(proj), 'note.md'), 'still synced\n');
    const r = await b.sync({ projects: [proj] });
    assert.deepEqual(r.published, ['projects/github.com/acme/widget/memory/note.md']);
    assert.match(
      r.claudeMem!.notes.join('\n'),
      /database was not synced: claude-mem\/observations\.jsonl line \d+ is not a JSON object/,
    );
    assert.match(r.claudeMem!.pending!, /is not a JSON object/);
    assert.deepEqual(titles(read(b.db)), ['obs b0.0', 'obs b0.1', 'obs b0.2'], "b's database is untouched");
  },
);

test(
  'a row holding a secret is held back from the remote (the rest publish), named, ' +
    'and published once the table is released',
  async () => {
    const { secretCorpus } = await import('./support/secretCorpus.ts');
    const token = secretCorpus().find((c) => c.kind === 'github classic token')!.text;
    const remote = bareRemote();
    const a = await memMachine('a', remote);
    const b = await memMachine('b', remote);
    claudeMemStore(a.db, [...work('a', 1), observedIn('memory-a-0', 'leaky', `the bot said: ${token}`)]);
    const r = await a.sync();
    assert.equal(r.claudeMem!.held, 1);
    assert.match(
      r.notes.join('\n') + r.claudeMem!.notes.join('\n'),
      /row of observations held back \(secret: .*\*\*\*/,
    );
    const published = remoteFiles(remote)['claude-mem/observations.jsonl']!;
    assert.ok(
      published.includes('obs a0.0') && !published.includes('leaky'),
      'the other rows are published, the secret one is not',
    );
    claudeMemStore(b.db, []);
    await b.sync();
    assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal((await a.sync()).claudeMem!.held, 1, 'still held at the next sync');
    assert.ok(titles(read(a.db)).includes('leaky'), 'kept on the machine that wrote it');

    const allow = await a.cli(['allow', 'claude-mem/observations.jsonl']);
    assert.equal(allow.code, 0, allow.stderr);
    a.ctx = (await (await import('../src/machine/context.ts')).loadContext(a.env))!;
    assert.equal((await a.sync()).claudeMem!.held, 0);
    await b.sync();
    assert.ok(titles(read(b.db)).includes('leaky'));
  },
);
