/**
 * A sync killed with SIGKILL at random points (scan and fetch, publishing, while it writes live
 * files or conflict copies, around the push, ...; half the kills take its git processes down
 * too), then run again. Checks that no live folder ever holds a partial file, that the rerun
 * removes the killed sync's temp files and finishes the job, and that both machines converge.
 *
 * Each iteration gives the killed machine (laptop) real work: 200 files of its own to publish
 * (some deleted), 200 files from the other machine (desktop) to take (some deleted there), and
 * 10 files both changed (conflicts: a copy of desktop's version is written beside live).
 *
 * Timing is random; the seed printed at the start makes the choices (not the timing) repeatable:
 *   MEMSYNC_CRASH_SEED=<seed> node --import tsx --test test/crash.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, readTree, CLI } from './support/machines.ts';
import { isConflictCopy } from '../src/sources/roots.ts';
import { asideExpects, isTempFor } from '../src/safety/checkedWrite.ts';
import { lockPath } from '../src/machine/lock.ts';
import { loadState } from '../src/machine/state.ts';
import { resolveConflict } from '../src/sync/resolve.ts';

const MEM = 'projects/github.com/acme/widget/memory';
const N = 200;
const C = 10;
const pad = (i: number, w = 3) => String(i).padStart(w, '0');
const OWN = Array.from({ length: N }, (_, i) => `a${pad(i)}.md`);
const OTHER = Array.from({ length: N }, (_, i) => `notes/b${pad(i)}.md`);
const BOTH = Array.from({ length: C }, (_, i) => `shared/c${pad(i, 2)}.md`);
/** checkedWrite's temp files: `.memsync-<tag of the target's name>-<random>.tmp`, in the target's folder. */
const TEMP = /(^|\/)\.memsync-[0-9a-f]{12}-[0-9a-f]{8}\.tmp$/;
/** The file a temp name stands for, among `names` (null: none of them, e.g. a conflict copy's). */
const tempOf = (name: string, names: readonly string[]) => names.find((n) => isTempFor(n, name)) ?? null;
/** A live file set aside during its swap (liveSwap): `.memsync-<tag>-<expected id>-<random>.aside`. */
const ASIDE = /(^|\/)\.memsync-[0-9a-f]{12}-[0-9a-f]{16}-[0-9a-f]{8}\.aside$/;

/** A small seeded generator (mulberry32), so a failing run's choices can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function body(who: string, file: string, version: number): string {
  const lines = [`# ${file}`, `${who} version ${version} of ${file}`];
  for (let i = 0; i < 30; i++) lines.push(`line ${i}: ${who} ${file} v${version} ${'x'.repeat(40)}`);
  return `${lines.join('\n')}\n`;
}

function sharedBody(who: string, file: string, version: number): string {
  // The same line changed on both machines: a conflict every time both change it.
  return `# ${file}\nvalue: ${who} v${version}\nfooter\n`;
}

function spawnSync(
  machine: Machine,
  project: string,
  group: boolean,
): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, 'sync', '--project', project], {
    env: machine.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    // Its own process group, so a kill can take git's child processes down with it.
    detached: group,
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

/**
 * The remote tip's files (path -> content), read with one git process (the support's remoteFiles runs one per file: too
 * slow for 400 files).
 */
function tipFiles(remote: string): Record<string, string> {
  const env = gitTestEnv(remote);
  const tip = remoteTip(remote);
  if (!tip) return {};
  const entries = execFileSync('git', ['--git-dir', remote, 'ls-tree', '-r', '-z', tip], { env, maxBuffer: 1 << 26 })
    .toString()
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const tab = rec.indexOf('\t');
      return { sha: rec.slice(0, tab).split(' ')[2]!, path: rec.slice(tab + 1) };
    });
  const out = execFileSync('git', ['--git-dir', remote, 'cat-file', '--batch'], {
    env,
    input: `${entries.map((e) => e.sha).join('\n')}\n`,
    maxBuffer: 1 << 28,
  });
  const files: Record<string, string> = {};
  let pos = 0;
  for (const e of entries) {
    const nl = out.indexOf(10, pos);
    const size = Number(out.subarray(pos, nl).toString().split(' ')[2]);
    files[e.path] = out.subarray(nl + 1, nl + 1 + size).toString('utf8');
    pos = nl + 1 + size + 1;
  }
  return files;
}

