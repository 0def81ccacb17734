import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, twoMachines } from './support/machines.ts';

const tipOf = (remote: string) =>
  execFileSync('git', ['--git-dir', remote, 'rev-parse', 'main'], { env: gitTestEnv(remote) })
    .toString()
    .trim();

interface LogEntry {
  commit: string;
  host: string;
  message: string;
  paths: { status: string; path: string }[];
}

test('push --message with nothing pending records a named point every machine finds in log', async () => {
  const { remote, a, b, pa, memA } = await twoMachines('git@github.com:acme/widget.git');
  a.write(path.join(memA, 'plan.md'), 'migrate on Sunday\n');
  assert.equal((await a.cli(['sync', '--project', pa])).code, 0);
  const before = tipOf(remote);

  // A dry run records that it would, and leaves the remote as it is.
  const dry = await a.cli(['push', '--message', 'before the migration', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /named point "before the migration": the real run would record it/);
  assert.equal(tipOf(remote), before);

  const r = await a.cli(['push', '--message', 'before the migration', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const point = JSON.parse(r.stdout).point as { message: string; commit: string };
  assert.equal(point.message, 'before the migration');
  assert.equal(point.commit, tipOf(remote));
  assert.notEqual(point.commit, before);

  // Another machine finds it in log, with its message, host and no file changed.
  const log = await b.cli(['log', '--json']);
  assert.equal(log.code, 0, log.stderr);
  const entries = JSON.parse(log.stdout).entries as LogEntry[];
  assert.deepEqual(
    { ...entries[0]!, time: undefined },
    { commit: point.commit, host: 'laptop', message: 'before the migration', paths: [], time: undefined },
  );
  assert.match((await b.cli(['log'])).stdout, /laptop {2}before the migration/);

  // The point's commit brings a file back as it was then.
  a.write(path.join(memA, 'plan.md'), 'migration cancelled\n');
  assert.equal((await a.cli(['sync'])).code, 0);
  const back = await a.cli(['restore', path.join(memA, 'plan.md'), '--at', point.commit.slice(0, 12)]);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(fs.readFileSync(path.join(memA, 'plan.md'), 'utf8'), 'migrate on Sunday\n');
});

test('push --message with changes pending names the commit that publishes them', async () => {
  const { remote, a, pa, memA } = await twoMachines('git@github.com:acme/widget.git');
  a.write(path.join(memA, 'plan.md'), 'v1\n');
  assert.equal((await a.cli(['sync', '--project', pa])).code, 0);
  a.write(path.join(memA, 'plan.md'), 'v2\n');
  const r = await a.cli(['push', '--message', 'v2 of the plan', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.point, undefined);
  const entries = JSON.parse((await a.cli(['log', '--json'])).stdout).entries as LogEntry[];
  assert.equal(entries[0]!.commit, tipOf(remote));
  assert.equal(entries[0]!.message, 'v2 of the plan');
  assert.deepEqual(
    entries[0]!.paths.map((p) => p.path),
    ['projects/github.com/acme/widget/memory/plan.md'],
  );
});
