import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, remoteFiles } from './support/machines.ts';

const ORIGIN_SSH = 'git@github.com:acme/widget.git';
const ORIGIN_HTTPS = 'https://github.com/acme/widget';
const MEM = 'projects/github.com/acme/widget/memory';

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout(ORIGIN_SSH);
  const projB = b.checkout(ORIGIN_HTTPS);
  return { remote, a, b, projA, projB, memA: a.memoryDir(projA), memB: b.memoryDir(projB) };
}

test('memory written on one machine reaches a checkout of the same repository at another path', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'MEMORY.md'), '- [Build](build.md): how to build\n');
  a.write(path.join(memA, 'build.md'), '---\nname: build\n---\nrun make\n');
  const ra = await a.sync({ projects: [projA] });
  assert.deepEqual(ra.published.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/build.md`], '---\nname: build\n---\nrun make\n');
  const rb = await b.sync({ projects: [projB] });
  assert.deepEqual(rb.taken.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`]);
  assert.deepEqual(readTree(memB), readTree(memA));
});

test('edits to different lines on two machines merge cleanly and both are kept', async () => {
  const { a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'notes.md'), 'one\ntwo\nthree\nfour\nfive\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  a.write(path.join(memA, 'notes.md'), 'ONE\ntwo\nthree\nfour\nfive\n');
  b.write(path.join(memB, 'notes.md'), 'one\ntwo\nthree\nfour\nFIVE\n');
  await a.sync();
  const rb = await b.sync();
  assert.deepEqual(rb.merged, [`${MEM}/notes.md`]);
  await a.sync();
  assert.equal(fs.readFileSync(path.join(memA, 'notes.md'), 'utf8'), 'ONE\ntwo\nthree\nfour\nFIVE\n');
  assert.equal(fs.readFileSync(path.join(memB, 'notes.md'), 'utf8'), 'ONE\ntwo\nthree\nfour\nFIVE\n');
});

test('MEMORY.md lines added by both machines at the same place are all kept (union)', async () => {
  const { a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'MEMORY.md'), '# Memory\n- [A](a.md)\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  a.write(path.join(memA, 'MEMORY.md'), '# Memory\n- [A](a.md)\n- [From laptop](l.md)\n');
  b.write(path.join(memB, 'MEMORY.md'), '# Memory\n- [A](a.md)\n- [From desktop](d.md)\n');
  await a.sync();
  const rb = await b.sync();
  assert.equal(rb.conflicts.length, 0);
  await a.sync();
  const text = fs.readFileSync(path.join(memA, 'MEMORY.md'), 'utf8');
  assert.match(text, /From laptop/);
  assert.match(text, /From desktop/);
  assert.equal(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), text);
});