function remoteTip(remote: string): string {
  try {
    return execFileSync('git', ['--git-dir', remote, 'rev-parse', '--verify', '-q', 'refs/heads/main'], {
      env: gitTestEnv(remote),
    })
      .toString()
      .trim();
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds; false if the process ended first or the time ran out. */
async function waitFor(cond: () => boolean, exited: () => boolean, limitMs = 60_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (cond()) return true;
    if (exited()) return false;
    await sleep(2);
  }
  return false;
}

function readOrNull(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

test('a sync killed at random points leaves whole files only, and the next sync finishes the job', {
  timeout: 300_000,
}, async () => {
  const seed = process.env.MEMSYNC_CRASH_SEED
    ? Number(process.env.MEMSYNC_CRASH_SEED)
    : Math.floor(Math.random() * 2 ** 31);
  console.log(`crash test seed: ${seed} (MEMSYNC_CRASH_SEED=${seed} to replay the choices)`);
  const random = rng(seed);
  const started = Date.now();

  const remote = bareRemote();
  const laptop = await new Machine('laptop', remote).init();
  const desktop = await new Machine('desktop', remote).init();
  const projL = laptop.checkout('git@github.com:acme/widget.git');
  const projD = desktop.checkout('https://github.com/acme/widget');
  const memL = laptop.memoryDir(projL);
  const memD = desktop.memoryDir(projD);
  console.log(
    `folders (removed when the test passes): remote ${remote}, laptop ${laptop.root}, desktop ${desktop.root}`,
  );
  await laptop.sync({ projects: [projL] });
  await desktop.sync({ projects: [projD] });

  /** Every content the test ever wrote, per relative path: a live file must hold one of them. */
  const versions = new Map<string, Set<string>>();
  const write = (m: Machine, mem: string, rel: string, content: string) => {
    if (!versions.has(rel)) versions.set(rel, new Set());
    versions.get(rel)!.add(content);
    m.write(path.join(mem, ...rel.split('/')), content);
  };
  const remove = (mem: string, rel: string) => fs.rmSync(path.join(mem, ...rel.split('/')), { force: true });

  /**
   * Every file in a live folder is whole: one of the versions the test wrote (conflict copies
   * hold a version of their file). Returns the temp files found; fails on anything else.
   */
  const checkWhole = (mem: string, who: string, when: string): string[] => {
    const temps: string[] = [];
    for (const [rel, content] of Object.entries(readTree(mem))) {
      const known = versions.get(rel);
      if (known) {
        assert.ok(
          known.has(content),
          `${who} ${when}: ${rel} holds content the test never wrote (partial write?): ` +
            `${JSON.stringify(content.slice(0, 120))}`,
        );
        continue;
      }
      if (isConflictCopy(path.basename(rel))) {
        const original = rel.replace(/\.conflict-[A-Za-z0-9._-]+-\d{8}T\d{6}Z(\.[^./]*)?$/, '$1');
        assert.ok(
          versions.get(original)?.has(content),
          `${who} ${when}: conflict copy ${rel} holds content never written to ${original}`,
        );
        continue;
      }
      if (ASIDE.test(rel)) {
        // A kill inside a swap leaves the old file linked or moved aside: a version the test wrote.
        const dir = path.posix.dirname(rel);
        const of = [...versions.keys()].find(
          (k) => path.posix.dirname(k) === dir && asideExpects(path.posix.basename(k), path.posix.basename(rel)),
        );
        assert.ok(of && versions.get(of)!.has(content), `${who} ${when}: ${rel} holds content never written to ${of}`);
      } else assert.ok(TEMP.test(rel), `${who} ${when}: unexpected file ${rel} in the live folder`);
      temps.push(rel);
    }
    return temps;
  };

  /**
   * Laptop's live tree equals the remote tip, except the conflicted files (live kept, remote version copied beside).
   */
  const checkFinished = async (
    when: string,
    latest: {
      own: Map<string, string | null>;
      other: Map<string, string | null>;
      shared: Map<string, [string, string]>;
    },
  ) => {
    const tip = tipFiles(remote);
    const live = readTree(memL);
    for (const [rel, want] of [...latest.own, ...latest.other]) {
      assert.equal(live[rel] ?? null, want, `laptop ${when}: ${rel} is not the latest version`);
      assert.equal(tip[`${MEM}/${rel}`] ?? null, want, `remote ${when}: ${rel} is not the latest version`);
    }
    const state = await loadState(laptop.ctx.home);
    for (const [rel, [mine, theirs]] of latest.shared) {
      assert.equal(live[rel], mine, `laptop ${when}: its own edit of ${rel} is kept live`);
      assert.equal(
        tip[`${MEM}/${rel}`],
        theirs,
        `remote ${when}: desktop's ${rel} stays on the remote while the conflict is open`,
      );
      const copies = Object.keys(live).filter(
        (p) =>
          path.dirname(p) === path.dirname(rel) &&
          isConflictCopy(path.basename(p)) &&
          path.basename(p).startsWith(`${path.basename(rel, '.md')}.conflict-`),
      );
      assert.equal(
        copies.length,
        1,
        `laptop ${when}: one conflict copy of ${rel} (one per distinct remote version), found ` +
          `${JSON.stringify(copies)}`,
      );
      assert.equal(live[copies[0]!], theirs, `laptop ${when}: the conflict copy of ${rel} holds desktop's version`);
      assert.ok(state.conflicts[`${MEM}/${rel}`], `laptop ${when}: the conflict on ${rel} is recorded`);
    }
    assert.deepEqual(
      Object.keys(tip).filter((p) => !p.startsWith(`${MEM}/`) && p !== 'memsync.json'),
      [],
      'nothing else on the remote',
    );
    assert.ok(
      !Object.keys(tip).some((p) => isConflictCopy(path.basename(p)) || TEMP.test(p)),
      'no conflict copy or temp file is ever published',
    );
  };

  // Where each kill lands, counted from the moment the sync holds its lock (so the CLI's start-up
  // time does not matter). The first run is not killed: it measures how long the locked part of a
  // sync with this much work takes, and the later kills are spread over that time (scan and
  // fetch, publishing, live writes, conflict copies, commit and push, recording the state).
  // Three kills are aimed: at the first file-system event of the n-th file the sync writes (one
  // of desktop's files it takes, or a conflict copy), so the kill lands while that file is half
  // done; and the moment the remote's branch moves (pushed, but the sync not yet recorded).
  type Kill =
    | { at: 'none' }
    | { at: 'afterLock'; fraction: number }
    | { at: 'writingLive'; nth: number }
    | { at: 'writingCopy'; nth: number }
    | { at: 'afterPush' };
  const plan: Kill[] = [
    { at: 'none' },
    { at: 'writingLive', nth: 1 + Math.floor(random() * (N - 40)) },
    { at: 'writingCopy', nth: 1 + Math.floor(random() * C) },
    { at: 'afterLock', fraction: random() * 0.35 },
    { at: 'afterLock', fraction: 0.35 + random() * 0.35 },
    { at: 'afterLock', fraction: 0.7 + random() * 0.3 },
    { at: 'afterPush' },
  ];
  // One kill leaves the lock as it was (its holder is gone: the rerun takes it over at once); for
  // the others the test ages the lock by hand as well.
  const realWait = 1 + Math.floor(random() * (plan.length - 1));
  let lockedMs = 0;
  const latest = {
    own: new Map<string, string | null>(),
    other: new Map<string, string | null>(),
    shared: new Map<string, [string, string]>(),
  };
  const lockDir = `${lockPath(laptop.ctx.home)}.lock`;
  const journal = path.join(laptop.ctx.home, 'state', 'writing.json');

  for (let iter = 0; iter < plan.length; iter++) {
    const kill = plan[iter]!;
    const tIter = Date.now();
    // Desktop changes its 200 files (deleting some) and the shared ones, and publishes.
    for (let i = 0; i < N; i++) {
      const rel = OTHER[i]!;
      if (iter > 0 && i % 7 === iter) {
        remove(memD, rel);
        latest.other.set(rel, null);
      } else {
        const c = body('desktop', rel, iter);
        write(desktop, memD, rel, c);
        latest.other.set(rel, c);
      }
    }
    for (const rel of BOTH) write(desktop, memD, rel, sharedBody('desktop', rel, iter));
    const rd = await desktop.sync();
    assert.equal(rd.conflicts.length, 0, 'desktop publishes before laptop, so it has no conflicts');
    // Laptop changes its own 200 files (deleting some) and the shared ones.
    for (let i = 0; i < N; i++) {
      const rel = OWN[i]!;
      if (iter > 0 && i % 11 === iter) {
        remove(memL, rel);
        latest.own.set(rel, null);
      } else {
        const c = body('laptop', rel, iter);
        write(laptop, memL, rel, c);
        latest.own.set(rel, c);
      }
    }
    for (const rel of BOTH) {
      write(laptop, memL, rel, sharedBody('laptop', rel, iter));
      latest.shared.set(rel, [sharedBody('laptop', rel, iter), sharedBody('desktop', rel, iter)]);
    }

    const group = iter % 2 === 0;
    const tipBefore = remoteTip(remote);
    const t0 = Date.now();
    const { child, exit } = spawnSync(laptop, projL, group);
    let exited = false;
    void exit.then(() => (exited = true));
    const killNow = () => {
      if (exited) return false;
      if (!group) return child.kill('SIGKILL');
      try {
        process.kill(-child.pid!, 'SIGKILL');
        return true;
      } catch {
        return false; // the group is gone: it finished just now
      }
    };
    let note = '';
    let killed = false;
    // Aimed kills: fire on the first file-system event of the n-th file written (for an atomic
    // write, its temp file being created; for a write in place, the file being changed).
    let watcher: fs.FSWatcher | undefined;
    if (kill.at === 'writingLive' || kill.at === 'writingCopy') {
      const dir = path.join(memL, kill.at === 'writingLive' ? 'notes' : 'shared');
      const live = (kill.at === 'writingLive' ? OTHER : BOTH).map((p) => path.basename(p));
      // A live file, or the temp of one; for copies, a copy or a temp that stands for no live file.
      const fileOf = (name: string) =>
        kill.at === 'writingLive'
          ? live.includes(name)
            ? name
            : tempOf(name, live)
          : /^c\d+\.conflict-.*\.md$/.test(name)
            ? name
            : TEMP.test(name) && !tempOf(name, live)
              ? name
              : null;
      const seen = new Set<string>();
      watcher = fs.watch(dir, (_event, name) => {
        const file = name ? (fileOf(name) ?? undefined) : undefined;
        if (killed || !file || seen.has(file)) return;
        seen.add(file);
        if (seen.size >= kill.nth) killed = killNow();
      });
    }
    if (kill.at === 'afterPush') {
      // git updates the branch by renaming refs/heads/main.lock to refs/heads/main.
      watcher = fs.watch(path.join(remote, 'refs', 'heads'), (_event, name) => {
        if (!killed && name === 'main') killed = killNow();
      });
    }
    const locked = await waitFor(
      () => fs.existsSync(lockDir),
      () => exited,
    );
    const tLock = Date.now();
    if (kill.at === 'afterLock' && locked) {
      await sleep(Math.round(kill.fraction * lockedMs));
      killed = killNow();
    }
    const first = await exit;
    watcher?.close();
    if (kill.at !== 'none')
      note = killed
        ? `${kill.at} kill${group ? ' with its git processes' : ''} ${Date.now() - tLock} ms after it took the lock`
        : `${kill.at}: finished before the kill`;
    if (kill.at === 'none') {
      assert.equal(first.code, 3, `an uninterrupted sync ends with open conflicts (exit 3): ${first.stderr}`);
      lockedMs = Date.now() - tLock;
      note = `not killed, ${Date.now() - t0} ms (${lockedMs} ms holding the lock)`;
    } else {
      // What the killed sync got done, to show where the kills landed.
      const taken = OTHER.filter(
        (rel) => readOrNull(path.join(memL, ...rel.split('/'))) === latest.other.get(rel),
      ).length;
      note +=
        ` (${taken}/${N} taken, ${remoteTip(remote) === tipBefore ? 'not pushed' : 'pushed'}, ` +
        `${fs.existsSync(journal) ? 'killed in the live-write phase' : 'outside the live-write phase'})`;
    }
    // Right after the kill: every live file is whole. Temp files may be left (the next sync removes them).
    const temps = checkWhole(memL, 'laptop', `after kill ${iter} (${JSON.stringify(kill)})`);
    checkWhole(memD, 'desktop', `after kill ${iter}`);

    let rerun = { code: first.code as number | null, stderr: first.stderr };
    const t1 = Date.now();
    if (kill.at !== 'none') {
      if (fs.existsSync(lockDir) && iter !== realWait) {
        const past = new Date(Date.now() - 60_000);
        fs.utimesSync(lockDir, past, past);
      }
      rerun = await laptop.cli(['sync', '--project', projL]);
    }
    console.log(
      `iteration ${iter}: ${note}; ${temps.length} temp files left; rerun ${Date.now() - t1} ` +
        `ms${iter === realWait && kill.at !== 'none' ? ' (the lock left as the kill left it)' : ''}; iteration ` +
        `${Date.now() - tIter} ms`,
    );
    assert.equal(rerun.code, 3, `the rerun finishes, with the conflicts open (exit 3): ${rerun.stderr}`);
    assert.deepEqual(
      checkWhole(memL, 'laptop', `after the rerun ${iter}`),
      [],
      'the rerun removes the temp files of the killed sync',
    );
    await checkFinished(`after the rerun ${iter}`, latest);
  }

  const tFinal = Date.now();
  // Laptop keeps its own side of every conflict; then both machines sync until they agree.
  for (const p of Object.keys((await loadState(laptop.ctx.home)).conflicts))
    await resolveConflict(laptop.ctx, p, 'local');
  for (let round = 0; round < 2; round++) {
    await laptop.sync();
    await desktop.sync();
  }
  const tip = tipFiles(remote);
  const want = Object.fromEntries(
    Object.entries(tip)
      .filter(([p]) => p.startsWith(`${MEM}/`))
      .map(([p, c]) => [p.slice(MEM.length + 1), c]),
  );
  assert.deepEqual(readTree(memL), want, 'laptop has the remote tip');
  assert.deepEqual(readTree(memD), want, 'desktop has the remote tip');
  for (const [rel, c] of [...latest.own, ...latest.other])
    assert.equal(want[rel] ?? null, c, `${rel} is the latest version`);
  for (const [rel, [mine]] of latest.shared) assert.equal(want[rel], mine, `${rel} is laptop's resolution`);
  console.log(`final resolve and sync rounds: ${Date.now() - tFinal} ms`);
  console.log(`crash test: ${plan.length} iterations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Kept on failure, for a look.
  for (const dir of [remote, laptop.root, desktop.root]) fs.rmSync(dir, { recursive: true, force: true });
});
