/**
 * Convergence property: 3 to 5 machines on one remote, random edits and syncs in random order
 * (including two syncs at once on one machine and syncs on several machines at once), then
 * conflicts resolved by a fixed rule and sync rounds until quiet. Checks that every machine ends
 * with the remote's tree, that no conflict stays open, and that no content live at the start of
 * a sync ever vanishes without a trace (it is still live, or it is in the remote's history).
 *
 * Reproduce a failure with the seed and path fast-check prints:
 *   MEMSYNC_FC_SEED=<seed> MEMSYNC_FC_PATH=<path> node --import tsx --test test/convergence.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { Machine, bareRemote, gitTestEnv, readTree, remoteFiles } from './support/machines.ts';
import { resolveConflict } from '../src/sync/resolve.ts';
import { loadState } from '../src/machine/state.ts';
import type { SyncReport } from '../src/sync/engine.ts';

const MEM = 'projects/github.com/acme/widget/memory';
const ORIGINS = [
  'git@github.com:acme/widget.git',
  'https://github.com/acme/widget',
  'ssh://git@github.com/acme/widget.git/',
  'https://github.com/Acme/Widget.git',
];
/** The pool of files: four in the project's auto memory (one nested) and the user's CLAUDE.md. */
const FILES = ['a.md', 'b.md', 'MEMORY.md', 'notes/c.md', 'CLAUDE.md'] as const;
type FileName = (typeof FILES)[number];
const MAX_MACHINES = 5;
const QUIET_ROUNDS = 10;
const NUM_RUNS = Number(process.env.MEMSYNC_FC_RUNS ?? 10);

/** What the runs exercised, printed at the end (a property that never merges proves little). */
const stats = {
  syncs: 0,
  taken: 0,
  published: 0,
  merged: 0,
  deleted: 0,
  resolved: 0,
  doubleSyncs: 0,
  concurrent: 0,
  rounds: 0,
};

type Op =
  | { kind: 'create'; m: number; file: FileName; lines: number }
  | { kind: 'edit'; m: number; file: FileName; line: number }
  | { kind: 'append'; m: number; file: FileName }
  | { kind: 'delete'; m: number; file: FileName }
  | { kind: 'sync'; m: number }
  | { kind: 'doubleSync'; m: number }
  | { kind: 'syncMany'; ms: number[] };

const machineArb = fc.nat(MAX_MACHINES - 1);
// Biased to a.md and MEMORY.md, so that machines often change the same file between syncs.
const fileArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<FileName>('a.md') },
  { weight: 2, arbitrary: fc.constant<FileName>('MEMORY.md') },
  { weight: 1, arbitrary: fc.constantFrom<FileName>('b.md', 'notes/c.md', 'CLAUDE.md') },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Files of several lines, so edits of different lines on two machines can merge cleanly.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('create' as const),
      m: machineArb,
      file: fileArb,
      lines: fc.integer({ min: 1, max: 8 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), m: machineArb, file: fileArb, line: fc.nat(7) }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('append' as const), m: machineArb, file: fileArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), m: machineArb, file: fileArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), m: machineArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('doubleSync' as const), m: machineArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('syncMany' as const),
      ms: fc.uniqueArray(machineArb, { minLength: 2, maxLength: MAX_MACHINES }),
    }),
  },
);

interface Snapshot {
  machine: number;
  /** Sequence number of the event: user removals after it exempt a line. */
  seq: number;
  label: string;
  files: Map<FileName, string>;
}

/** One run's machines, the remote, and what the test has seen. */
class World {
  seq = 0;
  counter = 0;
  readonly snapshots: Snapshot[] = [];
  /** Per machine: line -> sequence number of the last user op that removed it there. */
  readonly removedByUser: Map<string, number>[];
  readonly log: string[] = [];
  private readonly history = new Set<string>();
  private readonly seenObjects = new Set<string>();

