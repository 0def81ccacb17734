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

test("a folder that became a file on one side is an ordinary change: publish the file, delete the folder's files", () => {
  const r = plan({ live: m({ 'p/t': 'F' }), base: m({ 'p/t/x.md': 'X' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(r), ['publish p/t', 'deleteRemote p/t/x.md']);
  assert.deepEqual(r.held, []);
});

test('a file here and a folder of that name there: both held, nothing published, taken or deleted', () => {
  const r = plan({ live: m({ 'p/t': 'F', 'p/o.md': 'O' }), remote: m({ 'p/t/x.md': 'X' }) });
  assert.deepEqual(kinds(r), ['publish p/o.md']);
  assert.deepEqual(r.held.map((h) => [h.path, h.reason]).sort(), [
    ['p/t', 'shape'],
    ['p/t/x.md', 'shape'],
  ]);
});

test("a pull publishes nothing, so only what it would take into a file's place is held", () => {
  const r = plan({ live: m({ 'p/t': 'F' }), remote: m({ 'p/t/x.md': 'X' }), mode: 'pull' });
  assert.deepEqual(r.held.map((h) => h.path).sort(), ['p/t', 'p/t/x.md']);
  const clean = plan({ live: m({ 'p/t': 'F' }), remote: m({ 'p/u/x.md': 'X' }), mode: 'pull' });
  assert.deepEqual(kinds(clean), ['publish p/t', 'take p/u/x.md']);
  assert.deepEqual(
    clean.items.map((it) => it.runs),
    [false, true],
  );
});
