/**
 * Whole commands as users run them (`npm run bench`, sections i and j): each a fresh process started
 * as a user starts it (plugin/bin/memsync, the file npm links onto PATH), each baseline measured in
 * the same run, interleaved with it, and the ratio taken pair by pair (a drifting machine moves both).
 *   (i) publish 10 changed files of 2,000 (200 projects x 10): `memsync sync` against seed 004's
 *       pipeline (one rsync of the memory folders into a clone, `git add -A && git commit && git push`)
 *       and against plain git of the same change in a clone of memsync's remote; a no-op sync at
 *       20,000 files on both axes (200 projects x 100, 2,000 x 10) against 2,000 (200 x 10);
 *       `memsync --help` against `node -e 0`; `memsync status` with nothing new against `node -e 0`
 *       plus a `git fetch` of memsync's own clone. Peak memory from /usr/bin/time where it exists.
 *   (j) many machines at once: BENCH_FLEET (default 50) machines run `memsync sync` at the same moment,
 *       twice, each time with a new topic file and index line: how many landed, their retries, how the
 *       others ended, the time until all ended, and whether every machine holds every line and file
 *       after one more sync and one pull each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Machine, bareRemote, gitTestEnv, tempDir, PLUGIN_ROOT } from '../test/support/machines.ts';
import { buildFleet, fileName, type Fleet } from './fixture.ts';
import { learn, missingOn } from '../test/support/race.ts';

const BIN = path.join(PLUGIN_ROOT, 'bin', 'memsync');
const REPS = Number(process.env.BENCH_REPS ?? 7);
const CHANGED = 10;
/** scan.ts does not trust the stat fingerprint of files changed within 2 s ("racy"); wait it out. */
const RACY_WAIT_MS = 2100;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

export interface Run {
  ms: number;
  code: number;
  out: string;
  peakKb: number | null;
}

/** One process, timed from spawn to exit; its peak memory when /usr/bin/time is there. */
export function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const [file, argv] = TIME ? [TIME, ['-f', 'BENCH_PEAK_KB=%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(file, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const peak = /BENCH_PEAK_KB=(\d+)/.exec(out);
      resolve({
        ms,
        code: code ?? -1,
        out: out.replace(/BENCH_PEAK_KB=\d+\n?/, ''),
        peakKb: peak ? Number(peak[1]) : null,
      });
    });
  });
}

export async function ok(what: string, r: Promise<Run>): Promise<Run> {
  const done = await r;
  if (done.code !== 0) throw new Error(`${what}: exit ${done.code}: ${done.out.trim().slice(0, 400)}`);
  return done;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const spread = (xs: number[]) => `[${Math.min(...xs).toFixed(0)}..${Math.max(...xs).toFixed(0)}]`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
export const log = (s: string) => process.stderr.write(`  .. ${s}\n`);

type Step = (rep: number) => Promise<Run>;

/** Runs the steps in turn, one warm-up round then `REPS` measured rounds: each step's runs. */
export async function interleaved(steps: Record<string, Step>): Promise<Record<string, Run[]>> {
  const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let rep = 0; rep <= REPS; rep++)
    for (const [name, step] of Object.entries(steps)) {
      const r = await step(rep);
      if (rep > 0) runs[name]!.push(r);
    }
  return runs;
}

/** The table rows for `runs`, each against `base` as the median of its pairwise ratios. */
export function rows(runs: Record<string, Run[]>, base: string, label: Record<string, string>): string[] {
  const b = runs[base]!;
  return Object.entries(runs).map(([name, rs]) => {
    const ms = rs.map((r) => r.ms);
    const peak = rs.map((r) => r.peakKb ?? 0);
    const pairs = rs.map((r, i) => r.ms / b[i]!.ms);
    const vs = name === base ? 'baseline' : `${median(pairs).toFixed(2)}x ${spread(pairs.map((p) => p * 100))}%`;
    const mem = TIME ? `  peak ${(Math.max(...peak) / 1024).toFixed(0)} MB` : '';
    return `    ${label[name]!.padEnd(58)} ${fmt(median(ms)).padStart(8)} ${spread(ms).padEnd(12)} ${vs}${mem}`;
  });
}

/** Appends a line to each of the `CHANGED` files of change `n` (all 200 projects' file n%perProject). */
function change(n: number, projects: number, perProject: number, fileOf: (p: number, f: number) => string): void {
  for (let k = 0; k < CHANGED; k++)
    fs.appendFileSync(fileOf((n * CHANGED + k) % projects, n % perProject), `- edit ${n}.${k}: learned at ${n}\n`);
}

