import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeRows, type LiveOp, type RowMergeResult } from '../src/claudeMem/mergeRows.ts';

type Rows = Map<string, string>;
const line = (v: string, extra: Record<string, unknown> = {}) => JSON.stringify({ text: v, ...extra });

function applyLive(live: Rows, ops: LiveOp[]): Rows {
  const out = new Map(live);
  for (const op of ops) {
    if (op.kind === 'delete') out.delete(op.key);
    else out.set(op.key, op.line);
  }
  return out;
}

/** One machine's sync against the remote: returns its live, the new remote and its base. */
function sync(live: Rows, base: Rows, remote: Rows, held = new Map<string, string | null>()): { live: Rows; remote: Rows; base: Rows; r: RowMergeResult } {
  const r = mergeRows({ base, live, remote, held, mode: 'sync' });
  return { live: applyLive(live, r.live), remote: r.remote, base: r.base, r };
}

// A side's change to one base row.
const edit = fc.constantFrom('keep', 'edit', 'delete');
const scenario = fc.record({
  base: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }),
  a: fc.array(edit, { minLength: 12, maxLength: 12 }),
  b: fc.array(edit, { minLength: 12, maxLength: 12 }),
  newA: fc.uniqueArray(fc.integer({ min: 100, max: 130 }), { maxLength: 6 }),
  newB: fc.uniqueArray(fc.integer({ min: 100, max: 130 }), { maxLength: 6 }),
});

function sides(s: { base: number[]; a: string[]; b: string[]; newA: number[]; newB: number[] }) {
  const base: Rows = new Map(s.base.map((k) => [`k${k}`, line(`base${k}`)]));
  const side = (edits: string[], fresh: number[], tag: string) => {
    const m = new Map(base);
    s.base.forEach((k, i) => {
      if (edits[i] === 'edit') m.set(`k${k}`, line(`${tag}${k}`));
      if (edits[i] === 'delete') m.delete(`k${k}`);
    });
    for (const k of fresh) m.set(`k${k}`, line(`new${k}`));
    return m;
  };
  return { base, a: side(s.a, s.newA, 'A'), b: side(s.b, s.newB, 'B') };
}

test('mergeRows: after A then B sync, every row follows the three-state rule on B and on the remote', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { base, a, b } = sides(s);
      const first = sync(a, base, base);
      assert.equal(first.r.live.length, 0, 'A has nothing to take from an unchanged remote');
      const second = sync(b, base, first.remote);
      s.base.forEach((k, i) => {
        const key = `k${k}`;
        const [ea, eb] = [s.a[i], s.b[i]];
        const want =
          ea === 'keep' ? b.get(key) ?? null
          : eb === 'keep' ? a.get(key) ?? null
          : ea === 'delete' && eb === 'delete' ? null
          : ea === 'delete' ? b.get(key)! // an edit beats a delete
          : eb === 'delete' ? a.get(key)!
          : a.get(key) === b.get(key) ? a.get(key)!
          : 'conflict';
        if (want === 'conflict') {
          assert.equal(second.live.get(key), b.get(key), 'a conflict keeps live');
          assert.equal(second.remote.get(key), a.get(key), 'a conflict does not overwrite the remote');
          assert.ok(second.r.conflicts.has(key));
        } else {
          assert.equal(second.live.get(key) ?? null, want, `live ${key} (${ea}/${eb})`);
          assert.equal(second.remote.get(key) ?? null, want, `remote ${key} (${ea}/${eb})`);
        }
      });
      // New rows of both sides are on B and on the remote (the same new row on both sides agrees).
      for (const k of new Set([...s.newA, ...s.newB])) {
        const key = `k${k}`;
        if (s.base.includes(k)) continue;
        assert.equal(second.live.get(key), line(`new${k}`));
        assert.equal(second.remote.get(key), line(`new${k}`));
      }
    }),
  );
});

test('mergeRows: a second sync with nothing new changes nothing (idempotent), conflicts stay held', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { base, a, b } = sides(s);
      const first = sync(a, base, base);
      const second = sync(b, base, first.remote);
      const third = sync(second.live, second.base, second.remote, second.r.conflicts);
      assert.deepEqual(third.r.live, []);
      assert.deepEqual([...third.remote], [...second.remote]);
      assert.deepEqual([...third.r.conflicts.keys()].sort(), [...second.r.conflicts.keys()].sort());
      // A then pulls B's result: both machines end equal except where a conflict is open.
      const back = sync(first.live, first.base, third.remote);
      for (const key of new Set([...back.live.keys(), ...third.live.keys()])) {
        if (third.r.conflicts.has(key)) continue;
        assert.equal(back.live.get(key), third.live.get(key), key);
      }
    }),
  );
});

test('mergeRows: resolving keep-local publishes live, use-remote takes the remote', () => {
  const base = new Map([['k', line('base')]]);
  const live = new Map([['k', line('mine')]]);
  const remote = new Map([['k', line('theirs')]]);
  const opened = mergeRows({ base, live, remote, held: new Map(), mode: 'sync' });
  assert.deepEqual([...opened.conflicts], [['k', line('theirs')]]);
  const held = mergeRows({ base: opened.base, live, remote, held: opened.conflicts, mode: 'sync' });
  assert.equal(held.counts.conflict, 1);
  assert.equal(held.remote.get('k'), line('theirs'));
  const local = mergeRows({ base: opened.base, live, remote, held: opened.conflicts, resolution: 'local', mode: 'sync' });
  assert.equal(local.remote.get('k'), line('mine'));
  assert.equal(local.conflicts.size, 0);
  const theirs = mergeRows({ base: opened.base, live, remote, held: opened.conflicts, resolution: 'remote', mode: 'sync' });
  assert.deepEqual(theirs.live, [{ key: 'k', kind: 'upsert', line: line('theirs'), prev: line('mine') }]);
});

test('mergeRows: a column only one side has neither makes a change nor is lost when the other side edits', () => {
  const base = new Map([['k', line('v', { newer: 7 })]]);
  const remote = new Map(base);
  // The older claude-mem here has no `newer` column.
  const unchanged = mergeRows({ base, live: new Map([['k', line('v')]]), remote, held: new Map(), mode: 'sync' });
  assert.deepEqual(unchanged.live, []);
  assert.equal(Object.keys(unchanged.counts).length, 0);
  const edited = mergeRows({ base, live: new Map([['k', line('edited')]]), remote, held: new Map(), mode: 'sync' });
  assert.deepEqual(JSON.parse(edited.remote.get('k')!), { newer: 7, text: 'edited' });
});

test('mergeRows: pull leaves live changes for later and keeps their base; push takes nothing live', () => {
  const base = new Map([['k', line('base')], ['gone', line('g')]]);
  const live = new Map([['k', line('mine')], ['gone', line('g')], ['new', line('n')]]);
  const remote = new Map([['k', line('base')]]);
  const pull = mergeRows({ base, live, remote, held: new Map(), mode: 'pull' });
  assert.deepEqual([...pull.remote], [...remote]);
  assert.equal(pull.base.get('k'), line('base'));
  assert.deepEqual(pull.live, [{ key: 'gone', kind: 'delete', prev: line('g') }]);
  const push = mergeRows({ base, live, remote, held: new Map(), mode: 'push' });
  assert.deepEqual(push.live, []);
  assert.equal(push.remote.get('k'), line('mine'));
  assert.equal(push.remote.get('new'), line('n'));
  assert.equal(push.base.get('gone'), line('g'), 'the remote deletion waits for a pull');
});
