/**
 * Whole or nothing on a full disk (a real tmpfs): a file memsync cannot write whole is not
 * written at all, nothing is published or recorded, and the command says which folder needs how
 * much space. Runs as root (mount); each test unmounts its disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, remoteFiles } from './support/machines.ts';
import { smallDisk } from './support/disk.ts';
import { MemsyncError } from '../src/errors.ts';
import { checkedWrite } from '../src/safety/checkedWrite.ts';
import { loadState } from '../src/machine/state.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const BIG = 828_903;

/** Every file of a machine outside `skip` folders, for "nothing else changed". */
function outside(root: string, skip: string[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(readTree(root)).filter(([p]) => !skip.some((s) => path.join(root, p).startsWith(s + path.sep))),
  );
}

test(
  'checkedWrite on a disk with 64 KB free: the short write is caught, the old file kept, no temp left, ' +
    'the folder and bytes named',
  (t) => {
    const dir = fs.mkdtempSync('/tmp/memsync-disk-');
    const disk = smallDisk(dir, 1024 * 1024);
    t.after(() => disk.unmount());
    const file = path.join(dir, 'note.md');
    fs.writeFileSync(file, 'old\n');
    disk.leave(64 * 1024);
    assert.throws(
      () => checkedWrite(file, Buffer.alloc(BIG, 'x')),
      (e: unknown) => {
        assert.ok(e instanceof MemsyncError);
        assert.match(e.message, new RegExp(`the disk is full: ${dir} needs ${BIG} bytes`));
        assert.ok(!e.message.includes('.memsync-'), 'the temp name is not shown');
        return true;
      },
    );
    assert.equal(fs.readFileSync(file, 'utf8'), 'old\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['.filler', 'note.md']);
    disk.release();
    checkedWrite(file, Buffer.alloc(BIG, 'x'));
    assert.equal(fs.statSync(file).size, BIG);
  },
);

test(
  'a taken file that does not fit is not written: the sync stops naming the folder, nothing truncated is ' +
    'published or reaches another machine',
  async (t) => {
    const remote = bareRemote();
    const a = await new Machine('laptop', remote).init();
    const projA = a.checkout(ORIGIN);
    const memA = a.memoryDir(projA);
    a.write(path.join(memA, 'big.md'), 'small at first\n');
    a.write(path.join(memA, 'MEMORY.md'), '- [big](big.md)\n');
    await a.sync({ projects: [projA] });

    const b = await new Machine('desktop', remote).init();
    const projB = b.checkout(ORIGIN);
    const memB = b.memoryDir(projB);
    // The project's folder is a small disk; the filler sits beside memory/, where nothing syncs.
    const disk = smallDisk(path.dirname(memB), 2 * 1024 * 1024);
    t.after(() => disk.unmount());
    await b.sync({ projects: [projB] });
    assert.equal(fs.readFileSync(path.join(memB, 'big.md'), 'utf8'), 'small at first\n');
    const stateBefore = await loadState(b.ctx.home);

    const big = `${'y'.repeat(BIG - 1)}\n`;
    a.write(path.join(memA, 'big.md'), big);
    await a.sync();
    disk.leave(64 * 1024);
    const othersBefore = outside(b.root, [memB, b.env.MEMSYNC_HOME!]);
    const run = await b.cli(['sync']);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`the disk is full: ${memB} needs ${BIG} bytes`));
    assert.equal(run.stderr.trim().split('\n').length, 2, `one line and its hint: ${run.stderr}`);
    assert.equal(fs.readFileSync(path.join(memB, 'big.md'), 'utf8'), 'small at first\n', 'the old file is kept');
    assert.deepEqual(fs.readdirSync(memB).sort(), ['MEMORY.md', 'big.md'], 'no temp file left');
    assert.deepEqual((await loadState(b.ctx.home)).base, stateBefore.base, 'nothing recorded');
    assert.deepEqual(outside(b.root, [memB, b.env.MEMSYNC_HOME!]), othersBefore, 'nothing else changed');

    // Still full: the next sync publishes nothing (no truncated "local edit") and stops the same way.
    const again = await b.cli(['sync']);
    assert.equal(again.code, 1);
    assert.equal(remoteFiles(remote)[`${MEM}/big.md`], big, 'the remote holds the whole file');
    const c = await new Machine('pod', remote).init();
    const projC = c.checkout(ORIGIN);
    await c.sync({ projects: [projC] });
    assert.equal(
      fs.readFileSync(path.join(c.memoryDir(projC), 'big.md'), 'utf8'),
      big,
      'another machine gets it whole',
    );

    disk.release();
    const done = await b.sync();
    assert.deepEqual(done.taken, [`${MEM}/big.md`]);
    assert.deepEqual(done.published, []);
    assert.equal(fs.readFileSync(path.join(memB, 'big.md'), 'utf8'), big);
  },
);

test('a full disk under the state folder keeps the old state whole, names the folder; the next finishes', async (t) => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const projA = a.checkout(ORIGIN);
  const memA = a.memoryDir(projA);
  for (let i = 0; i < 40; i++) a.write(path.join(memA, `n${i}.md`), `note ${i}\n`);
  const stateDir = path.join(a.env.MEMSYNC_HOME!, 'state');
  fs.rmSync(stateDir, { recursive: true, force: true });
  const disk = smallDisk(stateDir, 512 * 1024);
  t.after(() => disk.unmount());
  await a.sync({ projects: [projA] });
  const before = await loadState(a.ctx.home);
  for (let i = 40; i < 400; i++) a.write(path.join(memA, `n${i}-${'p'.repeat(100)}.md`), `note ${i}\n`);
  disk.leave(8 * 1024);
  const run = await a.cli(['sync']);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, new RegExp(`writing the sync state: the disk is full: ${stateDir} needs \\d+ bytes`));
  assert.deepEqual(await loadState(a.ctx.home), before, 'the old state is whole');
  assert.ok(!fs.readdirSync(stateDir).some((n) => n.startsWith('.memsync-')), 'no temp file left');
  disk.release();
  const done = await a.sync();
  assert.equal(Object.keys((await loadState(a.ctx.home)).base).length, 400);
  assert.deepEqual(done.published, [], 'what the failed sync pushed is agreed, not published again');
  assert.equal(Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)).length, 400);
});

test('checkedWrite keeps an existing file its mode and, run as root, its owner', () => {
  const file = path.join(fs.mkdtempSync('/tmp/memsync-owner-'), 'note.md');
  fs.writeFileSync(file, 'old\n');
  fs.chownSync(file, 65534, 65534);
  fs.chmodSync(file, 0o640);
  checkedWrite(file, 'new\n');
  const st = fs.statSync(file);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o777, fs.readFileSync(file, 'utf8')], [65534, 65534, 0o640, 'new\n']);
});