/** Seed 004's pipeline: its own clone and remote, fed from a copy of the live memory folders. */
function peerPipeline(fleet: Fleet, made: string[]): { src: string; env: NodeJS.ProcessEnv } {
  if (spawnSync('rsync', ['--version']).status !== 0)
    throw new Error('section i needs rsync for the peer pipeline: apt-get install -y rsync (or BENCH_ONLY without i)');
  const home = tempDir('memsync-bench-peer-');
  made.push(home);
  const src = path.join(home, 'projects');
  fs.cpSync(path.join(fleet.machine.configDir, 'projects'), src, { recursive: true });
  const remote = bareRemote(path.join(home, 'remote.git'));
  const clone = path.join(home, 'clone');
  const env = { ...gitTestEnv(home), PEER_SRC: `${src}/`, PEER_CLONE: clone };
  execFileSync('git', ['clone', '-q', remote, clone], { env, stdio: 'ignore' });
  execFileSync('sh', ['-c', PIPELINE], { env, stdio: 'ignore' });
  return { src, env };
}
const PIPELINE =
  `rsync -a --delete --prune-empty-dirs --include='*/' --include='memory/***' --exclude='*' ` +
  `"$PEER_SRC" "$PEER_CLONE/projects/" && cd "$PEER_CLONE" && git add -A && git commit -q -m sync && git push -q ` +
  `origin HEAD`;
const PLAIN_GIT = 'git add -A && git commit -q -m x && git push -q';

/** A clone of memsync's remote where the same change is committed and pushed by plain git. */
function plainClone(fleet: Fleet, made: string[]): { work: string; env: NodeJS.ProcessEnv } {
  const home = tempDir('memsync-bench-plain-');
  made.push(home);
  const env = gitTestEnv(home);
  const remote = path.join(home, 'remote.git');
  execFileSync('git', ['clone', '--bare', '-q', fleet.remote, remote], { env });
  const work = path.join(home, 'work');
  execFileSync('git', ['clone', '-q', '--branch', 'main', remote, work], { env });
  return { work, env };
}

async function settled(fleet: Fleet): Promise<void> {
  await sleep(RACY_WAIT_MS);
  await ok('settling sync', wall(BIN, ['sync'], fleet.machine.env));
}

/** Publish 10 of 2,000: memsync, the peer's pipeline and plain git, the same change each time. */
async function publishRows(small: Fleet, made: string[]): Promise<string[]> {
  const peer = peerPipeline(small, made);
  const plain = plainClone(small, made);
  const rel = (p: number, f: number) =>
    path.join(path.relative(small.machine.configDir, small.memDirs[p]!), fileName(f));
  const plainFile = (p: number, f: number) =>
    path.join(plain.work, 'projects', 'github.com', 'bench', `p${p}`, 'memory', fileName(f));
  log('publish 10 of 2,000: memsync sync, rsync+git, plain git');
  const runs = await interleaved({
    memsync: (n) => {
      change(n, 200, 10, (p, f) => path.join(small.machine.configDir, rel(p, f)));
      return ok('memsync sync', wall(BIN, ['sync'], small.machine.env));
    },
    peer: (n) => {
      change(n, 200, 10, (p, f) => path.join(peer.src, path.relative('projects', rel(p, f))));
      return ok('rsync+git pipeline', wall('sh', ['-c', PIPELINE], peer.env));
    },
    git: (n) => {
      change(n, 200, 10, plainFile);
      return ok('plain git', wall('sh', ['-c', `cd "${plain.work}" && ${PLAIN_GIT}`], plain.env));
    },
  });
  const byPeer = rows(runs, 'peer', {
    memsync: '`memsync sync`',
    peer: "seed 004's pipeline: rsync + git add/commit/push",
    git: 'plain git add -A && commit && push',
  });
  const vsGit = rows({ memsync: runs.memsync!, git: runs.git! }, 'git', {
    memsync: '`memsync sync` against plain git',
    git: 'plain git',
  });
  return [
    `(i) publish ${CHANGED} of 2,000 (200 projects x 10), whole processes, median of ${REPS}`,
    ...byPeer,
    vsGit[0]!,
  ];
}

