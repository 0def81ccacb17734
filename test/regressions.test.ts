/**
 * Issue 10's failures, one test each, black box: the built CLI and the hooks as Claude Code runs
 * them, real git, bare remotes in temp folders, a non-root user where permissions matter.
 * Each test states the failure it guards against; on the main of 2026-12-01 they fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, readTree, remoteFiles, tempDir } from './support/machines.ts';
import { startGitDaemon } from './support/network.ts';
import { claudeProjectKey } from '../src/sources/projectKey.ts';
import { CliMachine, MEM, pluginRoot, sharedBareRemote, waitUntil, type Run } from './support/cli.ts';

const asRoot = process.getuid?.() === 0;
const NON_ROOT = 4243;

async function machine(name: string, remote: string, opts: ConstructorParameters<typeof CliMachine>[1] = {}): Promise<CliMachine> {
  pluginRoot();
  const m = new CliMachine(name, { extraEnv: { MEMSYNC_PUSH_THROTTLE_SECONDS: '0' }, ...opts });
  const r = await m.cli(['init', '--remote', remote]);
  assert.equal(r.code, 0, `init ${name}: ${r.stderr}`);
  return m;
}

/** `memsync sync --project DIR --json`, as the README says to run it. */
async function sync(m: CliMachine, args: string[] = []): Promise<Run & { data: any }> {
  return m.json(['sync', ...(fs.existsSync(m.project) ? ['--project', m.project] : []), ...args]);
}

function mustSync(r: Run & { data: any }, what: string): any {
  assert.ok(r.code === 0 || r.code === 3, `${what}: exit ${r.code}\n${r.stderr}`);
  return r.data;
}

const memOf = (remote: string) =>
  Object.fromEntries(Object.entries(remoteFiles(remote)).filter(([p]) => p.startsWith(`${MEM}/`)).map(([p, t]) => [p.slice(MEM.length + 1), t]));

function git(remote: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', remote, ...args], { env: gitTestEnv(remote), stdio: 'pipe' }).toString().trim();
}

/** Writes one commit on the remote as someone else would: the given files, on top of `parent` (or none). */
function foreignCommit(remote: string, files: Record<string, Buffer | string>, parent: string | null): string {
  const env = gitTestEnv(remote);
  const idx = path.join(remote, `test-index-${process.pid}`);
  const genv = { ...env, GIT_INDEX_FILE: idx };
  if (parent) execFileSync('git', ['--git-dir', remote, 'read-tree', parent], { env: genv });
  else fs.rmSync(idx, { force: true });
  for (const [p, content] of Object.entries(files)) {
    const blob = execFileSync('git', ['--git-dir', remote, 'hash-object', '-w', '--stdin'], { env, input: content }).toString().trim();
    execFileSync('git', ['--git-dir', remote, 'update-index', '--add', '--cacheinfo', `100644,${blob},${p}`], { env: genv });
  }
  const tree = execFileSync('git', ['--git-dir', remote, 'write-tree'], { env: genv }).toString().trim();
  fs.rmSync(idx, { force: true });
  const commit = execFileSync('git', ['--git-dir', remote, 'commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', 'someone else'], { env }).toString().trim();
  git(remote, 'update-ref', 'refs/heads/main', commit);
  return commit;
}

