/**
 * A file on one machine and a folder of the same name on another (or a file made a folder on one
 * while the other edited it): a conflict, through the real CLI on two machines. The folder keeps
 * the path, the file's content is kept beside it as a conflict copy, both machines end with the
 * folder's files, and `resolve` ends it the usual way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type Machine, readTree, remoteFiles, twoMachines } from './support/machines.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const COPY = /^notes\.conflict-(laptop|desktop)-\d{8}T\d{6}Z$/;

interface Outcome {
  code: number;
  lists: Record<string, string[]>;
  data: Record<string, unknown> & { conflicts: { path: string; copy: string; shape?: string }[] };
}

const LISTS = ['taken', 'published', 'merged', 'deletedLive', 'deletedRemote', 'conflicts', 'held'] as const;

/** Two machines that know the project (each ran a sync in it once). */
async function pair() {
  const two = await twoMachines(ORIGIN);
  for (const [m, p] of [
    [two.a, two.pa],
    [two.b, two.pb],
  ] as const)
    assert.equal((await m.cli(['sync', '--project', p])).code, 0);
  return two;
}

/** `sync --dry-run --json`, `status --json`, then `sync --json`: dry run and status list what the sync does. */
async function sync(m: Machine): Promise<Outcome> {
  const run = async (args: string[]) => {
    const r = await m.cli([...args, '--json']);
    const data = JSON.parse(r.stdout);
    const lists = Object.fromEntries(
      LISTS.map((k) => [
        k,
        ((data[k] ?? []) as (string | { path: string })[]).map((e) => (typeof e === 'string' ? e : e.path)).sort(),
      ]),
    );
    return { code: r.code, lists, data };
  };
  const dry = await run(['sync', '--dry-run']);
  const status = JSON.parse((await m.cli(['status', '--json'])).stdout);
  const real = await run(['sync']);
  assert.deepEqual(dry.lists, real.lists, 'the dry run lists what the sync does');
  assert.equal(dry.code, real.code, 'the dry run exits as the sync does');
  assert.deepEqual(
    status.conflicts.map((c: { path: string }) => c.path).sort(),
    real.lists.conflicts,
    'status lists the conflicts the sync leaves',
  );
  return real;
}

const copiesIn = (dir: string) => fs.readdirSync(dir).filter((n) => COPY.test(n));

