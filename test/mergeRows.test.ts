import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeRows, type LiveOp, type RowMergeResult } from '../src/claudeMem/mergeRows.ts';
import { planTables } from '../src/claudeMem/planTables.ts';

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
function sync(
  live: Rows,
  base: Rows,
  remote: Rows,
  held = new Map<string, string | null>(),
): { live: Rows; remote: Rows; base: Rows; r: RowMergeResult } {
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
          ea === 'keep'
            ? (b.get(key) ?? null)
            : eb === 'keep'
              ? (a.get(key) ?? null)
              : ea === 'delete' && eb === 'delete'
                ? null
                : ea === 'delete'
                  ? b.get(key)! // an edit beats a delete
                  : eb === 'delete'
                    ? a.get(key)!
                    : a.get(key) === b.get(key)
                      ? a.get(key)!
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
  const local = mergeRows({
    base: opened.base,
    live,
    remote,
    held: opened.conflicts,
    resolution: 'local',
    mode: 'sync',
  });
  assert.equal(local.remote.get('k'), line('mine'));
  assert.equal(local.conflicts.size, 0);
  const theirs = mergeRows({
    base: opened.base,
    live,
    remote,
    held: opened.conflicts,
    resolution: 'remote',
    mode: 'sync',
  });
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
  const base = new Map([
    ['k', line('base')],
    ['gone', line('g')],
  ]);
  const live = new Map([
    ['k', line('mine')],
    ['gone', line('g')],
    ['new', line('n')],
  ]);
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

// Sessions and their observations, as the merge of every table sees them (planTables.ts).
type Tables = { sdk_sessions: Rows; observations: Rows };
const sessionLine = (s: number, v = 'base') =>
  JSON.stringify({ content_session_id: `c${s}`, memory_session_id: `m${s}`, platform_source: 'claude', title: v });
const sessionKey = (s: number) => JSON.stringify(['claude', `c${s}`]);
const childKey = (s: number, t: string) => JSON.stringify([`m${s}`, t]);
const childLine = (s: number, t: string, v = 'base') =>
  JSON.stringify({ memory_session_id: `m${s}`, title: t, text: v });

function syncTables(live: Tables, base: Tables, remote: Tables): { live: Tables; base: Tables; remote: Tables } {
  const names = ['sdk_sessions', 'observations'] as const;
  const plans = planTables(
    names.map((name) => ({
      name,
      base: base[name],
      live: live[name],
      remote: remote[name],
      held: new Map(),
      added: [],
      remoteRows: remote[name].size,
    })),
    { mode: 'sync', massDeletePercent: 50 },
  );
  const out = { live: {}, base: {}, remote: {} } as { live: Tables; base: Tables; remote: Tables };
  for (const name of names) {
    const { m } = plans.get(name)!;
    out.live[name] = applyLive(live[name], m.live);
    out.base[name] = m.base;
    out.remote[name] = m.remote;
  }
  return out;
}

/** Every observation's session is there (what PRAGMA foreign_key_check asks of a database). */
function dangling(t: Tables): string[] {
  const sessions = new Set([...t.sdk_sessions.values()].map((l) => JSON.parse(l).memory_session_id as string));
  return [...t.observations.values()]
    .map((l) => JSON.parse(l).memory_session_id as string)
    .filter((m) => !sessions.has(m));
}

const sideOps = fc.record({
  // Per session: kept, edited, deleted (claude-mem deletes its observations with it).
  sessions: fc.array(fc.constantFrom('keep', 'edit', 'delete'), { minLength: 4, maxLength: 4 }),
  // Per base observation (two per session): kept, edited, deleted.
  children: fc.array(edit, { minLength: 8, maxLength: 8 }),
  // Sessions this side adds an observation to.
  adds: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
});

function sideTables(
  base: Tables,
  ops: { sessions: string[]; children: string[]; adds: number[] },
  tag: string,
): Tables {
  const t: Tables = { sdk_sessions: new Map(base.sdk_sessions), observations: new Map(base.observations) };
  ops.children.forEach((e, i) => {
    const [s, c] = [i >> 1, `o${i & 1}`];
    if (e === 'edit') t.observations.set(childKey(s, c), childLine(s, c, tag));
    if (e === 'delete') t.observations.delete(childKey(s, c));
  });
  for (const s of ops.adds) t.observations.set(childKey(s, `new-${tag}`), childLine(s, `new-${tag}`, tag));
  ops.sessions.forEach((e, s) => {
    if (e === 'edit') t.sdk_sessions.set(sessionKey(s), sessionLine(s, tag));
    if (e !== 'delete') return;
    t.sdk_sessions.delete(sessionKey(s));
    for (const k of [...t.observations.keys()]) if (JSON.parse(k)[0] === `m${s}`) t.observations.delete(k);
  });
  return t;
}

test(
  'mergeRows across tables: sessions deleted on one side while the other adds or edits their rows leave no row ' +
    'without its session, and lose no added row',
  () => {
    fc.assert(
      fc.property(sideOps, sideOps, (opsA, opsB) => {
        const base: Tables = { sdk_sessions: new Map(), observations: new Map() };
        for (let s = 0; s < 4; s++) {
          base.sdk_sessions.set(sessionKey(s), sessionLine(s));
          for (const c of ['o0', 'o1']) base.observations.set(childKey(s, c), childLine(s, c));
        }
        const a = sideTables(base, opsA, 'A');
        const b = sideTables(base, opsB, 'B');
        const first = syncTables(a, base, base);
        const second = syncTables(b, base, first.remote);
        const third = syncTables(first.live, first.base, second.remote);
        for (const [where, t] of [
          ['A', third.live],
          ['B', second.live],
          ['remote', second.remote],
        ] as const) {
          assert.deepEqual(dangling(t), [], `${where}: every observation has its session`);
        }
        // A row added on either side is on both machines and the remote.
        for (const [ops, tag] of [
          [opsA, 'A'],
          [opsB, 'B'],
        ] as const) {
          for (const s of ops.adds) {
            const k = childKey(s, `new-${tag}`);
            if ((tag === 'A' ? a : b).observations.has(k)) {
              for (const t of [third.live, second.live, second.remote]) assert.ok(t.observations.has(k), `${k} kept`);
            }
          }
        }
        // Both machines end with the same rows.
        assert.deepEqual([...third.live.observations.keys()].sort(), [...second.live.observations.keys()].sort());
        assert.deepEqual([...third.live.sdk_sessions.keys()].sort(), [...second.live.sdk_sessions.keys()].sort());
      }),
    );
  },
);

test(
  'mergeRows: a column one side added and filled is published; the other side keeps its edits or holds a conflict, ' +
    'and nothing is lost',
  () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ fill: fc.constantFrom('value', 'empty', 'none'), b: edit }), {
          minLength: 1,
          maxLength: 10,
        }),
        (rows) => {
          const base: Rows = new Map(rows.map((_, i) => [`k${i}`, line(`base${i}`)]));
          // A upgraded: every row has the new column `c`, filled by its migration or left empty.
          const a: Rows = new Map(
            rows.map((r, i) => [
              `k${i}`,
              line(`base${i}`, r.fill === 'value' ? { c: `v${i}` } : r.fill === 'empty' ? { c: null } : {}),
            ]),
          );
          const b: Rows = new Map(base);
          rows.forEach((r, i) => {
            if (r.b === 'edit') b.set(`k${i}`, line(`B${i}`));
            if (r.b === 'delete') b.delete(`k${i}`);
          });
          const first = mergeRows({ base, live: a, remote: base, held: new Map(), mode: 'sync', added: ['c'] });
          const pushed = rows.filter((r) => r.fill === 'value').length;
          assert.equal(first.counts.publish ?? 0, pushed, 'each filled row is published, an empty column is not');
          const second = sync(b, base, first.remote);
          rows.forEach((r, i) => {
            const k = `k${i}`;
            const got = second.remote.get(k);
            if (r.fill !== 'value') {
              assert.equal(got ?? null, b.get(k) ?? null, `${k}: only B changed it`);
            } else if (r.b === 'keep') {
              assert.equal(JSON.parse(got!).c, `v${i}`, `${k}: the filled value reached the remote`);
              assert.equal(second.live.get(k), b.get(k), `${k}: B (without the column) is unchanged`);
            } else if (r.b === 'edit') {
              assert.ok(second.r.conflicts.has(k), `${k}: both changed it: held`);
              assert.equal(second.live.get(k), b.get(k));
              assert.equal(JSON.parse(got!).c, `v${i}`);
            } else assert.equal(JSON.parse(got!).c, `v${i}`, `${k}: the fill beats B's delete`);
          });
          const again = sync(second.live, second.base, second.remote, second.r.conflicts);
          assert.deepEqual(again.r.live, []);
          assert.deepEqual([...again.remote], [...second.remote], 'a second sync changes nothing');
        },
      ),
    );
  },
);

test("planTables: a table's deletions are held by the mass-deletion rule of memory files (massDeletePercent)", () => {
  const rows = (n: number) =>
    new Map(Array.from({ length: n }, (_, i) => [childKey(1, `t${i}`), childLine(1, `t${i}`)]));
  /** How many of this machine's deletions are held when `deleted` of `of` rows go at `percent`. */
  const held = (deleted: number, of: number, percent: number) => {
    const all = rows(of);
    const live = new Map([...all].slice(deleted));
    const input = { name: 'observations', base: all, live, remote: all, held: new Map(), added: [], remoteRows: of };
    return planTables([input], { mode: 'sync', massDeletePercent: percent }).get('observations')!.heldDeletes;
  };
  const cases: [number, number, number, number][] = [
    // deleted, of, percent -> held
    [11, 12, 50, 11],
    [11, 12, 100, 0],
    [10, 30, 50, 0],
    [10, 30, 30, 10],
    // Fewer than ten rows are never a mass deletion, whatever their share.
    [9, 9, 0, 0],
  ];
  for (const [deleted, of, percent, expected] of cases)
    assert.equal(held(deleted, of, percent), expected, `${deleted} of ${of} at ${percent}%`);
});
