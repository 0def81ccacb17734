import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planSync, type Hold, type PlanInput } from '../src/engine/plan.ts';

const m = (o: Record<string, string>) => new Map(Object.entries(o));
const plan = (p: Partial<PlanInput>) =>
  planSync({
    live: new Map(),
    base: new Map(),
    remote: new Map(),
    conflicts: new Map(),
    mode: 'sync',
    aside: [],
    ...p,
  });
const kinds = (r: ReturnType<typeof planSync>) => r.items.map((it) => `${it.decision.kind} ${it.path}`);

test('a path set aside (unreadable) takes no part: no deletion either way, its base stays', () => {
  const aside: Hold[] = [
    { path: 'p/locked.md', reason: 'unreadable', detail: 'EACCES' },
    { path: 'p/dir/', reason: 'unreadable', detail: 'EACCES' },
  ];
  const r = plan({
    live: m({ 'p/a.md': '2' }),
    base: m({ 'p/a.md': '1', 'p/locked.md': 'L', 'p/dir/x.md': 'X' }),
    remote: m({ 'p/a.md': '1', 'p/locked.md': 'L', 'p/dir/x.md': 'X2' }),
    aside,
  });
  assert.deepEqual(kinds(r), ['publish p/a.md']);
  assert.deepEqual(
    r.held.map((h) => h.path),
    ['p/locked.md', 'p/dir/'],
  );
});

test("a folder that became a file on one side is an ordinary change: the file, and the folder's files gone", () => {
  const r = plan({ live: m({ 'p/t': 'F' }), base: m({ 'p/t/x.md': 'X' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(r), ['publish p/t', 'deleteRemote p/t/x.md']);
  assert.deepEqual(r.held, []);
});

test('a file here and a folder of that name there: a conflict, the folder keeps the path, the file goes aside', () => {
  const r = plan({ live: m({ 'p/t': 'F', 'p/o.md': 'O' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(r), ['publish p/o.md', 'shape p/t', 'take p/t/x.md']);
  assert.deepEqual(r.items[1]!.decision, { kind: 'shape', file: 'live' });
  assert.deepEqual(r.held, []);
});

test('a folder here and a file of that name there: a conflict, the folder is published, the file goes aside', () => {
  const r = plan({ live: m({ 'p/t/x.md': 'X', 'p/t/y.md': 'Y' }), remote: m({ 'p/t': 'F' }) });
  assert.deepEqual(kinds(r), ['shape p/t', 'publish p/t/x.md', 'publish p/t/y.md']);
  assert.deepEqual(r.items[0]!.decision, { kind: 'shape', file: 'remote' });
  assert.deepEqual([r.items[0]!.live, r.items[0]!.remote], [null, 'F']);
  assert.deepEqual(r.held, []);
});

test('a file made a folder on one machine while another edited the file: a conflict either way round', () => {
  // The edit reached the remote first: here the file was deleted and the folder made.
  const here = plan({ live: m({ 'p/t/x.md': 'X' }), base: m({ 'p/t': 'F' }), remote: m({ 'p/t': 'F2' }) });
  assert.deepEqual(kinds(here), ['shape p/t', 'publish p/t/x.md']);
  assert.deepEqual(here.items[0]!.decision, { kind: 'shape', file: 'remote' });
  // The folder reached the remote first: here the file was edited.
  const there = plan({ live: m({ 'p/t': 'F2' }), base: m({ 'p/t': 'F' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(there), ['shape p/t', 'take p/t/x.md']);
  assert.deepEqual(there.items[0]!.decision, { kind: 'shape', file: 'live' });
  // Unedited, it is an ordinary change: the file goes.
  const plain = plan({ live: m({ 'p/t': 'F' }), base: m({ 'p/t': 'F' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(plain), ['deleteLive p/t', 'take p/t/x.md']);
});

test('a file/folder conflict opens in every mode: a pull moves the file aside, a push publishes the folder', () => {
  const pull = plan({ live: m({ 'p/t': 'F' }), remote: m({ 'p/t/x.md': 'X' }), mode: 'pull' });
  assert.deepEqual(kinds(pull), ['shape p/t', 'take p/t/x.md']);
  assert.deepEqual(
    pull.items.map((it) => it.runs),
    [true, true],
  );
  const push = plan({ live: m({ 'p/t/x.md': 'X' }), remote: m({ 'p/t': 'F' }), mode: 'push' });
  assert.deepEqual(kinds(push), ['shape p/t', 'publish p/t/x.md']);
  assert.deepEqual(
    push.items.map((it) => it.runs),
    [true, true],
  );
  const clean = plan({ live: m({ 'p/t': 'F' }), remote: m({ 'p/u/x.md': 'X' }), mode: 'pull' });
  assert.deepEqual(kinds(clean), ['publish p/t', 'take p/u/x.md']);
  assert.deepEqual(
    clean.items.map((it) => it.runs),
    [false, true],
  );
});

test('a file/folder clash where one side cannot be read waits as it is (held, nothing moved)', () => {
  const aside: Hold[] = [{ path: 'p/t', reason: 'unreadable', detail: 'EACCES' }];
  const r = plan({ live: m({ 'p/t': 'F' }), remote: m({ 'p/t/x.md': 'X' }), aside });
  assert.deepEqual(kinds(r), []);
  assert.deepEqual(r.held.map((h) => [h.path, h.reason]).sort(), [
    ['p/t', 'unreadable'],
    ['p/t/x.md', 'shape'],
  ]);
});

test('two names one disk folds to one: the name the remote holds keeps it, the added one goes aside', () => {
  const nfc = 'p/caf\u00e9.md';
  const nfd = 'p/cafe\u0301.md';
  const r = plan({
    live: m({ 'p/topic.md': 'L', [nfd]: 'D', 'p/other.md': 'O' }),
    remote: m({ 'p/Topic.md': 'R', [nfc]: 'C' }),
  });
  const shapes = r.items.filter((it) => it.decision.kind === 'shape').map((it) => [it.path, it.decision]);
  assert.deepEqual(shapes, [
    [nfd, { kind: 'shape', file: 'live', keeps: nfc }],
    ['p/topic.md', { kind: 'shape', file: 'live', keeps: 'p/Topic.md' }],
  ]);
  assert.deepEqual(
    kinds(r)
      .filter((k) => !k.startsWith('shape'))
      .sort(),
    [`take ${nfc}`, 'publish p/other.md', 'take p/Topic.md'].sort(),
  );
  // Both new here (a disk that keeps them apart): the first in order is published, the other goes aside.
  const both = plan({ live: m({ 'p/Topic.md': 'A', 'p/topic.md': 'B' }) });
  assert.deepEqual(kinds(both), ['publish p/Topic.md', 'shape p/topic.md']);
});
