import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision, SyncMode } from '../src/reconcile/decide.ts';
import type { PlanItem } from '../src/reconcile/plan.ts';
import type { MergeResult } from '../src/merge/textMerge.ts';
import type { ConflictRecord } from '../src/machine/state.ts';
import type { SecretFinding } from '../src/secrets/scan.ts';
import { blobHash } from '../src/util/blobHash.ts';
import { copyKey, planSteps, secretKey, type Prepared, type RoundRead, type Step } from '../src/engine/steps.ts';
import {
  nextState,
  unpublishedAfter,
  worthSaving,
  type PlanForState,
  type RoundMarks,
  type StateFrom,
} from '../src/engine/record.ts';
import { planRound, type RoundInput } from '../src/engine/roundPlan.ts';
import { baseAfter, outcomeOf } from '../src/engine/outcome.ts';
import { LAYOUT_FILE } from '../src/machine/layout.ts';
import { planPublication, type PublicationInput } from '../src/engine/publish.ts';
import { emptyLists, type RoundLists } from '../src/engine/report.ts';
import { emptyDbReport } from '../src/claudeMem/report.ts';

// The round's plan from what it read, as a table (changesets' assemble-release-plan tests): no
// git, no disk. Contents are short strings; versions are their blob ids.
const id = (s: string) => blobHash(Buffer.from(s));
const NOW = new Date('2026-01-02T03:04:05.678Z');
const where = (p: string) => ({ livePath: `/live/${p}`, liveRoot: '/live' });
const SECRET: SecretFinding = { line: 1, rule: 'aws-key', masked: 'AKIA****' };

interface Case {
  name: string;
  /** Path -> decision, with its versions as contents (null: absent). */
  items: { path: string; decision: Decision; live: string | null; base: string | null; remote: string | null }[];
  mode?: SyncMode;
  proposeOnly?: boolean;
  conflicts?: Record<string, ConflictRecord>;
  /** What was read, as contents; the blobs are those of every version named above. */
  live?: Record<string, string | null>;
  merges?: Record<string, string | null>;
  secrets?: Record<string, string>;
  hosts?: Record<string, string>;
  copies?: Record<string, string>;
  outside?: Record<string, string>;
  absent?: Record<string, { ok: boolean; folder?: string[]; twin?: string }>;
  scanned?: string[];
  want: {
    steps: object[];
    refused?: string[];
    held?: string[];
    skipped?: string[];
    deferred?: string[];
    secrets?: string[];
  };
}

const copy = (p: string, host: string) => `/live/${p.replace(/\.md$/, '')}.conflict-${host}-20260102T030405Z.md`;
const openText = (p: string, remote: string, file: string): ConflictRecord => ({
  remote: id(remote),
  livePath: `/live/${p}`,
  copy: file,
  copyHash: id(remote),
  host: 'old',
  since: '2025-01-01T00:00:00.000Z',
});

