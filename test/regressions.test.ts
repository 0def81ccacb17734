/**
 * Issue 10's failures that the engine's own tests (test/lineage, unpublished, engineEdges) do not
 * cover, black box: the built CLI and the hooks as Claude Code runs them, real git, bare remotes in
 * temp folders, git daemon where the race needs a server. On the main of 2026-12-01 they all fail.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, readTree, remoteFiles } from './support/machines.ts';
import { startGitDaemon } from './support/network.ts';
import { waitFor } from './support/hooks.ts';
import { claudeProjectKey } from '../src/sources/projectKey.ts';
import {
  type CliMachine,
  MEM,
  cleanup,
  continueCommand,
  scratch,
  sharedBareRemote,
  type Run,
  initedMachine,
} from './support/cli.ts';

after(cleanup);

const machine = (name: string, remote: string, opts: ConstructorParameters<typeof CliMachine>[1] = {}) =>
  initedMachine(name, remote, { extraEnv: { MEMSYNC_PUSH_THROTTLE_SECONDS: '0' }, ...opts });

/** `memsync sync --project DIR --json`, as the README says to run it. */
async function sync(m: CliMachine, args: string[] = []): Promise<Run & { data: any }> {
  return m.json(['sync', ...(fs.existsSync(m.project) ? ['--project', m.project] : []), ...args]);
}

function mustSync(r: Run & { data: any }, what: string): any {
  assert.ok(r.code === 0 || r.code === 3, `${what}: exit ${r.code}\n${r.stderr}`);
  return r.data;
}

/** Another checkout of the machine's project (same origin) at another path. */
function secondCheckout(m: CliMachine): string {
  const second = path.join(m.env.HOME!, 'work', 'widget-copy');
  fs.mkdirSync(second, { recursive: true });
  execFileSync('git', ['init', '--quiet', second], { env: gitTestEnv(m.root) });
  execFileSync('git', ['-C', second, 'remote', 'add', 'origin', 'https://github.com/acme/widget']);
  return second;
}

const memOf = (remote: string) =>
  Object.fromEntries(
    Object.entries(remoteFiles(remote))
      .filter(([p]) => p.startsWith(`${MEM}/`))
      .map(([p, t]) => [p.slice(MEM.length + 1), t]),
  );

// --- The base belongs to a remote -----------------------------------------------------------

for (const how of ['init --remote', 'MEMSYNC_REMOTE'] as const) {
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
    } else {
      r = await m.json(['sync'], { MEMSYNC_REMOTE: other });
    }
    const d = mustSync(r, `sync after ${how}`);
    assert.deepEqual(d.deletedLive, [], `nothing deleted live: ${JSON.stringify(d)}`);
    assert.deepEqual(readTree(m.memDir), { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'make all\n' });
    assert.equal(fs.readFileSync(path.join(m.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), 'utf8'), '# mine\n');
    assert.deepEqual(
      memOf(other),
      { 'MEMORY.md': '- [Build](build.md)\n', 'build.md': 'make all\n' },
      'the new remote got the memory',
    );
    assert.equal(remoteFiles(other)['user/CLAUDE.md'], '# mine\n', 'the new remote got CLAUDE.md');
  });
}

// --- A remote whose history was rewritten (reset, unrelated, deleted: test/lineage.test.ts) ---

/** a has v1 then v2 of keep.md and later.md on the remote; b synced at v1. */
async function twoOnARemote(tag: string) {
  const remote = sharedBareRemote();
  const a = await machine(`rp-${tag}-a`, remote);
  const b = await machine(`rp-${tag}-b`, remote);
  a.write('keep.md', 'v1\n');
  mustSync(await sync(a), 'v1');
  mustSync(await sync(b), 'b at v1');
  a.write('keep.md', 'v2\n');
  a.write('later.md', 'learned later\n');
  mustSync(await sync(a), 'v2');
  // The repository is deleted and created again at the same address, empty.
  fs.rmSync(remote, { recursive: true });
  sharedBareRemote(remote);
  return { remote, a, b };
}

