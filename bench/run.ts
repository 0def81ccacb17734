/**
 * memsync benchmark (`npm run bench`). Prints figures and ratios against baselines measured in
 * the same run; asserts nothing about timings.
 *
 *   (a) publish 10 changed files out of 2,000 (200 projects x 10): runSync in-process and the
 *       CLI cold start, against the floor: plain `git add -A && git commit && git push` of the
 *       same change in a clone of an equivalent remote.
 *   (b) a no-op sync at 20,000 files (200 projects x 100) against the same at 2,000.
 *   (c) peak memory of the 20,000-file initial and no-op syncs, in-process and in the CLI.
 *   (d) the hooks as Claude Code runs them (`sh -c` with the command from hooks/hooks.json, the
 *       hook JSON on stdin), on the 2,000-file machine after (a): Stop with nothing changed
 *       against `sh -c 'node -e 0'`, and SessionStart with nothing new on the remote against the
 *       `git fetch` alone.
 *   (e) the secret scan: its cost per memory file against hashing it, and the corpus figures
 *       (bench/secrets.ts).
 *   (f) encryption: the same 2,000 files synced through an age-encrypted remote against a plain
 *       one, interleaved: initial publish, publish 10, no-op, and a second machine's first pull.
 *   (g) claude-mem's database: a row merge of 2 x 50,000 observations (bench/claudeMem.ts).
 *   (h) the plugin as users install it: `claude plugin marketplace add` + `install` from a git URL
 *       and from a local path, against a `git clone` of the same URL (bench/pluginInstall.ts).
 *   (i) whole commands as users run them, against seed 004's rsync-and-git pipeline, plain git and
 *       `node -e 0`; (j) fifty machines syncing at the same moment (bench/whole.ts).
 *   (k) `memsync search` at 2,000 and 20,000 files, against a fetch and `git grep` (bench/search.ts).
 *
 * Everything lives in temp folders under os.tmpdir(), removed at the end (BENCH_KEEP=1 keeps
 * them and prints where, e.g. to profile a CLI run with `node --cpu-prof bin/memsync.js sync`).
 * BENCH_ONLY=b,a runs only the sections named (the letters above); unset, all of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { performance } from 'node:perf_hooks';
// Importing the test support points process.env.HOME at a sandbox and sets GIT_CONFIG_NOSYSTEM,
// so neither memsync's git nor the floor's git reads the real user's configuration.
import { Machine, gitTestEnv, tempDir, PLUGIN_ROOT, CLI } from '../test/support/machines.ts';
import type { SyncReport } from '../src/sync/engine.ts';
import { benchSecrets } from './secrets.ts';
import { loadContext } from '../src/machine/context.ts';
import { encryptRemote, keysExport, keysImport } from '../src/crypto/keys.ts';
import { benchClaudeMem } from './claudeMem.ts';
import { benchPluginInstall } from './pluginInstall.ts';
import { benchFleetRace, benchWhole } from './whole.ts';
import { benchStartSetups } from './startSetups.ts';
import { benchSearch } from './search.ts';
import { buildFleet as buildFleetOf, fileName, type Fleet } from './fixture.ts';

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
/** Runs the bundled CLI (dist/memsync.mjs); `npm run build` refreshes the bundle. */
const MEMSYNC_BIN = CLI;
const STOP_REPS = 20;
const SESSION_START_REPS = 10;

const sandboxHome = process.env.HOME!;

const cleanup: string[] = [];
const keep = process.env.BENCH_KEEP === '1';
/** BENCH_ONLY=b,a runs only those sections (the letters above; c and b share the 20,000-file machine). */
const only = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
);
const want = (...sections: string[]) => only.size === 0 || sections.some((s) => only.has(s));

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
const row = (label: string, x: number, xs: number[]) => `    ${label.padEnd(62)} ${ms(x).padStart(9)}  ${list(xs)}`;
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

/** A machine with `PROJECTS` checkouts (distinct origins), each with `perProject` memory files. */
const buildFleet = (name: string, perProject: number) => buildFleetOf(name, PROJECTS, perProject, cleanup);

