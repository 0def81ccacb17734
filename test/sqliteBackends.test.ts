import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { betterSqlite } from '../src/claudeMem/sqlite/better.ts';
import { bunSqlite } from '../src/claudeMem/sqlite/bun.ts';
import { nodeSqlite } from '../src/claudeMem/sqlite/node.ts';
import { sqliteBackend } from '../src/claudeMem/sqlite.ts';
import { BACKENDS, type Backend, type BackendName } from '../src/claudeMem/sqlite/types.ts';
import { bunDir } from './support/claudeMem.ts';
import { REPO_ROOT } from './support/machines.ts';

// The claude-mem suite (merge, a writer during sync, mixed versions, file mode, dry runs) on each SQLite
// backend this Node can use besides the one it picks by itself, which the plain run covers. Not the row
// merge's and the backups' own files: they reach the backend through the same calls, and CI's time is short.
const SUITE = ['test/claudeMem.test.ts', 'test/claudeMemDryRun.test.ts'];
process.env.PATH = `${bunDir()}${path.delimiter}${process.env.PATH}`;
const probes: Record<BackendName, () => Backend | string> = {
  node: nodeSqlite,
  'better-sqlite3': betterSqlite,
  bun: bunSqlite,
};
const own = sqliteBackend({ PATH: process.env.PATH }).name;
console.log(`sqlite backend chosen by Node ${process.versions.node}: ${own}`);

for (const name of BACKENDS) {
  const b = probes[name]();
  const skip =
    name === own
      ? `${name} is this Node's own choice: the plain run of the suite uses it`
      : typeof b === 'string'
        ? `${name} is not available here: ${b}`
        : false;
  test(`the claude-mem suite passes on the ${name} backend (MEMSYNC_SQLITE=${name})`, { skip }, () => {
    // Its two files side by side, as npm test runs files: the rerun is CI's longest single test.
    const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=tap', ...SUITE];
    const r = spawnSync(process.execPath, args, {
      cwd: REPO_ROOT,
      // Without NODE_TEST_CONTEXT: this is a test run of its own, not a child of this one.
      env: { ...process.env, MEMSYNC_SQLITE: name, NODE_TEST_CONTEXT: undefined },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const failed = r.stdout.split('\n').filter((l) => /^not ok/.test(l));
    assert.equal(r.status, 0, `${failed.join('\n')}\n${r.stdout.slice(-3000)}${r.stderr.slice(-2000)}`);
    assert.match(r.stdout, /^# pass [1-9]/m);
    assert.match(r.stdout, /^# fail 0$/m);
  });
}
