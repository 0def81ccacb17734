import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, remoteFiles, tempDir, twoMachines } from './support/machines.ts';
import { learn, overtakeNext } from './support/race.ts';
import { backoffMs, OVERTAKEN, Overtaken, untilLanded } from '../src/store/pushRace.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

test('each wait is drawn between 200 ms and three times the last, never below 1.5 rounds, up to budget / 4', () => {
  assert.equal(backoffMs(0, 0, 60_000, 10), 200);
  assert.equal(backoffMs(0, 0.999, 60_000, 10), 200, 'the first wait: the floor');
  assert.equal(backoffMs(200, 0.5, 60_000, 10), 400);
  assert.equal(backoffMs(1_000, 0.999, 60_000, 10), 2997);
  assert.equal(backoffMs(1_000, 0, 60_000, 10), 200, 'drawn afresh: a long wait may follow a short one');
  assert.equal(backoffMs(14_000, 0.999, 60_000, 10), 15_000, 'never past budget / 4');
  assert.equal(backoffMs(1_000, 0.999, 1_600, 10), 400);
  // Rounds that take 3 s (a busy machine, many machines at once): the waits spread over longer.
  assert.equal(backoffMs(0, 0.5, 60_000, 3_000), 2350);
  assert.equal(backoffMs(200, 0.999, 8_000, 3_000), 2000);
});

test('rounds go on until one more would end past the deadline at the last pace; then the caller says so', async () => {
  const budget = 2_000;
  const deadline = performance.now() + budget;
  const rounds: { start: number; end: number }[] = [];
  const giveUp = (n: number) => new Overtaken('not published', n, budget, 'the next sync publishes it');
  let gaveUpAt = 0;
  const overtaken = async () => {
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 60));
    rounds.push({ start, end: performance.now() });
    return OVERTAKEN;
  };
  const failed = untilLanded(budget, overtaken, giveUp);
  await assert.rejects(
    failed.finally(() => (gaveUpAt = performance.now())),
    (e) =>
      e instanceof Overtaken &&
      e.kind === 'busy' &&
      e.lost === rounds.length &&
      e.message ===
        `not published: the remote kept moving: ${rounds.length} pushes in a row were overtaken by other ` +
          'machines within networkTimeoutMs (2000 ms)',
  );
  assert.ok(rounds.length > 2, `rounds went on: ${rounds.length}`);
  // The budget is used up: a long wait drawn near the end is shortened, not a reason to stop.
  const pace = Math.max(...rounds.map((r) => r.end - r.start));
  assert.ok(gaveUpAt >= deadline - pace, `gave up ${Math.round(deadline - gaveUpAt)} ms before the deadline`);
  for (const [i, r] of rounds.entries())
    if (i > 0) assert.ok(r.start + (rounds[i - 1]!.end - rounds[i - 1]!.start) < deadline, `round ${i + 1}`);
  let tries = 0;
  const landed = await untilLanded(budget, async () => (++tries < 4 ? OVERTAKEN : 'landed'), giveUp);
  assert.deepEqual(landed, { value: 'landed', lost: 3 });
});

/** A machine whose memory (with an index) is on the remote, and a new file and index line not yet pushed. */
async function learned() {
  const { remote, a, pa, memA } = await twoMachines(ORIGIN);
  a.write(path.join(memA, 'MEMORY.md'), '# Memory\n');
  await a.sync({ projects: [pa] });
  const line = learn(a, pa, 0, 1);
  return { remote, a, memA, line };
}

const budget = (ms: number) => ({ MEMSYNC_NETWORK_TIMEOUT_MS: String(ms) });
const others = (n: number) => Array.from({ length: n }, (_, k) => `- [other ${k + 1}](other-${k + 1}.md)`);
const subjects = (remote: string) =>
  execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], { env: gitTestEnv(remote) }).toString();

