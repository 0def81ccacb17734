import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, remoteFiles, twoMachines } from './support/machines.ts';
import { learn, overtakeNext } from './support/race.ts';
import { backoffMs, OVERTAKEN, Overtaken, untilLanded } from '../src/store/pushRace.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

test('each wait is drawn below a ceiling that doubles per lost round, never below a round, up to budget / 4', () => {
  assert.equal(backoffMs(1, 0, 60_000, 10), 0);
  assert.equal(backoffMs(1, 0.999, 60_000, 10), 49);
  assert.equal(backoffMs(3, 0.5, 60_000, 10), 100);
  assert.equal(backoffMs(9, 0.999, 60_000, 10), 12787);
  assert.equal(backoffMs(40, 0.999, 60_000, 10), 14985, 'never past budget / 4');
  assert.equal(backoffMs(40, 0.999, 1_600, 10), 399);
  // Rounds that take 3 s (a busy machine, many machines at once): the waits spread over as long.
  assert.equal(backoffMs(1, 0.5, 60_000, 3_000), 1500);
  assert.equal(backoffMs(8, 0.5, 60_000, 3_000), 3200);
  assert.equal(backoffMs(1, 0.999, 8_000, 3_000), 1998);
});

test('no round starts that would end past the deadline at the last pace; the caller names what was left', async () => {
  const budget = 900;
  const deadline = performance.now() + budget;
  const rounds: { start: number; end: number }[] = [];
  const giveUp = (n: number) => new Overtaken('not published', n, budget, 'the next sync publishes it');
  const overtaken = async () => {
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 60));
    rounds.push({ start, end: performance.now() });
    return OVERTAKEN;
  };
  await assert.rejects(
    untilLanded(budget, overtaken, giveUp),
    (e) =>
      e instanceof Overtaken &&
      e.kind === 'busy' &&
      e.lost === rounds.length &&
      e.message ===
        `not published: the remote kept moving: ${rounds.length} pushes in a row were overtaken by other ` +
          'machines within networkTimeoutMs (900 ms)',
  );
  assert.ok(rounds.length > 3, `rounds went on: ${rounds.length}`);
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
