import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, tempDir } from './support/machines.ts';
import { blobHash } from '../src/util/blobHash.ts';

const MEM = 'projects/github.com/acme/widget/memory';
const GADGET = 'projects/github.com/acme/gadget/memory';
const BINARY = Buffer.from([0x89, 0x50, 0x00, 0xff, 0xfe, 0x01]);

/** Machine A with memory in two projects and user memory; machine B empty, on its own remote. */
async function setup() {
  const a = await new Machine('laptop', bareRemote()).init();
  const b = await new Machine('desktop', bareRemote()).init();
  const projA = a.checkout('git@github.com:acme/widget.git');
  const gadA = a.checkout('git@github.com:acme/gadget.git', 'gadget');
  const projB = b.checkout('https://github.com/acme/widget');
  const memA = a.memoryDir(projA);
  const memB = b.memoryDir(projB);
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n- [y](y.md)\n');
  a.write(path.join(memA, 'x.md'), 'x from laptop\n');
  a.write(path.join(memA, 'sub', 'y.md'), 'y ünïcode\n');
  fs.writeFileSync(path.join(memA, 'blob.bin'), BINARY);
  a.write(path.join(memA, 'private.md'), '---\nsync: false\n---\nsecret\n');
  a.write(path.join(a.memoryDir(gadA), 'g.md'), 'gadget\n');
  a.write(path.join(a.configDir, 'CLAUDE.md'), '# user memory\n');
  await a.sync({ projects: [projA, gadA] });
  await b.sync({ projects: [projB] });
  const file = path.join(tempDir('memsync-export-'), 'export.json');
  return { a, b, memA, memB, file };
}

interface Entry {
  path: string;
  source: string;
  label: string;
  content?: string;
  contentBase64?: string;
  sha: string;
  mtime: string;
}