/** The command a stopped sync prints to continue, as argv (null when it prints none). */
function continueCommand(text: string): string[] | null {
  const found = /`memsync ([^`]+)`/.exec(text) ?? /\bmemsync ((?:adopt|sync --adopt)\S*(?: --?[\w-]+)*)/.exec(text);
  const cmd = found?.[1]?.trim();
  return cmd && !/^(sync|status|doctor|conflicts)$/.test(cmd) ? cmd.split(/\s+/) : null;
}

// --- The base belongs to a remote -----------------------------------------------------------

for (const how of ['init --remote', 'MEMSYNC_REMOTE', 'lost settings.json'] as const) {
  test(`switching remote by ${how}: nothing deleted, the new remote gets everything`, async () => {
    const first = sharedBareRemote();
    const other = sharedBareRemote();
    const m = await machine(`switch-${how.replace(/\W+/g, '')}`, first);
    m.write('MEMORY.md', '- [Build](build.md)\n');
    m.write('build.md', 'make all\n');
    fs.writeFileSync(path.join(m.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), '# mine\n');
    mustSync(await sync(m), 'first sync');
    let r: Run & { data: any };
    if (how === 'init --remote') {
      const i = await m.cli(['init', '--remote', other]);
      assert.equal(i.code, 0, i.stderr);
      r = await sync(m);
    } else if (how === 'MEMSYNC_REMOTE') {
      r = await m.json(['sync'], { MEMSYNC_REMOTE: other });
    } else {
      fs.rmSync(path.join(m.home, 'settings.json'));
      const i = await m.cli(['init', '--remote', other]);
      assert.equal(i.code, 0, i.stderr);
      r = await sync(m);
    }
    const d = mustSync(r, `sync after ${how}`);
    assert.deepEqual(d.deletedLive, [], `nothing deleted live: ${JSON.stringify(d)}`);
    assert.deepEqual(readTree(m.memDir), { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'make all\n' });
    assert.equal(fs.readFileSync(path.join(m.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), 'utf8'), '# mine\n');
    assert.deepEqual(memOf(other), { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'make all\n' }, 'the new remote got the memory');
    assert.equal(remoteFiles(other)['user/CLAUDE.md'], '# mine\n', 'the new remote got CLAUDE.md');
  });
}

// --- A remote whose history was rewritten ---------------------------------------------------

for (const how of ['reset', 'unrelated', 'deleted', 'replaced'] as const) {
  test(`a remote ${how} by someone else: the sync deletes and overwrites nothing, says so, and continues when told`, async () => {
    const remote = sharedBareRemote();
    const a = await machine(`rw-${how}`, remote);
    a.write('keep.md', 'v1\n');
    mustSync(await sync(a), 'v1');
    a.write('keep.md', 'v2\n');
    a.write('later.md', 'learned later\n');
    mustSync(await sync(a), 'v2');
    const tip = git(remote, 'rev-parse', 'refs/heads/main');
    if (how === 'reset') git(remote, 'update-ref', 'refs/heads/main', git(remote, 'rev-parse', `${tip}~1`));
    if (how === 'unrelated') foreignCommit(remote, { [`${MEM}/other.md`]: 'from elsewhere\n' }, null);
    if (how === 'deleted') git(remote, 'update-ref', '-d', 'refs/heads/main');
    if (how === 'replaced') {
      fs.rmSync(remote, { recursive: true });
      sharedBareRemote(remote);
    }
    const r = await sync(a);
    const text = `${r.stdout}\n${r.stderr}`;
    assert.equal(readTree(a.memDir)['keep.md'], 'v2\n', `newer content stays live:\n${text}`);
    assert.equal(readTree(a.memDir)['later.md'], 'learned later\n', `no live file deleted:\n${text}`);
    const stopped = r.code !== 0 && r.code !== 3;
    if (how === 'reset' || how === 'unrelated') assert.ok(stopped, `a tip that does not descend from the recorded one stops the sync (exit ${r.code}):\n${text}`);
    if (stopped) {
      const cmd = continueCommand(text);
      assert.ok(cmd, `the stop names the command that continues:\n${text}`);
      const status = await a.json(['status']);
      assert.match(JSON.stringify(status.data ?? status.stderr), /remote|history|rewr|descend|adopt/i, 'status says what happened to the remote');
      const doctor = await a.cli(['doctor']);
      assert.notEqual(doctor.code, 0, `doctor fails a check:\n${doctor.stdout}`);
      const c = await a.cli(cmd);
      assert.ok(c.code === 0 || c.code === 3, `memsync ${cmd.join(' ')}: ${c.stderr}`);
      mustSync(await sync(a), 'sync after continuing');
    }
    const mem = memOf(remote);
    assert.equal(mem['keep.md'], 'v2\n', 'the remote gets the newer content');
    assert.equal(mem['later.md'], 'learned later\n', 'the remote gets every live file');
    if (how === 'unrelated') assert.equal(readTree(a.memDir)['other.md'], 'from elsewhere\n', "the adopted remote's file is taken");
    assert.equal(readTree(a.memDir)['keep.md'], 'v2\n');
  });
}

// --- A read error is not a deletion ---------------------------------------------------------

test('an unreadable file and folder are named, take no part and are never published as deleted', { skip: asRoot ? false : 'needs root to run a machine as another user' }, async () => {
  const remote = sharedBareRemote();
  const a = await machine('unread-a', remote, { uid: NON_ROOT });
  const b = await machine('unread-b', remote);
  a.write('secret-ish.md', 'private but synced\n');
  a.write('notes/c.md', 'in a folder\n');
  a.write('fine.md', 'fine\n');
  mustSync(await sync(a), 'a first');
  mustSync(await sync(b), 'b first');
  fs.chmodSync(path.join(a.memDir, 'secret-ish.md'), 0o000);
  fs.chmodSync(path.join(a.memDir, 'notes'), 0o000);
  try {
    const status = await a.json(['status']);
    const r = await sync(a);
    const text = `${r.stdout}\n${r.stderr}`;
    const mem = memOf(remote);
    assert.equal(mem['secret-ish.md'], 'private but synced\n', `the unreadable file is not deleted from the remote:\n${text}`);
    assert.equal(mem['notes/c.md'], 'in a folder\n', "the unreadable folder's file is not deleted from the remote");
    mustSync(await sync(b), 'b after');
    assert.equal(readTree(b.memDir)['secret-ish.md'], 'private but synced\n', 'nor on the other machine');
    assert.equal(readTree(b.memDir)['notes/c.md'], 'in a folder\n');
    assert.match(text, /secret-ish\.md/, `the sync names the unreadable file:\n${text}`);
    assert.match(text, /notes/, `the sync names the unreadable folder:\n${text}`);
    assert.match(JSON.stringify(status.data), /secret-ish\.md/, `status names the unreadable file: ${JSON.stringify(status.data)}`);
  } finally {
    fs.chmodSync(path.join(a.memDir, 'notes'), 0o755);
    fs.chmodSync(path.join(a.memDir, 'secret-ish.md'), 0o644);
  }
  mustSync(await sync(a), 'a readable again');
  assert.equal(readTree(a.memDir)['secret-ish.md'], 'private but synced\n');
});

// --- Tree shape -----------------------------------------------------------------------------

test('a folder replaced by a file of the same name reaches the remote and the other machine, and stays', async () => {
  const remote = sharedBareRemote();
  const a = await machine('shape1-a', remote);
  const b = await machine('shape1-b', remote);
  a.write('topic/d.md', 'one\ntwo\n');
  mustSync(await sync(a), 'a folder');
  mustSync(await sync(b), 'b takes the folder');
  fs.rmSync(path.join(a.memDir, 'topic'), { recursive: true });
  a.write('topic', 'one\ntwo\nnow a file\n');
  mustSync(await sync(a), 'a file');
  assert.deepEqual(memOf(remote), { topic: 'one\ntwo\nnow a file\n' }, 'the remote holds the file');
  mustSync(await sync(b), 'b takes the file');
  assert.deepEqual(readTree(b.memDir), { topic: 'one\ntwo\nnow a file\n' });
  mustSync(await sync(a), 'a again');
  mustSync(await sync(b), 'b again');
  assert.deepEqual(readTree(a.memDir), { topic: 'one\ntwo\nnow a file\n' }, 'and it is not deleted later');
  assert.deepEqual(memOf(remote), { topic: 'one\ntwo\nnow a file\n' });
});

test("a file on one machine and a folder of that name on another: neither machine's lines are dropped", async () => {
  const remote = sharedBareRemote();
  const a = await machine('shape2-a', remote);
  const b = await machine('shape2-b', remote);
  a.write('topic', 'the file of a\n');
  b.write('topic/x.md', 'the folder of b\n');
  mustSync(await sync(a), 'a');
  const rb = await sync(b);
  mustSync(rb, 'b');
  mustSync(await sync(a), 'a again');
  const text = (m: CliMachine) => Object.values(readTree(m.memDir)).join('');
  // Each machine keeps its own version (live or as a conflict copy): nothing silently dropped.
  assert.ok(text(a).includes('the file of a'), `a keeps its file: ${JSON.stringify(readTree(a.memDir))} (b's sync exit ${rb.code}: ${rb.stdout})`);
  assert.ok(text(b).includes('the folder of b'), `b keeps its folder's file: ${JSON.stringify(readTree(b.memDir))}`);
  for (const line of ['the file of a', 'the folder of b'])
    assert.ok([a, b].every((m) => text(m).includes(line)) || rb.code === 3, `"${line}" reaches both machines, or the clash is a conflict (exit ${rb.code})`);
});