test('a conflict keeps live, writes one copy of the remote version, holds the path, and resolves', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  const file = (m: string) => path.join(m, 'topic.md');
  a.write(file(memA), 'colour: red\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  a.write(file(memA), 'colour: green\n');
  b.write(file(memB), 'colour: blue\n');
  await a.sync();
  const rb = await b.sync();
  assert.equal(rb.conflicts.length, 1);
  const copy = rb.conflicts[0]!.copy;
  assert.match(path.basename(copy), /^topic\.conflict-laptop-\d{8}T\d{6}Z\.md$/);
  assert.equal(fs.readFileSync(copy, 'utf8'), 'colour: green\n');
  assert.equal(fs.readFileSync(file(memB), 'utf8'), 'colour: blue\n', 'live is never overwritten by a conflict');
  // Held back: the remote keeps laptop's version, and the copy is never published.
  assert.equal(remoteFiles(remote)[`${MEM}/topic.md`], 'colour: green\n');
  const again = await b.sync();
  assert.equal(again.conflicts.length, 1);
  assert.equal(
    fs.readdirSync(memB).filter((n) => n.includes('.conflict-')).length,
    1,
    'one copy per distinct remote version',
  );
  assert.ok(!Object.keys(remoteFiles(remote)).some((p) => p.includes('.conflict-')));
  // Resolve by hand, then publish.
  b.write(file(memB), 'colour: green and blue\n');
  const res = await b.cli(['resolve', file(memB), '--done']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(fs.existsSync(copy), false);
  assert.equal(remoteFiles(remote)[`${MEM}/topic.md`], 'colour: green and blue\n');
  await a.sync();
  assert.equal(fs.readFileSync(file(memA), 'utf8'), 'colour: green and blue\n');
});

test('resolve --keep remote and --keep both', async () => {
  for (const keep of ['remote', 'both'] as const) {
    const { a, b, projA, projB, memA, memB } = await pair();
    a.write(path.join(memA, 'x.md'), 'v0\n');
    await a.sync({ projects: [projA] });
    await b.sync({ projects: [projB] });
    a.write(path.join(memA, 'x.md'), 'from laptop\n');
    b.write(path.join(memB, 'x.md'), 'from desktop\n');
    await a.sync();
    assert.equal((await b.sync()).conflicts.length, 1);
    const r = await b.cli(['resolve', `${MEM}/x.md`, '--keep', keep, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const live = fs.readFileSync(path.join(memB, 'x.md'), 'utf8');
    if (keep === 'remote') assert.equal(live, 'from laptop\n');
    else assert.deepEqual(live.split('\n').filter(Boolean).sort(), ['from desktop', 'from laptop']);
    await a.sync();
    assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), live);
  }
});

test('a deletion propagates, and an edit beats a delete', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'gone.md'), 'old\n');
  a.write(path.join(memA, 'kept.md'), 'v1\n');
  // A third file stays: deleting every file of a source at once is held (test/massDelete.test.ts).
  a.write(path.join(memA, 'stays.md'), 'here\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  fs.rmSync(path.join(memA, 'gone.md'));
  fs.rmSync(path.join(memA, 'kept.md'));
  b.write(path.join(memB, 'kept.md'), 'v2 edited on desktop\n');
  await a.sync();
  assert.equal(remoteFiles(remote)[`${MEM}/gone.md`], undefined);
  const rb = await b.sync();
  assert.deepEqual(rb.deletedLive, [`${MEM}/gone.md`]);
  assert.equal(fs.existsSync(path.join(memB, 'gone.md')), false);
  assert.equal(remoteFiles(remote)[`${MEM}/kept.md`], 'v2 edited on desktop\n');
  await a.sync();
  assert.equal(fs.readFileSync(path.join(memA, 'kept.md'), 'utf8'), 'v2 edited on desktop\n');
  // Deleted files do not come back on later syncs.
  await b.sync();
  await a.sync();
  assert.equal(fs.existsSync(path.join(memA, 'gone.md')), false);
});

test(
  'memory of a project this machine does not know waits on the remote; unidentified folders go to ' + 'unmapped/',
  async () => {
    const { remote, a, b, projA, memA } = await pair();
    a.write(path.join(memA, 'x.md'), 'x\n');
    const loose = path.join(a.configDir, 'projects', '-tmp-nowhere', 'memory', 'y.md');
    a.write(loose, 'y\n');
    await a.sync({ projects: [projA] });
    const files = remoteFiles(remote);
    assert.equal(files['unmapped/-tmp-nowhere/memory/y.md'], 'y\n');
    const rb = await b.sync();
    assert.deepEqual(rb.taken, []);
    assert.equal(
      fs.existsSync(path.join(b.configDir, 'projects')),
      false,
      'nothing written for projects desktop does not know',
    );
    // Learning the project later brings its memory; nothing is treated as deleted.
    const projB = b.checkout(ORIGIN_HTTPS, 'later');
    const rb2 = await b.sync({ projects: [projB] });
    assert.deepEqual(rb2.taken, [`${MEM}/x.md`]);
    assert.equal(remoteFiles(remote)[`${MEM}/x.md`], 'x\n');
  },
);

test('user memory (CLAUDE.md and rules) syncs, transcripts never do', async () => {
  const { remote, a, b, projA, memA } = await pair();
  a.write(path.join(a.configDir, 'CLAUDE.md'), '# me\n');
  a.write(path.join(a.configDir, 'rules', 'style.md'), 'tabs\n');
  a.write(path.join(path.dirname(memA), 'session-1.jsonl'), `${JSON.stringify({ cwd: projA })}\n`);
  a.write(path.join(a.configDir, 'settings.json'), '{}');
  await a.sync({ projects: [projA] });
  const files = Object.keys(remoteFiles(remote)).sort();
  assert.deepEqual(files, ['memsync.json', 'user/CLAUDE.md', 'user/rules/style.md']);
  await b.sync();
  assert.equal(fs.readFileSync(path.join(b.configDir, 'rules', 'style.md'), 'utf8'), 'tabs\n');
});

