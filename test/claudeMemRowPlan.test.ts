/**
 * A row merge's live changes as data (claudeMem/rowPlan.ts), and a dry run's reading of them
 * (preview.ts) against the real apply (apply.ts): the same answer, with nothing written and no
 * write lock. Real databases made by claude-mem's own store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { applyRowActions } from '../src/claudeMem/apply.ts';
import type { LiveOp } from '../src/claudeMem/mergeRows.ts';
import { planRowActions, type PlanTable, type RowAction } from '../src/claudeMem/rowPlan.ts';
import { planDatabase } from '../src/claudeMem/mergeDatabase.ts';
import { emptyDbReport } from '../src/claudeMem/report.ts';
import { tableBytes } from '../src/claudeMem/rows.ts';
import { openDatabase, readSnapshot, type LiveTable } from '../src/claudeMem/snapshot.ts';
import { openSqlite } from '../src/claudeMem/sqlite.ts';
import { SYNCED_TABLES } from '../src/claudeMem/tables.ts';
import { recordingDbEffects } from '../src/engine/effects/recorder.ts';
import { tempDir } from './support/machines.ts';
import { claudeMemStore, observedIn, work } from './support/claudeMem.ts';

const spec = (name: string) => SYNCED_TABLES.find((s) => s.name === name)!;
const tables = new Map<string, PlanTable>([
  ['observations', { spec: spec('observations'), columns: ['id', 'title', 'flag', 'facts', 'data'] }],
  ['user_prompts', { spec: spec('user_prompts'), columns: ['id', 'prompt_text', 'session_db_id'] }],
]);
const plan = (table: string, op: LiveOp) => planRowActions(tables, new Map([[table, [op]]]));

test('a row plan: each op as the row it writes, columns as SQLite takes them, references by identity', () => {
  const blob = Buffer.from('bytes');
  const cases: [string, string, LiveOp, RowAction[]][] = [
    [
      'a delete keeps the line it compares',
      'observations',
      { key: '["k"]', kind: 'delete', prev: '{"title":"t"}' },
      [{ table: 'observations', key: '["k"]', kind: 'delete', prev: '{"title":"t"}' }],
    ],
    [
      'an insert: no id, no column this machine lacks; booleans, objects and blobs converted',
      'observations',
      {
        key: '["k"]',
        kind: 'upsert',
        prev: null,
        line: JSON.stringify({ id: 7, title: 't', flag: true, facts: ['f'], data: { $blob: 'Ynl0ZXM=' }, newer: 1 }),
      },
      [
        {
          table: 'observations',
          key: '["k"]',
          kind: 'insert',
          line: JSON.stringify({ id: 7, title: 't', flag: true, facts: ['f'], data: { $blob: 'Ynl0ZXM=' }, newer: 1 }),
          values: [
            ['title', { value: 't' }],
            ['flag', { value: 1 }],
            ['facts', { value: '["f"]' }],
            ['data', { value: blob }],
          ],
        },
      ],
    ],
    [
      'an update compares the line it replaces',
      'observations',
      { key: '["k"]', kind: 'upsert', prev: '{"title":"a"}', line: '{"title":"b"}' },
      [
        {
          table: 'observations',
          key: '["k"]',
          kind: 'update',
          prev: '{"title":"a"}',
          line: '{"title":"b"}',
          values: [['title', { value: 'b' }]],
        },
      ],
    ],
    [
      "a reference: the parent's identity, or the parent found by its other column when it has none",
      'user_prompts',
      { key: '["p"]', kind: 'upsert', prev: null, line: '{"prompt_text":"x","session_db_id":["claude","c1"]}' },
      [
        {
          table: 'user_prompts',
          key: '["p"]',
          kind: 'insert',
          line: '{"prompt_text":"x","session_db_id":["claude","c1"]}',
          values: [
            ['prompt_text', { value: 'x' }],
            ['session_db_id', { ref: 'sdk_sessions', key: '["claude","c1"]' }],
          ],
        },
      ],
    ],
    [
      'no identity: found by the content session id',
      'user_prompts',
      { key: '["p"]', kind: 'upsert', prev: null, line: '{"content_session_id":"c1","session_db_id":null}' },
      [
        {
          table: 'user_prompts',
          key: '["p"]',
          kind: 'insert',
          line: '{"content_session_id":"c1","session_db_id":null}',
          values: [['session_db_id', { via: { table: 'sdk_sessions', parent: 'content_session_id', value: 'c1' } }]],
        },
      ],
    ],
  ];
  for (const [what, table, op, expected] of cases) assert.deepEqual(plan(table, op), expected, what);
});

const hash = (f: string) => (fs.existsSync(f) ? createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);

/** A plan exercising what SQLite decides: a cascade, unique and foreign-key refusals, a missing parent. */
function trickyPlan(snap: Map<string, LiveTable>): RowAction[] {
  const rowOf = (table: string, title: string) => {
    const t = snap.get(table)!;
    const [key, line] = [...t.rows].find(([, l]) => l.includes(title))!;
    return { key, line };
  };
  const session = [...snap.get('sdk_sessions')!.rows].find(([, l]) => l.includes('content-a-0'))!;
  const obs = rowOf('observations', 'obs a0.1');
  const other = rowOf('observations', 'obs b0.0');
  const copy = (line: string, patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(line), ...patch });
  const ops = new Map<string, LiveOp[]>([
    // The session's delete takes its observations along: deleting one of them afterwards is done already.
    ['sdk_sessions', [{ key: session[0], kind: 'delete', prev: session[1] }]],
    [
      'observations',
      [
        { key: obs.key, kind: 'delete', prev: obs.line },
        // The same session and content hash as a row here: claude-mem's unique index refuses it.
        { key: '["x","dup"]', kind: 'upsert', prev: null, line: copy(other.line, { title: 'dup' }) },
        // Its session is nowhere here: the foreign key refuses it.
        { key: '["x","orphan"]', kind: 'upsert', prev: null, line: copy(other.line, { memory_session_id: 'nope' }) },
        // An edit of a row changed meanwhile (the compare fails): it waits.
        { key: other.key, kind: 'upsert', prev: copy(other.line, { title: 'old' }), line: copy(other.line, { x: 1 }) },
        { key: '["x","new"]', kind: 'upsert', prev: null, line: copy(other.line, { content_hash: 'n', title: 'new' }) },
      ],
    ],
    [
      'user_prompts',
      [
        {
          key: '["c9",1]',
          kind: 'upsert',
          prev: null,
          line: JSON.stringify({
            content_session_id: 'c9',
            prompt_number: 1,
            prompt_text: 'p',
            session_db_id: ['z', 'z'],
          }),
        },
      ],
    ],
  ]);
  return planRowActions(snap, ops);
}

