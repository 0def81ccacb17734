/**
 * Issue 21, part 1: a session's write that lands while memsync writes or removes the same live
 * file is never lost. A watcher process (inotify) appends a line the moment memsync's temp file for
 * the file appears (or, for a removal, just after memsync's write journal does, while it checks the
 * file), through every live write path of the built CLI. Each ends with the line live (or in a
 * conflict copy), and after the next sync on the remote. On the main of 2026-12-07 they all fail.
 */
import { after, test } from 'node:test';
import { claudeProjectKey } from '../src/sources/projectKey.ts';
import { blobHash } from '../src/util/blobHash.ts';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { gitTestEnv, readTree } from './support/machines.ts';
import { type CliMachine, MEM, cleanup, scratch, sharedBareRemote, type Run, initedMachine } from './support/cli.ts';

after(cleanup);

const LINE = '- [Window](window.md) — written by a session while memsync wrote this file\n';
/**
 * A topic file as big as the (20,000 lines): its write takes long enough to land in. The
 * paths that write fast (restore, import, a mirror) get one of 120,000 lines (8 MB, under maxFileBytes).
 */
const big = (who: string, lines = 20_000) =>
  Array.from({ length: lines }, (_, i) => `- fact ${i} from ${who}: ${'x'.repeat(40)}\n`).join('');
const edit = (text: string, at: number, what: string) => {
  const lines = text.split('\n');
  lines[at] = what;
  return lines.join('\n');
};

const machine = (name: string, remote: string) =>
  initedMachine(name, remote, { extraEnv: { MEMSYNC_PUSH_THROTTLE_SECONDS: '0' } });

async function ok(r: Promise<Run>, what: string): Promise<Run> {
  const done = await r;
  assert.ok(done.code === 0 || done.code === 3, `${what}: exit ${done.code}\n${done.stdout}\n${done.stderr}`);
  return done;
}

const sync = (m: CliMachine) => ok(m.cli(['sync', '--project', m.project]), `${m.name} sync`);

/** Two machines on one remote, both holding `files` (synced from the first). */
async function pair(files: Record<string, string>) {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  const b = await machine('desktop', remote);
  for (const [rel, text] of Object.entries(files)) a.write(rel, text);
  await sync(a);
  await sync(b);
  return { remote, a, b };
}

const tag = (name: string) => crypto.createHash('sha1').update(name).digest('hex').slice(0, 12);
/** memsync's temp file for `name` (checkedWrite's tempNameFor). */
const tempOf = (name: string) => `^\\.memsync-${tag(name)}-[0-9a-f]{8}\\.tmp$`;

/**
 * Starts the watcher: when `match` appears in `dir`, it appends LINE to `target`. Resolves once it
 * watches; `fired` tells whether it appended.
 */
async function watcher(
  dir: string,
  match: string,
  target: string,
  delayMs = 0,
): Promise<{ fired: () => Promise<boolean> }> {
  const script = path.join(import.meta.dirname, 'support', 'windowWatcher.mjs');
  const child = spawn(process.execPath, [script, JSON.stringify({ dir, match, target, line: LINE, delayMs })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Ahead of memsync when the machine is busy, as a session's write is whenever it comes.
  os.setPriority(child.pid!, -15);
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    child.on('exit', () => reject(new Error(`the watcher exited before watching: ${out}`)));
  });
  const exited = new Promise<boolean>((resolve) => child.on('exit', () => resolve(out.includes('fired'))));
  after(() => child.kill());
  await ready;
  // Asked once memsync is done: a watcher that has not fired by then never will.
  const fired = () => {
    const stop = setTimeout(() => child.kill(), 2000);
    return exited.finally(() => clearTimeout(stop));
  };
  return { fired };
}

/** The line is in the live file or in a conflict copy of it beside it. */
function assertKeptHere(m: CliMachine, rel: string, dir = m.memDir): void {
  const tree = readTree(dir);
  const stem = rel.replace(/\.md$/, '');
  const holders = Object.keys(tree).filter(
    (p) => (p === rel || p.startsWith(`${stem}.conflict-`)) && tree[p]!.includes(LINE),
  );
  assert.ok(
    holders.length,
    `the line written in the window is gone from ${dir} (files: ${Object.keys(tree).join(', ')})`,
  );
}

/** A file of the remote's tip (remoteFiles reads with a buffer too small for these files). */
function remoteText(remote: string, rel: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', remote, 'show', `main:${MEM}/${rel}`], {
      env: gitTestEnv(remote),
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
  } catch {
    return undefined;
  }
}

function assertPublished(remote: string, rel: string): void {
  const text = remoteText(remote, rel);
  assert.ok(text?.includes(LINE), `the remote's ${rel} does not hold the line written in the window`);
}