const CASES: Case[] = [
  {
    name: 'a take writes the remote version live if live still holds what the scan saw; it is the base',
    items: [{ path: 'p/a.md', decision: { kind: 'take' }, live: 'L', base: 'L', remote: 'R' }],
    want: { steps: [{ path: 'p/a.md', report: 'taken', live: 'R', base: 'R', agreed: 'R' }] },
  },
  {
    name: 'a remote text file that is not UTF-8 is refused, nothing written',
    items: [{ path: 'p/a.md', decision: { kind: 'take' }, live: 'L', base: 'L', remote: '\xff' }],
    want: { steps: [], refused: ['p/a.md'] },
  },
  {
    name: 'a take that a link on the way would send outside the memory folder is refused',
    items: [{ path: 'p/a.md', decision: { kind: 'take' }, live: 'L', base: 'L', remote: 'R' }],
    outside: { 'p/a.md': 'a folder on its way is a link to elsewhere' },
    want: { steps: [], refused: ['p/a.md'] },
  },
  {
    name: 'a publish puts live on the remote; its base is live',
    items: [{ path: 'p/a.md', decision: { kind: 'publish' }, live: 'L2', base: 'L', remote: 'L' }],
    live: { 'p/a.md': 'L2' },
    want: { steps: [{ path: 'p/a.md', report: 'published', remote: 'L2', base: 'L2' }] },
  },
  {
    name: "a contributor's publish leaves the base the shared version",
    items: [{ path: 'p/a.md', decision: { kind: 'publish' }, live: 'L2', base: 'L', remote: 'L' }],
    proposeOnly: true,
    live: { 'p/a.md': 'L2' },
    want: { steps: [{ path: 'p/a.md', report: 'published', remote: 'L2' }] },
  },
  {
    name: 'a publish holding a secret is held back, named',
    items: [{ path: 'p/a.md', decision: { kind: 'publish' }, live: 'K', base: 'L', remote: 'L' }],
    live: { 'p/a.md': 'K' },
    secrets: { 'p/a.md': 'K' },
    want: { steps: [], secrets: ['p/a.md'] },
  },
  {
    name: 'a publish whose live file changed since the scan is left for the next sync',
    items: [{ path: 'p/a.md', decision: { kind: 'publish' }, live: 'L2', base: 'L', remote: 'L' }],
    live: { 'p/a.md': null },
    want: { steps: [], skipped: ['p/a.md'] },
  },
  {
    name: 'a live text file that is not UTF-8 is held here, not published to be refused elsewhere',
    items: [{ path: 'p/a.md', decision: { kind: 'publish' }, live: '\xfe', base: 'L', remote: 'L' }],
    live: { 'p/a.md': '\xfe' },
    want: { steps: [], held: ['p/a.md'] },
  },
  {
    name: 'a clean merge goes live and on the remote; the remote version holds even if the push is overtaken',
    items: [{ path: 'p/a.md', decision: { kind: 'merge' }, live: 'L2', base: 'B', remote: 'R2' }],
    live: { 'p/a.md': 'L2' },
    merges: { 'p/a.md': 'M' },
    want: { steps: [{ path: 'p/a.md', report: 'merged', live: 'M', remote: 'M', base: 'M', agreed: 'R2' }] },
  },
  {
    name: 'a pull writes a clean merge live only: the base stays the remote version, the push is deferred',
    items: [{ path: 'p/a.md', decision: { kind: 'merge' }, live: 'L2', base: 'B', remote: 'R2' }],
    mode: 'pull',
    live: { 'p/a.md': 'L2' },
    merges: { 'p/a.md': 'M' },
    want: {
      steps: [{ path: 'p/a.md', report: 'merged', live: 'M', base: 'R2', agreed: 'R2' }],
      deferred: ['p/a.md'],
    },
  },
  {
    name: 'a merge that is not clean opens a conflict: a copy named for the host that changed it, and the time read',
    items: [{ path: 'p/a.md', decision: { kind: 'merge' }, live: 'L2', base: 'B', remote: 'R2' }],
    live: { 'p/a.md': 'L2' },
    merges: { 'p/a.md': null },
    hosts: { 'p/a.md': 'laptop' },
    want: {
      steps: [
        {
          path: 'p/a.md',
          report: null,
          conflict: { copy: copy('p/a.md', 'laptop'), remote: 'R2', host: 'laptop', exists: false, since: NOW },
        },
      ],
    },
  },
  {
    name: 'a conflict whose copy an earlier sync wrote reuses it; one of an older remote version is replaced',
    items: [{ path: 'p/a.md', decision: { kind: 'merge' }, live: 'L2', base: 'B', remote: 'R3' }],
    conflicts: { 'p/a.md': openText('p/a.md', 'R2', '/live/p/a.old.md') },
    live: { 'p/a.md': 'L2' },
    merges: { 'p/a.md': null },
    copies: { '/live/p/a.md': 'R3' },
    want: {
      steps: [
        {
          path: 'p/a.md',
          report: null,
          conflict: {
            copy: '/live/p/a.found.md',
            remote: 'R3',
            host: 'remote',
            exists: true,
            since: NOW,
            replaces: '/live/p/a.old.md',
          },
        },
      ],
    },
  },
  {
    name: 'a take of the version an open conflict already holds beside live opens nothing again',
    items: [{ path: 'p/A.md', decision: { kind: 'take' }, live: null, base: null, remote: 'R2' }],
    conflicts: { 'p/A.md': openText('p/A.md', 'R2', '/live/p/A.old.md') },
    absent: { 'p/A.md': { ok: false, twin: 'a.md' } },
    want: { steps: [] },
  },
  {
    name: 'a take whose name the disk holds as a file that takes no part opens a conflict instead',
    items: [{ path: 'p/A.md', decision: { kind: 'take' }, live: null, base: null, remote: 'R' }],
    absent: { 'p/A.md': { ok: false, twin: 'a.md' } },
    want: {
      steps: [
        {
          path: 'p/A.md',
          report: null,
          conflict: { copy: copy('p/A.md', 'remote'), remote: 'R', host: 'remote', exists: false, since: NOW },
        },
      ],
    },
  },
  {
    name: 'a step done on a path with an open text conflict settles it',
    items: [{ path: 'p/a.md', decision: { kind: 'agree' }, live: 'R2', base: 'B', remote: 'R2' }],
    conflicts: { 'p/a.md': openText('p/a.md', 'R1', '/live/p/a.old.md') },
    want: { steps: [{ path: 'p/a.md', report: null, base: 'R2', agreed: 'R2', settles: '/live/p/a.old.md' }] },
  },
  {
    name: "a live file whose name folds to another's is moved beside it: the record names the kept path, this host",
    items: [
      {
        path: 'p/A.md',
        decision: { kind: 'shape', file: 'live', keeps: 'p/a.md' },
        live: 'X',
        base: null,
        remote: null,
      },
    ],
    live: { 'p/A.md': 'X' },
    want: {
      steps: [
        {
          path: 'p/A.md',
          report: null,
          live: null,
          base: null,
          agreed: null,
          conflict: {
            copy: copy('p/A.md', 'here'),
            livePath: '/live/p/a.md',
            shape: 'local',
            clash: 'p/a.md',
            host: 'here',
            exists: false,
            since: NOW,
          },
        },
      ],
    },
  },
  {
    name: 'a remote file where a folder is here: copied beside it and deleted on the remote (not in a pull)',
    items: [{ path: 'p/t', decision: { kind: 'shape', file: 'remote' }, live: null, base: null, remote: 'F' }],
    hosts: { 'p/t': 'desk' },
    want: {
      steps: [
        {
          path: 'p/t',
          report: null,
          remote: null,
          base: null,
          conflict: {
            copy: '/live/p/t.conflict-desk-20260102T030405Z',
            shape: 'remote',
            host: 'desk',
            exists: false,
            since: NOW,
          },
        },
      ],
    },
  },
];