// --- Two checkouts of one repository --------------------------------------------------------

for (const gone of ['the checkout with the memory', 'the other checkout'] as const) {
  test(`two checkouts of one repository share its memory; removing ${gone} deletes nothing from the remote`, async () => {
    const remote = sharedBareRemote();
    const m = await machine(`twice-${gone.length}`, remote);
    const second = path.join(m.env.HOME!, 'work', 'widget-copy');
    fs.mkdirSync(second, { recursive: true });
    execFileSync('git', ['init', '--quiet', second], { env: gitTestEnv(m.root) });
    execFileSync('git', ['-C', second, 'remote', 'add', 'origin', 'https://github.com/acme/widget']);
    const memory = { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'make all\n' };
    for (const [rel, text] of Object.entries(memory)) m.write(rel, text);
    mustSync(await m.json(['sync', '--project', m.project, '--project', second]), 'both checkouts known');
    assert.deepEqual(memOf(remote), memory);
    fs.rmSync(gone === 'the other checkout' ? second : m.project, { recursive: true, force: true });
    const d = mustSync(await m.json(['sync']), `sync after removing ${gone}`);
    assert.deepEqual(d.deletedRemote ?? [], [], `nothing deleted from the remote: ${JSON.stringify(d)}`);
    assert.deepEqual(memOf(remote), memory);
  });
}

