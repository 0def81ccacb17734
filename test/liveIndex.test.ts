import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { CliMachine, MEM, sharedBareRemote } from './support/cli.ts';
import { scanLive } from '../src/machine/scan.ts';
import { loadScanCache } from '../src/machine/watch.ts';
import { resolveRoots } from '../src/engine/rootIndex.ts';

// The live index (src/machine/liveIndex.ts): git tells which files changed, and a folder whose
// stamp is unchanged is not listed again. Each test ends with a file the fast path must not miss.

const ORIGIN = 'git@github.com:acme/widget.git';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** scan.ts trusts no stat taken within 2 s of a change ("racy"): a warm machine has waited it out. */
const RACY_WAIT_MS = 2100;

async function warmMachine(configLink = false) {
  const remote = bareRemote();
  const m = new Machine('warm', remote);
  if (configLink) {
    // ~/.claude as a link into a dotfiles folder: the index holds the real paths.
    const real = path.join(m.root, 'dotfiles', 'claude');
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.renameSync(m.configDir, real);
    fs.symlinkSync(real, m.configDir);
  }
  await m.init();
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  m.write(path.join(mem, 'a.md'), 'alpha one\n');
  m.write(path.join(mem, 'b.md'), 'bravo\n');
  m.write(path.join(mem, 'topics', 't.md'), 'topic\n');
  assert.equal((await m.sync({ projects: [proj] })).published.length, 3);
  await sleep(RACY_WAIT_MS);
  await m.sync(); // reads the racy files again: now every file and folder is in the index
  await sleep(RACY_WAIT_MS);
  await m.sync();
  const cache = loadScanCache(m.env.MEMSYNC_HOME!);
  assert.ok(cache.liveIndex, 'the cache names the live index it was saved with');
  assert.ok(cache.stamps?.[mem], 'the memory folder has a stamp: the next scan does not list it');
  return { m, remote, proj, mem };
}

/** Rewrites a file in place with content of the same size, and puts its times back. */
function editKeepingStat(file: string, content: string): void {
  const st = fs.statSync(file);
  assert.equal(Buffer.byteLength(content), st.size);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, st.atime, st.mtime);
}

test('an in-place edit of the same size with its mtime put back is found and published', async () => {
  const { m, remote, mem } = await warmMachine();
  editKeepingStat(path.join(mem, 'a.md'), 'alpha TWO\n');
  const r = await m.sync();
  assert.deepEqual(r.published, [`${MEM}/a.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/a.md`], 'alpha TWO\n');
  // In a subfolder too, and after the index was brought up to date.
  editKeepingStat(path.join(mem, 'topics', 't.md'), 'TOPIC\n');
  assert.deepEqual((await m.sync()).published, [`${MEM}/topics/t.md`]);
  // A name beyond ASCII, decomposed as macOS writes it: git's answer names it byte for byte.
  const name = 'u\u0308ber caf\u00e9.md';
  m.write(path.join(mem, name), 'umlaut\n');
  await m.sync();
  await sleep(RACY_WAIT_MS);
  await m.sync();
  editKeepingStat(path.join(mem, name), 'UMLAUT\n');
  assert.deepEqual((await m.sync()).published, [`${MEM}/${name}`]);
});

test('with ~/.claude a link, edits are found (the index holds real paths)', async () => {
  const { m, remote, mem } = await warmMachine(true);
  const listed = execFileSync('git', ['ls-files'], {
    env: {
      ...process.env,
      GIT_DIR: path.join(m.env.MEMSYNC_HOME!, 'state', 'live.git'),
      GIT_INDEX_FILE: path.join(m.env.MEMSYNC_HOME!, 'state', 'live-index'),
      GIT_WORK_TREE: '/',
    },
    cwd: '/',
  }).toString();
  assert.match(listed, /dotfiles\/claude\/projects\/.*\/memory\/a\.md/);
  editKeepingStat(path.join(mem, 'b.md'), 'BRAVO\n');
  assert.deepEqual((await m.sync()).published, [`${MEM}/b.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/b.md`], 'BRAVO\n');
});

test('a lost or damaged live index: every file is stat-ed again, and the index is built again', async () => {
  const { m, mem } = await warmMachine();
  const index = path.join(m.env.MEMSYNC_HOME!, 'state', 'live-index');
  for (const damage of [() => fs.rmSync(index), () => fs.writeFileSync(index, 'not an index')]) {
    damage();
    fs.appendFileSync(path.join(mem, 'b.md'), 'more\n');
    assert.deepEqual((await m.sync()).published, [`${MEM}/b.md`]);
    assert.ok(fs.statSync(index).size > 100, 'built again');
  }
});

test('a cache saved before the index it names was rewritten (a crash between them) is not trusted', async () => {
  const { m, remote, mem } = await warmMachine();
  const cacheFile = path.join(m.env.MEMSYNC_HOME!, 'state', 'scan-cache');
  const before = fs.readFileSync(cacheFile);
  fs.writeFileSync(path.join(mem, 'a.md'), 'alpha edited, longer\n');
  await sleep(RACY_WAIT_MS); // so that this sync puts the edit in the index
  assert.deepEqual((await m.sync()).published, [`${MEM}/a.md`]);
  // The index was brought up to date, then the sync died before saving the cache.
  fs.writeFileSync(cacheFile, before);
  // The dry run (and status) see nothing to do either.
  const dry = await m.sync({ dryRun: true });
  assert.deepEqual(
    dry.plan.filter((it) => it.runs),
    [],
  );
  const r = await m.sync();
  assert.deepEqual([r.published, r.taken, r.deleted], [[], [], []]);
  assert.equal(remoteFiles(remote)[`${MEM}/a.md`], 'alpha edited, longer\n');
  assert.equal(fs.readFileSync(path.join(mem, 'a.md'), 'utf8'), 'alpha edited, longer\n');
});

