import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, readTree, remoteFiles, twoMachines, CLI } from './support/machines.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

const git = (dir: string, args: string[], input?: string | Buffer) =>
  execFileSync('git', ['--git-dir', dir, ...args], { env: gitTestEnv(dir), input })
    .toString()
    .trim();

const pair = () => twoMachines(ORIGIN);

/** Commits a change on top of the remote's main as another machine would (path -> content, null: delete). */
function remoteCommit(remote: string, changes: Record<string, Buffer | string | null>): string {
  const env = { ...gitTestEnv(remote), GIT_INDEX_FILE: path.join(remote, 'test-index') };
  const run = (args: string[], input?: string | Buffer) =>
    execFileSync('git', ['--git-dir', remote, ...args], { env, input })
      .toString()
      .trim();
  run(['read-tree', 'main']);
  for (const [p, c] of Object.entries(changes)) {
    if (c === null) run(['update-index', '--remove', '--force-remove', p]);
    else run(['update-index', '--add', '--cacheinfo', `100644,${run(['hash-object', '-w', '--stdin'], c)},${p}`]);
  }
  const commit = run(['commit-tree', run(['write-tree']), '-p', 'main', '-m', 'other machine']);
  run(['update-ref', 'refs/heads/main', commit]);
  fs.rmSync(path.join(remote, 'test-index'), { force: true });
  return commit;
}

const NOBODY = 65534;