/** A case's merges as the read gives them (null: the merge is not clean). */
function mergeResults(merges: Record<string, string | null> = {}): Map<string, MergeResult> {
  return new Map(
    Object.entries(merges).map(([p, s]) => [
      p,
      s === null ? { clean: false, reason: 'conflict' } : { clean: true, content: Buffer.from(s, 'latin1') },
    ]),
  );
}

/** Every content that may be published was scanned: clean unless `found` says otherwise. */
function scanned(
  live: ReadonlyMap<string, Buffer | null>,
  merges: ReadonlyMap<string, MergeResult>,
  found: (p: string, text: string) => boolean,
): Map<string, SecretFinding[]> {
  const out = new Map<string, SecretFinding[]>();
  for (const [p, b] of [...live, ...[...merges].map(([p, m]) => [p, m.clean ? m.content : null] as const)])
    if (b) out.set(secretKey(p, b), found(p, b.toString('latin1')) ? [SECRET] : []);
  return out;
}

function run(c: Case): Prepared {
  const buf = (s: string) => Buffer.from(s, 'latin1');
  const blobs = new Map<string, Buffer>();
  for (const it of c.items) for (const v of [it.base, it.remote]) if (v !== null) blobs.set(id(v), buf(v));
  const items: PlanItem[] = c.items.map((it) => ({
    path: it.path,
    decision: it.decision,
    live: it.live === null ? null : id(it.live),
    base: it.base === null ? null : id(it.base),
    remote: it.remote === null ? null : id(it.remote),
    runs: true,
  }));
  const live = new Map(Object.entries(c.live ?? {}).map(([p, s]) => [p, s === null ? null : buf(s)]));
  const merges = mergeResults(c.merges);
  const secrets = scanned(live, merges, (p, text) => c.secrets?.[p] === text);
  const read: RoundRead = {
    blobs,
    live,
    outside: new Map(Object.entries(c.outside ?? {})),
    absent: new Map(
      Object.entries(c.absent ?? {}).map(([p, a]) => [
        p,
        { read: { ok: a.ok, content: null, folder: a.folder }, twin: a.twin ?? null },
      ]),
    ),
    merges,
    secrets,
    hosts: new Map(Object.entries(c.hosts ?? {})),
    copies: new Map(
      Object.entries(c.copies ?? {}).map(([livePath, s]) => [
        copyKey(livePath, id(s)),
        livePath.replace(/\.md$/, '.found.md'),
      ]),
    ),
    now: NOW,
  };
  return planSteps(
    {
      items,
      mode: c.mode ?? 'sync',
      proposeOnly: c.proposeOnly ?? false,
      where,
      scanned: (p) => (c.scanned ?? []).includes(p),
      conflicts: new Map(Object.entries(c.conflicts ?? {})),
      host: 'here',
    },
    read,
  );
}

