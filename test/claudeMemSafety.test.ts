/**
 * claude-mem's database when things go wrong, with real databases made by claude-mem's own
 * SessionStore under Bun: a reset is not a wipe, a secret never leaves, a row never dangles, a
 * busy database is skipped by name, and every choice that drops rows saves them first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openSqlite } from '../src/claudeMem/sqlite.ts';
import { bareRemote, remoteFiles } from './support/machines.ts';
import {
  claudeMemStore,
  confirmDb,
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
import { writeSettings } from '../src/config/settings.ts';
import { loadContext } from '../src/machine/context.ts';
import { getStatus } from '../src/sync/status.ts';
import { joinedRegex } from '../src/util/regex.ts';
import { hook } from './support/hooks.ts';

const fkViolations = (db: string) => sql(db, (d) => d.prepare('PRAGMA foreign_key_check').all());
const backups = (m: { env: NodeJS.ProcessEnv }) => {
  const dir = path.join(m.env.MEMSYNC_HOME!, 'backups');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.db'))
        .map((f) => path.join(dir, f))
    : [];
};
const obsTitles = (db: string) =>
  sql(db, (d) =>
    (d.prepare('SELECT title FROM observations ORDER BY title').all() as { title: string }[]).map((r) => r.title),
  );
/** Machines a and b syncing rows through one remote, both holding a's first work. */
async function syncedPair(aWork: StoreAction[] = work('a', 1)) {
  const { remote, a, b } = await memPair(aWork);
  await a.sync();
  await b.sync();
  return { remote, a, b };
}
test(
  'a database reset on one machine (files removed, claude-mem starts a new one) is new there: ' +
    'nothing is deleted anywhere',
  async () => {
    const { remote, a, b } = await syncedPair();
    assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);

    // b reinstalls claude-mem: the database files go, its SessionStore makes a new one.
    for (const f of [b.db, `${b.db}-wal`, `${b.db}-shm`]) fs.rmSync(f, { force: true });
    claudeMemStore(b.db, [
      {
        kind: 'session',
        contentSessionId: 'content-b-new',
        memorySessionId: 'memory-b-new',
        project: 'widget',
        prompt: 'after reset',
      },
      observedIn('memory-b-new', 'obs after reset'),
    ]);
    const r = await b.sync();
    assert.equal(r.claudeMem!.fresh, true);
    assert.match(r.claudeMem!.notes.join('\n'), /is new on this machine \(replaced or recreated\)/);
    assert.equal(r.claudeMem!.tables.observations!.push, 1, 'only its new row goes out');
    assert.deepEqual(
      titles(read(b.db)),
      ['obs a0.0', 'obs a0.1', 'obs a0.2', 'obs after reset'],
      'b gets the rows back',
    );
    await a.sync();
    assert.deepEqual(titles(read(a.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2', 'obs after reset'], 'a keeps everything');
    assert.equal(remoteFiles(remote)['claude-mem/observations.jsonl']!.trim().split('\n').length, 4);
    const { execFileSync } = await import('node:child_process');
    const title = execFileSync('git', ['--git-dir', remote, 'log', '-1', '--format=%s', r.commit!]).toString().trim();
    assert.match(
      title,
      /0 deleted, claude-mem \d+ rows? \(.*observations 1/,
      'the commit title says what was published',
    );
    // Afterwards it is the known database again: a deletion there is a deletion.
    sql(b.db, (d) => d.prepare(`DELETE FROM observations WHERE title = 'obs a0.0'`).run());
    await b.sync();
    await a.sync();
    assert.deepEqual(titles(read(a.db)), ['obs a0.1', 'obs a0.2', 'obs after reset']);
  },
);

test(
  'a sync that would delete most of a table holds the deletions until confirmed, ' +
    'then saves the database and deletes',
  async () => {
    const { remote, a, b } = await syncedPair([
      ...work('a', 1),
      ...Array.from({ length: 9 }, (_, i) => observedIn('memory-a-0', `extra ${i}`)),
    ]);
    assert.equal(read(b.db).observations.length, 12);

    sql(a.db, (d) => d.prepare(`DELETE FROM observations WHERE title != 'obs a0.0'`).run());
    const held = await a.sync();
    assert.deepEqual(held.claudeMem!.heldDeletes, { observations: 11 });
    assert.match(
      held.claudeMem!.notes.join('\n'),
      /11 observations\); held, nothing deleted anywhere.*--confirm-deletes/,
    );
    assert.equal(
      remoteFiles(remote)['claude-mem/observations.jsonl']!.trim().split('\n').length,
      12,
      'nothing deleted on the remote',
    );
    assert.equal((await a.sync()).claudeMem!.heldDeletes.observations, 11, 'still held at the next sync');
    assert.equal((await getStatus(a.ctx)).claudeMem!.heldDeletes.observations, 11);
    await b.sync();
    assert.equal(read(b.db).observations.length, 12, 'nothing deleted elsewhere');

    assert.equal(await confirmDb(a), 11);
    const done = await a.sync();
    assert.deepEqual(done.claudeMem!.heldDeletes, {});
    const note = done.claudeMem!.notes.find((n) => n.includes('--confirm-deletes deletes'))!;
    assert.match(
      note,
      joinedRegex(
        '',
        /deletes 11 observations rows on the remote \(its history keeps them: memsync log /,
        /claude-mem\/observations\.jsonl\)/,
      ),
    );
    const [saved] = backups(a);
    assert.ok(saved && note.includes(saved), note);
    assert.deepEqual(obsTitles(saved!), ['obs a0.0'], 'the live database as it was');
    // Deletions that come from the remote are not held again on each machine.
    const pulled = await b.sync();
    assert.deepEqual(pulled.claudeMem!.heldDeletes, {});
    assert.deepEqual(titles(read(b.db)), ['obs a0.0']);
    await assert.rejects(confirmDb(a), /no held claude-mem deletions/);
  },
);

test('a session deleted with all its rows (held, then confirmed) is deleted everywhere, not left empty', async () => {
  const cli = async (m: { cli: (a: string[]) => Promise<{ code: number; stderr: string }> }, args: string[]) => {
    const r = await m.cli(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  const { remote, a, b } = await memPair([
    ...work('a', 1),
    ...Array.from({ length: 9 }, (_, i) => observedIn('memory-a-0', `extra ${i}`)),
    { kind: 'session', contentSessionId: 'content-other', memorySessionId: 'memory-other', project: 'w', prompt: 'o' },
    observedIn('memory-other', 'kept'),
  ]);
  await cli(a, ['sync']);
  await cli(b, ['sync']);
  // As claude-mem deletes a session: its rows go with it (12 of 13 observations: held).
  sql(a.db, (d) => d.prepare(`DELETE FROM sdk_sessions WHERE content_session_id = 'content-a-0'`).run());
  await cli(a, ['sync']);
  const sessionIds = (db: string) => read(db).sessions.map((s) => s.content_session_id as string);
  assert.deepEqual(sessionIds(a.db), ['content-other'], 'the held deletion brings no empty session back');
  assert.equal(read(b.db).observations.length, 13, 'nothing deleted elsewhere while held');
  await cli(a, ['resolve', 'claude-mem', '--confirm-deletes']);
  await cli(a, ['sync']);
  await cli(b, ['sync']);
  for (const m of [a, b]) {
    assert.deepEqual(sessionIds(m.db), ['content-other'], `deleted on ${m.name}`);
    assert.deepEqual(titles(read(m.db)), ['kept'], m.name);
    assert.deepEqual(fkViolations(m.db), [], m.name);
  }
  const remoteSessions = remoteFiles(remote)['claude-mem/sdk_sessions.jsonl']!.trim().split('\n');
  assert.deepEqual(
    remoteSessions.map((l) => JSON.parse(l).content_session_id),
    ['content-other'],
  );
});

test(
  'a session deleted on one machine while another adds rows to it is kept with them everywhere; foreign keys hold; ' +
    'no local id is published',
  async () => {
    for (const order of ['deleter first', 'adder first'] as const) {
      const remote = bareRemote();
      const a = await memMachine('a', remote);
      const b = await memMachine('b', remote);
      claudeMemStore(a.db, [
        ...work('a', 1),
        {
          kind: 'session',
          contentSessionId: 'content-other',
          memorySessionId: 'memory-other',
          project: 'widget',
          prompt: 'other',
        },
      ]);
      claudeMemStore(b.db, []);
      await a.sync();
      await b.sync();
      // a deletes the session as claude-mem does (its rows go with it); b adds an observation to it.
      sql(a.db, (d) => d.prepare(`DELETE FROM sdk_sessions WHERE content_session_id = 'content-a-0'`).run());
      assert.equal(read(a.db).observations.length, 0);
      claudeMemStore(b.db, [observedIn('memory-a-0', 'added on b')]);
      const [first, second] = order === 'deleter first' ? [a, b] : [b, a];
      await first.sync();
      await second.sync();
      await first.sync();
      await second.sync();
      for (const m of [a, b]) {
        assert.deepEqual(fkViolations(m.db), [], `${order}: foreign keys on ${m.name}`);
        const c = read(m.db);
        assert.deepEqual(
          titles(c),
          ['added on b'],
          `${order}: the new row survives on ${m.name}, the deleted ones stay deleted`,
        );
        assert.ok(
          c.sessions.some((s) => s.content_session_id === 'content-a-0'),
          `${order}: its session is kept on ${m.name}`,
        );
        assert.deepEqual(
          c.prompts.map((p) => p.prompt_text).sort(),
          ['other'],
          `${order}: the prompts a deleted stay deleted on ${m.name}`,
        );
      }
      for (const l of remoteFiles(remote)['claude-mem/user_prompts.jsonl']!.trim().split('\n')) {
        assert.ok(typeof JSON.parse(l).session_db_id !== 'number', `no local id published: ${l}`);
      }
    }
  },
);

test(
  'a prompt whose session is gone is published without its local id, ' +
    'and an old remote id never points at another session here',
  async () => {
    const remote = bareRemote();
    const a = await memMachine('a', remote);
    const b = await memMachine('b', remote);
    claudeMemStore(a.db, work('a', 1));
    // b has sessions of its own, so a raw id 1 would name one of them.
    claudeMemStore(b.db, work('b', 1));
    // A prompt left behind by a writer without foreign keys: its session id names nothing on a.
    sql(a.db, (d) => {
      d.pragma('foreign_keys = OFF');
      d.prepare(
        'INSERT INTO user_prompts (session_db_id, content_session_id, prompt_number, prompt_text, created_at, ' +
          `created_at_epoch) VALUES (999, 'content-a-0', 7, 'orphan', 'x', 1)`,
      ).run();
    });
    await a.sync();
    const line = remoteFiles(remote)
      ['claude-mem/user_prompts.jsonl']!.split('\n')
      .find((l) => l.includes('orphan'))!;
    assert.equal(JSON.parse(line).session_db_id, null);
    await b.sync();
    const got = read(b.db).prompts.find((p) => p.prompt_text === 'orphan')!;
    const session = read(b.db).sessions.find((s) => s.id === got.session_db_id);
    assert.equal(session?.content_session_id, 'content-a-0', 'linked to its own session by content session id');
    assert.deepEqual(fkViolations(b.db), []);
  },
);

test(
  'a busy database is waited for within sources.claudeMem.busyTimeoutMs, then skipped by name: memory files sync, ' +
    'status says pending, exit code 4',
  async () => {
    const { remote, a, b } = await memPair();
    await a.sync();
    await writeSettings(b.env.MEMSYNC_HOME!, { sources: { claudeMem: { enabled: true, busyTimeoutMs: 300 } } });
    b.ctx = (await loadContext(b.env))!;
    const proj = b.checkout('git@github.com:acme/widget.git');
    b.write(path.join(b.memoryDir(proj), 'note.md'), 'synced while the database is busy\n');
    // Another connection holds claude-mem's write lock past the budget.
    const worker = openSqlite(b.db);
    worker.exec('BEGIN IMMEDIATE');
    try {
      const r = await b.cli(['sync', '--project', proj]);
      assert.equal(r.code, 4, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        joinedRegex(
          '',
          /claude-mem \(rows\): pending, not synced: .*claude-mem\.db is busy: another program held its write lock /,
          /for longer than sources\.claudeMem\.busyTimeoutMs \(300 ms\)/,
        ),
      );
      assert.ok(remoteFiles(remote)['projects/github.com/acme/widget/memory/note.md'], 'the memory file is published');
      const status = await b.cli(['status', '--json']);
      assert.match(JSON.parse(status.stdout).claudeMem.pending, /is busy/);
    } finally {
      worker.exec('ROLLBACK');
      worker.close();
    }
    const after = await b.cli(['sync']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.deepEqual(titles(read(b.db)), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal(JSON.parse((await b.cli(['status', '--json'])).stdout).claudeMem.pending, undefined);
  },
);

test(
  'a value a migration fills into a new column is an edit and travels; an upgrade that leaves it empty is ' + 'not',
  async () => {
    const { remote, a, b } = await syncedPair();
    // A newer claude-mem adds a column on both machines; on a its migration fills it.
    for (const m of [a, b]) sql(m.db, (d) => d.exec('ALTER TABLE observations ADD COLUMN importance TEXT'));
    sql(a.db, (d) => d.prepare(`UPDATE observations SET importance = 'high'`).run());
    const r = await a.sync();
    assert.equal(r.claudeMem!.tables.observations!.push, 3);
    await b.sync();
    assert.deepEqual(
      sql(b.db, (d) =>
        (d.prepare('SELECT importance FROM observations').all() as { importance: string }[]).map((x) => x.importance),
      ),
      ['high', 'high', 'high'],
    );
    // Set later on b, after both recorded the column: still an edit.
    sql(b.db, (d) => d.exec('ALTER TABLE session_summaries ADD COLUMN mood TEXT'));
    await b.sync();
    sql(b.db, (d) => d.prepare(`UPDATE session_summaries SET mood = 'calm'`).run());
    assert.equal((await b.sync()).claudeMem!.tables.session_summaries!.push, 1);
    assert.match(remoteFiles(remote)['claude-mem/session_summaries.jsonl']!, /"mood":"calm"/);
    assert.equal((await a.sync()).commit, null);
    assert.equal((await b.sync()).commit, null, 'nothing left to publish');
  },
);

test(
  'claude-mem file mode: a snapshot holding a secret is not published (named by table, ' +
    'row and column) until released',
  async () => {
    const { secretCorpus } = await import('./support/secretCorpus.ts');
    const token = secretCorpus().find((c) => c.kind === 'github classic token')!.text;
    const remote = bareRemote();
    const a = await memMachine('a', remote, 'file');
    claudeMemStore(a.db, [...work('a', 1), observedIn('memory-a-0', 'leaky', `the bot said: ${token}`)]);
    const r = await a.sync();
    assert.equal(r.commit, null);
    assert.equal(r.claudeMem!.held, 1);
    assert.equal(r.claudeMem!.tables['claude-mem.db']!.push, 0);
    assert.match(
      r.claudeMem!.notes.join('\n'),
      /held back \(secret\): claude-mem\/claude-mem\.db: observations row id \d+ \(narrative\) \S+ ghp_\*+/,
    );
    assert.ok(!remoteFiles(remote)['claude-mem/claude-mem.db']);
    // The plugin's user hears of it at the next session's start, whose pull scans nothing.
    assert.match(
      await sessionStartMessage(a),
      joinedRegex(
        '',
        /held back from syncing claude-mem's database, it looks like a secret: /,
        /claude-mem\/claude-mem\.db: observations row id \d+ \(narrative\) \S+ ghp_\*+.* /,
        /allow claude-mem\/claude-mem\.db/,
      ),
    );
    const allow = await a.cli(['allow', 'claude-mem/claude-mem.db']);
    assert.equal(allow.code, 0, allow.stderr);
    a.ctx = (await loadContext(a.env))!;
    assert.ok((await a.sync()).commit, 'published once released');
    assert.doesNotMatch(await sessionStartMessage(a), /secret/);
  },
);

test(
  'file mode: --use-remote and a take after the other side kept its own save the database first and count the ' +
    'rows they drop',
  async () => {
    const { a, b } = await memPair(work('a', 1), work('b', 1), 'file');
    await a.sync();
    assert.equal((await b.sync()).claudeMem!.conflicts, 1);
    const shown = await b.cli(['conflicts', 'claude-mem']);
    assert.equal(shown.code, 3);
    assert.match(shown.stdout, /rows only here: 1 sdk_sessions, 3 observations, 1 session_summaries, 2 user_prompts/);
    assert.match(shown.stdout, /rows only on the remote: 1 sdk_sessions, 3 observations/);

    await resolveDb(b, 'remote');
    const taken = await b.sync();
    const note = taken.claudeMem!.notes.find((n) => n.includes('--use-remote'))!;
    assert.match(note, /dropping 1 sdk_sessions, 3 observations, 1 session_summaries, 2 user_prompts rows only it had/);
    const [saved] = backups(b);
    assert.ok(saved && note.includes(saved));
    assert.deepEqual(obsTitles(saved!), ['obs b0.0', 'obs b0.1', 'obs b0.2']);
    // The way back the note names: merge the saved copy's rows into the live database.
    const back = await b.cli(['backup', 'restore', saved!, '--strategy', 'merge']);
    assert.equal(back.code, 0, back.stdout + back.stderr);
    assert.deepEqual(obsTitles(b.db), ['obs a0.0', 'obs a0.1', 'obs a0.2', 'obs b0.0', 'obs b0.1', 'obs b0.2']);

    // --keep-local on a diverged database: the remote's copy is saved, and a's next take counts what a drops.
    claudeMemStore(a.db, [observedIn('memory-a-0', 'only on a')]);
    await a.sync();
    claudeMemStore(b.db, [observedIn('memory-b-0', 'only on b')]);
    assert.equal((await b.sync()).claudeMem!.conflicts, 1);
    await resolveDb(b, 'local');
    const kept = await b.sync();
    assert.match(
      kept.claudeMem!.notes.join('\n'),
      /--keep-local replaces the remote's database, dropping 1 observations rows only it had; it is saved as/,
    );
    const pulled = await a.sync();
    assert.match(
      pulled.claudeMem!.notes.join('\n'),
      joinedRegex(
        '',
        /taking the remote replaces this machine's database, dropping 1 observations rows only it had; it is saved as /,
        /(\S+)/,
      ),
    );
    const savedOnA = /saved as (\S+) /.exec(pulled.claudeMem!.notes.join('\n'))![1]!;
    assert.ok(obsTitles(savedOnA).includes('only on a'));
  },
);

test(
  'rows mode: --use-remote saves the database and counts the rows whose version it replaces; ' +
    'conflicts and status list each row',
  async () => {
    const { a, b } = await syncedPair();
    sql(a.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from a' WHERE title = 'obs a0.2'`).run());
    sql(b.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'from b' WHERE title = 'obs a0.2'`).run());
    await a.sync();
    const sync = await b.cli(['sync']);
    assert.equal(sync.code, 3);
    assert.match(sync.stdout, /conflict: claude-mem observations \["memory-a-0","[0-9a-f]{16}"\]/);
    const list = JSON.parse((await b.cli(['conflicts', '--json'])).stdout);
    assert.equal(list.claudeMem.length, 1);
    assert.equal(list.claudeMem[0].table, 'observations');
    assert.equal(list.claudeMem[0].identity[0], 'memory-a-0');
    const status = JSON.parse((await b.cli(['status', '--json'])).stdout);
    assert.deepEqual(status.claudeMem.rowConflicts, list.claudeMem);
    const side = await b.cli(['conflicts', 'claude-mem']);
    assert.equal(side.code, 3);
    assert.match(side.stdout, /subtitle\s+from b\s+from a/);
    const json = JSON.parse((await b.cli(['conflicts', 'claude-mem', '--json'])).stdout);
    assert.equal(json.rows[0].local.subtitle, 'from b');
    assert.equal(json.rows[0].remote.subtitle, 'from a');

    const res = await b.cli(['resolve', 'claude-mem', '--use-remote']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(
      res.stdout,
      joinedRegex(
        '',
        /--use-remote replaces this machine's version of 1 observations rows with the remote's; the database as it /,
        /was is saved as (\S+) /,
      ),
    );
    const [saved] = backups(b);
    assert.equal(
      sql(
        saved!,
        (d) =>
          (d.prepare(`SELECT subtitle FROM observations WHERE title = 'obs a0.2'`).get() as { subtitle: string })
            .subtitle,
      ),
      'from b',
    );
    assert.equal(read(b.db).observations.find((o) => o.title === 'obs a0.2')!.subtitle, 'from a');

    // --keep-local: the remote's version is what is replaced (its history keeps it); the database is saved too.
    sql(a.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'again a' WHERE title = 'obs a0.1'`).run());
    sql(b.db, (d) => d.prepare(`UPDATE observations SET subtitle = 'again b' WHERE title = 'obs a0.1'`).run());
    await a.sync();
    assert.equal((await b.cli(['sync'])).code, 3);
    const local = await b.cli(['resolve', 'claude-mem', '--keep-local']);
    assert.equal(local.code, 0, local.stdout + local.stderr);
    assert.match(
      local.stdout,
      joinedRegex(
        '',
        /--keep-local replaces the remote's version of 1 observations rows on the remote \(its history keeps them: /,
        /memsync log claude-mem\/observations\.jsonl\)/,
      ),
    );
    assert.equal(backups(b).length, 2);
    await a.sync();
    assert.equal(read(a.db).observations.find((o) => o.title === 'obs a0.1')!.subtitle, 'again b');
  },
);

test('counts are exact: a row held back for a secret is not counted out', async () => {
  const { secretCorpus } = await import('./support/secretCorpus.ts');
  const token = secretCorpus().find((c) => c.kind === 'github classic token')!.text;
  const remote = bareRemote();
  const a = await memMachine('a', remote);
  claudeMemStore(a.db, work('a', 1));
  await a.sync();
  claudeMemStore(a.db, [observedIn('memory-a-0', 'fine'), observedIn('memory-a-0', 'leaky', `token ${token}`)]);
  const r = await a.sync();
  assert.equal(r.claudeMem!.held, 1);
  assert.equal(r.claudeMem!.tables.observations!.push, 1);
  assert.match(
    await sessionStartMessage(a),
    joinedRegex(
      '',
      /held back from syncing claude-mem's database, .*: /,
      /claude-mem\/observations\.jsonl \(a row\) \S+ ghp_\*+.* allow claude-mem\/observations\.jsonl/,
    ),
  );
});

/** The SessionStart hook's message to the user, as Claude Code runs it. */
async function sessionStartMessage(m: Parameters<typeof hook>[0]): Promise<string> {
  const r = await hook(m, 'session-start', { cwd: m.env.HOME!, source: 'startup' });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout ? (JSON.parse(r.stdout).systemMessage ?? '') : '';
}

test('allow refuses a pattern, a folder and a path that does not exist, with the expected form', async () => {
  const remote = bareRemote();
  const a = await memMachine('a', remote);
  const proj = a.checkout('git@github.com:acme/widget.git');
  const note = path.join(a.memoryDir(proj), 'note.md');
  a.write(note, 'x\n');
  await a.sync({ projects: [proj] });
  for (const [target, why] of [
    ['**', /a pattern is not accepted/],
    [a.memoryDir(proj), /is a folder/],
    ['projects/github.com/acme/widget/memory/missing.md', /no such file on this machine/],
  ] as const) {
    const r = await a.cli(['allow', target]);
    assert.equal(r.code, 2, `${target}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, why);
    assert.match(r.stderr, /expected: memsync allow PATH \[--line N\]/);
  }
  const settings = JSON.parse(fs.readFileSync(path.join(a.env.MEMSYNC_HOME!, 'settings.json'), 'utf8'));
  assert.deepEqual(settings.secrets?.allow ?? [], [], 'nothing released');
  assert.equal((await a.cli(['allow', note])).code, 0);
  assert.equal((await a.cli(['allow', 'claude-mem/observations.jsonl'])).code, 0);
});

test(
  'file mode: a database recreated here is not published over the remote: it is a conflict for the user to ' + 'choose',
  async () => {
    const { a, b } = await memPair(work('a', 1), [], 'file');
    await a.sync();
    // b's own (empty) database against the remote's: its first sync asks which one.
    assert.equal((await b.sync()).claudeMem!.conflicts, 1);
    await resolveDb(b, 'remote');
    await b.sync();
    assert.deepEqual(obsTitles(b.db), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal((await b.sync()).claudeMem!.conflicts, 0);
    for (const f of [b.db, `${b.db}-wal`, `${b.db}-shm`]) fs.rmSync(f, { force: true });
    claudeMemStore(b.db, []);
    const r = await b.sync();
    assert.equal(r.commit, null, 'the empty database is not pushed');
    assert.equal(r.claudeMem!.conflicts, 1);
    assert.match(r.claudeMem!.notes.join('\n'), /is new on this machine \(replaced or recreated\)/);
    await a.sync();
    assert.deepEqual(obsTitles(a.db), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    await resolveDb(b, 'remote');
    await b.sync();
    assert.deepEqual(obsTitles(b.db), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal((await b.sync()).claudeMem!.conflicts, 0);
  },
);

test(
  'file mode: taking the remote database while another connection writes waits within the budget, ' +
    'then leaves it for the next sync (exit 4)',
  async () => {
    const { a, b } = await memPair(work('a', 1), [], 'file');
    await a.sync();
    assert.equal((await b.sync()).claudeMem!.conflicts, 1);
    await resolveDb(b, 'remote');
    await writeSettings(b.env.MEMSYNC_HOME!, {
      sources: { claudeMem: { enabled: true, mode: 'file', busyTimeoutMs: 300 } },
    });
    const worker = openSqlite(b.db);
    worker.exec('BEGIN IMMEDIATE');
    try {
      const r = await b.cli(['sync']);
      assert.equal(r.code, 4, r.stdout + r.stderr);
      assert.match(r.stdout, /pending, not synced: .*is busy/);
    } finally {
      worker.exec('ROLLBACK');
      worker.close();
    }
    assert.deepEqual(obsTitles(b.db), [], 'nothing half-written');
    const after = await b.cli(['sync']);
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.deepEqual(obsTitles(b.db), ['obs a0.0', 'obs a0.1', 'obs a0.2']);
    assert.equal(
      JSON.parse((await b.cli(['status', '--json'])).stdout).claudeMem.pending,
      undefined,
      'no longer pending',
    );
  },
);