test('a sync that merges a remote change into a file keeps a line written while it writes it', async () => {
  const base = big('both');
  const { remote, a, b } = await pair({ 'topic.md': base, 'MEMORY.md': '- [Topic](topic.md)\n' });
  b.write('topic.md', edit(base, 15_000, '- fact 15000 edited on the desktop'));
  await sync(b);
  a.write('topic.md', edit(base, 10, '- fact 10 edited on the laptop'));
  const w = await watcher(a.memDir, tempOf('topic.md'), path.join(a.memDir, 'topic.md'));
  await sync(a);
  assert.ok(await w.fired(), 'the watcher saw memsync write topic.md');
  assertKeptHere(a, 'topic.md');
  await sync(a);
  assertPublished(remote, 'topic.md');
  const text = remoteText(remote, 'topic.md')!;
  assert.ok(text.includes('edited on the desktop') && text.includes('edited on the laptop'), 'both edits merged');
});

test('a pull keeps a line written while it writes the remote change', async () => {
  const base = big('both');
  const { remote, a, b } = await pair({ 'topic.md': base });
  b.write('topic.md', edit(base, 15_000, '- fact 15000 edited on the desktop'));
  await sync(b);
  const w = await watcher(a.memDir, tempOf('topic.md'), path.join(a.memDir, 'topic.md'));
  await ok(a.cli(['pull', '--project', a.project]), 'pull');
  assert.ok(await w.fired(), 'the watcher saw memsync write topic.md');
  assertKeptHere(a, 'topic.md');
  await sync(a);
  assertPublished(remote, 'topic.md');
});

test('a deletion taken from the remote keeps a line written while memsync removes the file', async () => {
  // Big enough (about 8 MB, under maxFileBytes) that memsync is still checking it when the line lands.
  const files = { 'big.md': big('both', 120_000), 'a.md': 'a\n', 'b.md': 'b\n', 'c.md': 'c\n' };
  const { remote, a, b } = await pair(files);
  fs.rmSync(path.join(b.memDir, 'big.md'));
  await sync(b);
  const w = await watcher(path.join(a.home, 'state'), '^writing\\.json$', path.join(a.memDir, 'big.md'), 3);
  await sync(a);
  assert.ok(await w.fired(), 'the watcher saw memsync start writing');
  assertKeptHere(a, 'big.md');
  await sync(a);
  assertPublished(remote, 'big.md');
});

test('restore keeps a line written while it writes the older version', async () => {
  const base = big('both', 120_000);
  const { remote, a } = await pair({ 'topic.md': base });
  const first = JSON.parse((await ok(a.cli(['log', `${MEM}/topic.md`, '--json']), 'log')).stdout).entries.at(-1).commit;
  a.write('topic.md', edit(base, 5, '- fact 5, second version'));
  await sync(a);
  const w = await watcher(a.memDir, tempOf('topic.md'), path.join(a.memDir, 'topic.md'));
  await ok(a.cli(['restore', `${MEM}/topic.md`, '--at', first, '--no-sync']), 'restore');
  assert.ok(await w.fired(), 'the watcher saw memsync write topic.md');
  assertKeptHere(a, 'topic.md');
  await sync(a);
  assertPublished(remote, 'topic.md');
});

for (const how of ['import', 'backup restore'] as const) {
  test(`${how} keeps a line written while it writes a file`, async () => {
    const base = big('both', 120_000);
    const { remote, a, b } = await pair({ 'topic.md': base });
    const file = path.join(scratch('memsync-window-'), how === 'import' ? 'export.json' : 'backup.tar.gz');
    const from = how === 'import' ? b : a;
    from.write('topic.md', edit(base, 7, `- fact 7 as the ${how} holds it`));
    const made =
      how === 'import'
        ? await ok(b.cli(['export', file]), 'export')
        : await ok(a.cli(['backup', 'create', '--output', file]), 'backup create');
    assert.ok(fs.existsSync(file), made.stderr);
    a.write('topic.md', base);
    const w = await watcher(a.memDir, tempOf('topic.md'), path.join(a.memDir, 'topic.md'));
    const args = how === 'import' ? ['import', file] : ['backup', 'restore', file];
    const r = await ok(a.cli([...args, '--strategy', 'overwrite', '--force']), how);
    assert.ok(await w.fired(), `the watcher saw memsync write topic.md: ${r.stdout}`);
    assertKeptHere(a, 'topic.md');
    await sync(a);
    assertPublished(remote, 'topic.md');
  });
}

test('resolve --keep remote keeps a line written while it writes the remote version', async () => {
  const base = big('both');
  const { remote, a, b } = await pair({ 'topic.md': base });
  b.write('topic.md', edit(base, 3, '- fact 3, the desktop says'));
  await sync(b);
  a.write('topic.md', edit(base, 3, '- fact 3, the laptop says'));
  await sync(a);
  const w = await watcher(a.memDir, tempOf('topic.md'), path.join(a.memDir, 'topic.md'));
  const r = await a.cli(['resolve', `${MEM}/topic.md`, '--keep', 'remote']);
  assert.ok(await w.fired(), 'the watcher saw memsync write topic.md');
  assertKeptHere(a, 'topic.md');
  // Refused in one line (the session's write stays), or done with the line kept: either way, on.
  if (r.code !== 0) assert.match(r.stderr, /changed while resolving/);
  if (r.code !== 0) await ok(a.cli(['resolve', `${MEM}/topic.md`, '--done']), 'resolve --done');
  await sync(a);
  assertPublished(remote, 'topic.md');
});