  constructor(
    readonly remote: string,
    readonly machines: Machine[],
    readonly projects: string[],
  ) {
    this.removedByUser = machines.map(() => new Map());
  }

  livePath(m: number, file: FileName): string {
    const machine = this.machines[m]!;
    if (file === 'CLAUDE.md') return path.join(machine.configDir, 'CLAUDE.md');
    return path.join(machine.memoryDir(this.projects[m]!), ...file.split('/'));
  }

  read(m: number, file: FileName): string | null {
    try {
      return fs.readFileSync(this.livePath(m, file), 'utf8');
    } catch {
      return null;
    }
  }

  snapshot(m: number, label: string): Snapshot {
    const files = new Map<FileName, string>();
    for (const f of FILES) {
      const c = this.read(m, f);
      if (c !== null) files.set(f, c);
    }
    const snap = { machine: m, seq: ++this.seq, label, files };
    this.snapshots.push(snap);
    return snap;
  }

  liveLines(m: number): Set<string> {
    const out = new Set<string>();
    for (const f of FILES) for (const l of lines(this.read(m, f))) out.add(l);
    return out;
  }

  /** Every line of every blob reachable in the remote (read incrementally). */
  historyLines(): Set<string> {
    const env = gitTestEnv(this.remote);
    let list: string;
    try {
      list = execFileSync('git', ['--git-dir', this.remote, 'rev-list', '--objects', '--all', '--no-object-names'], {
        env,
      }).toString();
    } catch {
      return this.history;
    }
    const fresh = list.split('\n').filter((s) => s && !this.seenObjects.has(s));
    if (fresh.length === 0) return this.history;
    const out = execFileSync('git', ['--git-dir', this.remote, 'cat-file', '--batch'], {
      env,
      input: `${fresh.join('\n')}\n`,
      maxBuffer: 1 << 28,
    });
    let pos = 0;
    for (const sha of fresh) {
      const nl = out.indexOf(10, pos);
      const [, type, size] = out.subarray(pos, nl).toString().split(' ');
      const n = Number(size);
      if (type === 'blob')
        for (const l of lines(out.subarray(nl + 1, nl + 1 + n).toString('utf8'))) this.history.add(l);
      this.seenObjects.add(sha);
      pos = nl + 1 + n + 1;
    }
    return this.history;
  }

  /**
   * Right after a sync (or resolve) on machine m: every line live at its start is still live there or in the remote's
   * history.
   */
  checkKept(snap: Snapshot): void {
    const live = this.liveLines(snap.machine);
    let history: Set<string> | undefined; // read only when needed: most lines stay live
    for (const [file, content] of snap.files) {
      for (const l of lines(content)) {
        if (!live.has(l) && !(history ??= this.historyLines()).has(l)) {
          assert.fail(
            `${this.machines[snap.machine]!.name}: line ${JSON.stringify(l)} of ${file}, live when "${snap.label}" ` +
              `started, is neither live any more nor in the remote's history`,
          );
        }
      }
    }
  }

  /** A user edit: records which lines the user removed (they may legitimately vanish). */
  userWrite(m: number, file: FileName, content: string | null): void {
    const before = lines(this.read(m, file));
    const p = this.livePath(m, file);
    if (content === null) fs.rmSync(p, { force: true });
    else this.machines[m]!.write(p, content);
    const seq = ++this.seq;
    const after = new Set(lines(content));
    for (const l of before) if (!after.has(l)) this.removedByUser[m]!.set(l, seq);
  }

  token(m: number): string {
    return `${this.machines[m]!.name} wrote line #${++this.counter}`;
  }

