/**
 * Issue 21, names and tree shapes, black box through the built CLI: every tree the remote can
 * hold converges on every machine (an empty folder here where another machine made a file of its
 * name; names that differ only in case or Unicode normalization, on disks that fold them), a file
 * that would be refused elsewhere is refused before it is published, and a symbolic link in a
 * memory folder is named.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readTree, remoteFiles } from './support/machines.ts';
import { type CliMachine, MEM, cleanup, sharedBareRemote, type Run, initedMachine } from './support/cli.ts';
import { foldingDisk } from './support/disk.ts';

after(cleanup);

const machine = (name: string, remote: string) => initedMachine(name, remote);

async function sync(m: CliMachine): Promise<Run & { data: any }> {
  return m.json(['sync', '--project', m.project]);
}

const memOf = (remote: string) =>
  Object.fromEntries(
    Object.entries(remoteFiles(remote))
      .filter(([p]) => p.startsWith(`${MEM}/`))
      .map(([p, t]) => [p.slice(MEM.length + 1), t]),
  );

test('an empty folder here where another machine made a file of its name: the file is taken', async () => {
  const remote = sharedBareRemote();
  const a = await machine('empty-a', remote);
  const b = await machine('empty-b', remote);
  a.write('MEMORY.md', '- one\n');
  assert.equal((await sync(a)).code, 0);
  assert.equal((await sync(b)).code, 0);
  fs.mkdirSync(path.join(b.memDir, 'topic', 'deeper'), { recursive: true });
  a.write('topic', 'a file named topic\n');
  assert.equal((await sync(a)).code, 0);
  const r = await sync(b);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readTree(b.memDir), { 'MEMORY.md': '- one\n', topic: 'a file named topic\n' });
  assert.deepEqual(memOf(remote), { 'MEMORY.md': '- one\n', topic: 'a file named topic\n' });
});

test('a folder here holding only files it does not sync, a file of its name elsewhere: a named conflict', async () => {
  const remote = sharedBareRemote();
  const a = await machine('kept-a', remote);
  const b = await machine('kept-b', remote);
  a.write('MEMORY.md', '- one\n');
  assert.equal((await sync(a)).code, 0);
  assert.equal((await sync(b)).code, 0);
  b.write('topic/private.md', '---\nsync: false\n---\nmine only\n');
  a.write('topic', 'a file named topic\n');
  assert.equal((await sync(a)).code, 0);
  const dry = await b.json(['sync', '--dry-run', '--project', b.project]);
  const r = await sync(b);
  assert.equal(r.code, 3, `a conflict: ${r.stdout}${r.stderr}`);
  assert.equal(dry.code, 3, 'the dry run says the same');
  const paths = (d: any) => d.conflicts.map((c: { path: string }) => c.path);
  assert.deepEqual(paths(r.data), [`${MEM}/topic`]);
  assert.deepEqual(paths(dry.data), paths(r.data), 'the dry run lists the conflict the sync opens');
  const tree = readTree(b.memDir);
  const copy = Object.keys(tree).find((n) => n.startsWith('topic.conflict-kept-a-'));
  assert.ok(copy, `the remote's file is kept beside the folder: ${Object.keys(tree)}`);
  assert.equal(tree[copy!], 'a file named topic\n');
  assert.equal(tree['topic/private.md'], '---\nsync: false\n---\nmine only\n');
  const again = await sync(b);
  assert.equal(again.code, 3);
  assert.deepEqual(again.data.skipped, [], 'nothing is left "changed meanwhile"');
});

test('a symbolic link in a memory folder is named by sync and status, and deletes nothing', async () => {
  const remote = sharedBareRemote();
  const a = await machine('link-a', remote);
  a.write('MEMORY.md', '- one\n');
  a.write('shared.md', 'was a file\n');
  assert.equal((await sync(a)).code, 0);
  const elsewhere = path.join(a.root, 'elsewhere.md');
  fs.writeFileSync(elsewhere, 'kept outside\n');
  fs.rmSync(path.join(a.memDir, 'shared.md'));
  fs.symlinkSync(elsewhere, path.join(a.memDir, 'shared.md'));
  fs.symlinkSync(elsewhere, path.join(a.memDir, 'linked.md'));
  for (const run of [() => a.cli(['sync', '--project', a.project]), () => a.cli(['status'])])
    for (let i = 0; i < 2; i++) {
      const out = (await run()).stdout;
      for (const name of ['linked.md', 'shared.md'])
        assert.match(out, new RegExp(`not synced: ${MEM}/${name}: a symbolic link`), `named each time:\n${out}`);
    }
  const held = (await a.json(['status'])).data.held.map((h: { path: string }) => h.path).sort();
  assert.deepEqual(held, [`${MEM}/linked.md`, `${MEM}/shared.md`]);
  assert.deepEqual(memOf(remote), { 'MEMORY.md': '- one\n', 'shared.md': 'was a file\n' }, 'nothing deleted');
});

test('a text file that is not UTF-8 is held here, named, not published for others to refuse', async () => {
  const remote = sharedBareRemote();
  const a = await machine('latin-a', remote);
  const b = await machine('latin-b', remote);
  a.write('MEMORY.md', '- one\n');
  fs.writeFileSync(path.join(a.memDir, 'café.md'), Buffer.from('caf\xe9 au lait\n', 'latin1'));
  const named = new RegExp(`not synced: ${MEM}/café\\.md: not valid UTF-8 .*: not published; save it as UTF-8`);
  for (const args of [['sync', '--dry-run', '--project', a.project], ['status'], ['sync'], ['sync']]) {
    const r = await a.cli(args);
    assert.match(r.stdout, named, `${args.join(' ')} names it:\n${r.stdout}${r.stderr}`);
  }
  const held = (await a.json(['status'])).data.held.map((h: { path: string }) => h.path);
  assert.deepEqual(held, [`${MEM}/café.md`]);
  assert.deepEqual(memOf(remote), { 'MEMORY.md': '- one\n' }, 'not published');
  const rb = await sync(b);
  assert.deepEqual(rb.data.refused, [], 'nothing for the other machine to refuse');
  a.write('café.md', 'café au lait\n');
  assert.equal((await sync(a)).code, 0);
  assert.equal((await sync(b)).code, 0);
  assert.deepEqual(readTree(b.memDir), { 'MEMORY.md': '- one\n', 'café.md': 'café au lait\n' });
});

for (const [what, theirs, mine] of [
  ['case', 'Topic.md', 'topic.md'],
  ['Unicode normalization', 'caf\u00e9.md', 'cafe\u0301.md'],
] as const)
  test(`names that differ only in ${what}, on a disk that folds them: a named conflict, both kept`, async (t) => {
    const remote = sharedBareRemote();
    const a = await machine(`fold-a-${theirs.length}`, remote);
    const b = await machine(`fold-b-${theirs.length}`, remote);
    const disk = await foldingDisk(b.memDir);
    t.after(() => disk.unmount());
    a.write('MEMORY.md', '- one\n');
    assert.equal((await sync(a)).code, 0);
    const first = await sync(b);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    a.write(theirs, 'from a\n');
    assert.equal((await sync(a)).code, 0);
    b.write(mine, 'from b\n');
    const dry = await b.json(['sync', '--dry-run', '--project', b.project]);
    const r = await sync(b);
    assert.equal(r.code, 3, `a conflict: ${r.stdout}${r.stderr}`);
    const paths = (d: any) => d.conflicts.map((c: { path: string }) => c.path);
    assert.deepEqual(paths(r.data), [`${MEM}/${mine}`]);
    assert.deepEqual(paths(dry.data), paths(r.data), 'the dry run lists the conflict the sync opens');
    assert.deepEqual(dry.data.taken, r.data.taken, 'the dry run takes what the sync takes');
    const names = fs.readdirSync(b.memDir).sort();
    const copy = names.find((n) => n.includes('.conflict-fold-b-'));
    assert.ok(copy, `this machine's file is kept beside: ${names}`);
    assert.deepEqual(readTree(b.memDir), { 'MEMORY.md': '- one\n', [theirs]: 'from a\n', [copy!]: 'from b\n' });
    const status = await b.cli(['status']);
    assert.match(status.stdout, /differs only in case or Unicode normalization from/, status.stdout);
    for (let i = 0; i < 2; i++) {
      const again = await sync(b);
      assert.equal(again.code, 3, 'the conflict stays open until resolved');
      assert.deepEqual([again.data.skipped, again.data.taken, again.data.published], [[], [], []], 'and is calm');
    }
    assert.deepEqual(memOf(remote), { 'MEMORY.md': '- one\n', [theirs]: 'from a\n' });
    const res = await b.cli(['resolve', `${MEM}/${mine}`, '--keep', 'both']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.equal((await sync(b)).code, 0);
    assert.equal((await sync(a)).code, 0);
    const lines = (tree: Record<string, string>) => tree[theirs]!.split('\n').filter(Boolean).sort();
    assert.deepEqual(lines(readTree(a.memDir)), ['from a', 'from b'], 'both versions kept, on every machine');
    assert.deepEqual(readTree(b.memDir), readTree(a.memDir));
  });

test('a remote file whose name the disk holds as a local-only file: a named conflict, both kept', async (t) => {
  const remote = sharedBareRemote();
  const a = await machine('twin-a', remote);
  const b = await machine('twin-b', remote);
  const disk = await foldingDisk(b.memDir);
  t.after(() => disk.unmount());
  a.write('MEMORY.md', '- one\n');
  assert.equal((await sync(a)).code, 0);
  assert.equal((await sync(b)).code, 0);
  const mine = '---\nsync: false\n---\nmine only\n';
  b.write('topic.md', mine);
  a.write('Topic.md', 'from a\n');
  assert.equal((await sync(a)).code, 0);
  for (let i = 0; i < 2; i++) {
    const r = await sync(b);
    assert.equal(r.code, 3, `a conflict: ${r.stdout}${r.stderr}`);
    assert.deepEqual(
      r.data.conflicts.map((c: { path: string }) => c.path),
      [`${MEM}/Topic.md`],
    );
    assert.deepEqual(r.data.skipped, [], 'never "changed meanwhile"');
  }
  const tree = readTree(b.memDir);
  const copy = Object.keys(tree).find((n) => n.startsWith('Topic.conflict-'));
  assert.ok(copy, `the remote's file is kept beside: ${Object.keys(tree)}`);
  assert.deepEqual(tree, { 'MEMORY.md': '- one\n', 'topic.md': mine, [copy!]: 'from a\n' });
  assert.deepEqual(memOf(remote), { 'MEMORY.md': '- one\n', 'Topic.md': 'from a\n' });
});
