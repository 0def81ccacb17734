import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CLI, Machine, bareRemote, runCli } from './support/machines.ts';

// Progress lines show only on a terminal: `script` (util-linux) runs the CLI on a pseudo-terminal.
// MEMSYNC_PROGRESS_AFTER_MS=0 shows a step's line at once instead of after a second.
function onTerminal(m: Machine, args: string[]): { code: number; out: string } {
  const cmd = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    env: { ...m.env, MEMSYNC_PROGRESS_AFTER_MS: '0', SHELL: '/bin/sh' },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: r.stdout };
}

async function machineWithMemory(files: number) {
  const m = await new Machine('laptop', bareRemote()).init();
  const dir = m.checkout('git@github.com:acme/widget.git');
  for (let i = 0; i < files; i++) m.write(path.join(m.memoryDir(dir), `sub${i % 20}`, `t${i}.md`), `fact ${i}\n`);
  return { m, dir };
}

test('a long step shows one updating line with counts on a terminal, and clears it', async () => {
  const { m, dir } = await machineWithMemory(200);
  const r = onTerminal(m, ['sync', '--project', dir]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /\r\x1b\[2Kscanning memory files: \d+/);
  assert.match(r.out, /\r\x1b\[2Kstoring files for the remote: \d+ of \d+/);
  // The line is cleared before the summary: the summary starts a clean line.
  assert.match(r.out, /\r\x1b\[2Ksync: 0 taken, 200 published/);
  const backup = onTerminal(m, ['backup', 'create']);
  assert.equal(backup.code, 0, backup.out);
  assert.match(backup.out, /backing up files: \d+ of 200/);
});

test('no progress line under --json, in a pipe, or when the step is short', async () => {
  const { m, dir } = await machineWithMemory(50);
  const json = onTerminal(m, ['sync', '--project', dir, '--json']);
  assert.equal(json.code, 0, json.out);
  assert.doesNotMatch(json.out, /scanning|storing/);
  const piped = await runCli(['sync'], { ...m.env, MEMSYNC_PROGRESS_AFTER_MS: '0' });
  assert.equal(piped.code, 0, piped.stderr);
  assert.doesNotMatch(piped.stderr + piped.stdout, /scanning|\x1b/);
  // At the default (about a second), a quick sync on a terminal shows none either.
  const cmd = [process.execPath, CLI, 'sync'].map((a) => `'${a}'`).join(' ');
  const quick = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    env: { ...m.env, SHELL: '/bin/sh' },
    encoding: 'utf8',
  });
  assert.equal(quick.status, 0, quick.stdout);
  assert.doesNotMatch(quick.stdout, /scanning/);
});