/** The `CHANGED` (project, file) pairs of change number `n`: all different from other changes. */
function changeSet(n: number, perProject: number): { p: number; f: number }[] {
  const out: { p: number; f: number }[] = [];
  for (let k = 0; k < CHANGED; k++) out.push({ p: (n * CHANGED + k) % PROJECTS, f: n % perProject });
  return out;
}
function applyChange(n: number, perProject: number, fileOf: (p: number, f: number) => string): void {
  for (const { p, f } of changeSet(n, perProject))
    fs.appendFileSync(fileOf(p, f), `- edit ${n}: learned something new at ${Date.now()}\n`);
}

function cliRun(
  env: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number; ms: number; stdout: string; stderr: string; maxRssKb: number | null }> {
  const useTime = fs.existsSync('/usr/bin/time');
  return new Promise((resolve) => {
    const argv = [process.execPath, MEMSYNC_BIN, ...args];
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
      resolve({
        code: code ?? -1,
        ms: elapsed,
        stdout,
        stderr: stderr.replace(/BENCH_MAXRSS_KB=\d+\n?/, ''),
        maxRssKb: m ? Number(m[1]) : null,
      });
    });
  });
}

/** Runs a command with `stdin` as its whole input, timed from spawn to exit. */
function timedRun(
  cmd: string,
  args: string[],
  opts: SpawnOptions,
  stdin = '',
): Promise<{ code: number; ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdin!.on('error', () => undefined); // a command that exits without reading its input
    child.stdin!.end(stdin);
    child.on('close', (code) => resolve({ code: code ?? -1, ms: performance.now() - t0, stdout, stderr }));
  });
}

/** The command Claude Code runs for a hook event, from hooks/hooks.json, with the plugin root filled in. */
function hookCommand(event: string): string {
  const conf = JSON.parse(fs.readFileSync(path.join(PLUGIN_ROOT, 'hooks', 'hooks.json'), 'utf8')) as {
    hooks: Record<string, { hooks: { type: string; command: string }[] }[]>;
  };
  const command = conf.hooks[event]?.[0]?.hooks.find((h) => h.type === 'command')?.command;
  if (!command) throw new Error(`hooks/hooks.json has no command hook for ${event}`);
  return command.split('${CLAUDE_PLUGIN_ROOT}').join(PLUGIN_ROOT);
}

