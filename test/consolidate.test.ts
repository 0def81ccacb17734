// The index budget is watched, and memsync consolidate finds (and, for exact repeats, removes) duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles } from './support/machines.ts';
import { NEAR_DUPLICATE, consolidateFolder, similarity } from '../src/consolidate/duplicates.ts';
import { lineCount } from '../src/sources/indexBudget.ts';
import { joinedRegex } from '../src/util/regex.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

test('the documented threshold: rewordings pass it, different memories do not', () => {
  assert.ok(similarity('- run make twice', '- Run   `make` twice.') >= NEAR_DUPLICATE);
  assert.ok(
    similarity('- [Build](build.md) — run make twice', '- [Build](build.md) - run make twice!') >= NEAR_DUPLICATE,
  );
  assert.ok(similarity('- run the tests', '- run the lints') < NEAR_DUPLICATE);
  assert.ok(similarity('- deploy with fly', '- use tabs for indentation') < 0.3);
  assert.equal(similarity('Same Thing', 'same   thing'), 1);
  assert.deepEqual(
    [lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb\n'), lineCount('a\n\n')],
    [0, 1, 1, 2, 2],
  );
});

test('exact repeats are found and safely removed; near ones are only reported; links follow the file kept', () => {
  const index = [
    '# Memory',
    '- [Build](build.md) — run make twice',
    '- [Style](style.md) — tabs',
    '-   [build](build.md) — Run make twice',
    '- [Build again](build-2.md) — run make twice',
    '- [Deploy](deploy.md) — with fly, from main only',
    '- [Deploy](deploy.md) — with fly from main only.',
    '',
  ].join('\n');
  const files = new Map([
    ['build.md', '---\nname: build\nmetadata:\n  originSessionId: a\n---\nRun `make` twice.\n'],
    ['build-2.md', '---\nname: build\nmetadata:\n  originSessionId: b\n---\nrun `make`   twice.\n'],
    ['style.md', 'Tabs, width 4.\n'],
    ['deploy.md', 'Deploy with fly from main only.\n'],
    ['notes/deploy-old.md', 'Deploy with fly, from main only!\n'],
  ]);
  const { findings, rewrite } = consolidateFolder(index, files);
  assert.deepEqual(findings.lines.exact, [{ keep: 2, drop: [4] }]);
  assert.deepEqual(
    findings.lines.near.map((n) => [n.a, n.b]),
    [[6, 7]],
  );
  assert.deepEqual(findings.files.exact, [{ keep: 'build.md', drop: ['build-2.md'] }]);
  assert.deepEqual(
    findings.files.near.map((n) => [n.a, n.b]),
    [['deploy.md', 'notes/deploy-old.md']],
  );
  assert.deepEqual(rewrite.remove, ['build-2.md']);
  // The link to the removed file now points at the one kept, and that line was a repeat of line 2 in all but its title.
  assert.equal(
    rewrite.index,
    [
      '# Memory',
      '- [Build](build.md) — run make twice',
      '- [Style](style.md) — tabs',
      '- [Build again](build.md) — run make twice',
      '- [Deploy](deploy.md) — with fly, from main only',
      '- [Deploy](deploy.md) — with fly from main only.',
      '',
    ].join('\n'),
  );
  assert.deepEqual(consolidateFolder('- a\n- b\n', new Map()).rewrite, { index: null, remove: [] });
});

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout(ORIGIN);
  const projB = b.checkout(ORIGIN);
  return { remote, a, b, projA, projB, memA: a.memoryDir(projA), memB: b.memoryDir(projB) };
}

const entries = (who: string, from: number, n: number) =>
  Array.from(
    { length: n },
    (_, i) => `- [${who} ${from + i}](${who}-${from + i}.md) — fact ${from + i} from ${who}\n`,
  ).join('');

test(
  "two machines' indexes union past 200 lines: sync and status say so with the count; consolidate --apply removes " +
    'the repeats',
  async () => {
    const { remote, a, b, projA, projB, memA, memB } = await pair();
    const shared = entries('both', 0, 60);
    a.write(path.join(memA, 'MEMORY.md'), shared);
    await a.sync({ projects: [projA] });
    await b.sync({ projects: [projB] });
    // Each machine learns 80 more things, and both write down the same 20 again (a union keeps the repeats).
    const again = entries('both', 100, 20);
    a.write(path.join(memA, 'MEMORY.md'), shared + entries('alpha', 0, 80) + again);
    b.write(path.join(memB, 'MEMORY.md'), shared + entries('bravo', 0, 80) + again.toUpperCase());
    await a.sync();
    const rb = await b.cli(['sync', '--json']);
    const out = JSON.parse(rb.stdout);
    assert.deepEqual(out.merged, [`${MEM}/MEMORY.md`]);
    const merged = fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8');
    assert.equal(lineCount(merged), 260);
    assert.deepEqual(
      out.indexOverBudget.map((s: { label: string; lines: number }) => [s.label, s.lines]),
      [['github.com/acme/widget', 260]],
    );
    const human = await b.cli(['sync']);
    assert.match(
      human.stdout,
      joinedRegex(
        '',
        /the memory index of github\.com\/acme\/widget has 260 lines \([\d.]+ KB\); Claude Code reads only the first /,
        /200 lines or 25 KB: run memsync consolidate/,
      ),
    );
    assert.match((await b.cli(['status'])).stdout, /has 260 lines/);

    const dry = await b.cli(['consolidate', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const folder = JSON.parse(dry.stdout).folders.find((f: { label: string }) => f.label === 'github.com/acme/widget');
    assert.equal(folder.findings.lines.exact.length, 20);
    assert.equal(folder.safe.indexLinesRemoved, 20);
    assert.equal(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), merged, 'without --apply nothing changes');
    const applied = await b.cli(['consolidate', '--apply']);
    assert.match(applied.stdout, /removed 20 repeated index lines and 0 repeated files; memsync sync publishes it/);
    assert.equal(lineCount(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8')), 240);
    await b.sync();
    await a.sync();
    assert.equal(lineCount(remoteFiles(remote)[`${MEM}/MEMORY.md`]!), 240);
    assert.equal(
      fs.readFileSync(path.join(memA, 'MEMORY.md'), 'utf8'),
      fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'),
    );
  },
);

test(
  'an index over 25 KB in fewer than 200 lines is over the budget too; one within both is not ' + 'mentioned',
  async () => {
    const { a, projA, memA } = await pair();
    a.write(path.join(memA, 'MEMORY.md'), `- ${'x'.repeat(300)}\n`.repeat(90));
    const r = await a.cli(['sync', '--project', projA, '--json']);
    assert.deepEqual(
      JSON.parse(r.stdout).indexOverBudget.map((s: { lines: number; bytes: number }) => [s.lines, s.bytes]),
      [[90, 27270]],
    );
    a.write(path.join(memA, 'MEMORY.md'), '- short\n');
    assert.deepEqual(JSON.parse((await a.cli(['sync', '--json'])).stdout).indexOverBudget, []);
    assert.doesNotMatch((await a.cli(['status'])).stdout, /memory index/);
  },
);
