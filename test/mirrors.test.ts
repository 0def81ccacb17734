/**
 * Two checkouts of one repository on one machine share its memory (engine/mirrors.ts), black box:
 * the built CLI and the hooks as Claude Code runs them, bare remotes in temp folders. A deletion
 * made in the other checkout is a deletion everywhere; a checkout (or its memory folder) that goes
 * away, or a new one not filled yet, deletes nothing; status and --dry-run see the other checkout.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, readTree, remoteFiles } from './support/machines.ts';
import { claudeProjectKey } from '../src/sources/projectKey.ts';
import { type CliMachine, MEM, cleanup, sharedBareRemote, type Run, initedMachine } from './support/cli.ts';

after(cleanup);

const machine = (name: string, remote: string, uid?: number) =>
  initedMachine(name, remote, { uid, extraEnv: { MEMSYNC_PUSH_THROTTLE_SECONDS: '0' } });

/** Another checkout of the machine's project (same origin) at another path, and its memory folder. */
function secondCheckout(m: CliMachine): { dir: string; mem: string } {
  const dir = path.join(m.env.HOME!, 'work', 'widget-copy');
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '--quiet', dir], { env: gitTestEnv(m.root) });
  execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', 'https://github.com/acme/widget']);
  return { dir, mem: path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(dir), 'memory') };
}

function mustSync(r: Run & { data: any }, what: string): any {
  assert.ok(r.code === 0 || r.code === 3, `${what}: exit ${r.code}\n${r.stderr}\n${r.stdout}`);
  assert.ok(r.data, `${what}: no JSON report\n${r.stdout}`);
  return r.data;
}

const memOf = (remote: string) =>
  Object.fromEntries(
    Object.entries(remoteFiles(remote))
      .filter(([p]) => p.startsWith(`${MEM}/`))
      .map(([p, t]) => [p.slice(MEM.length + 1), t]),
  );

const synced = (dir: string) =>
  Object.fromEntries(Object.entries(readTree(dir)).filter(([p]) => !p.includes('.conflict-')));

const MEMORY = {
  'MEMORY.md': '- [Build](build.md)\n- [Old](old.md)\n',
  'build.md': 'make all\n',
  'old.md': 'use the old linker\n',
};

/** One machine with two checkouts, both known and synced with MEMORY, and a second machine. */
async function twoCheckouts(name: string) {
  const remote = sharedBareRemote();
  const a = await machine(`${name}-a`, remote);
  const b = await machine(`${name}-b`, remote);
  const second = secondCheckout(a);
  for (const [rel, text] of Object.entries(MEMORY)) a.write(rel, text);
  mustSync(await a.json(['sync', '--project', a.project, '--project', second.dir]), 'both checkouts known');
  mustSync(await b.json(['sync', '--project', b.project]), 'the other machine');
  assert.deepEqual(readTree(second.mem), MEMORY, 'the other checkout holds the memory');
  assert.deepEqual(readTree(b.memDir), MEMORY, 'the other machine holds the memory');
  return { remote, a, b, second };
}

test('a file deleted in the other checkout is deleted on the remote and another machine, and stays so', async () => {
  const { remote, a, b, second } = await twoCheckouts('mirror-delete');
  const left = { 'MEMORY.md': MEMORY['MEMORY.md'], 'build.md': MEMORY['build.md'] };
  // A session in the other checkout deletes a file; its Stop publishes the deletion.
  fs.rmSync(path.join(second.mem, 'old.md'));
  await a.hook('Stop', { cwd: second.dir });
  assert.deepEqual(memOf(remote), left, 'the deletion is published');
  assert.deepEqual(readTree(a.memDir), left, 'the first checkout no longer has it');
  assert.deepEqual(readTree(second.mem), left, 'nor does the other');
  // The other machine's next session takes the deletion.
  await b.hook('SessionStart', { source: 'startup' });
  assert.deepEqual(readTree(b.memDir), left, 'the other machine deletes it too');
  // It stays deleted: later syncs on either machine bring nothing back.
  mustSync(await a.json(['sync']), 'a again');
  mustSync(await b.json(['sync']), 'b again');
  for (const tree of [memOf(remote), readTree(a.memDir), readTree(second.mem), readTree(b.memDir)])
    assert.deepEqual(tree, left);
});

test('a file deleted in the other checkout and edited in the first is kept with the edit, in both', async () => {
  const { remote, a, second } = await twoCheckouts('mirror-delete-edit');
  fs.rmSync(path.join(second.mem, 'old.md'));
  a.write('old.md', 'use the new linker\n');
  const d = mustSync(await a.json(['sync']), 'sync');
  assert.deepEqual(d.deletedRemote, []);
  for (const tree of [memOf(remote), readTree(a.memDir), readTree(second.mem)])
    assert.equal(tree['old.md'], 'use the new linker\n', 'the edit wins over the deletion');
});