/** The CLI as a non-root user (root ignores permissions, so unreadable files need one). */
function asNobody(m: Machine, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const cmd = [
      '--reuid',
      String(NOBODY),
      '--regid',
      String(NOBODY),
      '--clear-groups',
      process.execPath,
      CLI,
      ...args,
    ];
    const child = spawn('setpriv', cmd, { env: m.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const chownR = (dir: string, uid: number) => execFileSync('chown', ['-R', `${uid}:${uid}`, dir]);

test('a file or folder a non-root user cannot read is named, takes no part, never published as deleted', async () => {
  const remote = bareRemote();
  const m = new Machine('nobody', remote);
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  m.write(path.join(mem, 'a.md'), 'a\n');
  m.write(path.join(mem, 'locked.md'), 'locked\n');
  m.write(path.join(mem, 'topics', 't.md'), 't\n');
  chownR(m.root, NOBODY);
  chownR(remote, NOBODY);
  assert.equal((await asNobody(m, ['init', '--remote', remote])).code, 0);
  const first = await asNobody(m, ['sync', '--project', proj]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /3 published/);
  fs.chmodSync(path.join(mem, 'locked.md'), 0o000);
  fs.chmodSync(path.join(mem, 'topics'), 0o000);
  m.write(path.join(mem, 'a.md'), 'a edited\n');
  chownR(path.join(mem, 'a.md'), NOBODY);
  const second = await asNobody(m, ['sync']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /1 published, 0 merged, 0 deleted/);
  assert.match(second.stdout, /not synced: .*\/locked\.md: could not be read \(EACCES\)/);
  assert.match(second.stdout, /not synced: .*\/topics\/: could not be read \(EACCES\)/);
  const status = await asNobody(m, ['status']);
  assert.match(status.stdout, /not synced: .*\/locked\.md/);
  chownR(remote, 0); // root's git reads only repositories root owns
  const files = remoteFiles(remote);
  assert.equal(files[`${MEM}/a.md`], 'a edited\n');
  assert.equal(files[`${MEM}/locked.md`], 'locked\n');
  assert.equal(files[`${MEM}/topics/t.md`], 't\n');
  // Another machine keeps them.
  const b = await new Machine('other', remote).init();
  const pb = b.checkout(ORIGIN);
  await b.sync({ projects: [pb] });
  assert.deepEqual(readTree(b.memoryDir(pb)), { 'a.md': 'a edited\n', 'locked.md': 'locked\n', 'topics/t.md': 't\n' });
  fs.chmodSync(path.join(mem, 'topics'), 0o755);
});

test('a folder replaced by a file of the same name reaches the remote, and the other machine, whole', async () => {
  const { remote, a, b, pa, pb, memA, memB } = await pair();
  a.write(path.join(memA, 'topics', 'x.md'), 'x\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  fs.rmSync(path.join(memA, 'topics'), { recursive: true });
  a.write(path.join(memA, 'topics'), 'now a file\n');
  const ra = await a.sync();
  assert.deepEqual(ra.published, [`${MEM}/topics`]);
  assert.deepEqual(ra.deletedRemote, [`${MEM}/topics/x.md`]);
  assert.deepEqual(remoteFiles(remote), {
    'memsync.json': remoteFiles(remote)['memsync.json'],
    [`${MEM}/topics`]: 'now a file\n',
  });
  // The dry run knows the folder's deletion makes room for the file.
  const dryB = await b.sync({ dryRun: true });
  const rb = await b.sync();
  assert.deepEqual([dryB.taken, dryB.deleted, dryB.skipped], [rb.taken, rb.deleted, rb.skipped]);
  assert.deepEqual(rb.taken, [`${MEM}/topics`]);
  assert.deepEqual(readTree(memB), { topics: 'now a file\n' });
  // And back: the file becomes a folder again.
  fs.rmSync(path.join(memB, 'topics'));
  b.write(path.join(memB, 'topics', 'y.md'), 'y\n');
  await b.sync();
  const dryA = await a.sync({ dryRun: true });
  const ra2 = await a.sync();
  assert.deepEqual([dryA.taken, dryA.deleted, dryA.skipped], [ra2.taken, ra2.deleted, ra2.skipped]);
  assert.deepEqual(ra2.taken, [`${MEM}/topics/y.md`]);
  assert.deepEqual(readTree(memA), { 'topics/y.md': 'y\n' });
});

test('a folder here, a file of its name there, met by a pull: the copy is written, the folder waits', async () => {
  const { remote, a, b, pa, pb, memA, memB } = await pair();
  b.write(path.join(memB, 'notes'), 'file on b\n');
  await b.sync({ projects: [pb] });
  a.write(path.join(memA, 'notes', 'one.md'), 'folder on a\n');
  const dry = await a.sync({ mode: 'pull', projects: [pa], dryRun: true });
  const pulled = await a.sync({ mode: 'pull', projects: [pa] });
  assert.deepEqual(
    [dry.conflicts.map((c) => c.path), dry.unpublished],
    [pulled.conflicts.map((c) => c.path), pulled.unpublished],
  );
  assert.deepEqual(
    pulled.conflicts.map((c) => c.path),
    [`${MEM}/notes`],
  );
  assert.deepEqual(pulled.unpublished, [`${MEM}/notes/one.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/notes`], 'file on b\n', 'a pull publishes nothing');
  const copies = () => Object.keys(readTree(memA)).filter((p) => p.startsWith('notes.conflict-'));
  assert.equal(copies().length, 1);
  // The next sync publishes the folder in the file's place; the copy is not written twice.
  const synced = await a.sync();
  assert.deepEqual(synced.published, [`${MEM}/notes/one.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/notes`], undefined);
  assert.equal(copies().length, 1);
  assert.equal(readTree(memA)[copies()[0]!], 'file on b\n');
  assert.deepEqual(
    synced.conflicts.map((c) => c.path),
    [`${MEM}/notes`],
  );
  await b.sync();
  assert.deepEqual(readTree(memB), { 'notes/one.md': 'folder on a\n' });
});

test('a sync killed after moving a file aside for a folder, unrecorded: the next names the conflict', async () => {
  const { a, b, pa, pb, memA, memB } = await pair();
  a.write(path.join(memA, 'other.md'), 'other\n');
  await a.sync({ projects: [pa] });
  b.write(path.join(memB, 'notes', 'one.md'), 'folder on b\n');
  await b.sync({ projects: [pb] });
  a.write(path.join(memA, 'notes'), 'file on a\n');
  // What a sync killed just before saving its state leaves: the copy written, the file moved,
  // the folder taken, the conflict only in the note taken before the copy was written.
  const stateDir = path.join(a.env.MEMSYNC_HOME!, 'state');
  const before = path.join(a.root, 'state-before');
  fs.cpSync(stateDir, before, { recursive: true });
  const opened = await a.sync();
  assert.deepEqual(
    opened.conflicts.map((c) => c.path),
    [`${MEM}/notes`],
  );
  const record = JSON.parse(fs.readFileSync(path.join(stateDir, 'sync-state.json'), 'utf8')).conflicts;
  fs.rmSync(stateDir, { recursive: true });
  fs.cpSync(before, stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, 'opened-conflicts.json'), JSON.stringify(record));
  const again = await a.sync();
  assert.deepEqual(
    again.conflicts.map((c) => c.path),
    [`${MEM}/notes`],
  );
  const copies = Object.entries(readTree(memA)).filter(([p]) => p.startsWith('notes.conflict-'));
  assert.deepEqual(
    copies.map(([, t]) => t),
    ['file on a\n'],
  );
  assert.equal(fs.existsSync(path.join(stateDir, 'opened-conflicts.json')), false, 'forgotten once recorded');
  const st = JSON.parse((await a.cli(['conflicts', '--json'])).stdout);
  assert.deepEqual(
    st.conflicts.map((c: { path: string }) => c.path),
    [`${MEM}/notes`],
  );
});

/** Three machines: a and c publish edits to lines 1 and 2 of a shared file; c's is held back as the other push. */
async function raceSetup() {
  const { remote, a, b, pa, pb, memA, memB } = await pair();
  const c = await new Machine('cloud', remote).init();
  const pc = c.checkout(ORIGIN);
  const memC = c.memoryDir(pc);
  const lines = ['1', '2', '3', '4', '5', '6'];
  const text = (xs: string[]) => `${xs.join('\n')}\n`;
  a.write(path.join(memA, 'notes.md'), text(lines));
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  a.write(path.join(memA, 'notes.md'), text(['ONE', ...lines.slice(1)]));
  await a.sync();
  const r1 = git(remote, ['rev-parse', 'main']);
  await c.sync({ projects: [pc] });
  c.write(path.join(memC, 'notes.md'), text(['ONE', 'TWO', ...lines.slice(2)]));
  await c.sync();
  const r2 = git(remote, ['rev-parse', 'main']);
  git(remote, ['update-ref', 'refs/heads/main', r1]);
  b.write(path.join(memB, 'notes.md'), text([...lines.slice(0, 3), 'FOUR', ...lines.slice(4)]));
  /** Once: the remote's hook moves main to c's push while b pushes (then accepts, or fails b's push). */
  const raceOnce = (exit: number) => {
    const hook = path.join(remote, 'hooks', 'pre-receive');
    fs.mkdirSync(path.dirname(hook), { recursive: true });
    const move = `env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main ${r2}`;
    fs.writeFileSync(
      hook,
      `#!/bin/sh\nif [ ! -e "$GIT_DIR/raced" ]; then touch "$GIT_DIR/raced"; ${move}; exit ${exit}; fi\nexit 0\n`,
      { mode: 0o755 },
    );
  };
  return { remote, b, memB, raceOnce, merged: text(['ONE', 'TWO', '3', 'FOUR', '5', '6']) };
}

test('two machines syncing at once end as if one after the other: a merge before an overtaken push', async () => {
  const { remote, b, memB, raceOnce, merged } = await raceSetup();
  raceOnce(0);
  const rb = await b.sync();
  assert.ok(fs.existsSync(path.join(remote, 'raced')), 'the race happened');
  assert.deepEqual(rb.conflicts, []);
  assert.equal(fs.readFileSync(path.join(memB, 'notes.md'), 'utf8'), merged);
  assert.equal(remoteFiles(remote)[`${MEM}/notes.md`], merged);
});

test('a sync that dies after writing a merge live, before its push: the next merges from what it merged', async () => {
  const { remote, b, memB, raceOnce, merged } = await raceSetup();
  raceOnce(1);
  await assert.rejects(b.sync());
  assert.ok(fs.existsSync(path.join(remote, 'raced')), 'the push failed after the merge went live');
  const rb = await b.sync();
  assert.deepEqual(rb.conflicts, []);
  assert.equal(fs.readFileSync(path.join(memB, 'notes.md'), 'utf8'), merged);
  assert.equal(remoteFiles(remote)[`${MEM}/notes.md`], merged);
});

test('restore never overwrites an edit that is not published yet (unless --force)', async () => {
  const { remote, a, pa, memA } = await pair();
  a.write(path.join(memA, 'n.md'), 'first\n');
  await a.sync({ projects: [pa] });
  const old = git(remote, ['rev-parse', 'main']);
  a.write(path.join(memA, 'n.md'), 'second\n');
  await a.sync();
  a.write(path.join(memA, 'n.md'), 'third, not published\n');
  const r = await a.cli(['restore', '--all', '--at', old, '--no-sync']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /n\.md has an edit that is not published yet: left alone/);
  assert.equal(fs.readFileSync(path.join(memA, 'n.md'), 'utf8'), 'third, not published\n');
  const forced = await a.cli(['restore', '--all', '--at', old, '--no-sync', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(fs.readFileSync(path.join(memA, 'n.md'), 'utf8'), 'first\n');
});

test('a remote version refused here (not UTF-8) does not freeze the local edit of that path', async () => {
  const { remote, a, pa, memA } = await pair();
  a.write(path.join(memA, 'n.md'), 'one\n');
  await a.sync({ projects: [pa] });
  remoteCommit(remote, { [`${MEM}/n.md`]: Buffer.from([0xff, 0xfe, 0x00, 0x41]) });
  a.write(path.join(memA, 'n.md'), 'edited here\n');
  const r = await a.sync();
  assert.match(r.refused.map((x) => x.reason).join('\n'), /not valid UTF-8/);
  assert.deepEqual(r.published, [`${MEM}/n.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/n.md`], 'edited here\n');
});

test('live names not every system can hold are not published (named in a note)', async () => {
  const { remote, a, pa, memA } = await pair();
  for (const n of ['CON.md', 'a:b.md', 'trailing .md ', 'ok.md']) a.write(path.join(memA, n), `${n}\n`);
  const r = await a.sync({ projects: [pa] });
  assert.deepEqual(r.published, [`${MEM}/ok.md`]);
  const notes = r.notes.join('\n');
  for (const n of ['CON.md', 'a:b.md', 'trailing .md ']) assert.ok(notes.includes(`not synced: ${MEM}/${n}`), n);
  assert.deepEqual(
    Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)),
    [`${MEM}/ok.md`],
  );
  assert.equal((await a.sync()).published.length, 0);
});

test('two checkouts: removing the one that held the memory deletes nothing, the other takes it over', async () => {
  const remote = bareRemote();
  const m = await new Machine('twice', remote).init();
  const first = m.checkout(ORIGIN, 'widget');
  const second = m.checkout(ORIGIN, 'widget-copy');
  m.write(path.join(m.memoryDir(first), 'MEMORY.md'), '- [Build](build.md)\n');
  m.write(path.join(m.memoryDir(first), 'build.md'), 'run make\n');
  await m.sync({ projects: [first, second] });
  assert.equal(remoteFiles(remote)[`${MEM}/build.md`], 'run make\n');
  fs.rmSync(first, { recursive: true });
  const r = await m.sync();
  assert.deepEqual(r.deleted, []);
  assert.equal(remoteFiles(remote)[`${MEM}/build.md`], 'run make\n');
  assert.equal(
    fs.readFileSync(path.join(m.memoryDir(second), 'build.md'), 'utf8'),
    'run make\n',
    'the other checkout has the memory',
  );
  // Another machine still sees the project's memory.
  const b = await new Machine('other', remote).init();
  const pb = b.checkout(ORIGIN);
  await b.sync({ projects: [pb] });
  assert.deepEqual(readTree(b.memoryDir(pb)), { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'run make\n' });
});

test('an unreachable remote and nothing to push: push and push --dry-run both say the fetch failed', async () => {
  const { remote, a, pa, memA } = await pair();
  a.write(path.join(memA, 'notes.md'), 'kept\n');
  await a.sync({ projects: [pa] });
  fs.renameSync(remote, `${remote}.away`);
  // Written again with the same text: the scan sees a change, the plan has nothing to push (so
  // no push proves the remote unmoved: both fetch).
  a.write(path.join(memA, 'notes.md'), 'kept\n');
  const dry = await a.cli(['push', '--dry-run']);
  const real = await a.cli(['push']);
  assert.equal(dry.code, 1, dry.stdout);
  assert.equal(real.code, 1, real.stdout);
  for (const r of [dry, real]) assert.match(r.stderr, /^memsync push: fetching from the remote failed/);
  // Something to push: both reach the remote, and both fail on it.
  a.write(path.join(memA, 'notes.md'), 'edited\n');
  assert.equal((await a.cli(['push', '--dry-run'])).code, 1);
  assert.equal((await a.cli(['push'])).code, 1);
  // Back: the edit goes out, nothing else changed.
  fs.renameSync(`${remote}.away`, remote);
  const back = await a.cli(['push', '--json']);
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(JSON.parse(back.stdout).published, [`${MEM}/notes.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/notes.md`], 'edited\n');
});
