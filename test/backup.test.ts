import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, tempDir } from './support/machines.ts';

const MEM = 'projects/github.com/acme/widget/memory';
const BINARY = Buffer.from([0x89, 0x50, 0x00, 0xff, 0xfe, 0x01]);

/** Machine A with memory (a local-only file among it); machine B empty, on its own remote. */
async function setup() {
  const a = await new Machine('laptop', bareRemote()).init();
  const b = await new Machine('desktop', bareRemote()).init();
  const projA = a.checkout('git@github.com:acme/widget.git');
  const projB = b.checkout('https://github.com/acme/widget');
  const memA = a.memoryDir(projA);
  const memB = b.memoryDir(projB);
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n- [y](y.md)\n');
  a.write(path.join(memA, 'x.md'), 'x from laptop\n');
  a.write(path.join(memA, 'sub', 'y.md'), 'y ünïcode\n');
  fs.writeFileSync(path.join(memA, 'blob.bin'), BINARY);
  a.write(path.join(memA, 'private.md'), '---\nsync: false\n---\nsecret\n');
  a.write(path.join(a.configDir, 'CLAUDE.md'), '# user memory\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  const file = path.join(tempDir('memsync-backup-'), 'b.tar.gz');
  return { a, b, memA, memB, file };
}

async function backup(m: Machine, ...extra: string[]): Promise<string> {
  const r = await m.cli(['backup', 'create', '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).file;
}

async function restore(m: Machine, file: string, ...extra: string[]) {
  const r = await m.cli(['backup', 'restore', file, '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const synced = (memA: string) => Object.fromEntries(Object.entries(readTree(memA)).filter(([p]) => p !== 'private.md'));

test('backup create writes a verifiable archive of the synced files, not local-only ones', async () => {
  const { a, file } = await setup();
  assert.equal(await backup(a, '--output', file), file);
  const v = await a.cli(['backup', 'verify', file]);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stdout, /^ok/);
  const { verifyBackup } = await import('../src/sync/backup.ts');
  const { manifest, files } = await verifyBackup(file);
  assert.equal(manifest.memsync, 'backup');
  assert.equal(manifest.host, 'laptop');
  assert.deepEqual(
    manifest.files.map((f) => f.path),
    [`${MEM}/MEMORY.md`, `${MEM}/blob.bin`, `${MEM}/sub/y.md`, `${MEM}/x.md`, 'user/CLAUDE.md'],
  );
  assert.ok(manifest.base.seq > 0 && manifest.base.remoteTip);
  for (const f of manifest.files) assert.match(f.baseSha ?? '', /^[0-9a-f]{40}$/);
  assert.deepEqual(files.get(`${MEM}/blob.bin`), BINARY);
  // The default folder, named after the host and time; no temp file left behind.
  const def = await backup(a);
  assert.equal(path.dirname(def), path.join(a.env.MEMSYNC_HOME!, 'backups'));
  assert.match(path.basename(def), /^backup-laptop-\d{8}T\d{9}Z\.tar\.gz$/);
  assert.deepEqual(fs.readdirSync(path.dirname(def)), [path.basename(def)]);
});

for (const strategy of ['skip', 'overwrite', 'merge']) {
  test(`backup restore --strategy ${strategy} on an empty machine brings back every synced file`, async () => {
    const { a, b, memA, memB, file } = await setup();
    await backup(a, '--output', file);
    const dry = await restore(b, file, '--strategy', strategy, '--dry-run');
    assert.equal(dry.created.length, 5);
    assert.deepEqual(readTree(memB), {});
    const r = await restore(b, file, '--strategy', strategy);
    assert.deepEqual(r.created, [
      `${MEM}/MEMORY.md`,
      `${MEM}/blob.bin`,
      `${MEM}/sub/y.md`,
      `${MEM}/x.md`,
      'user/CLAUDE.md',
    ]);
    assert.deepEqual(readTree(memB), synced(memA));
    for (const name of ['MEMORY.md', 'x.md', 'sub/y.md', 'blob.bin'])
      assert.deepEqual(fs.readFileSync(path.join(memB, name)), fs.readFileSync(path.join(memA, name)), name);
    assert.equal(fs.readFileSync(path.join(b.configDir, 'CLAUDE.md'), 'utf8'), '# user memory\n');
    const again = await restore(b, file, '--strategy', strategy);
    assert.equal(again.unchanged.length, 5);
  });
}

test('backup restore --strategy merge uses the backup base: a side left at the base follows the other', async () => {
  const { a, memA, file } = await setup();
  a.write(path.join(memA, 'x.md'), 'x edited after sync\n');
  await backup(a, '--output', file);
  // After the backup: live x.md goes back to the base, MEMORY.md gains a line, sub/y.md changes.
  a.write(path.join(memA, 'x.md'), 'x from laptop\n');
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n- [y](y.md)\n- [z](z.md)\n');
  const r = await restore(a, file, '--strategy', 'merge');
  // Live x.md equals the base: the backup's version is taken.
  assert.deepEqual(r.overwritten, [`${MEM}/x.md`]);
  assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), 'x edited after sync\n');
  // The backup's MEMORY.md is the base: live kept.
  assert.deepEqual(
    r.skipped.map((s: { path: string }) => s.path),
    [`${MEM}/MEMORY.md`],
  );
  assert.match(fs.readFileSync(path.join(memA, 'MEMORY.md'), 'utf8'), /z\.md/);
});

test('backup restore --strategy merge of a file both sides changed merges from the base', async () => {
  const { a, memA, file } = await setup();
  a.write(path.join(memA, 'x.md'), 'line one\nline two\nline three\n');
  await a.sync();
  a.write(path.join(memA, 'x.md'), 'line one\nline two\nline three\nline four\n');
  await backup(a, '--output', file);
  a.write(path.join(memA, 'x.md'), 'line one\nline TWO\nline three\n');
  const r = await restore(a, file, '--strategy', 'merge');
  assert.deepEqual(r.merged, [`${MEM}/x.md`]);
  assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), 'line one\nline TWO\nline three\nline four\n');
});

test('a backup damaged by one byte is refused by verify and restore, and nothing is written', async () => {
  const { a, b, memB, file } = await setup();
  await backup(a, '--output', file);
  const good = fs.readFileSync(file);
  for (const at of [3, 5, Math.floor(good.length / 2), good.length - 6, good.length - 1]) {
    const bad = Buffer.from(good);
    bad[at] = bad[at]! ^ 0x01;
    fs.writeFileSync(file, bad);
    const v = await b.cli(['backup', 'verify', file]);
    assert.equal(v.code, 1, `byte ${at}: ${v.stdout}`);
    assert.match(v.stderr, /gzip|header|sha256|tar|bytes|manifest/, `byte ${at}`);
    for (const strategy of ['skip', 'overwrite', 'merge']) {
      const r = await b.cli(['backup', 'restore', file, '--strategy', strategy]);
      assert.equal(r.code, 1, `byte ${at} ${strategy}`);
    }
    assert.deepEqual(readTree(memB), {});
    assert.ok(!fs.existsSync(path.join(b.configDir, 'CLAUDE.md')));
  }
});

test('backup verify refuses entries that are not in the manifest, unsafe or not regular files', async () => {
  const { a, b, file } = await setup();
  const tar = await import('tar');
  const { verifyBackup } = await import('../src/sync/backup.ts');
  await backup(a, '--output', file);
  const { manifest, files } = await verifyBackup(file);
  const make = async (extra: (dir: string) => string[]) => {
    const dir = tempDir('memsync-stage-');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    for (const [p, c] of files) {
      fs.mkdirSync(path.join(dir, 'files', path.dirname(p)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'files', p), c);
    }
    await tar.c({ gzip: true, portable: true, file, cwd: dir }, [
      'manifest.json',
      ...[...files.keys()].map((p) => `files/${p}`),
      ...extra(dir),
    ]);
  };
  await make(() => []);
  assert.equal((await b.cli(['backup', 'verify', file])).code, 0);
  await make((dir) => {
    fs.writeFileSync(path.join(dir, 'files', 'extra.md'), 'extra\n');
    return ['files/extra.md'];
  });
  assert.match((await b.cli(['backup', 'verify', file])).stderr, /unexpected entry "files\/extra\.md"/);
  await make((dir) => {
    fs.symlinkSync('/etc/passwd', path.join(dir, 'files', 'link.md'));
    return ['files/link.md'];
  });
  const link = await b.cli(['backup', 'verify', file]);
  assert.equal(link.code, 1);
  assert.match(link.stderr, /SymbolicLink/);
  await make((dir) => {
    fs.mkdirSync(path.join(dir, 'files', 'a'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'files', 'a', 'up.md'), 'x');
    return ['files/a/../a/up.md'];
  });
  const up = await b.cli(['backup', 'verify', file]);
  assert.equal(up.code, 1);
  assert.match(up.stderr, /\.\./);
});

test('backup list shows the default folder newest first; prune keeps the newest N', async () => {
  const { a } = await setup();
  const made: string[] = [];
  for (let i = 0; i < 3; i++) {
    made.push(await backup(a));
    await new Promise((r) => setTimeout(r, 5));
  }
  const l = await a.cli(['backup', 'list', '--json']);
  assert.equal(l.code, 0, l.stderr);
  const list = JSON.parse(l.stdout).backups as { file: string; bytes: number; time: string }[];
  assert.deepEqual(
    list.map((b) => b.file),
    [...made].reverse(),
  );
  for (const b of list) assert.equal(b.bytes, fs.statSync(b.file).size);
  assert.match((await a.cli(['backup', 'list'])).stdout, /bytes/);
  assert.equal((await a.cli(['backup', 'prune', '--keep', '0'])).code, 2);
  assert.equal((await a.cli(['backup', 'prune'])).code, 2);
  const p = await a.cli(['backup', 'prune', '--keep', '1', '--json']);
  assert.equal(p.code, 0, p.stderr);
  assert.deepEqual(JSON.parse(p.stdout).deleted, made.slice(0, 2).reverse());
  assert.deepEqual(fs.readdirSync(path.join(a.env.MEMSYNC_HOME!, 'backups')), [path.basename(made[2]!)]);
});