/** A file's size and mtime, or null when absent: to tell whether a hook touched it. */
const fileStamp = (f: string) => {
  try {
    const st = fs.statSync(f);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
};
const sizeOf = (f: string) => {
  try {
    return fs.statSync(f).size;
  } catch {
    return 0;
  }
};
const kbText = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} kB`);

const warnings: string[] = [];
function expectPublished(what: string, r: SyncReport | { published: string[] }, n: number): void {
  if (r.published.length !== n) warnings.push(`${what}: published ${r.published.length}, expected ${n}`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const tStart = performance.now();
  const out: string[] = [];
  console.log(
    `memsync bench: node ${process.version}, ${os.cpus().length} CPUs, ` +
      `${execFileSync('git', ['--version']).toString().trim()}` +
      (only.size ? ` (BENCH_ONLY=${[...only].join(',')})` : ''),
  );

  // ----- 2,000 files ------------------------------------------------------------------------
  if (want('a', 'b', 'c', 'd')) {
    log(`building ${PROJECTS} projects x ${SMALL_FILES} files`);
    const small = await buildFleet('bench2k', SMALL_FILES);
    const init2k = await timed(() => small.machine.sync({ projects: small.projects }));
    expectPublished('initial sync 2k', init2k.value, small.files);
    await sleep(RACY_WAIT_MS);
    await small.machine.sync(); // warm no-op: fills the scan cache for files that were racy

    // (b) no-op at 2,000
    const noop2k: number[] = [];
    if (want('b')) {
      log('no-op syncs at 2,000 files');
      for (let i = 0; i < NOOP_REPS; i++) {
        const r = await timed(() => small.machine.sync());
        if (r.value.published.length || r.value.taken.length) warnings.push('no-op 2k did something');
        noop2k.push(r.ms);
      }
    }
    const publish = want('a') ? await benchPublish(small) : null;
    const cli2k = await cliNoops(small, '2,000');
    if (publish) out.push(...publish(init2k.ms, cli2k));
    // (d) on the 2,000-file machine, fully synced by the CLI runs above.
    const hooks = want('d') ? await benchHooks(small) : null;
    const encryption = want('f') ? await benchEncryption() : [];
    if (want('b', 'c')) out.push(...(await benchLarge(small, noop2k, cli2k)));
    if (hooks) out.push(...hooksLines(small, hooks));
    out.push('', ...encryption);
  } else if (want('f')) out.push('', ...(await benchEncryption()));
  if (want('e')) {
    log('secret scan');
    out.push('', ...(await benchSecrets()));
  }
  if (want('g')) {
    log('claude-mem row merge');
    out.push(...(await benchClaudeMem()));
  }
  if (want('h')) {
    log('plugin install');
    out.push(...(await benchPluginInstall()));
  }
  if (want('i')) out.push(...(await benchWhole()), ...(await benchStartSetups()));
  if (want('j')) out.push(...(await benchFleetRace()));
  if (want('k')) out.push(...(await benchSearch()));
  console.log(out.filter((l, i) => l !== '' || (i > 0 && out[i - 1] !== '')).join('\n'));
  if (warnings.length) console.log(`\nwarnings (figures may be off):\n${warnings.map((w) => `  - ${w}`).join('\n')}`);
  console.log(`\ntotal bench time ${((performance.now() - tStart) / 1000).toFixed(0)} s`);
}

interface CliRuns {
  ms: number[];
  /** Peak memory of the last run. */
  rssKb: number | null;
}

/** CLI no-op syncs (after one to fill the scan cache), and `--version` for the CLI's fixed cost. */
async function cliNoops(fleet: Fleet, what: string): Promise<{ noop: CliRuns; version: CliRuns }> {
  log(`CLI no-op at ${what} files`);
  await sleep(RACY_WAIT_MS);
  await cliRun(fleet.machine.env, ['sync']);
  const runs: number[] = [];
  let rssKb: number | null = null;
  for (let i = 0; i < CLI_REPS; i++) {
    const r = await cliRun(fleet.machine.env, ['sync']);
    if (r.code !== 0) throw new Error(`memsync sync failed (${r.code}): ${r.stderr}`);
    runs.push(r.ms);
    rssKb = r.maxRssKb;
  }
  const version: CliRuns = { ms: [], rssKb: null };
  for (let i = 0; i < CLI_REPS; i++) {
    const r = await cliRun(fleet.machine.env, ['--version']);
    version.ms.push(r.ms);
    version.rssKb = r.maxRssKb;
  }
  return { noop: { ms: runs, rssKb }, version };
}

/** (a): publish 10 of 2,000, engine and CLI, against plain git; returns the report given the reference figures. */
async function benchPublish(
  small: Fleet,
): Promise<(init2kMs: number, cli2k: { noop: CliRuns; version: CliRuns }) => string[]> {
  const smallFile = (p: number, f: number) => path.join(small.memDirs[p]!, fileName(f));
  // Floor: a clone of an equivalent remote (a copy of memsync's remote: same 2,000 files + memsync.json).
  log('floor: plain git clone');
  const floorHome = tempDir('memsync-bench-floor-');
  cleanup.push(floorHome);
  const floorRemote = path.join(floorHome, 'remote.git');
  const floorWork = path.join(floorHome, 'work');
  const genv = gitTestEnv(floorHome);
  execFileSync('git', ['clone', '--bare', '--quiet', small.remote, floorRemote], { env: genv });
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', floorRemote, floorWork], { env: genv });
  const floorFiles = execFileSync('git', ['-C', floorWork, 'ls-files'], { env: genv })
    .toString()
    .trim()
    .split('\n').length;
  const floorFile = (p: number, f: number) =>
    path.join(floorWork, 'projects', 'github.com', 'bench', `p${p}`, 'memory', fileName(f));
  const floorOnce = () => {
    const t0 = performance.now();
    execFileSync('git', ['add', '-A'], { cwd: floorWork, env: genv });
    execFileSync('git', ['commit', '-q', '-m', 'x'], { cwd: floorWork, env: genv });
    execFileSync('git', ['push', '-q'], { cwd: floorWork, env: genv, stdio: 'ignore' });
    return performance.now() - t0;
  };

  // Engine and floor interleaved (one unmeasured warm-up each).
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

  // CLI cold start: publish 10 of 2,000 in a fresh `node bin/memsync.js sync`.
  log('publish 10 of 2,000: CLI');
  const cli: number[] = [];
  for (let i = 0; i < CLI_REPS; i++) {
    applyChange(change++, SMALL_FILES, smallFile);
    const r = await cliRun(small.machine.env, ['sync', '--json']);
    if (r.code !== 0) throw new Error(`memsync sync failed (${r.code}): ${r.stderr}`);
    expectPublished(`cli rep ${i}`, JSON.parse(r.stdout), CHANGED);
    cli.push(r.ms);
  }
  // Bare node start, for what the CLI's fixed cost is made of.
  const nodeOnly: number[] = [];
  for (let i = 0; i < CLI_REPS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    nodeOnly.push(performance.now() - t0);
  }
  const e = median(engine);
  const c = median(cli);
  const fl = median(floor);
  return (init2kMs, cli2k) => [
    '',
    `(a) publish ${CHANGED} of ${small.files.toLocaleString('en')} (${PROJECTS} projects x ${SMALL_FILES}; floor ` +
      `clone has ${floorFiles} files)`,
    row(`engine runSync (median of ${ENGINE_REPS})`, e, engine),
    row(`CLI cold start (bin/memsync.js -> dist bundle) (median of ${CLI_REPS})`, c, cli),
    row(`floor: git add/commit/push (median of ${FLOOR_REPS})`, fl, floor),
    `    -> engine ${ratio(e, fl)}, cli ${ratio(c, fl)} of the floor (target <= 1.5x): engine ` +
      `${e <= 1.5 * fl ? 'MET' : 'NOT met'}, cli ${c <= 1.5 * fl ? 'MET' : 'NOT met'}`,
    `    for reference: initial full sync ${ms(init2kMs)}; CLI no-op ${ms(median(cli2k.noop.ms))}; CLI --version ` +
      `${ms(median(cli2k.version.ms))}; bare \`node -e 0\` ${ms(median(nodeOnly))}`,
  ];
}

