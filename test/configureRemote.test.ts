import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, tempDir } from './support/machines.ts';
import { freePort } from './support/network.ts';
import { maskSecrets } from '../src/util/maskUrl.ts';
import { normalizeRemote, remoteKind, sshTarget } from '../src/config/remoteUrl.ts';
import { sshCommand } from '../src/store/netEnv.ts';

const settingsRemote = (m: Machine) =>
  JSON.parse(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'settings.json'), 'utf8')).remote;

/** A repository with someone's code on main: not a memsync remote. */
function codeRepository(): string {
  const work = tempDir('memsync-code-');
  const env = gitTestEnv(work);
  execFileSync('git', ['init', '--quiet', '-b', 'main', work], { env });
  fs.writeFileSync(path.join(work, 'README.md'), '# widget\n');
  execFileSync('git', ['-C', work, 'add', '.'], { env });
  execFileSync('git', ['-C', work, 'commit', '--quiet', '-m', 'code'], { env });
  const bare = bareRemote();
  execFileSync('git', ['-C', work, 'push', '--quiet', bare, 'main'], { env });
  return bare;
}

test('configure --remote says what it found and what the next sync does: empty, memsync, other content, unreachable', {
  timeout: 60_000,
}, async () => {
  const m = await new Machine('configurer', bareRemote()).init();
  const empty = bareRemote();
  const e = await m.cli(['configure', '--remote', empty]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(
    e.stdout,
    `remote set to ${empty}\nthe remote is empty: the next sync publishes this machine's memory to it\n`,
  );

  // A remote another machine already syncs with.
  const shared = bareRemote();
  const other = await new Machine('other', shared).init();
  other.write(path.join(other.configDir, 'CLAUDE.md'), '# shared\n');
  await other.sync();
  const s = await m.cli(['configure', '--remote', shared]);
  assert.equal(s.code, 0, s.stderr);
  assert.equal(
    s.stdout.split('\n')[1],
    "a memsync remote (branch main): the next sync treats this machine's memory as new there and merges it with the " +
      "remote's; files only one side has are kept on both",
  );

  // Someone's code repository: refused, settings unchanged; --force stores it.
  const code = codeRepository();
  const c = await m.cli(['configure', '--remote', code]);
  assert.equal(c.code, 2);
  assert.equal(
    c.stderr,
    `memsync configure: ${code} is not a memsync remote: it holds other content (branches: main; main has no ` +
      'memsync.json)\n  use an empty repository for memory, or memsync configure --remote URL --force to put ' +
      `memsync's files on its main branch anyway\n`,
  );
  assert.equal(settingsRemote(m), shared);
  const f = await m.cli(['configure', '--remote', code, '--force']);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(
    f.stdout.split('\n')[1],
    "it holds other content (branches: main); stored because of --force: the next sync adds memsync's files on " +
      'branch main',
  );
  assert.equal(settingsRemote(m), code);

  // Nothing listens: refused with git's reason, unless --force.
  const closed = `git://127.0.0.1:${await freePort()}/x.git`;
  const u = await m.cli(['configure', '--remote', closed]);
  assert.equal(u.code, 1);
  assert.match(
    u.stderr,
    new RegExp(
      `^memsync configure: cannot use ${closed}: fatal: unable to connect to 127\\.0\\.0\\.1: .*Connection ` +
        'refused\\n {2}the server was not reached .*; ' +
        'or store it unchecked with memsync configure --remote URL --force\\n$',
    ),
  );
  assert.equal(settingsRemote(m), code);
  const uf = await m.cli(['configure', '--remote', closed, '--force']);
  assert.equal(uf.code, 0, uf.stderr);
  assert.match(uf.stdout.split('\n')[1]!, /^not checked \(fatal: unable to connect .*\); the next sync tries it$/);
});

test('init --remote checks the remote as configure does, before anything is set up', async () => {
  const m = new Machine('initializer', bareRemote());
  const code = codeRepository();
  const c = await m.cli(['init', '--remote', code]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /is not a memsync remote: .*\n {2}.*memsync init --remote URL --force/);
  assert.equal(fs.existsSync(path.join(m.env.MEMSYNC_HOME!, 'settings.json')), false, 'nothing was set up');
  const empty = bareRemote();
  const e = await m.cli(['init', '--remote', empty]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.stdout.split('\n')[1], "the remote is empty: the next sync publishes this machine's memory to it");
  assert.equal(settingsRemote(m), empty);
  // The same remote again: nothing to check, nothing changes.
  const again = await m.cli(['init', '--remote', empty]);
  assert.equal(again.stdout, `memsync is already set up in ${m.env.MEMSYNC_HOME}; remote: ${empty}\n`);
  const f = await m.cli(['init', '--remote', code, '--force']);
  assert.equal(f.code, 0, f.stderr);
  assert.equal(settingsRemote(m), code);
});

test('remote strings follow git: scp-like host:path and user@host:path are remotes, the rest local paths', () => {
  for (const r of [
    'memhost:/srv/mem.git',
    'memhost:mem.git',
    'git@github.com:you/mem.git',
    '[::1]:repo.git',
    '[host:2222]:x',
  ])
    assert.equal(remoteKind(r), 'scp', r);
  for (const r of ['ssh://git@host:2222/x.git', 'https://host/x.git', 'git://127.0.0.1/x', 'file:///srv/x'])
    assert.equal(remoteKind(r), 'url', r);
  for (const r of ['/srv/mem.git', './mem.git', 'mem.git', 'dir/with:colon.git', '~/mem.git'])
    assert.equal(remoteKind(r), 'local', r);
  assert.equal(normalizeRemote('memhost:/srv/mem.git'), 'memhost:/srv/mem.git');
  assert.equal(normalizeRemote('mem.git'), path.resolve('mem.git'));
  assert.deepEqual(sshTarget('me@memhost:/srv/x'), { host: 'memhost', port: null });
  assert.deepEqual(sshTarget('ssh://git@example.com:2222/x.git'), { host: 'example.com', port: 2222 });
  assert.deepEqual(sshTarget('[example.com:2222]:x.git'), { host: 'example.com', port: 2222 });
  assert.equal(sshTarget('https://example.com/x'), null);
});

test('passwords and tokens in URLs are masked; other text is left alone', () => {
  assert.equal(
    maskSecrets("fatal: unable to access 'https://me:hunter2@example.com/x.git/': 403"),
    "fatal: unable to access 'https://me:***@example.com/x.git/': 403",
  );
  assert.equal(
    maskSecrets('https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x'),
    'https://***@github.com/x',
  );
  assert.equal(
    maskSecrets('git@github.com:you/mem.git and ssh://git@host/x and https://me@host/x'),
    'git@github.com:you/mem.git and ssh://git@host/x and https://me@host/x',
  );
});

test("memsync's ssh options are appended to the user's own ssh command; other programs are left as they are", () => {
  assert.equal(
    sshCommand('ssh -i ~/.ssh/work_key', 60_000),
    'ssh -i ~/.ssh/work_key -o BatchMode=yes -o ServerAliveInterval=10 -o ServerAliveCountMax=2 -o ConnectTimeout=15',
  );
  assert.equal(
    sshCommand('/usr/bin/ssh', 4000),
    '/usr/bin/ssh -o BatchMode=yes -o ServerAliveInterval=1 -o ServerAliveCountMax=2 -o ConnectTimeout=4',
  );
  assert.equal(sshCommand('plink -batch', 60_000), 'plink -batch');
  assert.equal(sshCommand(null, 60_000), null, 'GIT_SSH (a program) is left to git');
});
