import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { learn, missingOn } from './support/race.ts';

const FLEET = 12;
const MEM = 'projects/github.com/acme/shared/memory';
const BUDGET = { MEMSYNC_NETWORK_TIMEOUT_MS: '300000' };

/**
 * Bench section j runs fifty machines; twelve whole processes syncing at once on two cores already
 * overtake each other many times over: the last to land loses more rounds than the fixed count of
 * eight memsync once had (which this test fails). Their budget is generous: a loaded CI machine makes
 * every round slow, and what is checked here is that all land and agree (pushRace.test.ts checks the
 * deadline).
 */
test(`${FLEET} machines syncing at the same moment, twice, all land, and all agree after`, async () => {
  const remote = bareRemote();
  const fleet: { m: Machine; dir: string }[] = [];
  for (let i = 0; i < FLEET; i++) {
    const m = await new Machine(`f${i}`, remote).init();
    const dir = m.checkout('git@github.com:acme/shared.git', 'shared');
    if (i === 0) m.write(path.join(m.memoryDir(dir), 'MEMORY.md'), '# Memory\n');
    await m.sync({ projects: [dir] });
    fleet.push({ m, dir });
  }
  for (const { m } of fleet) await m.sync();
  const lines: string[] = [];
  let retries = 0;
  for (const round of [1, 2]) {
    for (const [i, { m, dir }] of fleet.entries()) lines.push(learn(m, dir, i, round));
    const runs = await Promise.all(fleet.map(({ m }) => m.cli(['sync', '--json'], BUDGET)));
    for (const [i, r] of runs.entries()) assert.equal(r.code, 0, `round ${round}, f${i}: ${r.stderr}`);
    retries += runs.reduce((n, r) => n + JSON.parse(r.stdout).retries, 0);
  }
  assert.ok(retries > 0, 'the pushes raced');
  const index = remoteFiles(remote)[`${MEM}/MEMORY.md`]!;
  assert.deepEqual(
    lines.filter((l) => !index.includes(l)),
    [],
    'every line on the remote',
  );
  for (const { m } of fleet) await m.sync({ mode: 'pull' });
  assert.deepEqual(
    fleet.map(({ m, dir }) => missingOn(m, dir, lines)).filter(Boolean),
    [],
    'every machine holds every line and file',
  );
});
