import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, gitTestEnv, remoteFiles } from './support/machines.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

/** A machine that has never run memsync: no settings, no git identity. */
function freshMachine(name = 'fresh'): Machine {
  return new Machine(name, '');
}

test('on a fresh machine `memsync sync` sets itself up with the embedded remote and syncs', async () => {
  const m = freshMachine();
  const proj = m.checkout(ORIGIN);
  m.write(path.join(m.memoryDir(proj), 'MEMORY.md'), '- one\n');
  const r = await m.cli(['sync', '--json', '--project', proj]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).published, [`${MEM}/MEMORY.md`]);
  const embedded = path.join(m.env.MEMSYNC_HOME!, 'remote.git');
  assert.equal(remoteFiles(embedded)[`${MEM}/MEMORY.md`], '- one\n');
  // memsync's commits carry the machine's name, not a git identity the machine does not have.
  const author = execFileSync('git', ['--git-dir', embedded, 'log', '-1', '--format=%an <%ae>', 'main'], {
    env: gitTestEnv(m.root),
  })
    .toString()
    .trim();
  assert.equal(author, 'fresh <memsync@fresh>');
});

test('`memsync init` twice changes nothing; configure points at another remote', async () => {
  const m = freshMachine('twice');
  const first = await m.cli(['init']);
  assert.equal(first.code, 0, first.stderr);
  const settingsFile = path.join(m.env.MEMSYNC_HOME!, 'settings.json');
  const before = fs.readFileSync(settingsFile, 'utf8');
  const beforeStat = fs.statSync(settingsFile).mtimeMs;
  const second = await m.cli(['init']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /already set up/);
  assert.equal(fs.readFileSync(settingsFile, 'utf8'), before);
  assert.equal(fs.statSync(settingsFile).mtimeMs, beforeStat);
  const other = bareRemote();
  const c = await m.cli(['configure', '--remote', other]);
  assert.equal(c.code, 0, c.stderr);
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# hi\n');
  assert.equal((await m.cli(['push'])).code, 0);
  assert.equal(remoteFiles(other)['user/CLAUDE.md'], '# hi\n');
});

test('status --json has the contract fields', async () => {
  const m = freshMachine('status');
  const proj = m.checkout(ORIGIN);
  const unconfigured = JSON.parse((await m.cli(['status', '--json'])).stdout);
  assert.equal(unconfigured.configured, false);
  m.write(path.join(m.memoryDir(proj), 'a.md'), 'a\n');
  await m.cli(['sync', '--project', proj]);
  m.write(path.join(m.memoryDir(proj), 'b.md'), 'b\n');
  const r = await m.cli(['status', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.configured, true);
  assert.equal(s.remoteUrl, path.join(m.env.MEMSYNC_HOME!, 'remote.git'));
  assert.match(s.lastSyncTime, /^\d{4}-\d\d-\d\dT/);
  assert.equal(s.hasLocalChanges, true);
  assert.equal(s.isAheadOfRemote, true);
  assert.equal(s.isBehindRemote, false);
  assert.equal(s.isDiverged, false);
  assert.equal(s.pendingPush, 1);
  assert.equal(s.pendingPull, 0);
  assert.deepEqual(s.conflicts, []);
});

test('a bad setting exits 2 with one line naming the key, the value and the expected form', async () => {
  const m = freshMachine('badsetting');
  await m.cli(['init']);
  const r = await m.cli(['sync'], { MEMSYNC_PULL_TIMEOUT_MS: 'soon' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pullTimeoutMs/);
  assert.match(r.stderr, /soon/);
  assert.match(r.stderr, /integer/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  fs.writeFileSync(path.join(m.env.MEMSYNC_HOME!, 'settings.json'), '{"branch": "has space"}');
  const r2 = await m.cli(['status']);
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /branch/);
});

test('usage errors exit 2', async () => {
  const m = freshMachine('usage');
  assert.equal((await m.cli(['frobnicate'])).code, 2);
  assert.equal((await m.cli(['sync', '--bogus'])).code, 2);
  assert.equal((await m.cli(['resolve', 'x'])).code, 2);
  assert.equal((await m.cli(['resolve', 'x', '--keep', 'mine'])).code, 2);
});

test('open conflicts make sync, status and conflicts exit 3', async () => {
  const remote = bareRemote();
  const a = await new Machine('one', remote).init();
  const b = await new Machine('two', remote).init();
  const pa = a.checkout(ORIGIN);
  const pb = b.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(pa), 't.md'), 'base\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  a.write(path.join(a.memoryDir(pa), 't.md'), 'one\n');
  b.write(path.join(b.memoryDir(pb), 't.md'), 'two\n');
  await a.sync();
  const r = await b.cli(['sync', '--json']);
  assert.equal(r.code, 3, r.stderr);
  assert.equal(JSON.parse(r.stdout).conflicts[0].path, `${MEM}/t.md`);
  const st = await b.cli(['status', '--json']);
  assert.equal(st.code, 3);
  assert.equal(JSON.parse(st.stdout).conflicts.length, 1);
  const c = await b.cli(['conflicts']);
  assert.equal(c.code, 3);
  assert.match(c.stdout, /memsync resolve/);
});

test('doctor reports each check', async () => {
  const m = freshMachine('doctor');
  await m.cli(['init']);
  const r = await m.cli(['doctor', '--json']);
  const { checks } = JSON.parse(r.stdout);
  assert.deepEqual(
    checks.map((c: { name: string }) => c.name),
    ['git', 'settings', 'memsync home', 'claude config', 'hooks', 'remote', 'remote history', 'lock', 'repository'],
  );
  assert.equal(r.code, 0, r.stdout);
  // An unreachable remote fails the remote check with a fix.
  await m.cli(['configure', '--remote', path.join(m.root, 'missing.git'), '--force']);
  const bad = await m.cli(['doctor', '--json']);
  assert.equal(bad.code, 1);
  const remoteCheck = JSON.parse(bad.stdout).checks.find((c: { name: string }) => c.name === 'remote');
  assert.equal(remoteCheck.ok, false);
  assert.match(remoteCheck.fix, /configure --remote/);
});

test('sync works with the editor, pager and askpass variables a shell or npm sets', async () => {
  const m = freshMachine('envvars');
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# env\n');
  const r = await m.cli(['sync'], {
    EDITOR: 'vi',
    VISUAL: 'vim',
    PAGER: 'less',
    GIT_PAGER: 'cat',
    GIT_ASKPASS: '/bin/true',
    SSH_ASKPASS: '/bin/true',
    GIT_EDITOR: 'vi',
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(remoteFiles(path.join(m.env.MEMSYNC_HOME!, 'remote.git'))['user/CLAUDE.md'], '# env\n');
});