test('a push overtaken more often than any fixed count lands, merging what came first each round', async () => {
  const { remote, a, memA, line } = await learned();
  const overtaken = overtakeNext(remote, MEM, 8);
  const r = await a.cli(['sync', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).retries, 8);
  assert.equal(overtaken(), 8);
  const files = remoteFiles(remote);
  for (const l of [line, ...others(8)]) assert.ok(files[`${MEM}/MEMORY.md`]!.includes(l), l);
  assert.equal(files[`${MEM}/m0-r1.md`], fs.readFileSync(path.join(memA, 'm0-r1.md'), 'utf8'));
  for (let k = 1; k <= 8; k++) {
    assert.equal(files[`${MEM}/other-${k}.md`], `learned elsewhere, ${k}\n`);
    assert.ok(fs.existsSync(path.join(memA, `other-${k}.md`)), `other-${k}.md taken live`);
    assert.match(subjects(remote), new RegExp(`^other ${k}$`, 'm'), 'never forced over');
  }
});

test('a round that goes again runs no git but its fetch and push once it has listed the remote', async () => {
  const { remote, a } = await learned();
  const log = path.join(tempDir('memsync-gitlog-'), 'git.log');
  const shim = path.join(path.dirname(log), 'git');
  const real = execFileSync('sh', ['-c', 'command -v git']).toString().trim();
  fs.writeFileSync(shim, `#!/bin/sh\necho "$*" >> ${log}\nexec ${real} "$@"\n`, { mode: 0o755 });
  overtakeNext(remote, MEM, 4);
  const r = await a.cli(['sync', '--json'], { PATH: `${path.dirname(shim)}:${process.env.PATH}` });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).retries, 4);
  // Each git's command: the first word after memsync's -c settings and --git-dir.
  const runs = fs
    .readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.replace(/^(-c \S+ |--git-dir \S+ )*/, '').split(' ')[0]);
  const count = (sub: string) => runs.filter((x) => x === sub).length;
  assert.deepEqual([count('fetch'), count('push')], [5, 5], runs.join(' '));
  // The whole tree is listed once (the round before had no need to), and the index merges in process.
  assert.deepEqual([count('ls-tree'), count('merge-file')], [1, 0], runs.join(' '));
});

test('a sync overtaken until networkTimeoutMs runs out exits 75 in one line; the next one lands it', async () => {
  const { remote, a, memA, line } = await learned();
  overtakeNext(remote, MEM, 1_000_000);
  const r = await a.cli(['sync'], budget(8_000));
  assert.equal(r.code, 75, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    new RegExp(
      '^memsync sync: not published: the remote kept moving: \\d+ pushes in a row were overtaken by other ' +
        'machines within networkTimeoutMs \\(8000 ms\\)\n  nothing was lost: what is not published stays here, ' +
        'and the next sync publishes it\n$',
    ),
  );
  assert.equal(remoteFiles(remote)[`${MEM}/m0-r1.md`], undefined);
  assert.ok(fs.existsSync(path.join(memA, 'm0-r1.md')));

  // The hooks' background push: the same, as the ordinary next-time case, ended by the engine itself
  // before the process's own stop at networkTimeoutMs.
  const bg = await a.cli(['push', '--background'], budget(8_000));
  assert.equal(bg.code, 75);
  const log = fs.readFileSync(path.join(a.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8');
  assert.match(log, /background push: not published: the remote kept moving: .*; left for the next sync/);
  assert.doesNotMatch(log, /background push (failed|stopped)/);

  const lost = Number(fs.readFileSync(path.join(remote, 'overtaken'), 'utf8'));
  overtakeNext(remote, MEM, 0);
  const next = await a.cli(['sync'], budget(8_000));
  assert.equal(next.code, 0, next.stderr);
  const files = remoteFiles(remote);
  assert.ok(files[`${MEM}/m0-r1.md`]);
  for (const l of [line, ...others(lost)]) assert.ok(files[`${MEM}/MEMORY.md`]!.includes(l), l);
});

test('a named point overtaken more often than any fixed count is recorded on the tip', async () => {
  const { remote, a } = await learned();
  assert.equal((await a.cli(['sync'])).code, 0);
  const overtaken = overtakeNext(remote, MEM, 6);
  const r = await a.cli(['push', '--message', 'before the move', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(overtaken(), 6);
  const tip = execFileSync('git', ['--git-dir', remote, 'rev-parse', 'main'], { env: gitTestEnv(remote) });
  assert.equal(JSON.parse(r.stdout).point.commit, tip.toString().trim());
  assert.match(subjects(remote), /^before the move$/m);
});