/** (b) and (c): the 20,000-file machine's initial and no-op syncs, against the 2,000-file figures. */
async function benchLarge(
  small: Fleet,
  noop2k: number[],
  cli2k: { noop: CliRuns; version: CliRuns },
): Promise<string[]> {
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
  const cliNoop20k = (await cliNoops(large, '20,000')).noop;
  // The state: a small header naming the base file (base-<seq>.json), and the scan cache.
  const stateSizes = (m: Machine, what: string) => {
    const dir = path.join(m.env.MEMSYNC_HOME!, 'state');
    const bases = fs.readdirSync(dir).filter((n) => /^base-.*\.json$/.test(n));
    if (bases.length !== 1) warnings.push(`${what}: ${bases.length} base-*.json files in ${dir}, expected 1`);
    return {
      header: sizeOf(path.join(dir, 'sync-state.json')),
      base: bases.reduce((sum, n) => sum + sizeOf(path.join(dir, n)), 0),
      cache: sizeOf(path.join(dir, 'scan-cache.json')),
    };
  };
  const st2k = stateSizes(small.machine, '2k state');
  const st20k = stateSizes(large.machine, '20k state');
  const n20 = median(noop20k);
  const cli20 = median(cliNoop20k.ms);
  const cli2 = median(cli2k.noop.ms);
  const b = [
    '',
    `(b) no-op sync, ${large.files.toLocaleString('en')} vs ${small.files.toLocaleString('en')} files (${PROJECTS} ` +
      `projects each; median of ${NOOP_REPS} after a warm no-op)`,
    row(`no-op runSync at ${small.files.toLocaleString('en')} files`, median(noop2k), noop2k),
    row(`no-op runSync at ${large.files.toLocaleString('en')} files`, n20, noop20k),
    `    -> ${ratio(n20, median(noop2k))} (target <= 2x): ${n20 <= 2 * median(noop2k) ? 'MET' : 'NOT met'}; CLI ` +
      `no-op ${ms(cli20)} vs ${ms(cli2)} -> ${ratio(cli20, cli2)}`,
    `    for reference: initial full sync at 20,000 ${ms(init20k.ms)}; state at 2,000 -> 20,000: header ` +
      `sync-state.json ${kbText(st2k.header)} -> ${kbText(st20k.header)}, base base-<seq>.json ` +
      `${kbText(st2k.base)} -> ${kbText(st20k.base)}, scan-cache.json ${kbText(st2k.cache)} -> ` +
      `${kbText(st20k.cache)}`,
  ];
  const c = [
    '',
    `(c) peak memory at ${large.files.toLocaleString('en')} files`,
    peakOk
      ? `    in-process initial sync: peak RSS ${mb(peakInit!)} (RSS before ${mb(rssBeforeInit!)}, ` +
        `+${mb(peakInit! - rssBeforeInit!)})`
      : `    in-process: cannot reset the peak (no /proc/self/clear_refs); process maxRSS ` +
        `${mb(process.resourceUsage().maxRSS)}`,
    ...(peakOk
      ? [
          `    in-process no-op syncs:  peak RSS ${mb(peakNoop!)} (RSS before ${mb(rssBeforeNoop!)}, ` +
            `+${mb(peakNoop! - rssBeforeNoop!)})`,
        ]
      : []),
    cliNoop20k.rssKb !== null
      ? `    CLI no-op (/usr/bin/time %M): ${mb(cliNoop20k.rssKb)} at 20,000 vs ${mb(cli2k.noop.rssKb!)} at 2,000; ` +
        `CLI --version ${mb(cli2k.version.rssKb!)}`
      : '    CLI max RSS: /usr/bin/time not available',
    `    (this bench process maxRSS over its whole life: ${mb(process.resourceUsage().maxRSS)})`,
  ];
  return [...(want('b') ? b : []), ...(want('c') ? c : [])];
}