for (const how of ['the checkout removed', 'its memory folder removed', 'its memory folder emptied'] as const) {
  test(`the other checkout going away deletes nothing (${how})`, async () => {
    const { remote, a, second } = await twoCheckouts(`mirror-gone-${how.length}`);
    if (how === 'the checkout removed') fs.rmSync(second.dir, { recursive: true, force: true });
    if (how === 'its memory folder removed') fs.rmSync(second.mem, { recursive: true, force: true });
    if (how === 'its memory folder emptied') for (const f of Object.keys(MEMORY)) fs.rmSync(path.join(second.mem, f));
    const d = mustSync(await a.json(['sync']), `sync after ${how}`);
    assert.deepEqual([d.deletedRemote, d.deletedLive, d.heldDeletes], [[], [], []], JSON.stringify(d));
    assert.deepEqual(memOf(remote), MEMORY, 'the remote keeps everything');
    assert.deepEqual(readTree(a.memDir), MEMORY, 'the first checkout keeps everything');
    if (how !== 'the checkout removed')
      assert.deepEqual(readTree(second.mem), MEMORY, 'the other checkout is refilled');
    // A session in the first checkout then finds nothing to push.
    const status = await a.json(['status']);
    assert.equal(status.data.pendingPush, 0, status.stdout);
  });
}

test('most of the memory deleted in the other checkout at once is held, and can be brought back', async () => {
  const remote = sharedBareRemote();
  const a = await machine('mirror-mass', remote);
  const second = secondCheckout(a);
  const memory = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`${n}.md`, `note ${n}\n`]));
  for (const [rel, text] of Object.entries(memory)) a.write(rel, text);
  mustSync(await a.json(['sync', '--project', a.project, '--project', second.dir]), 'both checkouts known');
  for (const n of ['a', 'b', 'c', 'd']) fs.rmSync(path.join(second.mem, `${n}.md`));
  const d = mustSync(await a.json(['sync']), 'sync after the mass deletion');
  assert.deepEqual(d.deletedRemote, []);
  assert.deepEqual(
    d.heldDeletes.map((h: any) => h.paths.length),
    [4],
    `held as a deletion made in the first checkout is: ${JSON.stringify(d.heldDeletes)}`,
  );
  assert.deepEqual(memOf(remote), memory, 'the remote keeps every file');
  const back = await a.cli(['resolve', 'github.com/acme/widget', '--restore-files', '--json']);
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(readTree(a.memDir), memory, 'the files are back in the first checkout');
  assert.deepEqual(readTree(second.mem), memory, 'and in the other');
});

test('a new checkout not filled yet deletes nothing, nor one made again where a filled one was', async () => {
  const remote = sharedBareRemote();
  const a = await machine('mirror-new', remote);
  for (const [rel, text] of Object.entries(MEMORY)) a.write(rel, text);
  mustSync(await a.json(['sync', '--project', a.project]), 'one checkout');
  const second = secondCheckout(a);
  const d = mustSync(await a.json(['sync', '--project', second.dir]), 'a new checkout without memory');
  assert.deepEqual([d.deletedRemote, d.deletedLive], [[], []]);
  assert.deepEqual(readTree(second.mem), MEMORY, 'the new checkout is filled');
  // The checkout and its memory are removed, and it is cloned again where it was; a session there
  // writes a note before memsync runs.
  fs.rmSync(second.dir, { recursive: true, force: true });
  fs.rmSync(second.mem, { recursive: true, force: true });
  secondCheckout(a);
  fs.mkdirSync(second.mem, { recursive: true });
  fs.writeFileSync(path.join(second.mem, 'fresh.md'), 'learned in the new clone\n');
  const e = mustSync(await a.json(['sync']), 'the checkout made again');
  assert.deepEqual([e.deletedRemote, e.deletedLive, e.heldDeletes], [[], [], []], JSON.stringify(e));
  const all = { ...MEMORY, 'fresh.md': 'learned in the new clone\n' };
  assert.deepEqual(memOf(remote), all, 'the new note is published, nothing is deleted');
  assert.deepEqual(readTree(a.memDir), all);
  assert.deepEqual(readTree(second.mem), all);
});

