import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Machine, bareRemote, runCli, tempDir } from './support/machines.ts';

const env = (home: string): NodeJS.ProcessEnv => ({
  ...process.env,
  HOME: home,
  CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
  MEMSYNC_HOME: path.join(home, '.memsync'),
});

test('--help and --version on a machine that never ran memsync create nothing', async () => {
  const home = tempDir('memsync-startup-');
  for (const args of [['--help'], ['--version']]) {
    const r = await runCli(args, env(home));
    assert.equal(r.code, 0, r.stderr);
  }
  assert.deepEqual(fs.readdirSync(home), []);
});

const hasCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
test("a set-up machine keeps Node's compile cache in memsync's folder", {
  skip: hasCache ? false : `Node ${process.version} has no module.enableCompileCache (22.1 and later)`,
}, async () => {
  const home = tempDir('memsync-startup-');
  fs.mkdirSync(path.join(home, '.memsync'));
  const r = await runCli(['--version'], env(home));
  assert.equal(r.code, 0, r.stderr);
  const cache = path.join(home, '.memsync', 'cache', 'node');
  const files = fs.readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  assert.ok(files.length > 0, `no compiled code cached under ${cache}`);
});

const SUPPORT = path.join(import.meta.dirname, 'support');

/** A CLI run's loaded parts: the bundle's text it loaded, and the Node builtins it loaded. */
async function loaded(args: string[], runEnv: NodeJS.ProcessEnv) {
  const dir = tempDir('memsync-modules-');
  const [modules, builtins] = [path.join(dir, 'modules'), path.join(dir, 'builtins')];
  const preload = [
    `--import=${path.join(SUPPORT, 'moduleLog.mjs')}`,
    `--require=${path.join(SUPPORT, 'builtinsLoaded.cjs')}`,
  ];
  const r = await runCli(args, {
    ...runEnv,
    NODE_OPTIONS: preload.join(' '),
    MEMSYNC_TEST_MODULE_LOG: modules,
    MEMSYNC_TEST_BUILTINS: builtins,
  });
  assert.equal(r.code, 0, r.stderr);
  const urls = fs.readFileSync(modules, 'utf8').split('\n');
  const files = urls.filter((u) => u.startsWith('file:') && u.endsWith('.mjs')).map((u) => fileURLToPath(u));
  return {
    bundle: files.map((f) => fs.readFileSync(f, 'utf8')).join('\n'),
    builtins: fs.readFileSync(builtins, 'utf8').split('\n'),
  };
}

// The bundle keeps esbuild's comment naming each dependency's file: what a run loaded is in its text.
const PARTS = {
  'cosmiconfig and js-yaml': 'node_modules/js-yaml/',
  'age-encryption': 'node_modules/age-encryption/',
  "zod's other locales": 'node_modules/zod/v4/locales/de.js',
  zod: 'node_modules/zod/',
  'the sync engine': 'function runSync(',
  secretlint: 'node_modules/@secretlint/core/',
};

test("--help loads neither zod nor the sync engine, nor Node's performance API", async () => {
  const home = tempDir('memsync-startup-');
  const run = await loaded(['--help'], env(home));
  for (const [what, mark] of Object.entries(PARTS)) assert.ok(!run.bundle.includes(mark), `--help loaded ${what}`);
  assert.ok(!run.builtins.includes('NativeModule perf_hooks'), '--help loaded node:perf_hooks');
});

test("status on a plain remote loads neither age, cosmiconfig, secretlint nor zod's other locales", async () => {
  const m = await new Machine('startup', bareRemote()).init();
  // The CLI's sync: the bundle's scanner is the one that found the host name clean.
  assert.equal((await runCli(['sync'], m.env)).code, 0);
  const run = await loaded(['status'], m.env);
  assert.ok(
    run.bundle.includes(PARTS.zod) && run.bundle.includes(PARTS['the sync engine']),
    'the check reads the bundle',
  );
  // secretlint: the host name was found clean by the sync (secrets/hostChecked.ts), and nothing is to publish.
  for (const what of ['cosmiconfig and js-yaml', 'age-encryption', "zod's other locales", 'secretlint'] as const)
    assert.ok(!run.bundle.includes(PARTS[what]), `status loaded ${what}`);
});

test('status with nothing new starts at most 4 git processes, none to make or ask a new repository', async () => {
  const m = await new Machine('gitcount', bareRemote()).init();
  const project = m.checkout('git@github.com:acme/widget.git');
  m.write(path.join(m.memoryDir(project), 'MEMORY.md'), '# Memory\n- [deploy](deploy.md)\n');
  await m.sync({ projects: [project] });
  const trace = path.join(tempDir('memsync-trace-'), 'trace');
  const r = await runCli(['status'], { ...m.env, GIT_TRACE2_EVENT: trace });
  assert.equal(r.code, 0, r.stderr);
  // memsync's own git processes: a child git (fetch's upload-pack) has its parent's id before a slash.
  const started = fs
    .readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; sid: string; argv: string[] })
    .filter((e) => e.event === 'start' && !e.sid.includes('/'));
  const what = started.map((e) => e.argv.filter((a) => !a.includes('=') && a !== '-c').join(' '));
  // for-each-ref (the lookaside's refs: store/lookaside.ts writes the repository itself), diff-files
  // (the live index, once a sync made one), fetch, ls-tree (the remote's projects). A remote that is
  // a path needs no network settings (a git config run for any other).
  assert.ok(started.length <= 4, `${started.length} git processes:\n${what.join('\n')}`);
  for (const not of ['init', 'remote add', '--get remote.origin.url', '--get-regexp'])
    assert.ok(!what.some((w) => w.includes(not)), `${not}:\n${what.join('\n')}`);
});