test('two checkouts of one repository share its memory: a session in either finds it', async () => {
  const remote = sharedBareRemote();
  const m = await machine('share', remote);
  const second = path.join(m.env.HOME!, 'work', 'widget-copy');
  fs.mkdirSync(second, { recursive: true });
  execFileSync('git', ['init', '--quiet', second], { env: gitTestEnv(m.root) });
  execFileSync('git', ['-C', second, 'remote', 'add', 'origin', 'https://github.com/acme/widget']);
  m.write('build.md', 'make all\n');
  mustSync(await m.json(['sync', '--project', m.project, '--project', second]), 'both checkouts known');
  const secondMem = path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(second), 'memory');
  await m.hook('SessionStart', { cwd: second, source: 'startup' });
  assert.deepEqual(readTree(secondMem), { 'build.md': 'make all\n' }, 'the other checkout has the same memory');
});

// --- The hooks publish what is unpublished --------------------------------------------------

test('memory from before the first session is published by the hooks (SessionStart, Stop, SessionEnd)', async () => {
  const remote = sharedBareRemote();
  const other = await machine('early-other', remote);
  other.write('theirs.md', 'from the other machine\n');
  mustSync(await sync(other), 'other');
  const m = await machine('early', remote);
  m.write('MEMORY.md', '- [Old](old.md)\n');
  m.write('old.md', 'learned before memsync\n');
  await m.hook('SessionStart', { source: 'startup' });
  assert.equal(readTree(m.memDir)['theirs.md'], 'from the other machine\n', 'SessionStart pulled');
  await m.hook('Stop');
  await m.hook('SessionEnd', { reason: 'exit' });
  const mem = memOf(remote);
  assert.equal(mem['old.md'], 'learned before memsync\n', 'the hooks published memory from before the first session');
  assert.equal(mem['MEMORY.md'], '- [Old](old.md)\n');
});