test('the scan keeps what git did not report, reads what it did, and lists folders for other filters', async () => {
  const { m, proj, mem } = await warmMachine();
  const ctx = m.ctx;
  const { roots } = await resolveRoots(ctx, [proj]);
  const cache = loadScanCache(ctx.home);
  const hashOf = (s: ReturnType<typeof scanLive>) => s.files.get(`${MEM}/a.md`)?.hash;
  const known = hashOf(scanLive(roots, [], cache));
  fs.writeFileSync(path.join(mem, 'a.md'), 'alpha changed\n');
  // Git said nothing changed: the folder is not listed and the file keeps its content id.
  assert.equal(hashOf(scanLive(roots, [], cache, new Set())), known);
  // Git named it: it is read.
  const real = fs.realpathSync(path.join(mem, 'a.md'));
  assert.notEqual(hashOf(scanLive(roots, [], cache, new Set([real]))), known);
  // Without git's answer, every file is stat-ed.
  assert.notEqual(hashOf(scanLive(roots, [], cache, null)), known);
  // Other filters list every folder again: an excluded file is gone from the scan.
  assert.equal(scanLive(roots, ['**/b.md'], cache, new Set()).files.has(`${MEM}/b.md`), false);
  // A folder changed within the racy window gets no stamp (a name added within the same tick).
  fs.writeFileSync(path.join(mem, 'c.md'), 'charlie\n');
  assert.equal(scanLive(roots, [], cache, new Set()).cache.stamps?.[mem], undefined);
});

test('a file the user can no longer read, in a folder that did not change, is never published as deleted', async () => {
  const remote = sharedBareRemote();
  const m = new CliMachine('locked', { uid: 4243 });
  assert.equal((await m.cli(['init', '--remote', remote])).code, 0);
  m.write('a.md', 'a\n');
  m.write('locked.md', 'locked\n');
  assert.equal((await m.cli(['sync', '--project', m.project])).code, 0);
  await sleep(RACY_WAIT_MS);
  assert.equal((await m.cli(['sync'])).code, 0);
  await sleep(RACY_WAIT_MS);
  assert.equal((await m.cli(['sync'])).code, 0);
  fs.chmodSync(path.join(m.memDir, 'locked.md'), 0o000);
  for (let i = 0; i < 3; i++) {
    const r = await m.cli(['sync']);
    assert.match(r.stdout + r.stderr, /locked\.md/, `sync ${i + 1} names the unreadable file`);
    assert.equal(remoteFiles(remote)[`${MEM}/locked.md`], 'locked\n', `sync ${i + 1} kept it on the remote`);
  }
});

test('a scan cache an older memsync saved (one JSON object) is replaced by a whole new one', async () => {
  const { m, remote, mem } = await warmMachine();
  const state = path.join(m.env.MEMSYNC_HOME!, 'state');
  const { stamps: _s, filters: _f, real: _r, ...older } = loadScanCache(m.env.MEMSYNC_HOME!);
  fs.rmSync(path.join(state, 'scan-cache'));
  fs.writeFileSync(path.join(state, 'scan-cache.json'), JSON.stringify({ ...older, version: 2 }));
  assert.deepEqual((await m.sync()).published, []);
  const cache = loadScanCache(m.env.MEMSYNC_HOME!);
  assert.ok(cache.filters && cache.stamps?.[mem], 'the next no-op saved what the scan needs');
  assert.equal(fs.existsSync(path.join(state, 'scan-cache.json')), false, 'the older file is gone');
  editKeepingStat(path.join(mem, 'a.md'), 'alpha 1-2\n');
  assert.deepEqual((await m.sync()).published, [`${MEM}/a.md`]);
  assert.equal(remoteFiles(remote)[`${MEM}/a.md`], 'alpha 1-2\n');
});

test('two memory folders that are one folder: removing one keeps the other followed by git', async () => {
  const remote = bareRemote();
  const m = await new Machine('shared', remote).init();
  const projB = m.checkout('git@github.com:acme/bravo.git', 'bravo');
  const projA = m.checkout('git@github.com:acme/alpha.git', 'alpha');
  const memB = m.memoryDir(projB);
  m.write(path.join(memB, 'b.md'), 'bravo one\n');
  fs.mkdirSync(path.dirname(m.memoryDir(projA)), { recursive: true });
  fs.symlinkSync(memB, m.memoryDir(projA)); // alpha's memory is bravo's folder
  await m.sync({ projects: [projA, projB] });
  await sleep(RACY_WAIT_MS);
  await m.sync();
  fs.rmSync(m.memoryDir(projA)); // the link goes; bravo's folder stays
  await m.sync();
  await sleep(RACY_WAIT_MS);
  await m.sync();
  editKeepingStat(path.join(memB, 'b.md'), 'BRAVO ONE\n');
  assert.deepEqual((await m.sync()).published, ['projects/github.com/acme/bravo/memory/b.md']);
  assert.equal(remoteFiles(remote)['projects/github.com/acme/bravo/memory/b.md'], 'BRAVO ONE\n');
});