/** No-op syncs on both axes of 20,000 files against 2,000. */
async function noopRows(small: Fleet, made: string[]): Promise<string[]> {
  log('building 200 projects x 100 files and 2,000 projects x 10');
  const wide = await buildFleet('whole200x100', 200, 100, made);
  const many = await buildFleet('whole2000x10', 2000, 10, made);
  for (const f of [wide, many]) await f.machine.sync({ projects: f.projects });
  for (const f of [small, wide, many]) await settled(f);
  log('no-op syncs');
  const runs = await interleaved({
    small: () => ok('no-op 2k', wall(BIN, ['sync'], small.machine.env)),
    wide: () => ok('no-op 200x100', wall(BIN, ['sync'], wide.machine.env)),
    many: () => ok('no-op 2000x10', wall(BIN, ['sync'], many.machine.env)),
  });
  return [
    `    no-op \`memsync sync\` (target: each 20,000 row at most 2x the 2,000 one)`,
    ...rows(runs, 'small', {
      small: '2,000 files (200 projects x 10)',
      wide: '20,000 files (200 projects x 100)',
      many: '20,000 files (2,000 projects x 10)',
    }),
  ];
}

/** `--help` against `node -e 0`; `status` with nothing new against `node -e 0` plus a fetch. */
async function startRows(small: Fleet): Promise<string[]> {
  log('--help and status');
  const env = small.machine.env;
  const clone = path.join(env.MEMSYNC_HOME!, 'repo.git');
  const help = await interleaved({
    help: () => ok('--help', wall(BIN, ['--help'], env)),
    node: () => ok('node -e 0', wall(process.execPath, ['-e', '0'], env)),
  });
  const status = await interleaved({
    status: () => ok('status', wall(BIN, ['status'], env)),
    floor: () => ok('node + fetch', wall('sh', ['-c', `node -e 0 && git -C "${clone}" fetch -q origin`], env)),
  });
  return [
    ...rows(help, 'node', { help: '`memsync --help` (target <= 1.5x)', node: '`node -e 0`' }),
    ...rows(status, 'floor', {
      status: '`memsync status`, nothing new (target <= 3x)',
      floor: "`node -e 0` + `git fetch` of memsync's clone",
    }),
  ];
}

/**
 * The hooks that run on every prompt and every session start, as Claude Code runs them (the command
 * of hooks/hooks.json through sh, the hook's JSON on stdin), with nothing new: UserPromptSubmit
 * against `node -e 0`, SessionStart against `node -e 0` plus the `git ls-remote` (and the `git fetch`)
 * it needs.
 */
async function hookRows(small: Fleet, made: string[]): Promise<string[]> {
  log('the prompt hook and SessionStart, nothing new');
  const project = small.projects[0]!;
  const home = small.machine.env.MEMSYNC_HOME!;
  const env = { ...small.machine.env, CLAUDE_PLUGIN_ROOT: PLUGIN_ROOT, CLAUDE_PROJECT_DIR: project };
  const dir = tempDir('memsync-bench-hooks-');
  made.push(dir);
  const run = (event: string, source?: string) => {
    const file = path.join(dir, `${event}.json`);
    fs.writeFileSync(file, JSON.stringify({ session_id: 'bench', cwd: project, hook_event_name: event, source }));
    const script = path.join(PLUGIN_ROOT, 'hooks', 'run.sh');
    return () =>
      ok(event, wall('sh', ['-c', `exec sh "${script}" ${source ? 'session-start' : 'prompt'} < "${file}"`], env));
  };
  const clone = path.join(home, 'repo.git');
  const remote = small.machine.remote;
  const prompt = await interleaved({
    prompt: run('UserPromptSubmit'),
    node: () => ok('node -e 0', wall(process.execPath, ['-e', '0'], env)),
  });
  const start = await interleaved({
    start: run('SessionStart', 'startup'),
    lsRemote: () =>
      ok('ls-remote', wall('sh', ['-c', `node -e 0 && git ls-remote -- "${remote}" refs/heads/main`], env)),
    fetch: () => ok('node + fetch', wall('sh', ['-c', `node -e 0 && git -C "${clone}" fetch -q origin`], env)),
  });
  const started = fs.readFileSync(path.join(home, 'logs', 'memsync.log'), 'utf8');
  const short = started.split('\n').filter((l) => l.includes('hook session-start short way')).length;
  return [
    ...rows(prompt, 'node', { prompt: 'the prompt hook, nothing new (target <= 1.3x)', node: '`node -e 0`' }),
    ...rows(start, 'lsRemote', {
      start: `SessionStart, nothing new (target <= 1.5x; short way ${short}/${REPS + 1})`,
      lsRemote: '`node -e 0` + `git ls-remote` of the remote',
      fetch: "`node -e 0` + `git fetch` of memsync's clone",
    }),
    ...rows({ start: start.start!, fetch: start.fetch! }, 'fetch', {
      start: 'SessionStart, nothing new, against `node -e 0` + `git fetch`',
      fetch: '',
    }).slice(0, 1),
  ];
}

