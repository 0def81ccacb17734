// No mass deletion without a word: a wipe of a project's memory is held, not spread to every machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, remoteFiles } from './support/machines.ts';
import { holdMassDeletions, type Group, type HoldOptions } from '../src/reconcile/massDelete.ts';
import type { PlanItem } from '../src/reconcile/plan.ts';
import type { DecisionKind } from '../src/reconcile/decide.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

// ---- the pure rule ---------------------------------------------------------------------------

const group = (p: string): Group | undefined => {
  const m = /^(projects\/([^/]+)\/memory\/|user\/)/.exec(p);
  if (!m) return undefined;
  if (m[1] === 'user/') return { prefix: 'user/', label: 'user', source: 'claude-user-memory' };
  return { prefix: m[1]!, label: m[2]!, source: 'claude-auto-memory' };
};
const item = (p: string, kind: DecisionKind, runs = true): PlanItem => ({
  path: p,
  decision: { kind } as PlanItem['decision'],
  live: null,
  base: 'b',
  remote: 'b',
  runs,
});
/** The rule at the default threshold, with options on top. */
const hold = (items: PlanItem[], base: Map<string, string>, more: Partial<HoldOptions> = {}) =>
  holdMassDeletions(items, base, { percent: 50, groupOf: group, ...more });
const baseOf = (paths: string[]) => new Map(paths.map((p) => [p, 'b']));
const files = (proj: string, n: number) => Array.from({ length: n }, (_, i) => `projects/${proj}/memory/f${i}.md`);

test('more than half of a project (and at least three) is held; fewer is not; the rest of the plan goes on', () => {
  const base = baseOf([...files('p', 6), ...files('q', 6)]);
  const four = files('p', 4).map((p) => item(p, 'deleteRemote'));
  const other = item('projects/q/memory/f0.md', 'publish');
  const r = hold([...four, other], base);
  assert.deepEqual(
    r.items.map((it) => it.decision.kind),
    ['held', 'held', 'held', 'held', 'publish'],
  );
  assert.deepEqual(r.held, [{ prefix: 'projects/p/memory/', label: 'p', paths: files('p', 4), of: 6 }]);
  // Three of six is not more than half; two of three is, but under three files.
  assert.deepEqual(hold(four.slice(0, 3), base).held, []);
  const small = baseOf([...files('s', 3), ...files('q', 3)]);
  assert.deepEqual(
    hold(
      files('s', 2).map((p) => item(p, 'deleteLive')),
      small,
    ).held,
    [],
  );
  // The threshold is a setting: 100 never holds, 10 holds one file in ten... as long as three go.
  assert.deepEqual(holdMassDeletions(four, base, { percent: 100, groupOf: group }).held, []);
  assert.equal(holdMassDeletions(four.slice(0, 3), base, { percent: 40, groupOf: group }).held.length, 1);
});

test('all of a source is held even when few; confirmed ones go, restored ones come back; only local deletions', () => {
  const base = baseOf(['user/CLAUDE.md', 'user/rules/a.md', ...files('p', 9)]);
  const wipe = [item('user/CLAUDE.md', 'deleteRemote'), item('user/rules/a.md', 'deleteRemote')];
  assert.deepEqual(
    hold(wipe, base).held.map((h) => h.label),
    ['user'],
  );
  assert.deepEqual(hold(wipe.slice(0, 1), base).held, [], 'one of two is an ordinary deletion');
  const confirmed = hold(wipe, base, { confirmed: new Set(['user/CLAUDE.md', 'user/rules/a.md']) });
  const kinds = (r: { items: PlanItem[] }) => r.items.map((it) => it.decision.kind);
  assert.deepEqual([confirmed.held, kinds(confirmed)], [[], ['deleteRemote', 'deleteRemote']]);
  const restored = holdMassDeletions([...wipe.slice(0, 1), item('projects/p/memory/f0.md', 'deleteRemote')], base, {
    percent: 50,
    groupOf: group,
    restore: new Set(['user/CLAUDE.md', 'projects/p/memory/f0.md']),
  });
  assert.deepEqual(kinds(restored), ['take', 'take'], 'the files come back from the remote');
  // Deletions another machine published (it held or confirmed them there) are carried out here.
  assert.deepEqual(
    hold(
      files('p', 9).map((p) => item(p, 'deleteLive')),
      base,
    ).held,
    [],
  );
  // A pull carries no deletion out, but still holds (and so keeps recording) this machine's.
  assert.equal(
    hold(
      files('p', 9).map((p) => item(p, 'deleteRemote', false)),
      base,
    ).held.length,
    1,
  );
});

