import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGit } from '../src/store/gitRun.ts';

test('runGit says when git is started, before the run ends (the sync scans while git fetch runs)', async () => {
  const seen: string[] = [];
  const run = runGit(['--version'], { onSpawn: () => seen.push('started') }).then((r) => {
    seen.push('ended');
    return r;
  });
  // Called at once, not on a later turn: a caller that blocks next knows git runs meanwhile.
  assert.deepEqual(seen, ['started']);
  assert.match((await run).stdout.toString(), /^git version/);
  assert.deepEqual(seen, ['started', 'ended']);
});