/** A step as the table writes it: contents as strings, versions by the content they name. */
function shown(s: Step, names: Map<string, string>): object {
  const text = (b: Buffer | null) => (b === null ? null : b.toString('latin1'));
  const v = (x: string | null | undefined) => (x === null || x === undefined ? x : (names.get(x) ?? x));
  const out: Record<string, unknown> = { path: s.path, report: s.report };
  if (s.live) out.live = text(s.live.content);
  if (s.remote) out.remote = text(s.remote.content);
  if (s.base !== undefined) out.base = v(s.base);
  if (s.agreed !== undefined) out.agreed = v(s.agreed);
  if (s.settles) out.settles = s.settles.copy;
  if (s.conflict) {
    const { record: r, exists, replaces } = s.conflict;
    out.conflict = {
      copy: r.copy,
      ...(r.remote !== null && { remote: v(r.remote) }),
      ...(r.livePath !== s.livePath && { livePath: r.livePath }),
      ...(r.shape && { shape: r.shape }),
      ...(r.clash && { clash: r.clash }),
      host: r.host,
      exists,
      since: r.since === NOW.toISOString() ? NOW : r.since,
      ...(replaces && { replaces: replaces.copy }),
    };
  }
  return out;
}

for (const c of CASES) {
  test(`round plan: ${c.name}`, () => {
    const names = new Map<string, string>();
    for (const it of c.items) for (const x of [it.live, it.base, it.remote]) if (x !== null) names.set(id(x), x);
    for (const m of Object.values(c.merges ?? {})) if (m !== null) names.set(id(m), m);
    const r = run(c);
    assert.deepEqual(
      r.steps.map((s) => shown(s, names)),
      c.want.steps,
    );
    assert.deepEqual(
      r.refused.map((x) => x.path),
      c.want.refused ?? [],
    );
    assert.deepEqual(
      r.held.map((x) => x.path),
      c.want.held ?? [],
    );
    assert.deepEqual(r.skipped, c.want.skipped ?? []);
    assert.deepEqual(r.deferred, c.want.deferred ?? []);
    assert.deepEqual([...r.secrets.keys()], c.want.secrets ?? []);
  });
}

test('round plan: content the read did not scan for secrets is never published', () => {
  const items: PlanItem[] = [
    { path: 'p/a.md', decision: { kind: 'publish' }, live: id('L2'), base: id('L'), remote: id('L'), runs: true },
  ];
  const read: RoundRead = {
    blobs: new Map(),
    live: new Map([['p/a.md', Buffer.from('L2')]]),
    outside: new Map(),
    absent: new Map(),
    merges: new Map(),
    secrets: new Map(),
    hosts: new Map(),
    copies: new Map(),
    now: NOW,
  };
  const input = {
    items,
    mode: 'sync' as const,
    proposeOnly: false,
    where,
    scanned: () => false,
    conflicts: new Map(),
    host: 'h',
  };
  assert.throws(() => planSteps(input, read), /was not scanned for secrets/);
});

