import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, tempDir } from './support/machines.ts';
import { ageKeygen, cli, machine, remoteObject } from './support/encrypted.ts';

const MEM = 'projects/github.com/acme/widget/memory/';

interface Row {
  source: string;
  label: string;
  repoPrefix: string;
  remoteFiles: number;
  remoteBytes: number;
  liveFiles: number;
  liveBytes: number;
  lastChange: { time: string; host: string } | null;
}

test('stats counts files and bytes per project and for user memory, and lists every host', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const projA = a.checkout('git@github.com:acme/widget.git');
  const projB = b.checkout('https://github.com/acme/widget');
  const memA = a.memoryDir(projA);
  const memB = b.memoryDir(projB);
  a.write(path.join(memA, 'x.md'), 'one\n'); // 4 bytes
  a.write(path.join(memA, 'notes', 'y.md'), 'hello y\n'); // 8 bytes
  a.write(path.join(a.configDir, 'CLAUDE.md'), '# laptop\n'); // 9 bytes
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  b.write(path.join(memB, 'z.md'), 'from desktop\n'); // 13 bytes
  await b.sync();
  // Written on laptop after its last sync: live only.
  a.write(path.join(memA, 'draft.md'), 'draft\n'); // 6 bytes

  const r = await a.cli(['stats', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const project = out.sources.find((s: Row) => s.repoPrefix === MEM) as Row;
  assert.ok(project, JSON.stringify(out.sources));
  assert.equal(project.source, 'claude-auto-memory');
  assert.equal(project.label, 'github.com/acme/widget');
  assert.equal(project.remoteFiles, 3);
  assert.equal(project.remoteBytes, 4 + 8 + 13);
  assert.equal(project.liveFiles, 3);
  assert.equal(project.liveBytes, 4 + 8 + 6);
  assert.equal(project.lastChange?.host, 'desktop');
  const user = out.sources.find((s: Row) => s.repoPrefix === 'user/') as Row;
  assert.equal(user.source, 'claude-user-memory');
  assert.equal(user.remoteFiles, 1);
  assert.equal(user.remoteBytes, 9);
  assert.equal(user.liveFiles, 1);
  assert.equal(user.liveBytes, 9);
  assert.equal(user.lastChange?.host, 'laptop');
  assert.deepEqual(out.hosts.map((h: { host: string }) => h.host).sort(), ['desktop', 'laptop']);
  assert.ok(out.hosts.every((h: { lastCommit: string }) => !Number.isNaN(Date.parse(h.lastCommit))));
  assert.ok(out.repositoryBytes > 0);
  assert.ok(!Number.isNaN(Date.parse(out.lastSyncTime)));
  assert.deepEqual(out.notes, []);

  const human = await a.cli(['stats']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /github\.com\/acme\/widget/);
  assert.match(human.stdout, /desktop/);

  // Unreachable remote: the last fetched tip, with a note.
  fs.renameSync(remote, `${remote}-gone`);
  const off = await b.cli(['stats', '--json']);
  assert.equal(off.code, 0, off.stderr);
  const o = JSON.parse(off.stdout);
  assert.equal(o.offline, true);
  assert.equal(o.notes.length, 1);
  assert.equal((o.sources.find((s: Row) => s.repoPrefix === MEM) as Row).remoteFiles, 3);
});

test("stats counts claude-mem's rows per table, live and as last agreed with the remote", async () => {
  const { claudeMemStore, memMachine, observedIn, oneSession } = await import('./support/claudeMem.ts');
  const a = await memMachine('laptop', bareRemote());
  const db = a.db;
  claudeMemStore(db, oneSession('one', 'two'));
  await a.sync();
  claudeMemStore(db, [observedIn('memory-1', 'three')]);
  const r = await a.cli(['stats', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = (JSON.parse(r.stdout).sources as (Row & { remoteRows?: number; liveRows?: number })[]).filter(
    (s) => s.source === 'claudeMem',
  );
  const observations = rows.find((s) => s.label === 'observations')!;
  assert.deepEqual([observations.remoteRows, observations.liveRows, observations.remoteFiles], [2, 3, 1]);
  assert.equal(observations.lastChange?.host, 'laptop');
  assert.equal(rows.find((s) => s.label === 'sdk_sessions')!.liveRows, 1);
  const human = await a.cli(['stats']);
  assert.match(human.stdout, /claudeMem\s+observations\s+2 rows .*3 rows/);
});

test('stats on an encrypted remote counts the bytes of the files, not of the age files stored', async () => {
  const remote = bareRemote();
  const { m: a, proj, mem } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  a.write(path.join(mem, 'x.md'), 'one\n'); // 4 bytes
  a.write(path.join(mem, 'y.md'), 'hello y\n'); // 8 bytes
  await a.sync({ projects: [proj] });
  assert.ok(remoteObject(remote, `${MEM}x.md`).length > 100, 'stored as an age file');

  // A project this machine does not sync, encrypted to someone else: counted nowhere, and no error.
  const clone = tempDir('memsync-clone-');
  const env = gitTestEnv(clone);
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
  const otherDir = path.join(clone, 'projects', 'github.com', 'acme', 'other', 'memory');
  fs.mkdirSync(otherDir, { recursive: true });
  fs.writeFileSync(path.join(otherDir, 'z.md'), execFileSync('age', ['-r', ageKeygen().key], { input: 'not ours\n' }));
  execFileSync('git', ['-C', clone, 'add', '-A'], { env });
  execFileSync('git', ['-C', clone, 'commit', '--quiet', '-m', 'age'], { env });
  execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'HEAD:main'], { env });

  const out = JSON.parse(await cli(a, 'stats', '--json'));
  const project = out.sources.find((s: Row) => s.repoPrefix === MEM) as Row;
  assert.equal(project.remoteFiles, 2);
  assert.equal(project.remoteBytes, 4 + 8);
});