test('a dry run prints the plan and changes nothing anywhere', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'x\n');
  await a.sync({ projects: [projA] });
  b.write(path.join(memB, 'y.md'), 'y\n');
  const before = {
    remote: remoteFiles(remote),
    live: readTree(b.configDir),
    state: readTree(path.join(b.env.MEMSYNC_HOME!, 'state')),
  };
  const r = await b.cli(['sync', '--dry-run', '--json', '--project', projB]);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.deepEqual(plan.taken, [`${MEM}/x.md`]);
  assert.deepEqual(plan.published, [`${MEM}/y.md`]);
  assert.deepEqual(remoteFiles(remote), before.remote);
  assert.deepEqual(readTree(b.configDir), before.live);
  assert.deepEqual(readTree(path.join(b.env.MEMSYNC_HOME!, 'state')), before.state);
});

test('two machines pushing at the same moment both land (fast-forward only, retry)', async () => {
  const remote = bareRemote();
  const machines = await Promise.all(['m1', 'm2', 'm3'].map((n) => new Machine(n, remote).init()));
  const projects = machines.map((m) => m.checkout(ORIGIN_SSH));
  await Promise.all(machines.map((m, i) => m.sync({ projects: [projects[i]!] })));
  machines.forEach((m, i) => m.write(path.join(m.memoryDir(projects[i]!), `from-${m.name}.md`), `${m.name}\n`));
  await Promise.all(machines.map((m) => m.sync()));
  const files = remoteFiles(remote);
  for (const m of machines) assert.equal(files[`${MEM}/from-${m.name}.md`], `${m.name}\n`);
  await Promise.all(machines.map((m) => m.sync()));
  for (const m of machines)
    assert.deepEqual(Object.keys(readTree(m.memoryDir(projects[machines.indexOf(m)]!))).sort(), [
      'from-m1.md',
      'from-m2.md',
      'from-m3.md',
    ]);
});

test('a file Claude edits during a sync is left for the next sync, never clobbered', async () => {
  const { a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'remote version\n');
  await a.sync({ projects: [projA] });
  // Desktop had its own file scanned as "new"; it changes between the scan and the write.
  b.write(path.join(memB, 'x.md'), 'local draft\n');
  const { createLiveWriter } = await import('../src/machine/liveWrite.ts');
  const w = await createLiveWriter(b.ctx, [path.join(memB, 'x.md')]);
  const ok = await w.write(path.join(memB, 'x.md'), Buffer.from('remote version\n'), null);
  await w.done();
  assert.equal(ok, false, 'compare-and-swap refuses to replace a file that is not what was scanned');
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'local draft\n');
  await b.sync({ projects: [projB] });
});

test('pull publishes nothing and push takes nothing; what each leaves stays pending', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 'from-a.md'), 'a\n');
  await a.sync({ projects: [projA] });
  b.write(path.join(memB, 'from-b.md'), 'b\n');
  const pushed = await b.sync({ mode: 'push', projects: [projB] });
  assert.deepEqual(pushed.published, [`${MEM}/from-b.md`]);
  assert.deepEqual(pushed.taken, []);
  assert.equal(fs.existsSync(path.join(memB, 'from-a.md')), false);
  assert.equal(remoteFiles(remote)[`${MEM}/from-a.md`], 'a\n', 'a push keeps what others published');
  a.write(path.join(memA, 'later.md'), 'later\n');
  const pulled = await a.sync({ mode: 'pull' });
  assert.deepEqual(pulled.taken, [`${MEM}/from-b.md`]);
  assert.deepEqual(pulled.published, []);
  assert.equal(remoteFiles(remote)[`${MEM}/later.md`], undefined);
  const pulledB = await b.sync({ mode: 'pull' });
  assert.deepEqual(pulledB.taken, [`${MEM}/from-a.md`]);
  assert.deepEqual((await a.sync({ mode: 'push' })).published, [`${MEM}/later.md`]);
});