// The next recorded state as a function of where the round's publish lands.
const from = (o: Partial<StateFrom> = {}): StateFrom => ({
  state: { seq: 3, conflicts: {}, held: {} },
  maps: (p) => p.startsWith('p/'),
  remoteUrl: 'u',
  branch: 'main',
  rootsKey: ['p/|/live'],
  projects: [],
  base: new Map([['p/a.md', 'A']]),
  conflicts: new Map(),
  ...o,
});
const noSteps = { secrets: new Map(), held: [], refused: [] };
const roundPlan = (o: Partial<PlanForState> = {}): PlanForState => ({
  items: [],
  remote: new Map([['p/a.md', 'A']]),
  refused: [],
  heldDeletes: [],
  prepared: noSteps,
  now: NOW,
  ...o,
});

test('next state: the tip that lands is recorded; what it changed is pending only where the base differs', () => {
  const landed = {
    tip: 'T2',
    changes: new Map<string, Buffer | string | null>([
      ['p/b.md', 'B'],
      ['p/a.md', null],
    ]),
  };
  const next = nextState(
    from({
      base: new Map([
        ['p/a.md', 'A'],
        ['p/b.md', 'B'],
      ]),
    }),
    roundPlan(),
    landed,
    [],
  );
  assert.equal(next.remoteTip, 'T2');
  assert.deepEqual(next.pending, { 'p/a.md': null });
  assert.equal(next.lastSyncTime, NOW.toISOString());
});

test("next state: the layout file and the database's (unmapped) files are not the memory files' pending", () => {
  const changes = new Map<string, Buffer | string | null>([
    ['claude-mem/x.jsonl', 'X'],
    [LAYOUT_FILE, 'L'],
  ]);
  const mapsAll = from({ maps: (p) => p !== 'claude-mem/x.jsonl' });
  assert.deepEqual(nextState(mapsAll, roundPlan(), { tip: 'T', changes }, []).pending, {});
});

test("next state: an unmapped project's conflicts and held secrets stay; so does a pull's untried held file", () => {
  const old = openText('q/x.md', 'R', '/live/q/x.c.md');
  const state = {
    seq: 1,
    conflicts: { 'q/x.md': old },
    held: { 'q/s.md': [SECRET], 'p/s.md': [SECRET], 'p/t.md': [SECRET] },
  };
  const items: PlanItem[] = [
    { path: 'p/s.md', decision: { kind: 'publish' }, live: 'S', base: null, remote: null, runs: false },
  ];
  const next = nextState(from({ state }), roundPlan({ items }), { tip: 'T', changes: new Map() }, []);
  assert.deepEqual(Object.keys(next.conflicts), ['q/x.md']);
  assert.deepEqual(Object.keys(next.held).sort(), ['p/s.md', 'q/s.md']);
});

test("next state: refusals are the plan's and the steps', each once; held deletions are the plan's", () => {
  const r = { path: 'p/x.md', reason: 'not valid UTF-8' };
  const held = [{ prefix: 'p/', label: 'p', paths: ['p/a.md'], of: 2 }];
  const next = nextState(
    from(),
    roundPlan({
      refused: [r],
      heldDeletes: held,
      prepared: { ...noSteps, refused: [r, { path: 'p/y.md', reason: 'outside' }] },
    }),
    { tip: 'T', changes: new Map() },
    [],
  );
  assert.deepEqual(
    next.refused.map((x) => x.path),
    ['p/x.md', 'p/y.md'],
  );
  assert.deepEqual(Object.keys(next.heldDeletes), ['p/']);
});

// What a round commits where, from the changes its steps left.
const lists = (o: Partial<RoundLists> = {}): RoundLists => ({ ...emptyLists(), ...o });
const publication = (o: Partial<PublicationInput>) =>
  planPublication({
    changes: new Map(),
    lists: lists(),
    contributor: false,
    hasLayout: true,
    encryption: 'none',
    message: undefined,
    host: 'desk',
    ...o,
  });

test('publication: nothing differs from the tip, nothing is committed', () => {
  assert.deepEqual(publication({}), { lists: lists() });
});

test('publication: the shared commit names the host and each path; a tip without the layout file gets it', () => {
  const r = publication({
    changes: new Map([['p/a.md', Buffer.from('A')]]),
    lists: lists({ published: ['p/a.md'] }),
    hasLayout: false,
    encryption: 'age',
    message: 'why',
  });
  assert.deepEqual([...r.shared!.changes.keys()], ['p/a.md', LAYOUT_FILE]);
  assert.match(r.shared!.changes.get(LAYOUT_FILE)!.toString(), /"encryption": "age"/);
  assert.equal(
    r.shared!.message,
    'why\n\nmemsync: desk: 1 published, 0 merged, 0 deleted\n\nM p/a.md\n\nMemsync-Host: desk\n',
  );
});