  async sync(ms: number[], twice = false): Promise<SyncReport[]> {
    const label = twice
      ? `two syncs at once on ${this.machines[ms[0]!]!.name}`
      : `sync ${ms.map((m) => this.machines[m]!.name).join(' + ')}`;
    const snaps = ms.map((m) => this.snapshot(m, label));
    const calls = twice ? [ms[0]!, ms[0]!] : ms;
    const reports = await Promise.all(calls.map((m) => this.machines[m]!.sync({ projects: [this.projects[m]!] })));
    stats.syncs += reports.length;
    if (twice) stats.doubleSyncs++;
    else if (ms.length > 1) stats.concurrent++;
    for (const r of reports) {
      stats.taken += r.taken.length;
      stats.published += r.published.length;
      stats.merged += r.merged.length;
      stats.deleted += r.deleted.length;
    }
    this.log.push(`${label}: ${reports.map(summary).join(' | ')}`);
    for (const s of snaps) this.checkKept(s);
    if (twice) {
      // The lock makes them run one after the other, and a sync right after a sync (nothing
      // else moved) has nothing to do.
      assert.ok(
        reports.some((r) => !changedAnything(r)),
        `two syncs at once on ${this.machines[ms[0]!]!.name}: the later one should find nothing to do`,
      );
    }
    return reports;
  }

  trace(): string {
    return this.log.map((l, i) => `  ${i + 1}. ${l}`).join('\n');
  }
}

/** Every line the test writes is unique: `<machine> wrote line #<n>`. */
const TOKEN = /^m\d wrote line #\d+$/;

function lines(content: string | null): string[] {
  return content === null ? [] : content.split('\n').filter((l) => l.trim() !== '');
}

function summary(r: SyncReport): string {
  const parts: string[] = [];
  for (const k of ['taken', 'published', 'merged', 'deletedLive', 'deletedRemote', 'skipped'] as const)
    if (r[k].length) parts.push(`${k} ${r[k].map(short).join(',')}`);
  if (r.conflicts.length) parts.push(`conflicts ${r.conflicts.map((c) => short(c.path)).join(',')}`);
  return parts.join('; ') || 'nothing';
}

const short = (p: string) => p.replace(`${MEM}/`, '').replace('user/', '');

function changedAnything(r: SyncReport): boolean {
  return (
    r.taken.length +
      r.published.length +
      r.merged.length +
      r.deletedLive.length +
      r.deletedRemote.length +
      r.skipped.length >
      0 || r.commit !== null
  );
}

/** Quiet means: nothing taken, published, merged, deleted or left over, and no conflict open. */
function didWork(r: SyncReport): boolean {
  return changedAnything(r) || r.conflicts.length > 0;
}

async function applyOp(w: World, op: Op): Promise<void> {
  const n = w.machines.length;
  switch (op.kind) {
    case 'create': {
      const m = op.m % n;
      const body = `${Array.from({ length: op.lines }, () => w.token(m)).join('\n')}\n`;
      w.userWrite(m, op.file, body);
      w.log.push(`${w.machines[m]!.name}: create ${op.file} (${op.lines} lines)`);
      return;
    }
    case 'edit':
    case 'append': {
      const m = op.m % n;
      const old = w.read(m, op.file);
      let next: string;
      if (old === null || lines(old).length === 0) next = `${w.token(m)}\n`;
      else if (op.kind === 'append') next = `${old + (old.endsWith('\n') ? '' : '\n')}${w.token(m)}\n`;
      else {
        const ls = old.split('\n');
        const idx = ls
          .map((l, i) => [l, i] as const)
          .filter(([l]) => l.trim() !== '')
          .map(([, i]) => i);
        ls[idx[op.line % idx.length]!] = w.token(m);
        next = ls.join('\n');
      }
      w.userWrite(m, op.file, next);
      w.log.push(`${w.machines[m]!.name}: ${op.kind} ${op.file}`);
      return;
    }
    case 'delete': {
      const m = op.m % n;
      w.userWrite(m, op.file, null);
      w.log.push(`${w.machines[m]!.name}: delete ${op.file}`);
      return;
    }
    case 'sync':
      await w.sync([op.m % n]);
      return;
    case 'doubleSync':
      await w.sync([op.m % n], true);
      return;
    case 'syncMany':
      await w.sync([...new Set(op.ms.map((m) => m % n))]);
      return;
  }
}

