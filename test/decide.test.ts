import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide, runsIn, type Decision, type Version } from '../src/reconcile/decide.ts';
import { makePlan } from '../src/reconcile/plan.ts';

const B = 'base';
const L = 'live-edit';
const R = 'remote-edit';

// Every row of the design's table (live vs base, remote vs base -> result).
const rows: [string, Version, Version, Version, Decision['kind']][] = [
  ['same / same: nothing', B, B, B, 'none'],
  ['same / changed: take remote into live', B, B, R, 'take'],
  ['changed / same: publish live', L, B, B, 'publish'],
  ['changed / changed, equal: nothing to write, record agreement', L, B, L, 'agree'],
  ['changed / changed, different: three-way merge', L, B, R, 'merge'],
  ['deleted / same: delete on remote', null, B, B, 'deleteRemote'],
  ['same / deleted: delete live', B, B, null, 'deleteLive'],
  ['deleted / changed: the edit wins (take)', null, B, R, 'take'],
  ['changed / deleted: the edit wins (publish)', L, B, null, 'publish'],
  ['deleted / deleted: agree on absence', null, B, null, 'agree'],
  ['new / new, different: merge against an empty base', L, null, R, 'merge'],
  ['new / new, equal: agree', L, null, L, 'agree'],
  ['new live only: publish', L, null, null, 'publish'],
  ['new remote only: take', null, null, R, 'take'],
  ['absent everywhere: nothing', null, null, null, 'none'],
];

for (const [name, live, base, remote, kind] of rows) {
  test(`decide: ${name}`, () => {
    assert.equal(decide({ live, base, remote }).kind, kind);
  });
}

test('decide: an open conflict holds the path while the remote keeps the copied version', () => {
  assert.equal(decide({ live: L, base: B, remote: R, openConflict: R }).kind, 'held');
});

test('decide: an open conflict ends when live comes to equal the remote', () => {
  assert.equal(decide({ live: R, base: B, remote: R, openConflict: R }).kind, 'agree');
});

test('decide: an open conflict is decided afresh when the remote moves on', () => {
  assert.equal(decide({ live: L, base: B, remote: 'newer', openConflict: R }).kind, 'merge');
  assert.equal(decide({ live: L, base: B, remote: null, openConflict: R }).kind, 'publish');
});

test('runsIn: pull never publishes, push never writes remote changes live, merges run in both', () => {
  assert.equal(runsIn('publish', 'pull'), false);
  assert.equal(runsIn('deleteRemote', 'pull'), false);
  assert.equal(runsIn('take', 'push'), false);
  assert.equal(runsIn('deleteLive', 'push'), false);
  for (const mode of ['pull', 'push', 'sync'] as const) {
    assert.equal(runsIn('merge', mode), true);
    assert.equal(runsIn('agree', mode), true);
  }
  for (const k of ['take', 'deleteLive', 'publish', 'deleteRemote'] as const) assert.equal(runsIn(k, 'sync'), true);
});

const version = fc.constantFrom<Version>(null, 'a', 'b', 'c');

/** The result of carrying out a decision that succeeds: the new live and remote versions. */
function apply(d: Decision, live: Version, remote: Version): { live: Version; remote: Version } {
  switch (d.kind) {
    case 'take':
    case 'deleteLive':
      return { live: remote, remote };
    case 'publish':
    case 'deleteRemote':
      return { live, remote: live };
    case 'merge':
      return { live: 'merged', remote: 'merged' };
    default:
      return { live, remote };
  }
}

test('property: a live edit is never overwritten or deleted without a merge', () => {
  fc.assert(
    fc.property(version, version, version, (live, base, remote) => {
      const d = decide({ live, base, remote });
      if (live !== base && live !== null && (d.kind === 'take' || d.kind === 'deleteLive')) return false;
      if (remote !== base && remote !== null && (d.kind === 'publish' || d.kind === 'deleteRemote')) return false;
      return true;
    }),
  );
});

test('property: after carrying out a decision both sides agree, and deciding again does nothing', () => {
  fc.assert(
    fc.property(version, version, version, (live, base, remote) => {
      const d = decide({ live, base, remote });
      const after = apply(d, live, remote);
      if (d.kind === 'none') return live === remote || (live === base) === (remote === base);
      assert.equal(after.live, after.remote, `${d.kind} left live and remote apart`);
      return decide({ live: after.live, base: after.live, remote: after.remote }).kind === 'none';
    }),
  );
});

test('property: the decision is symmetric between live and remote', () => {
  const mirror: Record<Decision['kind'], Decision['kind']> = {
    none: 'none',
    agree: 'agree',
    merge: 'merge',
    held: 'held',
    shape: 'shape',
    take: 'publish',
    publish: 'take',
    deleteLive: 'deleteRemote',
    deleteRemote: 'deleteLive',
  };
  fc.assert(
    fc.property(version, version, version, (live, base, remote) => {
      return mirror[decide({ live, base, remote }).kind] === decide({ live: remote, base, remote: live }).kind;
    }),
  );
});

test('makePlan: skips quiet paths, sorts, and marks what the mode leaves for later', () => {
  const plan = makePlan({
    live: new Map([
      ['b', 'x'],
      ['a', 'new'],
      ['q', 'same'],
    ]),
    base: new Map([
      ['b', 'x'],
      ['q', 'same'],
    ]),
    remote: new Map([
      ['b', 'y'],
      ['q', 'same'],
    ]),
    conflicts: new Map(),
    mode: 'pull',
  });
  assert.deepEqual(
    plan.map((p) => [p.path, p.decision.kind, p.runs]),
    [
      ['a', 'publish', false],
      ['b', 'take', true],
    ],
  );
});