async function exportFrom(m: Machine, file: string, ...extra: string[]): Promise<{ host: string; files: Entry[] }> {
  const r = await m.cli(['export', file, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function importInto(m: Machine, file: string, ...extra: string[]) {
  const r = await m.cli(['import', file, '--json', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const contentOf = (e: Entry) =>
  e.content !== undefined ? Buffer.from(e.content, 'utf8') : Buffer.from(e.contentBase64!, 'base64');

test('export writes the live files this machine syncs, without local-only ones', async () => {
  const { a, file } = await setup();
  const doc = await exportFrom(a, file);
  assert.equal((doc as unknown as { memsync: string }).memsync, 'export');
  assert.equal(doc.host, 'laptop');
  const paths = doc.files.map((f) => f.path);
  assert.deepEqual(paths, [
    `${GADGET}/g.md`,
    `${MEM}/MEMORY.md`,
    `${MEM}/blob.bin`,
    `${MEM}/sub/y.md`,
    `${MEM}/x.md`,
    'user/CLAUDE.md',
  ]);
  const byPath = Object.fromEntries(doc.files.map((f) => [f.path, f]));
  assert.equal(byPath[`${MEM}/sub/y.md`]!.content, 'y ünïcode\n');
  assert.equal(byPath[`${MEM}/blob.bin`]!.content, undefined);
  assert.deepEqual(Buffer.from(byPath[`${MEM}/blob.bin`]!.contentBase64!, 'base64'), BINARY);
  for (const f of doc.files) {
    assert.equal(f.sha, blobHash(contentOf(f)));
    assert.ok(!Number.isNaN(Date.parse(f.mtime)));
  }
  assert.equal(byPath[`${MEM}/x.md`]!.label, 'github.com/acme/widget');
  assert.equal(byPath[`${MEM}/x.md`]!.source, 'claude-auto-memory');
  assert.equal(byPath['user/CLAUDE.md']!.source, 'claude-user-memory');
  // Pretty printed; `-` writes to stdout.
  assert.match(fs.readFileSync(file, 'utf8'), /\n {2}"files": \[/);
  const out = await a.cli(['export', '-']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(JSON.parse(out.stdout).files.length, doc.files.length);
});

test('export filters by --project, --source and --since', async () => {
  const { a, file } = await setup();
  const proj = await exportFrom(a, file, '--project', 'github.com/acme/gadget');
  assert.deepEqual(
    proj.files.map((f) => f.path),
    [`${GADGET}/g.md`],
  );
  const src = await exportFrom(a, file, '--source', 'claude-user-memory');
  assert.deepEqual(
    src.files.map((f) => f.path),
    ['user/CLAUDE.md'],
  );
  const both = await exportFrom(
    a,
    file,
    '--source',
    'claude-user-memory',
    '--project',
    'github.com/acme/gadget',
    '--project',
    'user',
  );
  assert.deepEqual(
    both.files.map((f) => f.path),
    ['user/CLAUDE.md'],
  );
  assert.equal((await exportFrom(a, file, '--since', '2999-01-01')).files.length, 0);
  assert.equal((await exportFrom(a, file, '--since', '2001-01-01')).files.length, 6);
  const bad = await a.cli(['export', file, '--since', 'yesterday']);
  assert.equal(bad.code, 2);
  // A name that matches nothing is an error naming those there are, not an empty export.
  fs.rmSync(file, { force: true });
  const nope = await a.cli(['export', file, '--project', 'github.com/acme/nope']);
  assert.equal(nope.code, 2);
  assert.match(nope.stderr, /--project github\.com\/acme\/nope: no such project synced on this machine/);
  assert.match(nope.stderr, /the projects are: github\.com\/acme\/gadget, github\.com\/acme\/widget/);
  const noSource = await a.cli(['export', '-', '--source', 'nope']);
  assert.equal(noSource.code, 2);
  assert.match(noSource.stderr, /--source nope: no such source.*claude-user-memory/s);
  assert.equal(noSource.stdout, '');
  assert.equal(fs.existsSync(file), false);
});

for (const strategy of ['skip', 'overwrite', 'merge']) {
  test(`import --strategy ${strategy} into an empty machine creates every synced file`, async () => {
    const { a, b, memA, memB, file } = await setup();
    const doc = await exportFrom(a, file);
    const r = await importInto(b, file, '--strategy', strategy);
    assert.deepEqual(r.created, [
      `${MEM}/MEMORY.md`,
      `${MEM}/blob.bin`,
      `${MEM}/sub/y.md`,
      `${MEM}/x.md`,
      'user/CLAUDE.md',
    ]);
    // B does not know the gadget project: its file waits for its folder.
    assert.deepEqual(r.held, [{ path: `${GADGET}/g.md`, waitsFor: 'github.com/acme/gadget' }]);
    for (const f of doc.files.filter((e) => e.path.startsWith(MEM))) {
      const rel = f.path.slice(MEM.length + 1);
      assert.deepEqual(fs.readFileSync(path.join(memB, rel)), contentOf(f), f.path);
    }
    assert.deepEqual(
      readTree(memB),
      Object.fromEntries(Object.entries(readTree(memA)).filter(([p]) => p !== 'private.md')),
    );
    assert.equal(fs.readFileSync(path.join(b.configDir, 'CLAUDE.md'), 'utf8'), '# user memory\n');
    // Importing again changes nothing.
    const again = await importInto(b, file, '--strategy', strategy);
    assert.equal(again.unchanged.length, 5);
    assert.deepEqual([...again.created, ...again.overwritten, ...again.merged], []);
    const human = await b.cli(['import', file, '--strategy', strategy]);
    assert.equal(human.code, 0, human.stderr);
  });
}

test('import of differing files: skip keeps live, overwrite replaces the synced, merge copies beside', async () => {
  const { a, b, memB, file } = await setup();
  b.write(path.join(memB, 'x.md'), 'x from desktop\n');
  b.write(path.join(memB, 'MEMORY.md'), '- [x](x.md)\n- [z](z.md)\n');
  fs.writeFileSync(path.join(memB, 'blob.bin'), Buffer.from([0, 1, 2]));
  await b.sync();
  await exportFrom(a, file);

  const skip = await importInto(b, file, '--strategy', 'skip');
  assert.deepEqual(
    skip.skipped.map((s: { path: string }) => s.path),
    [`${MEM}/MEMORY.md`, `${MEM}/blob.bin`, `${MEM}/x.md`],
  );
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'x from desktop\n');

  // An export has no base: which side is newer cannot be told, so every differing file is copied beside live.
  const merge = await importInto(b, file, '--strategy', 'merge');
  assert.deepEqual(merge.merged, []);
  assert.deepEqual(
    merge.copies.map((c: { path: string }) => c.path),
    [`${MEM}/MEMORY.md`, `${MEM}/blob.bin`, `${MEM}/x.md`],
  );
  assert.match(merge.copies[1].copy, /blob\.conflict-laptop-\d{8}T\d{6}Z\.bin$/);
  assert.deepEqual(fs.readFileSync(merge.copies[1].copy), BINARY);
  assert.equal(fs.readFileSync(merge.copies[2].copy, 'utf8'), 'x from laptop\n');
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'x from desktop\n');
  assert.equal(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), '- [x](x.md)\n- [z](z.md)\n');
  assert.deepEqual(fs.readFileSync(path.join(memB, 'blob.bin')), Buffer.from([0, 1, 2]));
  // Once per distinct version: importing again writes no second copy.
  const again = await importInto(b, file, '--strategy', 'merge');
  assert.deepEqual(
    again.copies.map((c: { copy: string }) => c.copy),
    merge.copies.map((c: { copy: string }) => c.copy),
  );

  // An unpublished local change is refused by overwrite unless --force.
  b.write(path.join(memB, 'x.md'), 'x from desktop, edited\n');
  const refused = await importInto(b, file, '--strategy', 'overwrite');
  assert.deepEqual(refused.overwritten, [`${MEM}/MEMORY.md`, `${MEM}/blob.bin`]);
  assert.deepEqual(
    refused.skipped.map((s: { path: string }) => s.path),
    [`${MEM}/x.md`],
  );
  assert.match(refused.skipped[0].reason, /unpublished/);
  assert.deepEqual(fs.readFileSync(path.join(memB, 'blob.bin')), BINARY);
  assert.match(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), /x from desktop/);
  const forced = await importInto(b, file, '--strategy', 'overwrite', '--force');
  assert.deepEqual(forced.overwritten, [`${MEM}/x.md`]);
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'x from laptop\n');
});

test('import --strategy merge never brings back a line the user replaced or removed', async () => {
  const { a, memA, file } = await setup();
  a.write(path.join(memA, 'x.md'), 'line one\nline two\n');
  await a.sync();
  await exportFrom(a, file);
  a.write(path.join(memA, 'x.md'), 'line one\nline TWO edited\n');
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n');
  // Unpublished edits: the export holds the versions this machine last synced, so live is the newer.
  const kept = await importInto(a, file, '--strategy', 'merge');
  assert.deepEqual(
    kept.skipped.map((s: { path: string }) => s.path),
    [`${MEM}/MEMORY.md`, `${MEM}/x.md`],
  );
  assert.deepEqual([kept.merged, kept.copies], [[], []]);
  // Published: the export's versions are older than the base, but nothing says so: beside live, never merged.
  await a.sync();
  const copied = await importInto(a, file, '--strategy', 'merge');
  assert.deepEqual(copied.merged, []);
  assert.deepEqual(
    copied.copies.map((c: { path: string }) => c.path),
    [`${MEM}/MEMORY.md`, `${MEM}/x.md`],
  );
  assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), 'line one\nline TWO edited\n');
  assert.equal(fs.readFileSync(path.join(memA, 'MEMORY.md'), 'utf8'), '- [x](x.md)\n');
  assert.equal(fs.readFileSync(copied.copies[1].copy, 'utf8'), 'line one\nline two\n');
  const human = await a.cli(['import', file, '--strategy', 'merge']);
  assert.match(human.stdout, /no base to tell which side is newer/);
});

test('import --dry-run prints the plan and writes nothing', async () => {
  const { a, b, memB, file } = await setup();
  await exportFrom(a, file);
  const r = await importInto(b, file, '--strategy', 'merge', '--dry-run');
  assert.equal(r.dryRun, true);
  assert.equal(r.created.length, 5);
  assert.deepEqual(readTree(memB), {});
  assert.ok(!fs.existsSync(path.join(b.configDir, 'CLAUDE.md')));
  const human = await b.cli(['import', file, '--strategy', 'overwrite', '--dry-run']);
  assert.match(human.stdout, /would create/);
  assert.deepEqual(readTree(memB), {});
});

test('a hostile export is refused entry by entry and nothing is written outside', async () => {
  const { b, memB, file } = await setup();
  const outside = tempDir('memsync-outside-');
  const entry = (p: string, content: string) => ({
    path: p,
    source: 'claude-auto-memory',
    label: 'x',
    content,
    sha: blobHash(Buffer.from(content)),
    mtime: new Date().toISOString(),
  });
  const doc = {
    memsync: 'export',
    version: 1,
    host: 'evil',
    createdAt: new Date().toISOString(),
    files: [
      entry(`${MEM}/../../../../../../outside.md`, 'pwned\n'),
      entry(path.join(outside, 'abs.md'), 'pwned\n'),
      entry(`${MEM}//empty.md`, 'pwned\n'),
      entry(`${MEM}\\..\\back.md`, 'pwned\n'),
      entry(`${MEM}/fine.md`, 'fine\n'),
    ],
  };
  fs.writeFileSync(file, JSON.stringify(doc));
  const r = await b.cli(['import', file, '--strategy', 'overwrite']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /refused .*outside\.md.*"\.\." in path/);
  assert.match(r.stdout, /refused .*abs\.md.*absolute path/);
  const j = await importInto(b, file, '--strategy', 'overwrite', '--dry-run');
  assert.deepEqual(
    j.refused.map((x: { path: string }) => x.path).sort(),
    doc.files
      .slice(0, 4)
      .map((f) => f.path)
      .sort(),
  );
  assert.deepEqual(readTree(memB), { 'fine.md': 'fine\n' });
  assert.deepEqual(readTree(outside), {});
  assert.ok(!fs.existsSync(path.join(b.configDir, 'outside.md')));
  assert.ok(!fs.existsSync(path.join(b.root, 'outside.md')));
});

test('a bad export file exits 2 naming the problem', async () => {
  const { b, file } = await setup();
  fs.writeFileSync(file, '{not json');
  const notJson = await b.cli(['import', file, '--strategy', 'skip']);
  assert.equal(notJson.code, 2);
  assert.match(notJson.stderr, /not JSON/);
  fs.writeFileSync(
    file,
    JSON.stringify({ memsync: 'export', version: 1, host: 'h', createdAt: 'now', files: [{ path: `${MEM}/a.md` }] }),
  );
  const noContent = await b.cli(['import', file, '--strategy', 'skip']);
  assert.equal(noContent.code, 2);
  assert.match(noContent.stderr, /files\.0.*a\.md.*content/);
  fs.writeFileSync(
    file,
    JSON.stringify({
      memsync: 'export',
      version: 1,
      host: 'h',
      createdAt: 'now',
      files: [{ path: `${MEM}/a.md`, content: 'a', sha: blobHash(Buffer.from('b')) }],
    }),
  );
  const badSha = await b.cli(['import', file, '--strategy', 'skip']);
  assert.equal(badSha.code, 2);
  assert.match(badSha.stderr, /a\.md.*does not match its sha/);
  const noStrategy = await b.cli(['import', file]);
  assert.equal(noStrategy.code, 2);
});