test('a file here and a folder of its name on the other machine: a conflict, the folder keeps the path', async () => {
  const { remote, a, b, memA, memB } = await pair();
  b.write(path.join(memB, 'notes', 'one.md'), 'folder on b\n');
  assert.equal((await sync(b)).code, 0);
  a.write(path.join(memA, 'notes'), 'file on a\n');
  a.write(path.join(memA, 'other.md'), 'other\n');
  const ra = await sync(a);
  assert.equal(ra.code, 3, 'exit code 3, as for any open conflict');
  assert.deepEqual(ra.lists.conflicts, [`${MEM}/notes`]);
  assert.deepEqual(ra.lists.taken, [`${MEM}/notes/one.md`]);
  assert.deepEqual(ra.lists.published, [`${MEM}/other.md`]);
  assert.deepEqual(ra.lists.held, []);
  assert.equal(ra.data.conflicts[0]!.shape, 'local');
  // The folder's file is here, and this machine's file beside it under a conflict-copy name.
  const [copy] = copiesIn(memA);
  assert.match(copy ?? '', /^notes\.conflict-laptop-/);
  assert.deepEqual(readTree(memA), { 'notes/one.md': 'folder on b\n', [copy!]: 'file on a\n', 'other.md': 'other\n' });
  const listed = JSON.parse((await a.cli(['conflicts', '--json'])).stdout).conflicts;
  assert.deepEqual(
    listed.map((c: { path: string; copy: string }) => [c.path, path.basename(c.copy)]),
    [[`${MEM}/notes`, copy]],
  );
  assert.equal((await a.cli(['conflicts'])).code, 3);
  // Until resolved, every sync says so; the copy is never published.
  assert.equal((await sync(a)).code, 3);
  assert.equal(Object.keys(remoteFiles(remote)).filter((p) => p.includes('.conflict-')).length, 0);
  assert.equal((await sync(b)).code, 0);
  assert.deepEqual(readTree(memB), { 'notes/one.md': 'folder on b\n', 'other.md': 'other\n' });
  // Kept both ways: the file goes into the folder under its own name, and syncs.
  const res = await a.cli(['resolve', path.join(memA, copy!), '--keep', 'both']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(readTree(memA), {
    'notes/one.md': 'folder on b\n',
    'notes/notes': 'file on a\n',
    'other.md': 'other\n',
  });
  assert.equal((await sync(b)).code, 0);
  assert.deepEqual(readTree(memB), readTree(memA));
  assert.equal((await sync(a)).code, 0);
});

test('a folder here, a file of its name on the other machine: the folder published, the file beside it', async () => {
  const { remote, a, b, memA, memB } = await pair();
  b.write(path.join(memB, 'notes'), 'file on b\n');
  assert.equal((await sync(b)).code, 0);
  a.write(path.join(memA, 'notes', 'one.md'), 'folder on a\n');
  const ra = await sync(a);
  assert.equal(ra.code, 3);
  assert.deepEqual(ra.lists.conflicts, [`${MEM}/notes`]);
  assert.deepEqual(ra.lists.published, [`${MEM}/notes/one.md`]);
  assert.equal(ra.data.conflicts[0]!.shape, 'remote');
  const [copy] = copiesIn(memA);
  assert.match(copy ?? '', /^notes\.conflict-desktop-/, 'named for the machine the file came from');
  assert.deepEqual(readTree(memA), { 'notes/one.md': 'folder on a\n', [copy!]: 'file on b\n' });
  const tip = remoteFiles(remote);
  assert.equal(tip[`${MEM}/notes/one.md`], 'folder on a\n');
  assert.equal(tip[`${MEM}/notes`], undefined);
  // The other machine ends with the folder too; its file's content is in the copy (and the history).
  const rb = await sync(b);
  assert.equal(rb.code, 0);
  assert.deepEqual(readTree(memB), { 'notes/one.md': 'folder on a\n' });
  // The file cannot take the folder's place while the folder holds files: said in one line.
  const refused = await a.cli(['resolve', `${MEM}/notes`, '--keep', 'remote']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /still holds files, so the file cannot take its place/);
  assert.equal(copiesIn(memA).length, 1, 'nothing changed');
  // The folder's side: the file's copy goes (it is in the remote's history).
  const res = await a.cli(['resolve', `${MEM}/notes`, '--keep', 'local']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(readTree(memA), { 'notes/one.md': 'folder on a\n' });
  assert.equal((await sync(a)).code, 0);
});

test('a file made a folder on one machine while the other edited it: a conflict, whichever syncs first', async () => {
  for (const first of ['editor', 'converter'] as const) {
    const { a, b, memA, memB } = await pair();
    a.write(path.join(memA, 'notes'), 'v1\n');
    assert.equal((await sync(a)).code, 0);
    assert.equal((await sync(b)).code, 0);
    fs.rmSync(path.join(memA, 'notes'));
    a.write(path.join(memA, 'notes', 'one.md'), 'v1\nnow a folder\n');
    b.write(path.join(memB, 'notes'), 'v1\nedited on b\n');
    const [one, other] = first === 'editor' ? [b, a] : [a, b];
    assert.equal((await sync(one)).code, 0, `${first} first`);
    const r = await sync(other);
    assert.equal(r.code, 3, `${first} first: the second sync finds the conflict`);
    assert.deepEqual(r.lists.conflicts, [`${MEM}/notes`]);
    await sync(one);
    // Both machines hold the folder's file; the edit is kept in a conflict copy.
    const trees = [readTree(memA), readTree(memB)];
    for (const t of trees) assert.equal(t['notes/one.md'], 'v1\nnow a folder\n');
    const copies = trees.flatMap((t) => Object.entries(t).filter(([p]) => COPY.test(p)));
    assert.deepEqual(
      copies.map(([, text]) => text),
      ['v1\nedited on b\n'],
      `${first} first`,
    );
  }
});

test('the folder made a file again before the conflict is resolved: --keep both keeps the lines of both', async () => {
  const { a, b, memA, memB } = await pair();
  b.write(path.join(memB, 'notes', 'one.md'), 'folder on b\n');
  await sync(b);
  a.write(path.join(memA, 'notes'), 'file on a\n');
  assert.equal((await sync(a)).code, 3);
  fs.rmSync(path.join(memB, 'notes'), { recursive: true });
  b.write(path.join(memB, 'notes'), 'file on b\n');
  assert.equal((await sync(b)).code, 0);
  // Still open here (only resolve ends it), though the path is a file again.
  const ra = await sync(a);
  assert.equal(ra.code, 3);
  assert.deepEqual(ra.lists.taken, [`${MEM}/notes`]);
  const res = await a.cli(['resolve', `${MEM}/notes`, '--keep', 'both']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(readTree(memA), { notes: 'file on b\nfile on a\n' });
  assert.equal((await sync(b)).code, 0);
  assert.deepEqual(readTree(memB), readTree(memA));
});

test('a text conflict the file/folder clash replaces leaves no copy behind untracked', async () => {
  const { remote, a, b, memA, memB } = await pair();
  a.write(path.join(memA, 'notes'), 'file on a\n');
  assert.equal((await sync(a)).code, 0);
  b.write(path.join(memB, 'notes'), 'file on b\n');
  assert.equal((await sync(b)).code, 3, 'a text conflict: the copy holds a\u2019s version');
  assert.deepEqual(
    copiesIn(memB).map((n) => readTree(memB)[n]),
    ['file on a\n'],
  );
  fs.rmSync(path.join(memA, 'notes'));
  a.write(path.join(memA, 'notes', 'one.md'), 'folder on a\n');
  assert.equal((await sync(a)).code, 0);
  const rb = await sync(b);
  assert.equal(rb.code, 3);
  assert.equal(rb.data.conflicts[0]!.shape, 'local');
  // One copy: this machine's file (a's version is in the remote's history, and was replaced there).
  assert.deepEqual(
    copiesIn(memB).map((n) => readTree(memB)[n]),
    ['file on b\n'],
  );
  const res = await b.cli(['resolve', `${MEM}/notes`, '--keep', 'both']);
  assert.equal(res.code, 0, res.stderr);
  assert.deepEqual(readTree(memB), { 'notes/one.md': 'folder on a\n', 'notes/notes': 'file on b\n' });
  assert.equal((await sync(b)).code, 0);
  assert.equal((await sync(a)).code, 0);
  assert.deepEqual(readTree(memA), readTree(memB));
  assert.equal(remoteFiles(remote)[`${MEM}/notes/notes`], 'file on b\n');
});