test("publication: a contributor proposes its changes; the database's go to the shared branch", () => {
  const r = publication({
    changes: new Map([['p/a.md', Buffer.from('A')]]),
    lists: lists({ published: ['p/a.md'], taken: ['p/b.md'] }),
    contributor: true,
    db: { treeChanges: new Map([['claude-mem/t.jsonl', 'T']]), report: emptyDbReport('rows', 'db') },
  });
  assert.deepEqual([...r.proposal!.changes.keys()], ['p/a.md']);
  assert.deepEqual([...r.shared!.changes.keys()], ['claude-mem/t.jsonl']);
  assert.deepEqual(r.lists, lists({ taken: ['p/b.md'] }));
});

test('publication: a long commit body names the first 50 paths and counts the rest', () => {
  const published = Array.from({ length: 53 }, (_, i) => `p/${i}.md`);
  const r = publication({ changes: new Map(published.map((p) => [p, 'x'])), lists: lists({ published }) });
  const body = r.shared!.message.split('\n').filter((l) => l.startsWith('M '));
  assert.equal(body.length, 50);
  assert.match(r.shared!.message, /\n\.\.\. and 3 more\n/);
});

// The whole round from what it read: the snapshots and contents in, the plan, what it commits,
// and the next state's base out, for a push that lands and for one another machine overtook.
interface RoundCase {
  name: string;
  /** Path -> live, base and remote contents (null: absent). */
  files: Record<string, [string | null, string | null, string | null]>;
  /** The clean merge of a path (null: the merge is not clean). */
  merges?: Record<string, string | null>;
  /** Live contents the secret scan finds a credential in. */
  secrets?: string[];
  hosts?: Record<string, string>;
  /** The push is refused: another machine pushed first. */
  overtaken?: boolean;
  want: {
    /** The decision of each path that calls for something. */
    decisions: Record<string, string>;
    live?: Record<string, string | null>;
    commit?: string;
    conflicts?: Record<string, string>;
    held?: string[];
    heldDeletes?: string[];
    /** The base the round leaves, as contents. */
    base: Record<string, string>;
    /** Where the remote the next state records differs from that base, as contents. */
    pending?: Record<string, string>;
  };
}