function hooksLines(small: Fleet, hooks: Awaited<ReturnType<typeof benchHooks>>): string[] {
  return [
    '',
    `(d) hooks as Claude Code runs them (sh -c, command from hooks/hooks.json, hook JSON on stdin), ` +
      `${small.files.toLocaleString('en')}-file machine`,
    row(`Stop, nothing changed (median of ${STOP_REPS})`, median(hooks.stop), hooks.stop),
    row(`baseline: sh -c 'node -e 0' (median of ${STOP_REPS}, interleaved)`, median(hooks.bareNode), hooks.bareNode),
    `    -> Stop ${ratio(median(hooks.stop), median(hooks.bareNode))} of bare node (target <= 1.5x): ` +
      `${median(hooks.stop) <= 1.5 * median(hooks.bareNode) ? 'MET' : 'NOT met'}; did nothing: ` +
      `${hooks.stopIdle ? 'yes (state/bg-push.json untouched, no new log line, no output)' : 'NO (see warnings)'}`,
    row(
      `SessionStart, nothing new on the remote (median of ${SESSION_START_REPS})`,
      median(hooks.sessionStart),
      hooks.sessionStart,
    ),
    row(
      `git fetch alone, same repo.git (median of ${SESSION_START_REPS}, interleaved)`,
      median(hooks.fetch),
      hooks.fetch,
    ),
    `    -> SessionStart ${ms(median(hooks.sessionStart))}, ` +
      `${ratio(median(hooks.sessionStart), median(hooks.fetch))} of the fetch alone (no target; report only); ` +
      `pulled nothing: ${hooks.startIdle ? 'yes' : 'NO (see warnings)'}`,
  ];
}

