import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { registryFile } from '../src/sources/registry.ts';

const MEM = 'projects/github.com/acme/widget/memory';

/** Two machines sharing a project of ten memory files; no transcript names it (Claude Code deleted them). */
async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout('git@github.com:acme/widget.git');
  const projB = b.checkout('https://github.com/acme/widget');
  const memA = a.memoryDir(projA);
  for (let i = 0; i < 10; i++) a.write(path.join(memA, `m${i}.md`), `memory ${i}\n`);
  for (const [m, dir] of [
    [a, projA],
    [b, projB],
  ] as const) {
    const r = await m.cli(['sync', '--project', dir]);
    assert.equal(r.code, 0, r.stderr);
  }
  return { remote, a, b, memA, memB: b.memoryDir(projB) };
}

const losses: [string, (home: string) => void, boolean][] = [
  ['deleted', (home) => fs.rmSync(registryFile(home)), true],
  ['damaged', (home) => fs.writeFileSync(registryFile(home), '{"version":1,"paths":['), true],
  // memsync's own advice for a damaged state: the base goes too, so an edit on both sides is a conflict.
  [
    'moved aside with the state folder',
    (home) => fs.renameSync(path.join(home, 'state'), path.join(home, 'state.aside')),
    false,
  ],
];

for (const [how, lose, baseKept] of losses) {
  test(`a project keeps its identity when its list is ${how}: nothing republished, remote changes pulled`, async () => {
    const { remote, a, b, memA, memB } = await pair();
    lose(a.env.MEMSYNC_HOME!);
    b.write(path.join(memB, 'm10.md'), 'memory 10, from desktop\n');
    if (baseKept) b.write(path.join(memB, 'm3.md'), 'memory 3, edited on desktop\n');
    assert.equal((await b.cli(['sync'])).code, 0);
    const status = await a.cli(['status', '--json']);
    assert.equal(status.code, 0, status.stderr);
    assert.ok(JSON.parse(status.stdout).pendingPull > 0, status.stdout);
    const r = await a.cli(['sync']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      Object.keys(remoteFiles(remote)).filter((p) => !p.startsWith(`${MEM}/`) && p !== 'memsync.json'),
      [],
    );
    assert.equal(fs.readFileSync(path.join(memA, 'm10.md'), 'utf8'), 'memory 10, from desktop\n');
    if (baseKept) assert.equal(fs.readFileSync(path.join(memA, 'm3.md'), 'utf8'), 'memory 3, edited on desktop\n');
    assert.deepEqual(
      fs.readdirSync(memA).filter((n) => n.includes('.conflict-')),
      [],
    );
    const again = JSON.parse((await a.cli(['status', '--json'])).stdout);
    assert.deepEqual([again.pendingPull, again.pendingPush], [0, 0]);
  });
}