/** The synced tree of a machine as remote paths -> content (conflict copies included, to catch leftovers). */
function machineTree(w: World, m: number): Record<string, string> {
  const machine = w.machines[m]!;
  const out: Record<string, string> = {};
  for (const [rel, content] of Object.entries(readTree(machine.memoryDir(w.projects[m]!))))
    out[`${MEM}/${rel}`] = content;
  for (const name of fs.readdirSync(machine.configDir)) {
    if (name === 'CLAUDE.md' || /^CLAUDE\.conflict-.*\.md$/.test(name))
      out[`user/${name}`] = fs.readFileSync(path.join(machine.configDir, name), 'utf8');
  }
  return sorted(out);
}

function sorted(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function setup(nMachines: number): Promise<World> {
  const remote = bareRemote();
  const machines = await Promise.all(Array.from({ length: nMachines }, (_, i) => new Machine(`m${i}`, remote).init()));
  const projects = machines.map((m, i) => m.checkout(ORIGINS[i % ORIGINS.length]!));
  return new World(remote, machines, projects);
}

/** Resolves every open conflict of a machine the test's way (keep both sides); returns how many. */
async function resolveAll(w: World, m: number): Promise<number> {
  const machine = w.machines[m]!;
  const open = Object.keys((await loadState(machine.ctx.home)).conflicts);
  for (const p of open) {
    const snap = w.snapshot(m, `resolve ${short(p)} --keep both`);
    await resolveConflict(machine.ctx, p, 'both');
    stats.resolved++;
    w.checkKept(snap);
    w.log.push(`${machine.name}: resolve ${short(p)} --keep both`);
  }
  return open.length;
}

/**
 * Sync rounds over all machines until a whole round finds nothing to do and no conflict open.
 * The first round goes one machine after the other (each sees what the ones before published);
 * later rounds mostly bring the first machines up to date, and run on all machines at once.
 * A machine with open conflicts resolves them and syncs again at once.
 */
async function settle(w: World): Promise<number> {
  const settleMachine = async (m: number): Promise<boolean> => {
    let busy = false;
    for (let pass = 1; ; pass++) {
      if ((await resolveAll(w, m)) > 0) busy = true;
      const [report] = await w.sync([m]);
      if (didWork(report!)) busy = true;
      if (report!.conflicts.length === 0 || pass === 3) return busy;
    }
  };
  const all = w.machines.map((_, m) => m);
  for (let round = 1; round <= QUIET_ROUNDS; round++) {
    let busy = false;
    if (round === 1) for (const m of all) busy = (await settleMachine(m)) || busy;
    else busy = (await Promise.all(all.map(settleMachine))).some(Boolean);
    if (!busy) return round;
  }
  assert.fail(`not quiet after ${QUIET_ROUNDS} rounds of resolve + sync on every machine`);
}

async function checkConverged(w: World): Promise<void> {
  // (a) every machine holds the remote tip's tree, and the remote holds nothing else.
  const tip = remoteFiles(w.remote);
  const { 'memsync.json': layout, ...synced } = tip;
  assert.ok(layout !== undefined || Object.keys(synced).length === 0, 'the remote has its layout marker');
  for (const p of Object.keys(synced))
    assert.ok(p.startsWith(`${MEM}/`) || p === 'user/CLAUDE.md', `unexpected path on the remote: ${p}`);
  const want = sorted(synced);
  for (let m = 0; m < w.machines.length; m++) {
    assert.deepEqual(machineTree(w, m), want, `${w.machines[m]!.name} differs from the remote tip`);
  }
  // (b) no conflict is open and no conflict copy is left anywhere.
  for (let m = 0; m < w.machines.length; m++) {
    const state = await loadState(w.machines[m]!.ctx.home);
    assert.deepEqual(Object.keys(state.conflicts), [], `${w.machines[m]!.name} has open conflicts`);
  }
  assert.ok(!Object.keys(tip).some((p) => p.includes('.conflict-')), 'conflict copies are never published');
  // (c) nothing live at the start of any sync vanished: it is in some final tree or in the
  // remote's history, unless the user on that machine removed it afterwards.
  const final = new Set<string>();
  for (let m = 0; m < w.machines.length; m++) for (const l of w.liveLines(m)) final.add(l);
  const history = w.historyLines();
  for (const snap of w.snapshots) {
    for (const [file, content] of snap.files) {
      for (const l of lines(content)) {
        if (final.has(l) || history.has(l)) continue;
        const removed = w.removedByUser[snap.machine]!.get(l);
        if (removed !== undefined && removed > snap.seq) continue;
        assert.fail(
          `line ${JSON.stringify(l)} of ${file} on ${w.machines[snap.machine]!.name}, live when "${snap.label}" ` +
            'started, is lost',
        );
      }
    }
  }
  // (d) and a sync removes a line only to carry a user's removal across: every line the test
  // wrote that a sync ever saw (or the remote ever held) is in the final trees, unless a user
  // removed it somewhere (an edit beats a delete; a merge keeps both sides' additions).
  const removedSomewhere = new Set(w.removedByUser.flatMap((m) => [...m.keys()]));
  const seen = new Set([...history, ...w.snapshots.flatMap((s) => [...s.files.values()].flatMap(lines))]);
  for (const l of seen) {
    if (!TOKEN.test(l) || final.has(l) || removedSomewhere.has(l)) continue;
    assert.fail(`line ${JSON.stringify(l)} was removed by a sync, though no user removed it anywhere`);
  }
}

test('any interleaving of edits and syncs on 3-5 machines converges without losing a write', {
  timeout: 900_000,
}, async () => {
  const seed = process.env.MEMSYNC_FC_SEED ? Number(process.env.MEMSYNC_FC_SEED) : undefined;
  const started = Date.now();
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 3, max: MAX_MACHINES }),
      fc.boolean(),
      fc.array(opArb, { minLength: 4, maxLength: 14 }),
      async (nMachines, baseline, ops) => {
        const w = await setup(nMachines);
        try {
          if (baseline) {
            // Half the runs start from files every machine already has: edits then meet as merges
            // (different lines) and conflicts (the same lines) rather than as new files on both sides.
            for (const file of FILES) await applyOp(w, { kind: 'create', m: 0, file, lines: 6 });
            for (let m = 0; m < nMachines; m++) await w.sync([m]);
          }
          for (const op of ops) await applyOp(w, op);
          stats.rounds += await settle(w);
          await checkConverged(w);
        } catch (e) {
          // The machines' folders are kept for a look; the trace says what happened in order.
          const where = [`remote: ${w.remote}`, ...w.machines.map((m) => `${m.name}: ${m.root}`)].join('\n  ');
          (e as Error).message +=
            `\n${nMachines} machines, ${baseline ? 'from a shared baseline' : 'from empty'}; folders:\n  ` +
            `${where}\ntrace:\n${w.trace()}`;
          throw e;
        }
        if (process.env.MEMSYNC_FC_TRACE)
          console.log(`${nMachines} machines, ${baseline ? 'from a shared baseline' : 'from empty'}:\n${w.trace()}`);
        for (const dir of [w.remote, ...w.machines.map((m) => m.root)])
          fs.rmSync(dir, { recursive: true, force: true });
      },
    ),
    {
      numRuns: NUM_RUNS,
      seed,
      path: process.env.MEMSYNC_FC_PATH,
      // Shrinking a failure re-runs whole scenarios: bound it so a failure still reports in time.
      interruptAfterTimeLimit: 600_000,
      markInterruptAsFailure: true,
    },
  );
  console.log(
    `convergence: ${NUM_RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s; ${JSON.stringify(stats)}`,
  );
});
