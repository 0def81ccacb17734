import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { Machine, bareRemote, tempDir } from './support/machines.ts';
import { claudeMemStore, memMachine, observation, type StoreAction } from './support/claudeMem.ts';
import { loadContext } from '../src/machine/context.ts';

function session(tag: string, titles: string[]): StoreAction[] {
  return [
    {
      kind: 'session',
      contentSessionId: `content-${tag}`,
      memorySessionId: `memory-${tag}`,
      project: 'widget',
      prompt: `first prompt ${tag}`,
    },
    { kind: 'prompt', contentSessionId: `content-${tag}`, promptNumber: 2, text: `second prompt ${tag}` },
    ...titles.map(
      (t): StoreAction => ({
        kind: 'observation',
        memorySessionId: `memory-${tag}`,
        project: 'widget',
        promptNumber: 1,
        observation: observation(t),
      }),
    ),
  ];
}

const titles = (db: string) =>
  claudeMemStore(db, [], { read: true })
    .observations.map((o) => o.title as string)
    .sort();

async function ok(m: Machine, ...args: string[]) {
  const r = await m.cli([...args, '--json']);
  assert.equal(r.code, 0, `memsync ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test(
  "a backup carries claude-mem's database; restore creates it, skips, merges rows or overwrites (saving the old " +
    'one)',
  async () => {
    const a = await memMachine('laptop', bareRemote());
    claudeMemStore(a.db, session('a', ['alpha', 'beta']));
    const file = (await ok(a, 'backup', 'create', '--output', path.join(tempDir('memsync-bk-'), 'a.tar.gz'))).file;
    assert.deepEqual((await ok(a, 'backup', 'verify', file)).databases, ['claude-mem']);

    // An empty machine gets the database, and claude-mem's own store reads it.
    const empty = await memMachine('fresh', bareRemote());
    const created = await ok(empty, 'backup', 'restore', file, '--strategy', 'skip');
    assert.equal(created.database.action, 'created');
    assert.deepEqual(titles(empty.db), ['alpha', 'beta']);

    // A machine with its own database: skip leaves it, merge adds the backup's rows and keeps its own.
    const b = await memMachine('desktop', bareRemote());
    claudeMemStore(b.db, session('b', ['gamma']));
    assert.equal((await ok(b, 'backup', 'restore', file, '--strategy', 'skip')).database.action, 'skipped');
    assert.deepEqual(titles(b.db), ['gamma']);
    const dry = await ok(b, 'backup', 'restore', file, '--strategy', 'merge', '--dry-run');
    assert.equal(dry.database.action, 'merged');
    assert.deepEqual(titles(b.db), ['gamma'], 'a dry run writes nothing');
    const merged = await ok(b, 'backup', 'restore', file, '--strategy', 'merge');
    assert.ok(merged.database.rows >= 3, JSON.stringify(merged.database));
    const contents = claudeMemStore(b.db, [], { read: true });
    assert.deepEqual(contents.observations.map((o) => o.title).sort(), ['alpha', 'beta', 'gamma']);
    assert.deepEqual(contents.perSession['memory-a']?.sort(), ['alpha', 'beta']);
    const again = await ok(b, 'backup', 'restore', file, '--strategy', 'merge');
    assert.equal(again.database.rows, 0, 'a second merge adds nothing');
    assert.equal(claudeMemStore(b.db, [], { read: true }).observations.length, 3);

    // overwrite: the backup's database replaces the live one, which is saved first.
    const c = await memMachine('pod', bareRemote());
    claudeMemStore(c.db, session('c', ['delta']));
    const over = await ok(c, 'backup', 'restore', file, '--strategy', 'overwrite');
    assert.equal(over.database.action, 'overwritten');
    assert.deepEqual(titles(c.db), ['alpha', 'beta']);
    assert.deepEqual(titles(over.database.savedAs), ['delta']);
    assert.match(
      over.database.note,
      /dropping 1 sdk_sessions, 1 observations.* rows only it had/,
      'the rows it drops are counted',
    );
  },
);

test(
  'a backup made with encryption on is one age file: no plaintext inside, the age command opens it, ' +
    'a machine without the key cannot',
  async () => {
    const a = await new Machine('laptop', bareRemote()).init();
    const proj = a.checkout('git@github.com:acme/widget.git');
    const marker = 'PLAINTEXT-MARKER-backup-7f3a';
    a.write(path.join(a.memoryDir(proj), 'notes.md'), `${marker}\n`);
    await a.sync({ projects: [proj] });
    await ok(a, 'init', '--encrypt');
    a.ctx = (await loadContext(a.env))!;
    const file = (await ok(a, 'backup', 'create')).file as string;
    assert.match(file, /\.tar\.gz\.age$/);
    const raw = fs.readFileSync(file);
    assert.ok(raw.subarray(0, 21).equals(Buffer.from('age-encryption.org/v1')), 'an age file');
    assert.ok(!raw.includes(marker));
    assert.equal((await ok(a, 'backup', 'list')).backups[0].file, file);

    // Interop: the age command with the machine's identity gives the gzip'd tar with the file in it.
    const identity = path.join(a.env.MEMSYNC_HOME!, 'identity.txt');
    const opened = spawnSync('age', ['-d', '-i', identity, file]);
    assert.equal(opened.status, 0, opened.stderr.toString());
    assert.ok(zlib.gunzipSync(opened.stdout).includes(marker));

    assert.equal((await ok(a, 'backup', 'verify', file)).ok, true);
    const restored = await ok(a, 'backup', 'restore', file, '--strategy', 'skip');
    assert.equal(restored.unchanged.length, 1);

    // Another machine with no key (or another key) is told why and writes nothing.
    const b = await new Machine('desktop', bareRemote()).init();
    const noKey = await b.cli(['backup', 'verify', file]);
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /identity/);
    await b.cli(['keys', 'init']);
    const wrongKey = await b.cli(['backup', 'restore', file, '--strategy', 'overwrite']);
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /cannot decrypt it with this machine's age identity/);

    // One damaged byte in the encrypted file is refused.
    const damaged = Buffer.from(raw);
    damaged[damaged.length - 40]! ^= 0x01;
    fs.writeFileSync(file, damaged);
    const bad = await a.cli(['backup', 'verify', file]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /cannot decrypt/);
  },
);