/** (d): the Stop and SessionStart hooks run as Claude Code runs them, on a fully synced machine. */
async function benchHooks(fleet: Fleet): Promise<{
  stop: number[];
  bareNode: number[];
  sessionStart: number[];
  fetch: number[];
  stopIdle: boolean;
  startIdle: boolean;
}> {
  const { machine } = fleet;
  const home = machine.env.MEMSYNC_HOME!;
  const project = fleet.projects[Math.floor(PROJECTS / 2)]!;
  const logFile = path.join(home, 'logs', 'memsync.log');
  const stampFile = path.join(home, 'state', 'bg-push.json');
  // Claude Code sets these for plugin hooks, and runs the hook in the project folder.
  const env = { ...machine.env, CLAUDE_PLUGIN_ROOT: PLUGIN_ROOT, CLAUDE_PROJECT_DIR: project };
  const opts: SpawnOptions = { env, cwd: project };
  // The session transcript sits beside the memory folder and grows with every response.
  const transcript = path.join(path.dirname(machine.memoryDir(project)), 'b.jsonl');
  const input = (event: string, extra: Record<string, unknown>) =>
    JSON.stringify({
      session_id: 'b',
      transcript_path: transcript,
      cwd: project,
      permission_mode: 'default',
      hook_event_name: event,
      ...extra,
    });

  log(`hooks: Stop (nothing changed) x ${STOP_REPS}, interleaved with sh -c 'node -e 0'`);
  const stopCmd = hookCommand('Stop');
  const stopInput = input('Stop', { stop_hook_active: false });
  const stop: number[] = [];
  const bareNode: number[] = [];
  let stopIdle = true;
  for (let i = -1; i < STOP_REPS; i++) {
    fs.appendFileSync(transcript, `{"type":"assistant","n":${i}}\n`);
    const stampBefore = fileStamp(stampFile);
    const logBefore = sizeOf(logFile);
    const h = await timedRun('sh', ['-c', stopCmd], opts, stopInput);
    const b = await timedRun('sh', ['-c', 'node -e 0'], opts, stopInput);
    const problems = [
      h.code !== 0 && `exit ${h.code}`,
      fileStamp(stampFile) !== stampBefore && 'state/bg-push.json created or changed',
      sizeOf(logFile) !== logBefore && `log grew: ${fs.readFileSync(logFile, 'utf8').slice(logBefore).trim()}`,
      (h.stdout.trim() || h.stderr.trim()) && `output: ${(h.stdout + h.stderr).trim()}`,
    ].filter(Boolean);
    if (problems.length) {
      stopIdle = false;
      warnings.push(`Stop run ${i} did not do nothing: ${problems.join('; ')}`);
    }
    if (i < 0) continue; // warm-up
    stop.push(h.ms);
    bareNode.push(b.ms);
  }

  log(`hooks: SessionStart (nothing new on the remote) x ${SESSION_START_REPS}, interleaved with git fetch`);
  const startCmd = hookCommand('SessionStart');
  const startInput = input('SessionStart', { source: 'startup' });
  const gitDir = path.join(home, 'repo.git');
  const fetchArgs = ['--git-dir', gitDir, 'fetch', '--quiet', 'origin', '+refs/heads/main:refs/remotes/origin/main'];
  const remoteTip = () =>
    execFileSync('git', ['--git-dir', fleet.remote, 'rev-parse', 'refs/heads/main'], { env: machine.env })
      .toString()
      .trim();
  const tipBefore = remoteTip();
  const sessionStart: number[] = [];
  const fetch: number[] = [];
  let startIdle = true;
  for (let i = -1; i < SESSION_START_REPS; i++) {
    const logBefore = sizeOf(logFile);
    const h = await timedRun('sh', ['-c', startCmd], opts, startInput);
    const f = await timedRun('git', fetchArgs, { env: machine.env });
    if (f.code !== 0) throw new Error(`git fetch failed (${f.code}): ${f.stderr}`);
    const logged = sizeOf(logFile) > logBefore ? fs.readFileSync(logFile, 'utf8').slice(logBefore).trim() : '';
    const problems = [
      h.code !== 0 && `exit ${h.code}`,
      (h.stdout.trim() || h.stderr.trim()) && `output: ${(h.stdout + h.stderr).trim().slice(0, 300)}`,
      !/pull: 0 taken, 0 merged, 0 deleted$/.test(logged) && `log: ${logged || '(nothing)'}`,
    ].filter(Boolean);
    if (problems.length) {
      startIdle = false;
      warnings.push(`SessionStart run ${i} did not pull nothing: ${problems.join('; ')}`);
    }
    if (i < 0) continue; // warm-up
    sessionStart.push(h.ms);
    fetch.push(f.ms);
  }
  if (remoteTip() !== tipBefore) warnings.push('the remote moved during the SessionStart runs');
  return { stop, bareNode, sessionStart, fetch, stopIdle, startIdle };
}