test('status and --dry-run see changes made only in the other checkout, and list what the sync then does', async () => {
  const { remote, a, b, second } = await twoCheckouts('mirror-status');
  // Only the other checkout changes: an edit, a new file and a deletion; the other machine edits
  // another line of the file the other checkout edits (a clean merge).
  const lines = ['one', 'two', 'three', 'four', 'five'];
  a.write('shared.md', `${lines.join('\n')}\n`);
  mustSync(await a.json(['sync']), 'shared.md');
  mustSync(await b.json(['sync']), 'b takes shared.md');
  fs.writeFileSync(path.join(b.memDir, 'shared.md'), `${['ONE', ...lines.slice(1)].join('\n')}\n`);
  mustSync(await b.json(['sync']), 'b edits the first line');
  const clean = await a.json(['status']);
  assert.deepEqual([clean.data.hasLocalChanges, clean.data.pendingPush], [false, 0], clean.stdout);
  fs.writeFileSync(path.join(second.mem, 'shared.md'), `${[...lines.slice(0, 4), 'FIVE'].join('\n')}\n`);
  fs.writeFileSync(path.join(second.mem, 'build.md'), 'make all\nmake test\n');
  fs.writeFileSync(path.join(second.mem, 'style.md'), 'use tabs\n');
  fs.rmSync(path.join(second.mem, 'old.md'));
  const trees = () => [readTree(a.memDir), readTree(second.mem), remoteFiles(remote)];
  const before = trees();
  const status = await a.json(['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.equal(status.data.hasLocalChanges, true, status.stdout);
  assert.deepEqual([status.data.pendingPush, status.data.pendingPull], [4, 1], status.stdout);
  const dry = mustSync(await a.json(['sync', '--dry-run']), 'dry run');
  assert.deepEqual(trees(), before, 'status and the dry run change nothing');
  const real = mustSync(await a.json(['sync']), 'sync');
  const what = (r: any) => ({
    published: r.published,
    merged: r.merged,
    taken: r.taken,
    deletedRemote: r.deletedRemote,
    deletedLive: r.deletedLive,
    conflicts: r.conflicts.map((c: any) => c.path),
    skipped: r.skipped,
    heldDeletes: r.heldDeletes,
    unpublished: r.unpublished,
  });
  assert.deepEqual(what(dry), what(real), 'the dry run lists what the sync does');
  assert.deepEqual(real.published.sort(), [`${MEM}/build.md`, `${MEM}/style.md`]);
  assert.deepEqual([real.merged, real.deletedRemote], [[`${MEM}/shared.md`], [`${MEM}/old.md`]]);
  const expected = {
    'MEMORY.md': MEMORY['MEMORY.md'],
    'build.md': 'make all\nmake test\n',
    'shared.md': `${['ONE', ...lines.slice(1, 4), 'FIVE'].join('\n')}\n`,
    'style.md': 'use tabs\n',
  };
  for (const tree of [memOf(remote), synced(a.memDir), synced(second.mem)]) assert.deepEqual(tree, expected);
  const after = await a.json(['status']);
  assert.deepEqual([after.data.hasLocalChanges, after.data.pendingPush, after.data.pendingPull], [false, 0, 0]);
});

test('a checkout that comes back after a while brings no old memory back', async () => {
  const { remote, a, b, second } = await twoCheckouts('mirror-back');
  fs.rmSync(second.dir, { recursive: true, force: true });
  fs.writeFileSync(path.join(b.memDir, 'build.md'), 'make all -j8\n');
  mustSync(await b.json(['sync']), 'b edits build.md');
  mustSync(await a.json(['sync']), 'a takes it while the other checkout is away');
  assert.equal(readTree(second.mem)['build.md'], 'make all\n', 'the away checkout keeps the old version');
  secondCheckout(a);
  const d = mustSync(await a.json(['sync']), 'the checkout is back');
  assert.deepEqual([d.published, d.deletedRemote], [[], []], JSON.stringify(d));
  for (const tree of [memOf(remote), readTree(a.memDir), readTree(second.mem), readTree(b.memDir)])
    assert.equal(tree['build.md'], 'make all -j8\n', 'the newer version stays everywhere');
});

test('a file or folder in the other checkout that cannot be read deletes nothing', {
  skip: process.getuid?.() !== 0 && 'needs root to run a machine as another user',
}, async () => {
  const remote = sharedBareRemote();
  const a = await machine('mirror-unreadable', remote, 4243);
  const second = secondCheckout(a);
  a.own();
  const memory = { ...MEMORY, 'topics/deploy.md': 'deploy on fridays\n' };
  for (const [rel, text] of Object.entries(memory)) a.write(rel, text);
  mustSync(await a.json(['sync', '--project', a.project, '--project', second.dir]), 'both checkouts known');
  assert.deepEqual(readTree(second.mem), memory);
  fs.chmodSync(path.join(second.mem, 'topics'), 0o000);
  fs.chmodSync(path.join(second.mem, 'old.md'), 0o000);
  const d = mustSync(await a.json(['sync']), 'sync with parts of the other checkout unreadable');
  assert.deepEqual([d.deletedRemote, d.deletedLive, d.heldDeletes], [[], [], []], JSON.stringify(d));
  assert.deepEqual(memOf(remote), memory, 'the remote keeps everything');
  assert.deepEqual(readTree(a.memDir), memory, 'the first checkout keeps everything');
  fs.chmodSync(path.join(second.mem, 'topics'), 0o755);
  fs.chmodSync(path.join(second.mem, 'old.md'), 0o644);
});