/** A sync that must not lose a's work; when it stops, the command it prints continues. */
async function syncOrContinue(m: CliMachine, mustStop: boolean): Promise<Run & { data: any }> {
  const r = await sync(m);
  const text = `${r.stdout}\n${r.stderr}`;
  const stopped = r.code !== 0 && r.code !== 3;
  if (mustStop)
    assert.ok(stopped, `a tip that does not descend from the recorded one stops the sync (exit ${r.code}):\n${text}`);
  if (!stopped) return r;
  assert.equal(
    text
      .trim()
      .split('\n')
      .filter((l) => /memsync sync:/.test(l)).length,
    1,
    `one line says what happened:\n${text}`,
  );
  const cmd = continueCommand(text);
  assert.ok(cmd, `the stop names the command that continues:\n${text}`);
  const c = await m.cli(cmd);
  assert.ok(c.code === 0 || c.code === 3, `memsync ${cmd.join(' ')}: ${c.stderr}`);
  return sync(m);
}

test('a remote replaced by an empty repository at the same address gets everything; nothing deleted here', async () => {
  const { remote, a } = await twoOnARemote('empty');
  const r = await syncOrContinue(a, false);
  mustSync(r, 'a after the replacement');
  assert.deepEqual(
    readTree(a.memDir),
    { 'keep.md': 'v2\n', 'later.md': 'learned later\n' },
    'nothing deleted or replaced here',
  );
  assert.deepEqual(
    memOf(remote),
    { 'keep.md': 'v2\n', 'later.md': 'learned later\n' },
    'the new repository gets everything',
  );
});

test('a remote replaced and refilled by an older machine: the newer one stops, adopts, loses nothing', async () => {
  const { remote, a, b } = await twoOnARemote('refilled');
  mustSync(await syncOrContinue(b, false), 'b refills the new repository with v1');
  assert.equal(memOf(remote)['keep.md'], 'v1\n');
  const r = await syncOrContinue(a, true);
  mustSync(r, 'a after adopting');
  assert.equal(readTree(a.memDir)['keep.md'], 'v2\n', 'the newer content stays live (v1 is at most a conflict copy)');
  assert.equal(readTree(a.memDir)['later.md'], 'learned later\n');
  assert.equal(memOf(remote)['later.md'], 'learned later\n', 'the refilled remote gets what it lacked');
  const v1Kept =
    Object.entries(readTree(a.memDir)).some(([p, t]) => p.includes('.conflict-') && t === 'v1\n') ||
    memOf(remote)['keep.md'] === 'v1\n';
  const v2Published = memOf(remote)['keep.md'] === 'v2\n';
  assert.ok(
    r.code === 3 ? v1Kept : v2Published,
    `keep.md: published as v2, or a conflict with v1 kept (exit ${r.code})`,
  );
});

// --- Two checkouts of one repository --------------------------------------------------------

for (const gone of ['the checkout with the memory', 'the other checkout'] as const) {
  test(`two checkouts of one repository: removing ${gone} deletes nothing from the remote`, async () => {
    const remote = sharedBareRemote();
    const m = await machine(`twice-${gone.length}`, remote);
    const second = secondCheckout(m);
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
  const second = secondCheckout(m);
  m.write('build.md', 'make all\n');
  mustSync(await m.json(['sync', '--project', m.project, '--project', second]), 'both checkouts known');
  const secondMem = path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(second), 'memory');
  await m.hook('SessionStart', { cwd: second, source: 'startup' });
  assert.deepEqual(readTree(secondMem), { 'build.md': 'make all\n' }, 'the other checkout has the same memory');
});

