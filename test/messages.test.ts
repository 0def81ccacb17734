/**
 * Messages that lead somewhere (issue 23): each case breaks a real machine the way a user's
 * breaks, then runs the built CLI and checks that the message names the thing at fault and a fix
 * that works (the fix is run, and it must not fail the same way or send the user back to doctor).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { Machine, bareRemote, gitTestEnv } from './support/machines.ts';
import { cleanup, initedMachine, sharedBareRemote } from './support/cli.ts';
import { secretCorpus } from './support/secretCorpus.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  warning?: boolean;
}

async function doctor(m: Machine, ...extra: string[]): Promise<{ code: number; checks: Check[]; out: any }> {
  const r = await m.cli(['doctor', '--json', ...extra]);
  const out = JSON.parse(r.stdout);
  return { code: r.code, checks: out.checks, out };
}

const named = (checks: Check[], name: string): Check => {
  const c = checks.find((x) => x.name === name);
  assert.ok(c, `no ${name} check in ${JSON.stringify(checks)}`);
  return c;
};

/** A machine set up against a fresh remote that has synced one file. */
async function syncedMachine(name: string): Promise<Machine> {
  const m = new Machine(name, bareRemote());
  assert.equal((await m.cli(['init', '--remote', m.remote])).code, 0);
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# one\n');
  const r = await m.cli(['sync']);
  assert.equal(r.code, 0, r.stderr);
  return m;
}

const clone = (m: Machine) => path.join(m.env.MEMSYNC_HOME!, 'repo.git');

test('doctor warns when no hooks are installed, and stays ok with the hooks installed', async () => {
  const m = await syncedMachine('nohooks');
  const before = await doctor(m);
  const hooks = named(before.checks, 'hooks');
  assert.equal(hooks.ok, false);
  assert.equal(hooks.warning, true);
  assert.match(hooks.detail, /nothing syncs on its own/);
  assert.match(hooks.fix!, /memsync hooks install/);
  assert.equal(before.code, 0, 'a warning does not fail doctor');
  const text = await m.cli(['doctor']);
  assert.match(text.stdout, /^warn hooks: none installed/m);
  assert.equal((await m.cli(['hooks', 'install'])).code, 0);
  assert.equal(named((await doctor(m)).checks, 'hooks').ok, true);
});

test('doctor names an empty or {} settings file instead of calling it valid', async () => {
  const m = await syncedMachine('emptysettings');
  const file = path.join(m.env.MEMSYNC_HOME!, 'settings.json');
  for (const [content, said] of [
    ['', 'is empty'],
    ['{ "//": "mine" }\n', 'is an object with no settings'],
  ] as const) {
    fs.writeFileSync(file, content);
    const s = named((await doctor(m)).checks, 'settings');
    assert.equal(s.ok, false, content);
    assert.equal(s.warning, true);
    assert.ok(s.detail.startsWith(`${file} ${said}`), s.detail);
    assert.match(s.detail, /remote\.git/);
  }
});

test('an empty ref in memsync’s own clone: sync and doctor name the clone, and doctor --fix repairs it', async () => {
  const m = await syncedMachine('emptyref');
  fs.writeFileSync(path.join(clone(m), 'refs', 'remotes', 'origin', 'main'), '');
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# two\n');
  const failed = await m.cli(['sync']);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /memsync's own clone of the remote is damaged, not the remote/);
  assert.match(failed.stderr, /memsync doctor --fix/);

  const d = await doctor(m);
  assert.equal(d.code, 1);
  const repo = named(d.checks, 'repository');
  assert.match(repo.detail, /memsync's own clone .* is damaged/);
  assert.match(repo.fix!, /memsync doctor --fix/);
  // Adopting the remote fails the same way: doctor must not propose it.
  assert.equal(
    d.checks.find((c) => c.name === 'remote history'),
    undefined,
  );
  for (const c of d.checks) assert.doesNotMatch(c.fix ?? '', /adopt-remote|run memsync doctor\b/);

  const fixed = await doctor(m, '--fix');
  assert.match(fixed.out.movedAside, /repo\.git\.damaged-/);
  assert.ok(fs.existsSync(fixed.out.movedAside), 'the damaged clone is kept aside');
  const again = await m.cli(['sync']);
  assert.equal(again.code, 0, again.stderr);
  const after = await doctor(m);
  assert.equal(after.code, 0, JSON.stringify(after.checks));
  assert.equal(named(after.checks, 'repository').ok, true);
});

test('a corrupt object in memsync’s own clone: doctor reports it with the repair, never a loop', async () => {
  const m = await syncedMachine('badobject');
  const env = gitTestEnv(m.root);
  const tip = execFileSync('git', ['--git-dir', clone(m), 'rev-parse', 'refs/remotes/origin/main^{tree}'], { env })
    .toString()
    .trim();
  const obj = path.join(clone(m), 'objects', tip.slice(0, 2), tip.slice(2));
  fs.chmodSync(obj, 0o644);
  fs.writeFileSync(obj, '');
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# two\n');
  assert.equal((await m.cli(['sync'])).code, 1);
  const d = await doctor(m);
  const repo = named(d.checks, 'repository');
  assert.equal(repo.ok, false);
  assert.match(repo.fix!, /memsync doctor --fix/);
  for (const c of d.checks) assert.doesNotMatch(c.fix ?? '', /run memsync doctor\b/);
  await doctor(m, '--fix');
  const again = await m.cli(['sync']);
  assert.equal(again.code, 0, again.stderr);
});

test('a remote whose memory is on another branch is named with the branch setting that fixes it', async () => {
  const a = await syncedMachine('onmaster');
  execFileSync('git', ['--git-dir', a.remote, 'branch', '-m', 'main', 'master'], { env: gitTestEnv(a.root) });
  const b = new Machine('newcomer', '');
  const refused = await b.cli(['init', '--remote', a.remote]);
  assert.equal(refused.code, 2);
  assert.doesNotMatch(refused.stderr, /other content/);
  assert.match(refused.stderr, /memory on branch master, not on main \(the branch setting\)/);
  assert.match(refused.stderr, /MEMSYNC_BRANCH=master memsync init --remote URL/);
  // The fix it names works.
  const fixed = await b.cli(['init', '--remote', a.remote], { MEMSYNC_BRANCH: 'master' });
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.match(fixed.stdout, /a memsync remote \(branch master\)/);

  const remote = named((await doctor(a)).checks, 'remote');
  assert.equal(remote.ok, false);
  assert.match(remote.detail, /memory on branch master, not on main/);
  assert.match(remote.fix!, /"branch": "master"/);
});

test('init --remote OTHER on a set-up machine says it changed the remote and checks it as configure does', async () => {
  const m = await syncedMachine('reinit');
  const empty = bareRemote();
  const r = await m.cli(['init', '--remote', empty]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`remote changed from ${m.remote} to ${empty}\\n`));
  assert.match(r.stdout, /the remote is empty: the next sync publishes/);
  const unreachable = await m.cli(['init', '--remote', path.join(m.root, 'missing.git')]);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /cannot use .*missing\.git/);
  const settings = JSON.parse(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'settings.json'), 'utf8'));
  assert.equal(settings.remote, empty);
});