/** (e): age against plain, on two fleets with the same 2,000 files; runs interleaved. */
async function benchEncryption(): Promise<string[]> {
  log(`encryption: two fleets of ${PROJECTS} x ${SMALL_FILES} files, plain and age`);
  const plain = await buildFleet('benchplain', SMALL_FILES);
  const aged = await buildFleet('benchage', SMALL_FILES);
  await encryptRemote(aged.machine.ctx);
  aged.machine.ctx = (await loadContext(aged.machine.env))!;
  const fleets = [plain, aged] as const;
  const fileOf = (f: Fleet) => (p: number, n: number) => path.join(f.memDirs[p]!, fileName(n));
  const initial = [] as number[];
  for (const f of fleets) {
    const r = await timed(() => f.machine.sync({ projects: f.projects }));
    expectPublished(`${f.machine.name} initial`, r.value, f.files);
    initial.push(r.ms);
  }
  await sleep(RACY_WAIT_MS);
  for (const f of fleets) await f.machine.sync();
  const publish: [number[], number[]] = [[], []];
  const noop: [number[], number[]] = [[], []];
  for (let i = 0; i < ENGINE_REPS; i++) {
    for (const [k, f] of fleets.entries()) {
      applyChange(i, SMALL_FILES, fileOf(f));
      const r = await timed(() => f.machine.sync());
      expectPublished(`${f.machine.name} publish rep ${i}`, r.value, CHANGED);
      publish[k]!.push(r.ms);
    }
  }
  await sleep(RACY_WAIT_MS);
  for (const f of fleets) await f.machine.sync();
  for (let i = 0; i < NOOP_REPS; i++) {
    for (const [k, f] of fleets.entries()) noop[k]!.push((await timed(() => f.machine.sync())).ms);
  }
  // A second machine with the same checkouts (and, for age, the shared key) pulls everything.
  const pull: number[] = [];
  for (const f of fleets) {
    const m = await new Machine(`${f.machine.name}-2`, f.remote).init();
    cleanup.push(m.root);
    const projects = Array.from({ length: PROJECTS }, (_, p) => m.checkout(`git@github.com:bench/p${p}.git`, `p${p}`));
    if (f === aged) {
      await keysImport(m.ctx, await keysExport(aged.machine.ctx), 'bench', false);
      m.ctx = (await loadContext(m.env))!;
    }
    const r = await timed(() => m.sync({ projects }));
    if (r.value.taken.length !== f.files)
      warnings.push(`${m.name} first pull took ${r.value.taken.length}, expected ${f.files}`);
    pull.push(r.ms);
  }
  const line = (what: string, p: number[], a: number[]) =>
    `    ${what.padEnd(44)} plain ${ms(median(p)).padStart(9)}  age ${ms(median(a)).padStart(9)}  -> ` +
    `${ratio(median(a), median(p))}  ${list(p)} ${list(a)}`;
  return [
    `(f) encryption (age X25519) against plain, ${plain.files.toLocaleString('en')} files, same content, interleaved`,
    line('initial sync (publish all)', [initial[0]!], [initial[1]!]),
    line(`publish ${CHANGED} (median of ${ENGINE_REPS})`, publish[0], publish[1]),
    line(`no-op (median of ${NOOP_REPS})`, noop[0], noop[1]),
    line('second machine, first pull of all (decrypts)', [pull[0]!], [pull[1]!]),
    `    remote size: plain ${kbText(dirSize(plain.remote))}, age ${kbText(dirSize(aged.remote))} (age adds a ` +
      `header of about 200 bytes per file version)`,
  ];
}

/** Bytes of every file under a folder. */
function dirSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) total += sizeOf(path.join(e.parentPath, e.name));
  return total;
}

function removeAll(): void {
  if (keep) {
    console.log(`BENCH_KEEP=1: kept ${cleanup.join(' ')} (sandbox HOME ${sandboxHome})`);
    return;
  }
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
  // The sandbox HOME made by test/support/machines.ts on import.
  if (
    path.dirname(sandboxHome) === path.resolve(os.tmpdir()) &&
    path.basename(sandboxHome).startsWith('memsync-test-home-')
  ) {
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
