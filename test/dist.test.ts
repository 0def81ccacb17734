import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT, tempDir, PLUGIN_ROOT } from './support/machines.ts';

test('the shipped bundles in dist/ match the sources (run npm run build after changing src/)', () => {
  const out = tempDir('memsync-dist-');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), out]);
  const files = (dir: string) =>
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
      .sort();
  const shipped = path.join(PLUGIN_ROOT, 'dist');
  assert.deepEqual(files(shipped), files(out), 'dist/ holds other files than a build makes: run npm run build');
  for (const f of files(out)) {
    assert.ok(
      fs.readFileSync(path.join(out, f)).equals(fs.readFileSync(path.join(PLUGIN_ROOT, 'dist', f))),
      `dist/${f} is stale: run npm run build and commit it`,
    );
  }
  fs.rmSync(out, { recursive: true, force: true });
});

test('the light hook bundle stays light (Stop runs after every response)', () => {
  const size = fs.statSync(path.join(PLUGIN_ROOT, 'dist', 'hook.cjs')).size;
  // About 71 kB since SessionStart's short way (its one git call, then its checks for an encrypted remote and
  // claude-mem's database) and the backup schedule's due check came in; a library would be far more.
  assert.ok(size < 76_000, `dist/hook.cjs is ${size} bytes: something heavy was imported into the Stop path`);
});
