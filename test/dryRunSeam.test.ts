/**
 * Every feature command with --dry-run (import, backup restore, restore, resolve, consolidate,
 * pull and sync) runs through the effects seam's recorder: it changes no byte under MEMSYNC_HOME
 * or in the live folders, and what it prints is the recorder's log, which the real run that
 * follows carries out exactly (the live files it changes are the ones the dry run named).
 */
import { test } from 'node:test';
import { files, homeState } from './support/snapshot.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type Machine, tempDir, twoMachines } from './support/machines.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

interface Recorded {
  op: string;
  target: string;
}

/** memsync's state under MEMSYNC_HOME (support/snapshot.ts homeState) and the live folders (CLAUDE_CONFIG_DIR). */
function snapshot(m: Machine) {
  return { home: homeState(m.env.MEMSYNC_HOME!), live: files(m.configDir) };
}

/** The paths whose entry differs between two snapshots (added, changed or gone). */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).sort();
}

const LIVE_OPS = new Set(['writeLive', 'removeLive', 'createCopy', 'removeCopy']);

/**
 * `args --dry-run --json`, then the same without --dry-run: the dry run changes nothing, prints
 * its log (human: one `would` line per entry), and the real run changes exactly the live files it named.
 */
async function dryThenReal(m: Machine, args: string[], real: string[] = []): Promise<Recorded[]> {
  const before = snapshot(m);
  const dry = await m.cli([...args, '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  const human = await m.cli([...args, '--dry-run']);
  assert.equal(human.code, 0, human.stderr);
  assert.deepEqual(snapshot(m), before, `${args.join(' ')} --dry-run changed nothing`);
  const recorded: Recorded[] = JSON.parse(dry.stdout).recorded;
  assert.ok(Array.isArray(recorded) && recorded.length > 0, `${args.join(' ')} --dry-run recorded its effects`);
  const printed = human.stdout.split('\n').map((l) => l.trim());
  const head = printed.indexOf('dry run: nothing changed; the real run would:');
  assert.ok(head >= 0, human.stdout);
  assert.deepEqual(
    printed.slice(head + 1, head + 1 + recorded.length).map((l) => l.split(' ').pop()),
    recorded.map((r) => r.target),
    'the human output lists the recorder log, in order',
  );
  const r = await m.cli([...args, ...real, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const live = recorded.filter((e) => LIVE_OPS.has(e.op)).map((e) => e.target);
  assert.deepEqual(changed(before.live, snapshot(m).live), [...new Set(live)].sort(), 'the real run did what it said');
  return recorded;
}

async function pair() {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  a.write(path.join(memA, 'MEMORY.md'), '- [x](x.md)\n');
  a.write(path.join(memA, 'x.md'), 'x one\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  return { a, b, memA, memB };
}

test('import --dry-run writes nothing, prints its log, and the import then writes exactly that', async () => {
  const { a, b, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'x two\n');
  a.write(path.join(memA, 'new.md'), 'new\n');
  const file = path.join(tempDir('memsync-seam-'), 'export.json');
  assert.equal((await a.cli(['export', file])).code, 0);
  const recorded = await dryThenReal(b, ['import', file, '--strategy', 'overwrite']);
  assert.deepEqual(
    recorded.map((r) => r.op),
    ['writeLive', 'writeLive'],
  );
  assert.equal(fs.readFileSync(path.join(memB, 'new.md'), 'utf8'), 'new\n');
});

test('backup restore --dry-run writes nothing, and the restore then writes what it recorded', async () => {
  const { b, memB } = await pair();
  const made = await b.cli(['backup', 'create', '--json']);
  assert.equal(made.code, 0, made.stderr);
  const { file } = JSON.parse(made.stdout);
  b.write(path.join(memB, 'x.md'), 'x changed here\n');
  fs.rmSync(path.join(memB, 'MEMORY.md'));
  await dryThenReal(b, ['backup', 'restore', file, '--strategy', 'overwrite', '--force']);
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'x one\n');
});

test('restore --dry-run writes nothing, and the restore then writes what it recorded', async () => {
  const { a, memA } = await pair();
  const first = JSON.parse((await a.cli(['log', '--json'])).stdout).entries[0].commit as string;
  a.write(path.join(memA, 'x.md'), 'x two\n');
  await a.sync();
  const recorded = await dryThenReal(a, ['restore', `${MEM}/x.md`, '--at', first], ['--no-sync']);
  assert.deepEqual(recorded, [{ op: 'writeLive', target: path.join(memA, 'x.md') }]);
  assert.equal(fs.readFileSync(path.join(memA, 'x.md'), 'utf8'), 'x one\n');
});

test('resolve --dry-run writes nothing (no state, no copy removed), then resolve does what it recorded', async () => {
  const { a, b, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'from laptop\n');
  b.write(path.join(memB, 'x.md'), 'from desktop\n');
  await a.sync();
  assert.equal((await b.sync()).conflicts.length, 1);
  const recorded = await dryThenReal(b, ['resolve', `${MEM}/x.md`, '--keep', 'remote'], ['--no-sync']);
  assert.deepEqual(
    recorded.map((r) => r.op),
    ['writeLive', 'removeCopy', 'saveState'],
  );
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'from laptop\n');
});

test('consolidate --apply --dry-run writes nothing, and --apply then writes what it recorded', async () => {
  const { b, memB } = await pair();
  b.write(path.join(memB, 'MEMORY.md'), '- [x](x.md)\n- [y](y.md)\n- [x](x.md)\n');
  b.write(path.join(memB, 'y.md'), 'x one\n');
  const recorded = await dryThenReal(b, ['consolidate', '--apply']);
  assert.deepEqual(
    recorded.map((r) => r.op),
    ['writeLive', 'removeLive'],
  );
  assert.ok(!fs.existsSync(path.join(memB, 'y.md')));
});

test('pull and sync --dry-run change no byte, print their log, and the sync then does what it recorded', async () => {
  const { a, b, memA, memB } = await pair();
  a.write(path.join(memA, 'x.md'), 'x two\n');
  b.write(path.join(memB, 'y.md'), 'y\n');
  await a.sync();
  // status fetches a's push first: the dry runs then compare against the same local copy of the remote.
  assert.equal((await b.cli(['status'])).code, 0);
  const before = snapshot(b);
  const pull = await b.cli(['pull', '--dry-run', '--json']);
  assert.equal(pull.code, 0, pull.stderr);
  assert.deepEqual(JSON.parse(pull.stdout).recorded, [
    { op: 'writeLive', target: path.join(memB, 'x.md') },
    { op: 'saveState', target: 'state' },
  ]);
  assert.deepEqual(snapshot(b), before, 'pull --dry-run changed nothing');
  const recorded = await dryThenReal(b, ['sync']);
  assert.deepEqual(
    recorded.map((r) => r.op),
    ['writeLive', 'publish', 'saveState'],
  );
  assert.equal(fs.readFileSync(path.join(memB, 'x.md'), 'utf8'), 'x two\n');
});