const ROUNDS: RoundCase[] = [
  {
    name: 'nothing changed anywhere: nothing to do, nothing committed',
    files: { 'p/a.md': ['A', 'A', 'A'] },
    want: { decisions: {}, base: { 'p/a.md': 'A' } },
  },
  {
    name: 'an edit here is published; its base is the edit',
    files: { 'p/a.md': ['A2', 'A', 'A'], 'p/b.md': ['B', 'B', 'B'] },
    want: {
      decisions: { 'p/a.md': 'publish' },
      commit: 'memsync: here: 1 published, 0 merged, 0 deleted',
      base: { 'p/a.md': 'A2', 'p/b.md': 'B' },
    },
  },
  {
    name: "another machine's edit is taken live; nothing is committed",
    files: { 'p/a.md': ['A', 'A', 'A2'] },
    want: { decisions: { 'p/a.md': 'take' }, live: { 'p/a.md': 'A2' }, base: { 'p/a.md': 'A2' } },
  },
  {
    name: 'both edited: the merge is written live and published',
    files: { 'p/a.md': ['L', 'B', 'R'] },
    merges: { 'p/a.md': 'LR' },
    want: {
      decisions: { 'p/a.md': 'merge' },
      live: { 'p/a.md': 'LR' },
      commit: 'memsync: here: 0 published, 1 merged, 0 deleted',
      base: { 'p/a.md': 'LR' },
    },
  },
  {
    name: 'both edited, no clean merge: live stays, the remote version goes beside it named for its host and the time',
    files: { 'p/a.md': ['L', 'B', 'R'] },
    merges: { 'p/a.md': null },
    hosts: { 'p/a.md': 'laptop' },
    want: {
      decisions: { 'p/a.md': 'merge' },
      conflicts: { 'p/a.md': copy('p/a.md', 'laptop') },
      base: { 'p/a.md': 'B' },
      pending: { 'p/a.md': 'R' },
    },
  },
  {
    name: 'most of a project deleted here at once is held: nothing deleted on the remote, the base stays',
    files: {
      'p/a.md': [null, 'A', 'A'],
      'p/b.md': [null, 'B', 'B'],
      'p/c.md': [null, 'C', 'C'],
      'p/d.md': ['D', 'D', 'D'],
    },
    want: {
      decisions: { 'p/a.md': 'held', 'p/b.md': 'held', 'p/c.md': 'held' },
      heldDeletes: ['p/'],
      base: { 'p/a.md': 'A', 'p/b.md': 'B', 'p/c.md': 'C', 'p/d.md': 'D' },
    },
  },
  {
    name: 'an edit holding a secret is held back: not committed, the base stays, the state names it',
    files: { 'p/a.md': ['KEY', 'A', 'A'] },
    secrets: ['KEY'],
    want: { decisions: { 'p/a.md': 'publish' }, held: ['p/a.md'], base: { 'p/a.md': 'A' } },
  },
  {
    name: 'a push another machine overtook: the publish keeps its old base, the take its new one',
    files: { 'p/a.md': ['A2', 'A', 'A'], 'p/b.md': ['B', 'B', 'B2'] },
    overtaken: true,
    want: {
      decisions: { 'p/a.md': 'publish', 'p/b.md': 'take' },
      live: { 'p/b.md': 'B2' },
      commit: 'memsync: here: 1 published, 0 merged, 0 deleted',
      base: { 'p/a.md': 'A', 'p/b.md': 'B2' },
    },
  },
];

function roundInput(c: RoundCase): RoundInput {
  const buf = (s: string) => Buffer.from(s, 'latin1');
  const side = (i: 0 | 1 | 2) =>
    new Map(Object.entries(c.files).flatMap(([p, v]) => (v[i] === null ? [] : [[p, id(v[i]!)] as [string, string]])));
  const contents = Object.values(c.files).flatMap((v) => v.filter((x) => x !== null));
  const merges = mergeResults(c.merges);
  const live = new Map(Object.entries(c.files).flatMap(([p, [l]]) => (l === null ? [] : [[p, buf(l)] as const])));
  const secrets = scanned(live, merges, (_, text) => !!c.secrets?.includes(text));
  return {
    live: side(0),
    base: side(1),
    remote: side(2),
    refused: [],
    hasLayout: true,
    aside: [],
    conflicts: new Map(),
    mode: 'sync',
    massDelete: { percent: 50, groupOf: () => ({ prefix: 'p/', label: 'p', source: 'claude-auto-memory' }) },
    proposeOnly: false,
    where,
    scanned: (p) => c.files[p]?.[0] != null,
    host: 'here',
    mergedLive: {},
    read: {
      blobs: new Map(contents.map((s) => [id(s), buf(s)])),
      live,
      outside: new Map(),
      absent: new Map(),
      merges,
      secrets,
      hosts: new Map(Object.entries(c.hosts ?? {})),
      copies: new Map(),
      now: NOW,
    },
  };
}