test('an edit made while the remote was unreachable is published by the hooks once it is back', async () => {
  const remote = sharedBareRemote();
  const m = await machine('offline-edit', remote);
  m.write('a.md', 'one\n');
  mustSync(await sync(m), 'first');
  fs.renameSync(remote, `${remote}.away`);
  m.write('a.md', 'one\ntwo offline\n');
  await m.hook('Stop');
  await m.hook('SessionEnd', { reason: 'exit' });
  fs.renameSync(`${remote}.away`, remote);
  // Nothing changed since the failed pushes: the next session's hooks must still publish it.
  await m.hook('SessionStart', { source: 'startup' });
  await m.hook('Stop');
  await m.hook('SessionEnd', { reason: 'exit' });
  assert.equal(memOf(remote)['a.md'], 'one\ntwo offline\n', 'the offline edit reached the remote');
});

test('after a SessionStart pull with local changes left, no command says up to date while the remote lacks them', async () => {
  const remote = sharedBareRemote();
  const a = await machine('left-a', remote);
  const b = await machine('left-b', remote);
  a.write('a.md', 'from a\n');
  mustSync(await sync(a), 'a');
  mustSync(await sync(b), 'b');
  b.write('b.md', 'only on b\n');
  a.write('a.md', 'from a\nmore from a\n');
  mustSync(await sync(a), 'a again');
  // SessionStart's pull takes a's change and must not bury b's new file.
  await b.hook('SessionStart', { source: 'startup' });
  assert.equal(readTree(b.memDir)['a.md'], 'from a\nmore from a\n');
  if (memOf(remote)['b.md'] !== 'only on b\n') {
    const status = await b.json(['status']);
    assert.ok(status.data.pendingPush > 0 && status.data.hasLocalChanges, `status says there is something to push: ${JSON.stringify(status.data)}`);
    const dry = await b.json(['sync', '--dry-run']);
    assert.ok(dry.data.published.includes(`${MEM}/b.md`), `the dry run lists b.md: ${JSON.stringify(dry.data)}`);
    const r = await sync(b);
    assert.ok(r.data.published.includes(`${MEM}/b.md`), `sync publishes b.md: ${r.stdout}`);
  }
  assert.equal(memOf(remote)['b.md'], 'only on b\n');
});

// --- Dry runs and status tell the truth -----------------------------------------------------

test('a file the secret scan holds is listed as held, not published, by the dry run and status', async () => {
  const remote = sharedBareRemote();
  const m = await machine('dry-secret', remote);
  m.write('ok.md', 'fine\n');
  m.write('token.md', `use ghp_${'Zq9xW2Lm4Pr7TbK8sD3fG6hJ1kL5nM0vC2xY'.slice(0, 36)} for CI\n`);
  const status = await m.json(['status']);
  const dry = await m.json(['sync', '--dry-run']);
  const real = await sync(m);
  const paths = (l: any[]) => l.map((x) => (typeof x === 'string' ? x : x.path)).sort();
  assert.deepEqual(paths(dry.data.published), paths(real.data.published), 'the dry run publishes what the real run publishes');
  assert.ok(!paths(dry.data.published).includes(`${MEM}/token.md`), 'the dry run does not list the held file as published');
  assert.deepEqual([...new Set(paths(dry.data.heldSecrets))], [...new Set(paths(real.data.heldSecrets))], 'the same files held');
  assert.deepEqual([...new Set(paths(status.data.heldSecrets))], [...new Set(paths(real.data.heldSecrets))], 'status holds the same files');
  assert.equal(memOf(remote)['token.md'], undefined, 'the secret stayed here');
});

test('a change the real run finds conflicting is a conflict in the dry run and status, not a merge', async () => {
  const remote = sharedBareRemote();
  const a = await machine('dry-conf-a', remote);
  const b = await machine('dry-conf-b', remote);
  a.write('t.md', 'base\n');
  mustSync(await sync(a), 'a');
  mustSync(await sync(b), 'b');
  a.write('t.md', 'from a\n');
  b.write('t.md', 'from b\n');
  mustSync(await sync(a), 'a edit');
  const status = await b.json(['status']);
  const dry = await b.json(['sync', '--dry-run']);
  const real = await sync(b);
  const paths = (l: any[]) => [...new Set(l.map((x) => (typeof x === 'string' ? x : x.path)))].sort();
  assert.equal(real.code, 3, 'the real run conflicts');
  assert.deepEqual(paths(dry.data.conflicted), paths(real.data.conflicted), `the dry run lists the conflict: ${JSON.stringify(dry.data)}`);
  assert.deepEqual(paths(dry.data.merged), paths(real.data.merged), 'and no merge the real run does not do');
  assert.equal(dry.code, real.code, 'with the same exit code');
  assert.deepEqual(paths(status.data.conflicts), paths(real.data.conflicted), `status lists it: ${JSON.stringify(status.data)}`);
});

