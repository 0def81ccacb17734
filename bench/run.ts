/**
 * memsync benchmark (`npm run bench`). Prints figures and ratios against baselines measured in
 * the same run; asserts nothing about timings.
 *
 *   (a) publish 10 changed files out of 2,000 (200 projects x 10): runSync in-process and the
 *       CLI cold start, against the floor: plain `git add -A && git commit && git push` of the
 *       same change in a clone of an equivalent remote.
 *   (b) a no-op sync at 20,000 files (200 projects x 100) against the same at 2,000.
 *   (c) peak memory of the 20,000-file initial and no-op syncs, in-process and in the CLI.
 *
 * Everything lives in temp folders under os.tmpdir(), removed at the end (BENCH_KEEP=1 keeps
 * them and prints where, e.g. to profile a CLI run with `node --cpu-prof bin/memsync.js sync`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
// Importing the test support points process.env.HOME at a sandbox and sets GIT_CONFIG_NOSYSTEM,
// so neither memsync's git nor the floor's git reads the real user's configuration.
import { Machine, REPO_ROOT, bareRemote, gitTestEnv, tempDir } from '../test/support/machines.ts';
import type { SyncReport } from '../src/sync/engine.ts';

const PROJECTS = 200;
const SMALL_FILES = 10; // per project: 2,000 files
const LARGE_FILES = 100; // per project: 20,000 files
const CHANGED = 10;
const ENGINE_REPS = 5;
const CLI_REPS = 3;
const FLOOR_REPS = 5;
const NOOP_REPS = 5;
/** scan.ts does not trust the stat fingerprint of files changed within 2 s ("racy"); wait it out. */
const RACY_WAIT_MS = 2100;
const MEMSYNC_BIN = path.join(REPO_ROOT, 'bin', 'memsync.js');
/** The bundled CLI (`npm run build`), measured too when present. */
const MEMSYNC_DIST = path.join(REPO_ROOT, 'dist', 'memsync.mjs');

const sandboxHome = process.env.HOME!;

// simple-git (used by LocalRepo for fetch and push) refuses to run when any of these is in the
// environment, and `npm run` itself sets EDITOR; memsync does not clear them (yet), so the bench does.
const SIMPLE_GIT_REFUSES = ['EDITOR', 'PAGER', 'PREFIX', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR', 'GIT_PAGER', 'GIT_CONFIG', 'GIT_CONFIG_GLOBAL', 'GIT_CONFIG_SYSTEM', 'GIT_CONFIG_COUNT', 'GIT_EXEC_PATH', 'GIT_EXTERNAL_DIFF', 'GIT_PROXY_COMMAND', 'GIT_TEMPLATE_DIR', 'GIT_SSH'];
const clearedEnv = Object.keys(process.env).filter((k) => SIMPLE_GIT_REFUSES.includes(k.toUpperCase()));
for (const k of clearedEnv) delete process.env[k];
const cleanup: string[] = [];
const keep = process.env.BENCH_KEEP === '1';

// A callable gc (for steadier memory baselines) without needing `--expose-gc` on the command line.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const row = (label: string, x: number, xs: number[]) => `    ${label.padEnd(56)} ${ms(x).padStart(9)}  ${list(xs)}`;
const list = (xs: number[]) => `[${xs.map((x) => x.toFixed(0)).join(', ')}]`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
const log = (s: string) => process.stderr.write(`  .. ${s}\n`);

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Peak RSS since the last reset, in kB (Linux: /proc/self/status VmHWM, reset via clear_refs). */
const procStatus = (field: string): number | null => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
};
function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A memory file of a few hundred bytes, like Claude Code's auto memory topic files. */
function memoryText(project: number, file: number): string {
  const lines = [`---`, `name: topic-${file}`, `description: notes on topic ${file} of project ${project}`, `---`, ''];
  for (let i = 0; i < 8; i++) lines.push(`- fact ${i} about p${project}/f${file}: build with \`make target-${i}\`, see docs/section-${i}.md`);
  return lines.join('\n') + '\n';
}
const fileName = (f: number) => (f === 0 ? 'MEMORY.md' : `topic-${f}.md`);