test("a dry run's row apply answers as the real one, writes nothing and needs no write lock", () => {
  const file = path.join(tempDir('memsync-rowplan-'), 'claude-mem.db');
  claudeMemStore(file, [...work('a', 1), ...work('b', 1), observedIn('memory-a-0', 'obs a0.1 again')]);
  const db = openDatabase(file, 200);
  const worker = openSqlite(file);
  try {
    // claude-mem's worker in the middle of a write: a preview that asked for the lock would be busy.
    worker.exec('BEGIN IMMEDIATE');
    const before = [hash(file), hash(`${file}-wal`)];
    const fx = recordingDbEffects();
    const planned = trickyPlan(readSnapshot(db).tables);
    const previewed = fx.applyRows(db, readSnapshot(db).tables, planned, file);
    // The dry run records the plan's writes that would land (not those that wait).
    const landing = planned.filter((a) => !previewed.skipped.get(a.table)?.has(a.key));
    assert.deepEqual(
      fx.recorded.map((r) => r.target),
      landing.map((a) => `${file}: ${a.kind} ${a.table} ${a.key}`),
    );
    worker.exec('ROLLBACK');
    assert.deepEqual([hash(file), hash(`${file}-wal`)], before, 'nothing written');
    const snap = readSnapshot(db).tables;
    const applied = applyRowActions(db, snap, trickyPlan(snap));
    assert.deepEqual(applied.applied, 2, 'the session delete and the new row');
    assert.deepEqual(
      { ...previewed, notes: previewed.notes.map((n) => n.replace(/\(.*\)/, '')) },
      { ...applied, notes: applied.notes.map((n) => n.replace(/\(.*\)/, '')) },
    );
    assert.equal(applied.notes.length, 3, applied.notes.join('\n'));
  } finally {
    worker.close();
    db.close();
  }
});

test("a database's merge plan is data: made while another connection holds the write lock, no write", async () => {
  const dir = tempDir('memsync-dbplan-');
  const [file, theirs] = [path.join(dir, 'claude-mem.db'), path.join(dir, 'remote.db')];
  claudeMemStore(file, work('here', 1));
  claudeMemStore(theirs, work('there', 1));
  const remoteFiles = () => {
    const db = openDatabase(theirs);
    try {
      return new Map([...readSnapshot(db).tables].map(([n, t]) => [n, tableBytes(t.rows)]));
    } finally {
      db.close();
    }
  };
  const input = () => ({
    ...{ base: new Map(), remote: remoteFiles(), conflicts: {}, resolution: null, columns: {} },
    ...{ mode: 'sync' as const, massDeletePercent: 50 },
  });
  const db = openDatabase(file, 200);
  const worker = openSqlite(file);
  try {
    worker.exec('BEGIN IMMEDIATE');
    const before = [hash(file), hash(`${file}-wal`)];
    const report = emptyDbReport('rows', file);
    const plan = await planDatabase(db, input(), report);
    assert.deepEqual([hash(file), hash(`${file}-wal`)], before, 'nothing written');
    // Every row of the other database comes in; the remote's file of each table gains this one's rows.
    const incoming = Object.values(report.tables).reduce((n, c) => n + c.pull, 0);
    assert.ok(incoming > 0 && plan.actions.length === incoming, `${plan.actions.length} actions, ${incoming} pulls`);
    assert.ok(plan.actions.every((a) => a.kind === 'insert'));
    const published = plan.remote.get('observations')!.toString();
    for (const t of ['obs here0.0', 'obs there0.0']) assert.ok(published.includes(t), t);
    assert.equal(plan.dropping, null);
    worker.exec('ROLLBACK');
    const round = plan.settle(applyRowActions(db, plan.tables, plan.actions));
    assert.equal(report.applied, incoming);
    // Everything landed: the new base is the new remote file.
    for (const [name, file] of round.remote) assert.equal(round.base.get(name), file, name);
  } finally {
    worker.close();
    db.close();
  }
});