// ---- machines --------------------------------------------------------------------------------

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout(ORIGIN);
  const projB = b.checkout(ORIGIN);
  const memA = a.memoryDir(projA);
  const memB = b.memoryDir(projB);
  for (const n of ['MEMORY.md', 'build.md', 'style.md', 'deploy.md']) a.write(path.join(memA, n), `${n}\n`);
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  return { remote, a, b, projA, projB, memA, memB };
}

test("a machine that empties a project's memory deletes nothing elsewhere until told; the rest goes on", async () => {
  const { remote, a, b, memA, memB } = await pair();
  const before = readTree(memB);
  // Claude Code's old session cleanup: the folder's contents gone. Another project's new file meanwhile.
  for (const n of fs.readdirSync(memA)) fs.rmSync(path.join(memA, n));
  a.write(path.join(a.configDir, 'CLAUDE.md'), 'be brief\n');
  const ra = await a.sync();
  const paths = ['MEMORY.md', 'build.md', 'deploy.md', 'style.md'].map((n) => `${MEM}/${n}`);
  assert.deepEqual(ra.heldDeletes, [{ prefix: `${MEM}/`, label: 'github.com/acme/widget', paths, of: 4 }]);
  assert.deepEqual(ra.deletedRemote, []);
  assert.deepEqual(ra.published, ['user/CLAUDE.md'], 'everything else in that sync proceeds');
  assert.equal(Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)).length, 4, 'the remote keeps them');
  await b.sync();
  assert.deepEqual(readTree(memB), before, 'the other machine keeps them');

  // Every later sync and status say so, with the way out.
  const again = await a.cli(['sync']);
  assert.match(again.stdout, /held: 4 of 4 files of github\.com\/acme\/widget would be deleted; nothing was deleted/);
  assert.match(again.stdout, /memsync resolve github\.com\/acme\/widget --confirm-deletes/);
  const status = await a.cli(['status', '--json']);
  assert.equal(JSON.parse(status.stdout).heldDeletes[0].paths.length, 4);

  // Bringing the files back: they return live from the remote, and nothing is held any more.
  const back = await a.cli(['resolve', 'github.com/acme/widget', '--restore-files', '--json']);
  assert.equal(back.code, 0, back.stderr);
  assert.deepEqual(readTree(memA), before);
  assert.deepEqual(JSON.parse(back.stdout).sync.heldDeletes, []);
  assert.match((await a.cli(['sync'])).stdout, /up to date/);
});

test('confirming a held deletion lets exactly those deletions go, on the remote and on every machine', async () => {
  const { remote, a, b, memA, memB } = await pair();
  for (const n of ['MEMORY.md', 'build.md', 'style.md']) fs.rmSync(path.join(memA, n));
  assert.equal((await a.sync()).heldDeletes[0]!.paths.length, 3);
  const none = await a.cli(['resolve', 'github.com/acme/other', '--confirm-deletes']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no held deletions for github\.com\/acme\/other.*held: github\.com\/acme\/widget/s);
  const ok = await a.cli(['resolve', `${MEM}/`, '--confirm-deletes']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /3 held deletions let go/);
  assert.deepEqual(
    Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)),
    [`${MEM}/deploy.md`],
  );
  const rb = await b.sync();
  assert.deepEqual(rb.deletedLive.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`, `${MEM}/style.md`]);
  assert.deepEqual(Object.keys(readTree(memB)), ['deploy.md']);
});

test('the threshold is a setting: with MEMSYNC_MASS_DELETE_PERCENT=100 a wipe is published and followed', async () => {
  const { remote, a, b, memA, memB } = await pair();
  for (const n of fs.readdirSync(memA)) fs.rmSync(path.join(memA, n));
  const r = await a.cli(['sync', '--json'], { MEMSYNC_MASS_DELETE_PERCENT: '100' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual([JSON.parse(r.stdout).deletedRemote.length, JSON.parse(r.stdout).heldDeletes], [4, []]);
  assert.equal(Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)).length, 0);
  assert.equal((await b.sync()).deletedLive.length, 4);
  assert.deepEqual(readTree(memB), {});
  const bad = await a.cli(['sync'], { MEMSYNC_MASS_DELETE_PERCENT: '150' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /massDeletePercent.*150.*0 to 100/);
});