test('settings.example.json copied as settings.json before the first run syncs and names no machine', async () => {
  const m = new Machine('fromexample', '');
  fs.mkdirSync(m.env.MEMSYNC_HOME!, { recursive: true });
  fs.copyFileSync(
    path.join(import.meta.dirname, '..', 'settings.example.json'),
    path.join(m.env.MEMSYNC_HOME!, 'settings.json'),
  );
  m.write(path.join(m.configDir, 'CLAUDE.md'), '# one\n');
  // No MEMSYNC_HOSTNAME: the name comes from the settings, and the example must not give one.
  const noName = { MEMSYNC_HOSTNAME: '' };
  const r = await m.cli(['sync', '--json'], noName);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).published, ['user/CLAUDE.md']);
  const env = gitTestEnv(m.root);
  const author = execFileSync(
    'git',
    ['--git-dir', path.join(m.env.MEMSYNC_HOME!, 'remote.git'), 'log', '-1', '--format=%an', 'main'],
    { env },
  );
  assert.notEqual(author.toString().trim(), 'my-laptop');
});

test('a stalled HTTP remote at session start names pullTimeoutMs, not curl’s "Operation too slow"', async () => {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}/mem.git`;
    const m = await initedMachine('stalledhttp', sharedBareRemote());
    const configured = await m.cli(['configure', '--remote', url, '--force']);
    assert.equal(configured.code, 0, configured.stderr);
    const r = await m.hook('SessionStart', {}, { MEMSYNC_PULL_TIMEOUT_MS: '9000', MEMSYNC_NETWORK_TIMEOUT_MS: '9000' });
    const shown = JSON.parse(r.stdout).systemMessage as string;
    assert.doesNotMatch(shown, /Operation too slow/);
    assert.match(shown, /^memsync: the remote did not answer within pullTimeoutMs \(9000 ms/);
    const sync = await m.cli(['sync'], { MEMSYNC_NETWORK_TIMEOUT_MS: '9000' });
    assert.match(sync.stderr, /stopped sending before the time budget ran out \(networkTimeoutMs/);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => srv.close(() => r()));
    cleanup();
  }
});

test('allow --line N says the file stays held while another line still holds it back', async () => {
  const m = new Machine('allowlines', bareRemote());
  await m.init();
  const mem = m.memoryDir(m.checkout('git@github.com:acme/widget.git'));
  const corpus = secretCorpus();
  const token = corpus.find((c) => c.kind === 'github classic token')!.text;
  const slack = corpus.find((c) => c.kind === 'slack bot token')!.text;
  const live = path.join(mem, 'deploy.md');
  m.write(live, `# Deploy\n\n${token}\n${slack}\n`);
  assert.equal((await m.cli(['sync'])).code, 0);
  const first = await m.cli(['allow', live, '--line', '3']);
  assert.equal(first.code, 0, first.stderr);
  assert.doesNotMatch(first.stdout, /the next sync publishes it/);
  assert.match(first.stdout, /; line 4 of it still holds the file back: .*memsync allow .*deploy\.md --line 4\n$/);
  const second = await m.cli(['allow', live, '--line', '4']);
  assert.match(second.stdout, /deploy\.md:4 \(settings\.json secrets\.allow\); the next sync publishes it\n$/);
});

test('init against an encrypted remote with no key says so at init, not at the first sync', async () => {
  const a = new Machine('encrypter', bareRemote());
  assert.equal((await a.cli(['init', '--remote', a.remote, '--encrypt'])).code, 0);
  a.write(path.join(a.configDir, 'CLAUDE.md'), '# one\n');
  assert.equal((await a.cli(['sync'])).code, 0);
  const b = new Machine('keyless', '');
  const r = await b.cli(['init', '--remote', a.remote]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /a memsync remote encrypted with age \(branch main\), and this machine has no key for it/);
  assert.match(r.stdout, /memsync keys import FILE/);
});