export async function benchWhole(): Promise<string[]> {
  const made: string[] = [];
  try {
    log('building 200 projects x 10 files');
    const small = await buildFleet('whole2k', 200, 10, made);
    await small.machine.sync({ projects: small.projects });
    await settled(small);
    const publish = await publishRows(small, made);
    const noop = await noopRows(small, made);
    return ['', ...publish, ...noop, ...(await startRows(small)), ...(await hookRows(small, made))];
  } finally {
    if (process.env.BENCH_KEEP !== '1') for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  }
}

const FLEET = Number(process.env.BENCH_FLEET ?? 50);

/**
 * (j): every machine syncs at the same moment, twice; then one sync and one pull each, and all must agree. Each
 * round: how many landed, the retries (pushes overtaken, then fetched, merged and pushed again), and
 * the time until the last sync ended: with all landed, the remote then holds every machine's lines.
 */
export async function benchFleetRace(): Promise<string[]> {
  const made: string[] = [];
  try {
    const remote = bareRemote();
    made.push(remote);
    log(`setting up ${FLEET} machines on one remote`);
    const fleet: { m: Machine; dir: string }[] = [];
    for (let i = 0; i < FLEET; i++) {
      const m = await new Machine(`f${i}`, remote).init();
      made.push(m.root);
      const dir = m.checkout('git@github.com:bench/shared.git', 'shared');
      if (i === 0) m.write(path.join(m.memoryDir(dir), 'MEMORY.md'), '# Memory\n');
      await m.sync({ projects: [dir] });
      fleet.push({ m, dir });
    }
    for (const { m, dir } of fleet) await m.sync({ projects: [dir] });
    const out = [``, `(j) ${FLEET} machines, one remote: all run \`memsync sync\` at the same moment, twice`];
    const lines: string[] = [];
    for (const round of [1, 2]) {
      for (const [i, { m, dir }] of fleet.entries()) lines.push(learn(m, dir, i, round));
      log(`round ${round}: ${FLEET} syncs at once`);
      const t0 = performance.now();
      const runs = await Promise.all(fleet.map(({ m }) => wall(BIN, ['sync', '--json'], m.env)));
      out.push(roundLine(round, runs, performance.now() - t0));
    }
    // A sync that did not land left its work here: the next one publishes it, then every machine pulls.
    const t0 = performance.now();
    for (const { m } of fleet) await m.sync();
    for (const { m } of fleet) await m.sync({ mode: 'pull' });
    const short = fleet.map(({ m, dir }) => missingOn(m, dir, lines)).filter(Boolean);
    const after = `one sync and one pull each (${((performance.now() - t0) / 1000).toFixed(1)} s, one after another)`;
    out.push(
      `    after ${after}: ` +
        (short.length ? `NOT agreed: ${short.slice(0, 5).join('; ')}` : `all ${FLEET} agree, nothing lost`),
    );
    return out;
  } finally {
    if (process.env.BENCH_KEEP !== '1') for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  }
}

function roundLine(round: number, runs: Run[], ms: number): string {
  const landed = runs.filter((r) => r.code === 0);
  const retries = landed.map((r) => Number(/"retries": (\d+)/.exec(r.out)?.[1] ?? 0));
  const why = new Map<string, number>();
  for (const r of runs.filter((x) => x.code !== 0)) {
    // The error's line: memsync's own, not /usr/bin/time's.
    const said = r.out.split('\n').find((l) => l.startsWith('memsync ')) ?? r.out.trim().split('\n')[0];
    const first = `exit ${r.code}: ${said?.slice(0, 110) ?? ''}`;
    why.set(first, (why.get(first) ?? 0) + 1);
  }
  const reasons = [...why].map(([w, n]) => `\n      ${n} x ${w}`).join('');
  const sum = retries.reduce((a, b) => a + b, 0);
  return (
    `    round ${round}: ${landed.length} of ${runs.length} landed; retries ${sum} in all, median ` +
    `${retries.length ? median(retries) : 0}, most ${Math.max(0, ...retries)}; ` +
    `all ended in ${(ms / 1000).toFixed(1)} s ` +
    `(median sync ${fmt(median(runs.map((r) => r.ms)))})${reasons}`
  );
}
