/**
 * Every command that writes live files stays inside the memory folders as they really are on disk
 * (links included), and a write journal that is damaged or names paths outside them is set aside,
 * never acted on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, remoteFiles, tempDir } from './support/machines.ts';
import { tempNameFor } from '../src/safety/checkedWrite.ts';
import { containProblem } from '../src/safety/contain.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

/** A machine whose memory folder holds `good.md` and a link `lnk` to a folder elsewhere (`outside`). */
async function linkedMachine() {
  const remote = bareRemote();
  const m = await new Machine('desktop', remote).init();
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  m.write(path.join(mem, 'good.md'), 'kept\n');
  await m.sync({ projects: [proj] });
  const outside = tempDir('memsync-outside-');
  fs.writeFileSync(path.join(outside, 'theirs.md'), 'not memory\n');
  fs.symlinkSync(outside, path.join(mem, 'lnk'));
  return { m, mem, outside };
}

function exportFile(files: { path: string; content: string }[]): string {
  const file = path.join(tempDir('memsync-export-'), 'export.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ memsync: 'export', version: 1, host: 'laptop', createdAt: new Date().toISOString(), files }),
  );
  return file;
}

test('import of an export naming a file under a linked folder refuses it by name; the rest is imported', async () => {
  const { m, mem, outside } = await linkedMachine();
  const file = exportFile([
    { path: `${MEM}/lnk/x.md`, content: 'through the link\n' },
    { path: `${MEM}/new.md`, content: 'imported\n' },
  ]);
  const r = await m.cli(['import', file, '--strategy', 'overwrite', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.match(res.refused.find((x: { path: string }) => x.path === `${MEM}/lnk/x.md`).reason, /link to elsewhere/);
  assert.deepEqual(res.created, [`${MEM}/new.md`]);
  assert.deepEqual(readTree(outside), { 'theirs.md': 'not memory\n' }, 'nothing written outside');
  assert.equal(fs.readFileSync(path.join(mem, 'new.md'), 'utf8'), 'imported\n');
});

test(
  'backup restore of a backup holding a folder that is a link here refuses its files by name; ' +
    'the rest is restored',
  async () => {
    const remote = bareRemote();
    const a = await new Machine('laptop', remote).init();
    const projA = a.checkout(ORIGIN);
    a.write(path.join(a.memoryDir(projA), 'lnk', 'x.md'), 'in a real folder there\n');
    a.write(path.join(a.memoryDir(projA), 'other.md'), 'backed up\n');
    await a.sync({ projects: [projA] });
    const backup = path.join(tempDir('memsync-backup-'), 'b.tar.gz');
    const made = await a.cli(['backup', 'create', '--output', backup]);
    assert.equal(made.code, 0, made.stderr);
    const { m, mem, outside } = await linkedMachine();
    const r = await m.cli(['backup', 'restore', backup, '--strategy', 'overwrite', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout);
    assert.match(res.refused.find((x: { path: string }) => x.path === `${MEM}/lnk/x.md`).reason, /link to elsewhere/);
    assert.deepEqual(readTree(outside), { 'theirs.md': 'not memory\n' }, 'nothing written outside');
    assert.equal(fs.readFileSync(path.join(mem, 'other.md'), 'utf8'), 'backed up\n');
  },
);

test('a write journal with a null target is set aside with a note; the sync goes on', async () => {
  const { m } = await linkedMachine();
  const journal = path.join(m.ctx.home, 'state', 'writing.json');
  fs.writeFileSync(journal, JSON.stringify({ started: Date.now(), targets: [null] }));
  const r = await m.cli(['sync', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const note = JSON.parse(r.stdout).notes.find((n: string) => n.startsWith('the write journal was not acted on'));
  assert.match(note, /\(it is damaged\); it was moved to .*writing\.json\.set-aside-\d+/);
  assert.equal(fs.existsSync(journal), false);
});

test(
  'a write journal naming targets outside the memory folders is never acted on: matching files there ' + 'stay',
  async () => {
    const { m, mem } = await linkedMachine();
    const victims = tempDir('memsync-victim-');
    const target = path.join(victims, 'x.md');
    // What a leftover temp file of that target would be named: the journal would have it removed.
    const bait = path.join(victims, tempNameFor(target));
    fs.writeFileSync(bait, "someone else's file\n");
    const inside = path.join(mem, 'good.md');
    const leftover = path.join(mem, tempNameFor(inside));
    fs.writeFileSync(leftover, 'half a write\n');
    const journal = path.join(m.ctx.home, 'state', 'writing.json');
    fs.writeFileSync(journal, JSON.stringify({ started: Date.now() - 5000, targets: [inside, target] }));
    const report = await m.sync();
    assert.ok(
      report.notes.some((n) => n.includes(`it names ${target}, outside the memory folders`)),
      JSON.stringify(report.notes),
    );
    assert.equal(fs.readFileSync(bait, 'utf8'), "someone else's file\n", 'the file outside is untouched');
    assert.ok(fs.existsSync(leftover), 'not even the inside target is acted on');
    assert.ok(
      !Object.keys(remoteFiles(m.remote)).some((p) => p.includes('.memsync-')),
      'a temp file is never published',
    );
  },
);

test(
  'containProblem judges where things are on disk: a linked memory folder is fine, a dangling link out is not, ' +
    'nor a name the disk cannot hold',
  () => {
    const base = tempDir('memsync-contain-');
    const real = path.join(base, 'real-memory');
    fs.mkdirSync(path.join(real, 'notes'), { recursive: true });
    // The user keeps the memory folder itself elsewhere (a link): writing inside it is inside.
    fs.symlinkSync(real, path.join(base, 'memory'));
    const mem = path.join(base, 'memory');
    assert.equal(containProblem(mem, path.join(mem, 'notes', 'a.md')), null);
    assert.equal(containProblem(mem, path.join(mem, 'new', 'deeper', 'b.md')), null, 'folders not made yet are inside');
    // A link to a folder that does not exist yet still points out: mkdir would follow it.
    fs.symlinkSync(path.join(base, 'elsewhere'), path.join(real, 'later'));
    assert.match(
      containProblem(mem, path.join(mem, 'later', 'x.md'))!,
      /link to elsewhere \(it would land at .*elsewhere\/x\.md\)/,
    );
    assert.match(containProblem(mem, path.join(mem, '..', 'x.md'))!, /outside its memory folder/);
    assert.match(containProblem(mem, path.join(mem, `${'x'.repeat(300)}.md`))!, /longer than this file system allows/);
    assert.match(containProblem(mem, path.join(mem, '.Git', 'config'))!, /inside a \.git folder/);
  },
);

test('resolve --keep remote does not write through a folder that became a link elsewhere', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(projA), 'sub', 'x.md'), 'base\n');
  await a.sync({ projects: [projA] });
  const b = await new Machine('desktop', remote).init();
  const projB = b.checkout(ORIGIN);
  const memB = b.memoryDir(projB);
  await b.sync({ projects: [projB] });
  a.write(path.join(a.memoryDir(projA), 'sub', 'x.md'), 'laptop\n');
  await a.sync();
  b.write(path.join(memB, 'sub', 'x.md'), 'desktop\n');
  assert.equal((await b.sync()).conflicts.length, 1);
  const outside = tempDir('memsync-outside-');
  fs.renameSync(path.join(memB, 'sub'), path.join(outside, 'sub'));
  fs.symlinkSync(path.join(outside, 'sub'), path.join(memB, 'sub'));
  const before = readTree(outside);
  const r = await b.cli(['resolve', `${MEM}/sub/x.md`, '--keep', 'remote']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`${MEM}/sub/x\\.md was not written: a folder on its way is a link to elsewhere`));
  assert.deepEqual(readTree(outside), before, 'nothing written outside');
});

test('restore --all does not write through a folder that is a link here, and names it', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(projA), 'lnk', 'x.md'), 'in a real folder there\n');
  a.write(path.join(a.memoryDir(projA), 'other.md'), 'then\n');
  await a.sync({ projects: [projA] });
  const b = await new Machine('desktop', remote).init();
  const projB = b.checkout(ORIGIN);
  const memB = b.memoryDir(projB);
  const outside = tempDir('memsync-outside-');
  fs.mkdirSync(memB, { recursive: true });
  fs.symlinkSync(outside, path.join(memB, 'lnk'));
  await b.sync({ projects: [projB] });
  b.write(path.join(memB, 'other.md'), 'now\n');
  await b.sync();
  const r = await b.cli(['restore', '--all', '--at', '2999-01-01', '--no-sync', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  const why = `not restored: ${MEM}/lnk/x.md: a folder on its way is a link to elsewhere`;
  assert.ok(
    res.notes.some((n: string) => n.startsWith(why)),
    r.stdout,
  );
  assert.deepEqual(readTree(outside), {}, 'nothing written outside');
  assert.equal(fs.readFileSync(path.join(memB, 'other.md'), 'utf8'), 'now\n', 'already as at the tip: unchanged');
});