test('two checkouts of one repository: an edit in each between syncs both survive, and either publishes', async () => {
  const remote = sharedBareRemote();
  const m = await machine('share-edits', remote);
  const second = secondCheckout(m);
  const firstMem = path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(m.project), 'memory');
  const secondMem = path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(second), 'memory');
  m.write('build.md', 'make all\n');
  mustSync(await m.json(['sync', '--project', m.project, '--project', second]), 'both checkouts known');
  // A new file in the copy publishes; both checkouts change build.md differently.
  fs.writeFileSync(path.join(secondMem, 'style.md'), 'use tabs\n');
  fs.writeFileSync(path.join(secondMem, 'build.md'), 'make all\nmake test\n');
  fs.writeFileSync(path.join(firstMem, 'build.md'), 'make lint\n');
  mustSync(await m.json(['sync']), 'sync after edits in both checkouts');
  const remoteMem = memOf(remote);
  assert.equal(remoteMem['style.md'], 'use tabs\n', `the copy's new file is published: ${JSON.stringify(remoteMem)}`);
  const both = { ...readTree(firstMem), ...readTree(secondMem) };
  const texts = Object.entries(both)
    .filter(([p]) => p.startsWith('build.'))
    .map(([, t]) => t);
  for (const t of ['make lint\n', 'make all\nmake test\n'])
    assert.ok(texts.includes(t), `${JSON.stringify(t)} survives in a checkout: ${JSON.stringify(both)}`);
  assert.ok(['make lint\n', 'make all\nmake test\n'].includes(remoteMem['build.md']!), 'one version is published');
  // After the sync both folders hold the published memory.
  const synced = (dir: string) =>
    Object.fromEntries(Object.entries(readTree(dir)).filter(([p]) => !p.includes('.conflict-')));
  assert.deepEqual(synced(firstMem), remoteMem, 'the first checkout holds the published memory');
  assert.deepEqual(synced(secondMem), remoteMem, 'the copy holds the published memory');
  // A session in the copy: Stop takes memsync's own writes there for nothing new, and its edit for a change.
  const log = path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log');
  const stops = () => fs.readFileSync(log, 'utf8').match(/stop: memory changed/g)?.length ?? 0;
  const before = stops();
  await m.hook('Stop', { cwd: second });
  assert.equal(stops(), before, 'no push for a copy memsync itself refreshed');
  fs.writeFileSync(path.join(secondMem, 'style.md'), 'use spaces\n');
  await m.hook('Stop', { cwd: second });
  assert.equal(stops(), before + 1, 'an edit in the copy starts a push');
  assert.equal(memOf(remote)['style.md'], 'use spaces\n', 'the push publishes the edit made in the copy');
});

// --- A race changes nothing -----------------------------------------------------------------

/**
 * The race made certain: git daemon's access hook parks a's push (after a merged b's first edit into
 * its live file) until b has pushed a second edit of the same line; then a's push is overtaken.
 */
test('a merge written live whose push is overtaken is merged again from what it merged, not from the old base', {
  timeout: 120_000,
}, async () => {
  const base = scratch('memsync-daemon-');
  const ctl = scratch('memsync-hold-');
  const hook = path.join(ctl, 'access-hook.sh');
  fs.writeFileSync(
    hook,
    [
      '#!/bin/sh',
      '[ "$1" = receive-pack ] || exit 0',
      `if [ -e "${ctl}/arm" ] && mkdir "${ctl}/taken" 2>/dev/null; then`,
      `  : > "${ctl}/held"`,
      `  while [ ! -e "${ctl}/release" ]; do sleep 0.05; done`,
      'fi',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
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
    await waitFor(() => fs.existsSync(path.join(ctl, 'held')), 60_000); // a's push reached the remote
    set(b, 10, 'line 10 second edit on b');
    const rb = await sync(b);
    mustSync(rb, 'b second edit');
    fs.writeFileSync(path.join(ctl, 'release'), '');
    const ra = await racing;
    assert.equal(
      ra.code,
      0,
      `a's overtaken sync ends cleanly, as it would one after the other: exit ${ra.code}\n${ra.stdout}${ra.stderr}`,
    );
    mustSync(await sync(b), 'b settles');
    const want = [...lines];
    want[5] = 'line 5 edited on a';
    want[10] = 'line 10 second edit on b';
    for (const m of [a, b])
      assert.deepEqual(
        readTree(m.memDir),
        { 't.md': `${want.join('\n')}\n` },
        `${m.name} holds both edits and no conflict copy`,
      );
  } finally {
    fs.writeFileSync(path.join(ctl, 'release'), '');
    await daemon.stop();
  }
});