interface Fleet {
  machine: Machine;
  projects: string[];
  memDirs: string[];
  remote: string;
  files: number;
}

/** A machine with `PROJECTS` checkouts (distinct origins), each with `perProject` memory files. */
async function buildFleet(name: string, perProject: number): Promise<Fleet> {
  const remote = bareRemote();
  cleanup.push(remote);
  const machine = await new Machine(name, remote).init();
  cleanup.push(machine.root);
  const projects: string[] = [];
  const memDirs: string[] = [];
  for (let p = 0; p < PROJECTS; p++) {
    const dir = machine.checkout(`git@github.com:bench/p${p}.git`, `p${p}`);
    const mem = machine.memoryDir(dir);
    fs.mkdirSync(mem, { recursive: true });
    for (let f = 0; f < perProject; f++) fs.writeFileSync(path.join(mem, fileName(f)), memoryText(p, f));
    projects.push(dir);
    memDirs.push(mem);
  }
  return { machine, projects, memDirs, remote, files: PROJECTS * perProject };
}

/** The `CHANGED` (project, file) pairs of change number `n`: all different from other changes. */
function changeSet(n: number, perProject: number): { p: number; f: number }[] {
  const out: { p: number; f: number }[] = [];
  for (let k = 0; k < CHANGED; k++) out.push({ p: (n * CHANGED + k) % PROJECTS, f: n % perProject });
  return out;
}
function applyChange(n: number, perProject: number, fileOf: (p: number, f: number) => string): void {
  for (const { p, f } of changeSet(n, perProject)) fs.appendFileSync(fileOf(p, f), `- edit ${n}: learned something new at ${Date.now()}\n`);
}

function cliRun(env: NodeJS.ProcessEnv, args: string[], entry = MEMSYNC_BIN): Promise<{ code: number; ms: number; stdout: string; stderr: string; maxRssKb: number | null }> {
  const useTime = fs.existsSync('/usr/bin/time');
  return new Promise((resolve) => {
    const argv = [process.execPath, entry, ...args];
    const t0 = performance.now();
    const child = useTime
      ? spawn('/usr/bin/time', ['-f', 'BENCH_MAXRSS_KB=%M', ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const elapsed = performance.now() - t0;
      const m = /BENCH_MAXRSS_KB=(\d+)/.exec(stderr);
      resolve({ code: code ?? -1, ms: elapsed, stdout, stderr: stderr.replace(/BENCH_MAXRSS_KB=\d+\n?/, ''), maxRssKb: m ? Number(m[1]) : null });
    });
  });
}

