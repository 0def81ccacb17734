/**
 * Every command with --dry-run (listed from the command table), run while the remote holds
 * something this machine has not fetched: it changes no byte under MEMSYNC_HOME (the store's refs
 * and objects included), in the live folders or in claude-mem's database, and what it prints is
 * its recorder's log (formatRecorded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { files, homeState } from './support/snapshot.ts';
import { bareRemote, gitTestEnv, tempDir } from './support/machines.ts';
import { claudeMemStore, memMachine, work } from './support/claudeMem.ts';
import { cli, machine } from './support/encrypted.ts';
import { TABLE } from '../src/commands/index.ts';
import { type Entry, isGroup } from '../src/cli/command.ts';
import { formatRecorded, type Recorded } from '../src/engine/effects/recorder.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

type Mem = Awaited<ReturnType<typeof memMachine>>;

/** Every byte a dry run must leave as it is: MEMSYNC_HOME, the live folders, the database (not its -shm index). */
function snapshot(m: Mem): Record<string, string> {
  const db = Object.entries(files(path.dirname(m.db))).filter(([p]) => !p.endsWith('-shm'));
  return { ...homeState(m.env.MEMSYNC_HOME!), ...files(m.configDir), ...Object.fromEntries(db) };
}

/** The commands (with their group, `backup restore`) that take --dry-run. */
function dryRunCommands(entries: readonly Entry[] = TABLE, group: string[] = []): string[] {
  return entries.flatMap((e) =>
    isGroup(e)
      ? dryRunCommands(e.subcommands, [...group, e.name])
      : 'dry-run' in e.options
        ? [[...group, e.name].join(' ')]
        : [],
  );
}

/**
 * Machine b with everything a dry run could act on: a file conflict, duplicates to consolidate, an
 * export and a backup to bring in, and a remote that moved since b's last fetch (files, claude-mem
 * rows, a merged memsync/* branch).
 */
async function setUp() {
  const remote = bareRemote();
  const a = await memMachine('laptop', remote);
  const b = await memMachine('desktop', remote);
  claudeMemStore(a.db, work('a', 1));
  claudeMemStore(b.db, work('b', 1));
  const [pa, pb] = [a.checkout(ORIGIN), b.checkout(ORIGIN)];
  const [memA, memB] = [a.memoryDir(pa), b.memoryDir(pb)];
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n');
  a.write(path.join(memA, 'x.md'), 'x one\n');
  a.write(path.join(memA, 'old.md'), 'old one\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  const first = execFileSync('git', ['--git-dir', remote, 'rev-parse', 'main'], { env: gitTestEnv(remote) })
    .toString()
    .trim();
  execFileSync('git', ['--git-dir', remote, 'update-ref', 'refs/heads/memsync/old', first], {
    env: gitTestEnv(remote),
  });
  a.write(path.join(memA, 'x.md'), 'from laptop\n');
  a.write(path.join(memA, 'old.md'), 'old two\n');
  b.write(path.join(memB, 'x.md'), 'from desktop\n');
  await a.sync();
  assert.equal((await b.sync()).conflicts.length, 1);
  const exported = path.join(tempDir('memsync-dry-'), 'export.json');
  a.write(path.join(memA, 'new.md'), 'new\n');
  assert.equal((await a.cli(['export', exported])).code, 0);
  const backup = path.join(tempDir('memsync-dry-'), 'b.tar.gz');
  assert.equal((await b.cli(['backup', 'create', '-o', backup])).code, 0);
  b.write(path.join(memB, 'w.md'), 'same\n');
  b.write(path.join(memB, 'z.md'), 'same\n');
  // Something new on the remote that b has not fetched: a file and claude-mem rows.
  claudeMemStore(a.db, work('a2', 1));
  await a.sync();
  return { b, first, exported, backup };
}

test('no --dry-run changes a byte, and each prints what its recorder recorded', async () => {
  const { b, first, exported, backup } = await setUp();
  const args: Record<string, string[]> = {
    sync: ['sync'],
    pull: ['pull'],
    push: ['push', '--message', 'a point'],
    restore: ['restore', `${MEM}/old.md`, '--at', first, '--force'],
    import: ['import', exported, '--strategy', 'overwrite'],
    'backup restore': ['backup', 'restore', backup, '--strategy', 'overwrite', '--force'],
    resolve: ['resolve', `${MEM}/x.md`, '--keep', 'remote'],
    consolidate: ['consolidate', '--apply'],
    'sweep-branches': ['sweep-branches', '--idle-days', '0'],
  };
  assert.deepEqual(dryRunCommands().sort(), Object.keys(args).sort(), 'every command with --dry-run is run here');
  const before = snapshot(b);
  const problems: Record<string, string[]> = {};
  const changedSince = () => {
    const now = snapshot(b);
    return [...new Set([...Object.keys(before), ...Object.keys(now)])].filter((k) => before[k] !== now[k]);
  };
  for (const [name, argv] of Object.entries(args)) {
    const json = await b.cli([...argv, '--dry-run', '--json']);
    // 3: the conflict b holds is still open (a dry run resolves nothing).
    assert.ok([0, 3].includes(json.code), `${name}: exit ${json.code}: ${json.stdout}${json.stderr}`);
    const recorded = (JSON.parse(json.stdout).recorded ?? []) as Recorded[];
    const human = await b.cli([...argv, '--dry-run']);
    assert.equal(human.code, json.code, `${name}: ${human.stderr}`);
    // Trimmed (a round's report indents it under its summary line), digits masked (a saved copy's
    // name holds the time of its run).
    const same = (l: string) => l.trim().replace(/\d+/g, '#');
    const log = formatRecorded(recorded).map(same);
    const lines = human.stdout.split('\n').map(same);
    const at = lines.indexOf(log[0]!);
    const printed = at < 0 ? [] : lines.slice(at, at + log.length);
    const wrong = [
      ...(recorded.length ? [] : ['recorded nothing to do']),
      ...(JSON.stringify(printed) === JSON.stringify(log) ? [] : ["does not print its recorder's log"]),
      ...changedSince(),
    ];
    if (wrong.length) problems[name] = wrong;
  }
  assert.equal((await b.cli(['status'])).code, 3);
  if (changedSince().length) problems.status = changedSince();
  assert.deepEqual(problems, {}, 'every dry run prints its log and changes no byte (nor does status)');
});

test('on an encrypted remote a dry run decrypts what is new and keeps nothing it learned', async () => {
  const remote = bareRemote();
  const { m: a, proj: pa, mem: memA } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  const key = path.join(tempDir('memsync-key-'), 'key.txt');
  fs.writeFileSync(key, (await a.cli(['keys', 'export'])).stdout);
  a.write(path.join(memA, 'x.md'), 'one\n');
  await a.sync({ projects: [pa] });
  const { m: b, proj: pb, mem: memB } = await machine('desktop', remote);
  await cli(b, 'keys', 'import', key);
  await b.sync({ projects: [pb] });
  a.write(path.join(memA, 'x.md'), 'two\n');
  await a.sync();
  const before = { ...homeState(b.env.MEMSYNC_HOME!), ...files(b.configDir) };
  const dry = await b.cli(['sync', '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout).recorded[0], { op: 'writeLive', target: path.join(memB, 'x.md') });
  assert.equal((await b.cli(['status'])).code, 0);
  assert.deepEqual({ ...homeState(b.env.MEMSYNC_HOME!), ...files(b.configDir) }, before, 'no cipher map, pin or ref');
});