// --- A race changes nothing -----------------------------------------------------------------

test('two machines syncing at once end as if one after the other: clean merges stay clean (3 free races)', { timeout: 240_000 }, async () => {
  const outcomes: string[] = [];
  for (let i = 0; i < 3; i++) {
    const remote = sharedBareRemote();
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => machine(`race${i}-${n}`, remote)));
    const lines = Array.from({ length: 12 }, (_, k) => `line ${k}`);
    a!.write('t.md', lines.join('\n') + '\n');
    mustSync(await sync(a!), 'a');
    mustSync(await sync(b!), 'b');
    mustSync(await sync(c!), 'c');
    const edit = (m: CliMachine, at: number) => {
      const now = fs.readFileSync(path.join(m.memDir, 't.md'), 'utf8').split('\n');
      now[at] = `line ${at} edited on ${m.name}`;
      m.write('t.md', now.join('\n'));
    };
    edit(c!, 0);
    mustSync(await sync(c!), 'c edit');
    edit(a!, 5);
    edit(b!, 10);
    const [ra, rb] = await Promise.all([sync(a!), sync(b!)]);
    outcomes.push(`race ${i}: a exit ${ra.code}, b exit ${rb.code}`);
    for (const m of [a!, b!, c!]) mustSync(await sync(m), `settle ${m.name}`);
    const copies = [a!, b!].flatMap((m) => Object.keys(readTree(m.memDir)).filter((p) => p.includes('.conflict-')));
    assert.deepEqual(copies, [], `race ${i} left conflict copies (${outcomes.join('; ')})`);
    assert.ok(ra.code === 0 && rb.code === 0, `race ${i} ended in a conflict (${outcomes.join('; ')})`);
    const want = [...lines];
    want[0] = `line 0 edited on ${c!.name}`;
    want[5] = `line 5 edited on ${a!.name}`;
    want[10] = `line 10 edited on ${b!.name}`;
    for (const m of [a!, b!, c!]) assert.equal(fs.readFileSync(path.join(m.memDir, 't.md'), 'utf8'), `${want.join('\n')}\n`, `${m.name} holds all three edits`);
  }
});

/**
 * The race made certain: git daemon's access hook parks a's push (after a merged b's first edit into
 * its live file) until b has pushed a second edit of the same line; then a's push is overtaken.
 */
test('a merge written live whose push is overtaken is merged again from what it merged, not from the old base', { timeout: 120_000 }, async () => {
  const base = tempDir('memsync-daemon-');
  const ctl = tempDir('memsync-hold-');
  const hook = path.join(ctl, 'access-hook.sh');
  fs.writeFileSync(hook, [
    '#!/bin/sh',
    '[ "$1" = receive-pack ] || exit 0',
    `if [ -e "${ctl}/arm" ] && mkdir "${ctl}/taken" 2>/dev/null; then`,
    `  : > "${ctl}/held"`,
    `  while [ ! -e "${ctl}/release" ]; do sleep 0.05; done`,
    'fi',
    'exit 0',
    '',
  ].join('\n'), { mode: 0o755 });
  sharedBareRemote(path.join(base, 'race.git'));
  const daemon = await startGitDaemon(base, [`--access-hook=${hook}`]);
  try {
    const url = daemon.url('race.git');
    const a = await machine('held-a', url);
    const b = await machine('held-b', url);
    const lines = Array.from({ length: 12 }, (_, k) => `line ${k}`);
    a.write('t.md', `${lines.join('\n')}\n`);
    mustSync(await sync(a), 'a');
    mustSync(await sync(b), 'b');
    const set = (m: CliMachine, at: number, text: string) => {
      const now = fs.readFileSync(path.join(m.memDir, 't.md'), 'utf8').split('\n');
      now[at] = text;
      m.write('t.md', now.join('\n'));
    };
    set(b, 10, 'line 10 first edit on b');
    mustSync(await sync(b), 'b first edit');
    set(a, 5, 'line 5 edited on a');
    fs.writeFileSync(path.join(ctl, 'arm'), '');
    const racing = sync(a);
    await waitUntil("a's push to reach the remote", () => fs.existsSync(path.join(ctl, 'held')), 60_000);
    set(b, 10, 'line 10 second edit on b');
    const rb = await sync(b);
    mustSync(rb, 'b second edit');
    fs.writeFileSync(path.join(ctl, 'release'), '');
    const ra = await racing;
    assert.equal(ra.code, 0, `a's overtaken sync ends cleanly, as it would one after the other: exit ${ra.code}\n${ra.stdout}${ra.stderr}`);
    mustSync(await sync(b), 'b settles');
    const want = [...lines];
    want[5] = 'line 5 edited on a';
    want[10] = 'line 10 second edit on b';
    for (const m of [a, b]) assert.deepEqual(readTree(m.memDir), { 't.md': `${want.join('\n')}\n` }, `${m.name} holds both edits and no conflict copy`);
  } finally {
    fs.writeFileSync(path.join(ctl, 'release'), '');
    await daemon.stop();
  }
});