test('consolidate --apply keeps a line written while it rewrites MEMORY.md', async () => {
  // 2 MB in few lines: consolidate compares every pair of lines.
  const index = Array.from(
    { length: 1_000 },
    (_, i) => `- [Fact ${i}](fact-${i}.md) — ${'fact '.repeat(400)}${i}\n`,
  ).join('');
  const { remote, a } = await pair({ 'MEMORY.md': index });
  a.write('MEMORY.md', `${index}- [Fact 7](fact-7.md) — ${'fact '.repeat(400)}7\n`);
  const w = await watcher(a.memDir, tempOf('MEMORY.md'), path.join(a.memDir, 'MEMORY.md'));
  await ok(a.cli(['consolidate', '--apply']), 'consolidate --apply');
  assert.ok(await w.fired(), 'the watcher saw memsync write MEMORY.md');
  assertKeptHere(a, 'MEMORY.md');
  await sync(a);
  assertPublished(remote, 'MEMORY.md');
});

test('a file written in the other checkout while memsync refreshes it from the first keeps the line', async () => {
  const base = big('both', 120_000);
  const { remote, a, b } = await pair({ 'topic.md': base });
  // A second checkout of the project on the laptop: memsync keeps its memory folder a mirror.
  const second = path.join(a.env.HOME!, 'work', 'widget-copy');
  fs.mkdirSync(second, { recursive: true });
  execFileSync('git', ['init', '--quiet', second], { env: gitTestEnv(a.root) });
  execFileSync('git', ['-C', second, 'remote', 'add', 'origin', 'https://github.com/acme/widget']);
  const copyMem = path.join(a.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(second), 'memory');
  await ok(a.cli(['sync', '--project', a.project, '--project', second]), 'both checkouts known');
  // The folder memsync refreshes from the other (the one its record of mirrors names).
  const record = JSON.parse(fs.readFileSync(path.join(a.home, 'state', 'mirrors.json'), 'utf8'));
  const mirror = [a.memDir, copyMem].find((d) => Object.values(record).some((r: any) => d in r))!;
  assert.ok(mirror, `a mirror is recorded: ${JSON.stringify(record)}`);
  assert.equal(fs.readFileSync(path.join(mirror, 'topic.md'), 'utf8'), base, 'the other checkout holds the memory');
  b.write('topic.md', edit(base, 15_000, '- fact 15000 edited on the desktop'));
  await sync(b);
  const w = await watcher(mirror, tempOf('topic.md'), path.join(mirror, 'topic.md'));
  await sync(a);
  assert.ok(await w.fired(), 'the watcher saw memsync write the other checkout');
  assertKeptHere(a, 'topic.md', mirror);
  await sync(a);
  assertPublished(remote, 'topic.md');
});

test('a sync killed mid-swap: the next puts back what was written meanwhile, drops what was not', async () => {
  const { remote, a } = await pair({ 'x.md': 'x1\n', 'y.md': 'y1\n', 'z.md': 'z1\n', 'w.md': 'w\n' });
  const file = (rel: string) => path.join(a.memDir, rel);
  const aside = (rel: string, was: string, holds: string) => {
    const name = `.memsync-${tag(rel)}-${blobHash(Buffer.from(was)).slice(0, 16)}-0badcafe.aside`;
    fs.writeFileSync(path.join(a.memDir, name), holds);
  };
  // x.md: its removal was stopped after the move aside, and a session had appended to it.
  fs.rmSync(file('x.md'));
  aside('x.md', 'x1\n', `x1\n${LINE}`);
  // y.md: its write finished; the aside still holds what the scan saw.
  a.write('y.md', 'y2\n');
  aside('y.md', 'y1\n', 'y1\n');
  // z.md: its write finished, and the old file set aside had been written meanwhile.
  a.write('z.md', 'z2\n');
  aside('z.md', 'z1\n', `z1\n${LINE}`);
  const targets = ['x.md', 'y.md', 'z.md'].map(file);
  fs.writeFileSync(path.join(a.home, 'state', 'writing.json'), JSON.stringify({ started: Date.now(), targets }));
  const r = await sync(a);
  const tree = readTree(a.memDir);
  assert.deepEqual(
    Object.keys(tree).filter((p) => p.endsWith('.aside')),
    [],
    'no aside is left',
  );
  assert.equal(tree['x.md'], `x1\n${LINE}`, 'the removal is undone with the line');
  assert.equal(tree['y.md'], 'y2\n');
  assert.equal(tree['z.md'], 'z2\n');
  const copy = Object.keys(tree).find((p) => p.startsWith('z.conflict-'));
  assert.ok(
    copy && tree[copy] === `z1\n${LINE}`,
    `the version written meanwhile is kept beside z.md: ${Object.keys(tree)}`,
  );
  assert.match(r.stdout + r.stderr, /beside live: .*z\.conflict-/);
  assertPublished(remote, 'x.md');
});
