// Issue 22, part 2: the secret scan covers what leaves the machine besides a file's content: file
// names (the remote's tree and the commit message), `push --message`, the host name. A finding
// holds the item and names it with the secret masked; the secret is in no tree, message or log.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { type CliMachine, MEM, cleanup, sharedBareRemote, type Run, initedMachine } from './support/cli.ts';
import { gitTestEnv, readTree } from './support/machines.ts';

after(cleanup);

const TOKEN = `ghp_${'R8xK2mQ9vL4tW7pZ1nB6cY3hJ5fD0sA8gE2u'.slice(0, 36)}`;

const machine = (name: string, remote: string, extraEnv: NodeJS.ProcessEnv = {}) =>
  initedMachine(name, remote, { extraEnv });

/** Every path, message and blob of every commit on the remote, as one text. */
function everythingPublished(remote: string): string {
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', remote, ...args], { env: gitTestEnv(remote) });
  const revs = git('rev-list', '--all').toString().split('\n').filter(Boolean);
  const parts = revs.flatMap((c) => [git('cat-file', 'commit', c).toString(), git('ls-tree', '-r', c).toString()]);
  return parts.join('\n');
}

/** The machine's own logs and state: what memsync wrote about the run. */
function logs(m: CliMachine): string {
  const dir = path.join(m.home, 'logs');
  return Object.values(fs.existsSync(dir) ? readTree(dir) : {}).join('\n');
}

function noToken(where: string, text: string): void {
  assert.ok(!text.includes(TOKEN), `the token is in ${where}`);
}

for (const encrypted of [false, true]) {
  test(
    `a token in a file's name holds that file${encrypted ? ' (encrypted remote)' : ''}: in no tree, commit ` +
      'message or log, named masked',
    async () => {
      const remote = sharedBareRemote();
      const a = await machine('laptop', remote);
      if (encrypted) assert.equal((await a.cli(['init', '--encrypt'])).code, 0);
      const named = `deploy-${TOKEN}.md`;
      a.write(named, 'how to deploy\n');
      a.write('build.md', 'run make\n');
      const r: Run = await a.cli(['sync', '--project', a.project]);
      assert.equal(r.code, 0, r.stderr);
      const all = everythingPublished(remote);
      assert.ok(all.includes(`${MEM}/build.md`), 'the other file is published');
      noToken('the remote', all);
      noToken('the output', r.stdout + r.stderr);
      noToken('the log', logs(a));
      assert.match(r.stdout, /held back \(secret\): \S*deploy-ghp_\*{8} \(40 chars\)\.md \(its name\)/);
      const status = await a.cli(['status']);
      noToken('status', status.stdout + status.stderr);
      assert.match(status.stdout, /deploy-ghp_\*{8}/);
      // Renamed, it goes out.
      fs.renameSync(path.join(a.memDir, named), path.join(a.memDir, 'deploy.md'));
      assert.equal((await a.cli(['sync'])).code, 0);
      assert.ok(everythingPublished(remote).includes(`${MEM}/deploy.md`));
    },
  );
}

test('push --message with a token publishes nothing and says so in one line, masked', async () => {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  a.write('build.md', 'run make\n');
  const before = everythingPublished(remote);
  for (const args of [
    ['push', '--message', `rotate token ${TOKEN}`],
    ['sync', '-m', `rotated ${TOKEN}`],
  ]) {
    const r = await a.cli([...args, '--project', a.project]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    const said = r.stderr.split('\n').filter((l) => l.includes('--message'));
    assert.equal(said.length, 1, r.stderr);
    assert.match(said[0]!, /holds a secret .*ghp_\*{8} \(40 chars\)/);
    noToken('the output', r.stdout + r.stderr);
    assert.equal(everythingPublished(remote), before, 'nothing was pushed');
  }
  noToken('the log', logs(a));
  const ok = await a.cli(['push', '--message', 'rotated the deploy token']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(everythingPublished(remote), /rotated the deploy token/);
});

test('a host name holding a token publishes nothing', async () => {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  // A clean name is checked once and remembered (secrets/hostChecked.ts): a new name is checked again.
  assert.equal((await a.cli(['sync', '--project', a.project])).code, 0);
  const checked = path.join(a.env.MEMSYNC_HOME!, 'state', 'host-checked');
  assert.match(fs.readFileSync(checked, 'utf8'), /"laptop"\]\n$/);
  a.write('build.md', 'run make\n');
  const r = await a.cli(['sync', '--project', a.project], { MEMSYNC_HOSTNAME: `box-${TOKEN}` });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /this machine's name \(hostname\) holds a secret/);
  noToken('the output', r.stdout + r.stderr);
  noToken('the remote', everythingPublished(remote));
  noToken('the remembered check', fs.readFileSync(checked, 'utf8'));
  // A recipient's name goes into the encrypted remote's list: refused the same way.
  const key = /age1[0-9a-z]+/.exec(execFileSync('age-keygen', { stdio: 'pipe' }).toString())![0];
  const add = await a.cli(['keys', 'add', key, '--name', `ci-${TOKEN}`]);
  assert.equal(add.code, 2, add.stdout + add.stderr);
  assert.match(add.stderr, /--name holds a secret/);
  noToken('the output', add.stdout + add.stderr);
  noToken('the remote', everythingPublished(remote));
  noToken('the log', logs(a));
});

test("an export, and a backup written outside memsync's folder, leave out what holds a secret", async () => {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  a.write('build.md', 'run make\n');
  a.write('deploy.md', `token: ${TOKEN}\n`);
  a.write(`notes-${TOKEN}.md`, 'harmless\n');
  assert.equal((await a.cli(['sync', '--project', a.project])).code, 0);
  const out = path.join(a.root, 'carried');
  fs.mkdirSync(out);
  const exported = path.join(out, 'memory.json');
  const ex = await a.cli(['export', exported]);
  assert.equal(ex.code, 0, ex.stderr);
  const doc = JSON.parse(fs.readFileSync(exported, 'utf8'));
  assert.deepEqual(
    doc.files.map((f: { path: string }) => f.path),
    [`${MEM}/build.md`],
  );
  assert.equal(ex.stderr.split('\n').filter((l) => l.includes('held back (secret)')).length, 2, ex.stderr);
  noToken('the export', fs.readFileSync(exported, 'utf8'));
  noToken('the output', ex.stdout + ex.stderr);
  const backup = path.join(out, 'memory.tar.gz');
  const bk = await a.cli(['backup', 'create', '--output', backup]);
  assert.equal(bk.code, 0, bk.stderr);
  noToken('the backup', zlib.gunzipSync(fs.readFileSync(backup)).toString('latin1'));
  noToken('the output', bk.stdout + bk.stderr);
  assert.match(bk.stdout, /backed up 1 file/);
  // In memsync's own folder a backup stays whole: it is what restores this machine.
  const own = await a.cli(['backup', 'create']);
  assert.match(own.stdout, /backed up 3 files/);
});