// --- restore, refused remote versions, unusable names ---------------------------------------

test('restore --all --at an older commit does not destroy an unpublished edit', async () => {
  const remote = sharedBareRemote();
  const m = await machine('restore-all', remote);
  m.write('r.md', 'v1\n');
  mustSync(await sync(m), 'v1');
  const v1 = git(remote, 'rev-parse', 'refs/heads/main');
  m.write('r.md', 'v2\n');
  mustSync(await sync(m), 'v2');
  m.write('r.md', 'v3 not yet published\n');
  const r = await m.cli(['restore', '--all', '--at', v1]);
  const here = Object.values(readTree(m.memDir)).join('');
  const there = Object.values(remoteFiles(remote)).join('');
  assert.ok(here.includes('v3 not yet published') || there.includes('v3 not yet published'), `the unpublished edit survives restore (exit ${r.code}):\n${r.stdout}${r.stderr}`);
});

test('a local edit of a path whose remote version was refused (not UTF-8) is not frozen', async () => {
  const remote = sharedBareRemote();
  const a = await machine('refused-a', remote);
  a.write('p.md', 'first\n');
  mustSync(await sync(a), 'a');
  const tip = git(remote, 'rev-parse', 'refs/heads/main');
  foreignCommit(remote, { [`${MEM}/p.md`]: Buffer.from([0x66, 0xff, 0xfe, 0x0a]) }, tip);
  const refused = await sync(a);
  assert.match(JSON.stringify(refused.data?.refused ?? []), /p\.md/, 'the remote version is refused');
  a.write('p.md', 'first\nedited here\n');
  const r = await sync(a);
  mustSync(r, 'a edits');
  const published = memOf(remote)['p.md'] === 'first\nedited here\n';
  assert.ok(published || r.code === 3, `the edit is published or reported as a conflict, not left "up to date": exit ${r.code} ${r.stdout}`);
  const again = await sync(a);
  assert.ok(published || again.code === 3, 'and it stays visible on the next sync');
});

test('live names memsync will not sync (CON.md, a:b.md, a trailing space) are not published', async () => {
  const remote = sharedBareRemote();
  const m = await machine('names', remote);
  m.write('fine.md', 'ok\n');
  for (const bad of ['CON.md', 'a:b.md', 'trailing.md ']) m.write(bad, 'unusable name\n');
  const dry = await m.json(['sync', '--dry-run']);
  const r = await sync(m);
  mustSync(r, 'sync');
  assert.deepEqual(Object.keys(memOf(remote)), ['fine.md'], `only the usable name reaches the remote: ${r.stdout}`);
  assert.deepEqual(dry.data.published, r.data.published, 'the dry run agrees');
  assert.match(JSON.stringify(r.data.notes), /CON\.md/, 'a note names what is not synced');
});