for (const c of ROUNDS) {
  test(`whole round: ${c.name}`, () => {
    const input = roundInput(c);
    const plan = planRound(input);
    // Every step is done: no live file changed since the scan.
    const outcome = outcomeOf(plan, input.conflicts, new Set());
    const pub = planPublication({
      changes: outcome.treeChanges,
      lists: outcome.lists,
      contributor: false,
      hasLayout: true,
      encryption: 'none',
      message: undefined,
      host: 'here',
    });
    const base = baseAfter(input.base, outcome, !c.overtaken);
    const names = new Map<string, string>();
    for (const s of [...Object.values(c.files).flat(), ...Object.values(c.merges ?? {})]) if (s) names.set(id(s), s);
    const text = (b: Buffer | null) => (b === null ? null : b.toString('latin1'));
    assert.deepEqual(
      Object.fromEntries(plan.items.filter((it) => it.runs).map((it) => [it.path, it.decision.kind])),
      c.want.decisions,
    );
    const live = plan.prepared.steps.filter((s) => s.live).map((s) => [s.path, text(s.live!.content)]);
    assert.deepEqual(Object.fromEntries(live), c.want.live ?? {});
    assert.equal(pub.shared?.message.split('\n')[0], c.want.commit);
    assert.deepEqual(Object.fromEntries([...outcome.conflicts].map(([p, r]) => [p, r.copy])), c.want.conflicts ?? {});
    assert.deepEqual(Object.fromEntries([...base].map(([p, h]) => [p, names.get(h)])), c.want.base);
    if (c.overtaken) return;
    // The push landed: the next state is made from the plan and the tip it landed on.
    const landed = { tip: 'T2', changes: pub.shared?.changes ?? new Map() };
    const unpublished = unpublishedAfter(plan, outcome, false);
    const next = nextState(from({ base, conflicts: outcome.conflicts }), plan, landed, unpublished);
    assert.deepEqual(Object.keys(next.held), c.want.held ?? []);
    assert.deepEqual(Object.keys(next.heldDeletes), c.want.heldDeletes ?? []);
    assert.deepEqual(
      Object.fromEntries(Object.entries(next.pending).map(([p, h]) => [p, h && names.get(h)])),
      c.want.pending ?? {},
    );
    assert.equal(next.remoteTip, 'T2');
    assert.equal(next.lastSyncTime, NOW.toISOString());
  });
}

test('outcome: a step live refused is left whole; an open conflict closes only when its step is done', () => {
  const open = openText('p/a.md', 'R1', '/live/p/a.old.md');
  const item = (path: string): PlanItem => ({
    path,
    decision: { kind: 'take' },
    live: id('L'),
    base: id('L'),
    remote: id('R2'),
    runs: true,
  });
  const input = roundInput({ name: '', files: {}, want: { decisions: {}, base: {} } });
  const read = { ...input.read, blobs: new Map([[id('R2'), Buffer.from('R2')]]) };
  const conflicts = new Map([
    ['p/a.md', open],
    ['p/b.md', { ...open, copy: '/live/p/b.old.md' }],
  ]);
  const decided = { items: [item('p/a.md'), item('p/b.md')], held: [], heldDeletes: [] };
  const plan = planRound({ ...input, read, conflicts }, decided);
  const outcome = outcomeOf(plan, conflicts, new Set(['p/b.md']));
  assert.deepEqual(outcome.lists.taken, ['p/a.md']);
  assert.deepEqual(outcome.lists.skipped, ['p/b.md']);
  assert.deepEqual([...outcome.newBase.keys()], ['p/a.md']);
  assert.deepEqual([...outcome.conflicts.keys()], ['p/b.md']);
});

// Whether a round saves the state: one that found and did nothing rewrites only its time.
const quietState = { remoteTip: 'T', held: {}, heldDeletes: {}, remoteUrl: 'u', unpublished: [] };
const quietMarks: RoundMarks = { tip: 'T', unpublished: [], rootsSame: true, fresh: false, opened: 0 };
const runs = (kind: 'publish' | 'held'): PlanItem => ({
  path: 'p/a.md',
  decision: { kind },
  live: 'L',
  base: 'B',
  remote: 'B',
  runs: true,
});
const SAVES: [string, Parameters<typeof worthSaving>, boolean][] = [
  ['nothing found, nothing done', [quietState, { items: [], heldDeletes: [] }, quietMarks], false],
  ['only a held item', [quietState, { items: [runs('held')] as PlanItem[], heldDeletes: [] }, quietMarks], false],
  ['a step that runs', [quietState, { items: [runs('publish')], heldDeletes: [] }, quietMarks], true],
  ['the push landed a new tip', [quietState, { items: [], heldDeletes: [] }, { ...quietMarks, tip: 'T2' }], true],
  [
    'what is unpublished changed',
    [quietState, { items: [], heldDeletes: [] }, { ...quietMarks, unpublished: ['x'] }],
    true,
  ],
  [
    'a state from before the remote was recorded',
    [{ ...quietState, remoteUrl: undefined }, { items: [], heldDeletes: [] }, quietMarks],
    true,
  ],
];
for (const [name, args, want] of SAVES)
  test(`state saved: ${name}: ${want}`, () => assert.equal(worthSaving(...args), want));