test('files matching exclude globs stay local', async () => {
  const remote = bareRemote();
  const m = await new Machine('ex', remote).init();
  const { writeSettings } = await import('../src/config/settings.ts');
  await writeSettings(m.env.MEMSYNC_HOME!, { exclude: ['**/private-*.md'] });
  await m.init();
  const proj = m.checkout(ORIGIN_SSH);
  m.write(path.join(m.memoryDir(proj), 'private-notes.md'), 'secret plans\n');
  m.write(path.join(m.memoryDir(proj), 'public.md'), 'fine\n');
  await m.sync({ projects: [proj] });
  assert.deepEqual(
    Object.keys(remoteFiles(remote)).filter((p) => p.startsWith('projects/')),
    [`${MEM}/public.md`],
  );
});

test('a sync killed after writing a conflict copy does not write a second copy of the same version', async () => {
  const { a, b, projA, projB, memA, memB } = await pair();
  a.write(path.join(memA, 't.md'), 'base\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  a.write(path.join(memA, 't.md'), 'laptop\n');
  b.write(path.join(memB, 't.md'), 'desktop\n');
  await a.sync();
  const stateDir = path.join(b.env.MEMSYNC_HOME!, 'state');
  const saved = `${stateDir}.saved`;
  fs.cpSync(stateDir, saved, { recursive: true });
  await b.sync();
  // As if killed before the state was recorded: the copy exists but no record of it.
  fs.rmSync(stateDir, { recursive: true });
  fs.renameSync(saved, stateDir);
  const again = await b.sync();
  assert.equal(again.conflicts.length, 1);
  assert.equal(fs.readdirSync(memB).filter((n) => n.includes('.conflict-')).length, 1);
});

test('a memory file whose front matter says sync: false never leaves the machine, and status lists it', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  a.write(
    path.join(memA, 'private.md'),
    '---\nname: private\nsync: false\n---\nthe staging password lives in the vault\n',
  );
  a.write(path.join(memA, 'shared.md'), 'shared\n');
  await a.sync({ projects: [projA] });
  assert.deepEqual(
    Object.keys(remoteFiles(remote)).filter((p) => p.startsWith('projects/')),
    [`${MEM}/shared.md`],
  );
  const st = JSON.parse((await a.cli(['status', '--json'])).stdout);
  assert.deepEqual(st.localOnly, [path.join(memA, 'private.md')]);
  // A file synced before and then marked local-only: the other machines keep their copy,
  // later local edits stay here, and remote changes are not taken into it.
  a.write(path.join(memA, 'was-shared.md'), 'v1\n');
  await a.sync();
  await b.sync({ projects: [projB] });
  a.write(path.join(memA, 'was-shared.md'), '---\nsync: false\n---\nv2 kept here\n');
  await a.sync();
  assert.equal(remoteFiles(remote)[`${MEM}/was-shared.md`], 'v1\n');
  b.write(path.join(memB, 'was-shared.md'), 'v3 from desktop\n');
  await b.sync();
  await a.sync();
  assert.equal(fs.readFileSync(path.join(memA, 'was-shared.md'), 'utf8'), '---\nsync: false\n---\nv2 kept here\n');
  assert.equal(fs.readFileSync(path.join(memB, 'was-shared.md'), 'utf8'), 'v3 from desktop\n');
});

test('role consumer pulls and never pushes; role off syncs nothing', async () => {
  const { remote, a, b, projA, projB, memA, memB } = await pair();
  const { writeSettings } = await import('../src/config/settings.ts');
  a.write(path.join(memA, 'x.md'), 'from laptop\n');
  await a.sync({ projects: [projA] });
  await writeSettings(b.env.MEMSYNC_HOME!, { role: 'consumer' });
  await b.init();
  b.write(path.join(memB, 'mine.md'), 'stays here\n');
  const r = await b.sync({ projects: [projB] });
  assert.deepEqual(r.taken, [`${MEM}/x.md`]);
  assert.deepEqual(r.published, []);
  assert.match(r.notes.join('\n'), /consumer/);
  assert.equal(remoteFiles(remote)[`${MEM}/mine.md`], undefined);
  await writeSettings(b.env.MEMSYNC_HOME!, { role: 'off' });
  await b.init();
  a.write(path.join(memA, 'y.md'), 'y\n');
  await a.sync();
  const off = await b.sync();
  assert.deepEqual([off.taken, off.published], [[], []]);
  assert.equal(fs.existsSync(path.join(memB, 'y.md')), false);
  const bad = await b.cli(['status'], { MEMSYNC_ROLE: 'contributor?' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /role/);
});
