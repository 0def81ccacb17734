import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { runCli, tempDir } from './support/machines.ts';

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
