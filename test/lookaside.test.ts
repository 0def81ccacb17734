import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { initLookaside } from '../src/store/lookaside.ts';
import { ensureRepo } from '../src/store/bareRepo.ts';
import { bareRemote, gitTestEnv, tempDir } from './support/machines.ts';

// A dry run's lookaside repository is written by hand (src/store/lookaside.ts initLookaside), not
// by `git init` and `git remote add`: git must read it as the same repository, whatever the URL.

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['--git-dir', dir, ...args], { env: gitTestEnv(tempDir('memsync-la-home-')), encoding: 'utf8' });

test('git reads the hand-made lookaside as a bare repository with its origin, and fetches into it', async () => {
  const remote = bareRemote();
  const work = tempDir('memsync-la-work-');
  execFileSync('git', ['init', '-q', '-b', 'main', work]);
  fs.writeFileSync(path.join(work, 'a.md'), 'a\n');
  const env = gitTestEnv(tempDir('memsync-la-home-'));
  execFileSync('sh', ['-c', `git add -A && git commit -qm a && git push -q "${remote}" main`], { cwd: work, env });
  const urls = [remote, 'git@github.com:acme/mem.git', 'ssh://me@host:2222/srv/mem.git', '/srv/my mem/é.git'];
  for (const url of urls) {
    const dir = tempDir('memsync-la-');
    await initLookaside(dir, url);
    assert.ok(fs.existsSync(path.join(dir, 'config')), `${url}: written by hand`);
    assert.equal(git(dir, 'rev-parse', '--is-bare-repository').trim(), 'true');
    assert.equal(git(dir, 'config', 'remote.origin.url').trim(), url);
    // ensureRepo finds the origin as written: nothing changed, no git run.
    const before = fs.readFileSync(path.join(dir, 'config'), 'utf8');
    await ensureRepo(dir, 'test', url);
    assert.equal(fs.readFileSync(path.join(dir, 'config'), 'utf8'), before);
  }
  const dir = tempDir('memsync-la-');
  await initLookaside(dir, remote);
  git(dir, 'fetch', '-q', 'origin', '+refs/heads/main:refs/remotes/origin/main');
  assert.equal(git(dir, 'show', 'origin/main:a.md'), 'a\n');
});

test('a URL git would quote is left to git, and the repository still names it exactly', async () => {
  for (const url of ['/srv/mem#1.git', '/srv/a;b.git', '/srv/quote".git', '/srv/back\\slash.git', ' /srv/lead.git']) {
    const dir = tempDir('memsync-la-');
    await initLookaside(dir, url);
    assert.equal(fs.existsSync(path.join(dir, 'config')), false, `${url}: not written by hand`);
    await ensureRepo(dir, 'test', url);
    assert.equal(git(dir, 'config', 'remote.origin.url').replace(/\n$/, ''), url);
  }
});