/** Newest modification time of any file under a folder. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

const warnings: string[] = [];
function expectPublished(what: string, r: SyncReport | { published: string[] }, n: number): void {
  if (r.published.length !== n) warnings.push(`${what}: published ${r.published.length}, expected ${n}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const tStart = performance.now();
  const out: string[] = [];
  console.log(`memsync bench: node ${process.version}, ${os.cpus().length} CPUs, ${execFileSync('git', ['--version']).toString().trim()}`);
  if (clearedEnv.length) console.log(`(removed ${clearedEnv.join(', ')} from the environment: simple-git refuses to fetch or push with them set)`);

  // ----- 2,000 files ------------------------------------------------------------------------
  log(`building ${PROJECTS} projects x ${SMALL_FILES} files`);
  const small = await buildFleet('bench2k', SMALL_FILES);
  const smallFile = (p: number, f: number) => path.join(small.memDirs[p]!, fileName(f));
  const init2k = await timed(() => small.machine.sync({ projects: small.projects }));
  expectPublished('initial sync 2k', init2k.value, small.files);
  await sleep(RACY_WAIT_MS);
  await small.machine.sync(); // warm no-op: fills the scan cache for files that were racy

  // (b) no-op at 2,000
  log('no-op syncs at 2,000 files');
  const noop2k: number[] = [];
  for (let i = 0; i < NOOP_REPS; i++) {
    const r = await timed(() => small.machine.sync());
    if (r.value.published.length || r.value.taken.length) warnings.push('no-op 2k did something');
    noop2k.push(r.ms);
  }

  // Floor: a clone of an equivalent remote (a copy of memsync's remote: same 2,000 files + memsync.json).
  log('floor: plain git clone');
  const floorHome = tempDir('memsync-bench-floor-');
  cleanup.push(floorHome);
  const floorRemote = path.join(floorHome, 'remote.git');
  const floorWork = path.join(floorHome, 'work');
  const genv = gitTestEnv(floorHome);
  execFileSync('git', ['clone', '--bare', '--quiet', small.remote, floorRemote], { env: genv });
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', floorRemote, floorWork], { env: genv });
  const floorFiles = execFileSync('git', ['-C', floorWork, 'ls-files'], { env: genv }).toString().trim().split('\n').length;
  const floorFile = (p: number, f: number) => path.join(floorWork, 'projects', 'github.com', 'bench', `p${p}`, 'memory', fileName(f));
  const floorOnce = () => {
    const t0 = performance.now();
    execFileSync('git', ['add', '-A'], { cwd: floorWork, env: genv });
    execFileSync('git', ['commit', '-q', '-m', 'x'], { cwd: floorWork, env: genv });
    execFileSync('git', ['push', '-q'], { cwd: floorWork, env: genv, stdio: 'ignore' });
    return performance.now() - t0;
  };

  // (a) publish 10 of 2,000: engine and floor interleaved (one unmeasured warm-up each).
  log('publish 10 of 2,000: engine and floor');
  let change = 0;
  applyChange(change, SMALL_FILES, smallFile);
  expectPublished('engine warm-up', await small.machine.sync(), CHANGED);
  applyChange(change++, SMALL_FILES, floorFile);
  floorOnce();
  const engine: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < Math.max(ENGINE_REPS, FLOOR_REPS); i++) {
    const n = change++;
    if (i < ENGINE_REPS) {
      applyChange(n, SMALL_FILES, smallFile);
      const r = await timed(() => small.machine.sync());
      expectPublished(`engine rep ${i}`, r.value, CHANGED);
      engine.push(r.ms);
    }
    if (i < FLOOR_REPS) {
      applyChange(n, SMALL_FILES, floorFile);
      floor.push(floorOnce());
    }
  }

  // CLI cold start: publish 10 of 2,000, and a no-op, each in a fresh `node bin/memsync.js sync`.
  log('publish 10 of 2,000: CLI');
  const cli: number[] = [];
  for (let i = 0; i < CLI_REPS; i++) {
    applyChange(change++, SMALL_FILES, smallFile);
    const r = await cliRun(small.machine.env, ['sync', '--json']);
    if (r.code !== 0) throw new Error(`memsync sync failed (${r.code}): ${r.stderr}`);
    expectPublished(`cli rep ${i}`, JSON.parse(r.stdout), CHANGED);
    cli.push(r.ms);
  }
  const haveDist = fs.existsSync(MEMSYNC_DIST);
  const distStale = haveDist && newestMtime(path.join(REPO_ROOT, 'src')) > fs.statSync(MEMSYNC_DIST).mtimeMs;
  const cliDist: number[] = [];
  for (let i = 0; haveDist && i < CLI_REPS; i++) {
    applyChange(change++, SMALL_FILES, smallFile);
    const r = await cliRun(small.machine.env, ['sync', '--json'], MEMSYNC_DIST);
    if (r.code !== 0) throw new Error(`dist/memsync.mjs sync failed (${r.code}): ${r.stderr}`);
    expectPublished(`cli (dist) rep ${i}`, JSON.parse(r.stdout), CHANGED);
    cliDist.push(r.ms);
  }
  await sleep(RACY_WAIT_MS);
  await cliRun(small.machine.env, ['sync']);
  const cliNoop2k: number[] = [];
  let cliNoop2kRss: number | null = null;
  for (let i = 0; i < CLI_REPS; i++) {
    const r = await cliRun(small.machine.env, ['sync']);
    cliNoop2k.push(r.ms);
    cliNoop2kRss = r.maxRssKb;
  }
  const cliHelp: number[] = [];
  let cliHelpRss: number | null = null;
  for (let i = 0; i < CLI_REPS; i++) {
    const r = await cliRun(small.machine.env, ['--version']);
    cliHelp.push(r.ms);
    cliHelpRss = r.maxRssKb;
  }
  // Bare node start, for what the CLI's fixed cost is made of.
  const nodeOnly: number[] = [];
  for (let i = 0; i < CLI_REPS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    nodeOnly.push(performance.now() - t0);
  }

  // ----- 20,000 files -----------------------------------------------------------------------
  log(`building ${PROJECTS} projects x ${LARGE_FILES} files`);
  const large = await buildFleet('bench20k', LARGE_FILES);
  gc();
  const peakOk = resetPeak();
  const rssBeforeInit = procStatus('VmRSS');
  log('initial sync at 20,000 files');
  const init20k = await timed(() => large.machine.sync({ projects: large.projects }));
  const peakInit = procStatus('VmHWM');
  expectPublished('initial sync 20k', init20k.value, large.files);
  await sleep(RACY_WAIT_MS);
  await large.machine.sync(); // warm no-op

  log('no-op syncs at 20,000 files');
  gc();
  resetPeak();
  const rssBeforeNoop = procStatus('VmRSS');
  const noop20k: number[] = [];
  for (let i = 0; i < NOOP_REPS; i++) {
    const r = await timed(() => large.machine.sync());
    if (r.value.published.length || r.value.taken.length) warnings.push('no-op 20k did something');
    noop20k.push(r.ms);
  }
  const peakNoop = procStatus('VmHWM');

  log('CLI no-op at 20,000 files');
  const cliNoop20k: number[] = [];
  let cliNoop20kRss: number | null = null;
  for (let i = 0; i < CLI_REPS; i++) {
    const r = await cliRun(large.machine.env, ['sync']);
    if (r.code !== 0) throw new Error(`memsync sync failed (${r.code}): ${r.stderr}`);
    cliNoop20k.push(r.ms);
    cliNoop20kRss = r.maxRssKb;
  }
  const distNoop20k = haveDist ? await cliRun(large.machine.env, ['sync'], MEMSYNC_DIST) : null;
  const stateKb = (m: Machine) =>
    ['sync-state.json', 'scan-cache.json'].map((f) => fs.statSync(path.join(m.env.MEMSYNC_HOME!, 'state', f)).size / 1024);
  const [state2k, cache2k] = stateKb(small.machine);
  const [state20k, cache20k] = stateKb(large.machine);

  // ----- Report -----------------------------------------------------------------------------
  const e = median(engine);
  const c = median(cli);
  const fl = median(floor);
  const n2 = median(noop2k);
  const n20 = median(noop20k);
  out.push(
    '',
    `(a) publish ${CHANGED} of ${small.files.toLocaleString('en')} (${PROJECTS} projects x ${SMALL_FILES}; floor clone has ${floorFiles} files)`,
    row(`engine runSync (median of ${ENGINE_REPS})`, e, engine),
    row(`CLI cold start, bin/memsync.js (median of ${CLI_REPS})`, c, cli),
    ...(haveDist ? [row(`CLI cold start, dist/memsync.mjs${distStale ? ' (STALE)' : ''} (median of ${CLI_REPS})`, median(cliDist), cliDist)] : []),
    row(`floor: git add/commit/push (median of ${FLOOR_REPS})`, fl, floor),
    `    -> engine ${ratio(e, fl)}, cli ${ratio(c, fl)}${haveDist ? `, bundled cli ${ratio(median(cliDist), fl)}` : ''} of the floor (target <= 1.5x): engine ${e <= 1.5 * fl ? 'MET' : 'NOT met'}, cli ${c <= 1.5 * fl ? 'MET' : 'NOT met'}${haveDist ? `, bundled cli ${median(cliDist) <= 1.5 * fl ? 'MET' : 'NOT met'}` : ''}`,
    `    for reference: initial full sync ${ms(init2k.ms)}; CLI no-op ${ms(median(cliNoop2k))}; CLI --version ${ms(median(cliHelp))}; bare \`node -e 0\` ${ms(median(nodeOnly))}`,
    '',
    `(b) no-op sync, ${large.files.toLocaleString('en')} vs ${small.files.toLocaleString('en')} files (${PROJECTS} projects each; median of ${NOOP_REPS} after a warm no-op)`,
    row(`no-op runSync at ${small.files.toLocaleString('en')} files`, n2, noop2k),
    row(`no-op runSync at ${large.files.toLocaleString('en')} files`, n20, noop20k),
    `    -> ${ratio(n20, n2)} (target <= 2x): ${n20 <= 2 * n2 ? 'MET' : 'NOT met'}; CLI no-op ${ms(median(cliNoop20k))} vs ${ms(median(cliNoop2k))} -> ${ratio(median(cliNoop20k), median(cliNoop2k))}`,
    `    for reference: initial full sync at 20,000 ${ms(init20k.ms)}; state files per sync: sync-state.json ${state2k!.toFixed(0)} -> ${state20k!.toFixed(0)} kB, scan-cache.json ${cache2k!.toFixed(0)} -> ${cache20k!.toFixed(0)} kB`,
    '',
    `(c) peak memory at ${large.files.toLocaleString('en')} files`,
    peakOk
      ? `    in-process initial sync: peak RSS ${mb(peakInit!)} (RSS before ${mb(rssBeforeInit!)}, +${mb(peakInit! - rssBeforeInit!)})`
      : `    in-process: cannot reset the peak (no /proc/self/clear_refs); process maxRSS ${mb(process.resourceUsage().maxRSS)}`,
    ...(peakOk ? [`    in-process no-op syncs:  peak RSS ${mb(peakNoop!)} (RSS before ${mb(rssBeforeNoop!)}, +${mb(peakNoop! - rssBeforeNoop!)})`] : []),
    cliNoop20kRss !== null
      ? `    CLI no-op (/usr/bin/time %M): ${mb(cliNoop20kRss)} at 20,000 vs ${mb(cliNoop2kRss!)} at 2,000; CLI --version ${mb(cliHelpRss!)}${distNoop20k?.maxRssKb ? `; bundled CLI no-op at 20,000 ${mb(distNoop20k.maxRssKb)}` : ''}`
      : '    CLI max RSS: /usr/bin/time not available',
    `    (this bench process maxRSS over its whole life: ${mb(process.resourceUsage().maxRSS)})`,
  );
  console.log(out.filter((l, i) => l !== '' || out[i - 1] !== '').join('\n'));
  if (warnings.length) console.log(`\nwarnings (figures may be off):\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
  console.log(`\ntotal bench time ${((performance.now() - tStart) / 1000).toFixed(0)} s`);
}

function removeAll(): void {
  if (keep) {
    console.log(`BENCH_KEEP=1: kept ${cleanup.join(' ')} (sandbox HOME ${sandboxHome})`);
    return;
  }
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
  // The sandbox HOME made by test/support/machines.ts on import.
  if (path.dirname(sandboxHome) === path.resolve(os.tmpdir()) && path.basename(sandboxHome).startsWith('memsync-test-home-')) {
    fs.rmSync(sandboxHome, { recursive: true, force: true });
  }
}

process.on('SIGINT', () => {
  removeAll();
  process.exit(130);
});
try {
  await main();
} finally {
  removeAll();
}
