import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startProxy, type ProxyMode } from './support/network.ts';
import { bareRemote, remoteFiles, tempDir, PLUGIN_ROOT } from './support/machines.ts';
import { createTestUser, makeKey, startSshd, type SshServer, type TestUser } from './support/sshServer.ts';
import { SLACK, UserMachine, allGone, askpassScript, assertBounded } from './support/userMachine.ts';
import { joinedRegex } from '../src/util/regex.ts';

// Real OpenSSH on 127.0.0.1, memsync running as a real user with their own ~/.ssh. These tests
// need root (to make the user) and sshd: without them they fail, they do not skip.
const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const NET = 4000; // networkTimeoutMs
const PULL = 3000; // pullTimeoutMs
const BG = 8000; // networkTimeoutMs of the hooks' background runs
const GUARD = { timeout: 120_000 };

let user: TestUser;
let sshd: SshServer;
let ssh: string;
let n = 0;

before(async () => {
  user = createTestUser(path.join(tempDir('memsync-sshuser-'), 'home'));
  ssh = path.join(user.home, '.ssh');
  const keys = [
    makeKey(path.join(ssh, 'main_key')),
    makeKey(path.join(ssh, 'work_key')),
    makeKey(path.join(ssh, 'pass_key'), 'correct horse'),
  ];
  makeKey(path.join(ssh, 'wrong_key'));
  sshd = await startSshd(user, keys);
});

after(async () => {
  await sshd?.stop();
  user?.remove();
});

/** ~/.ssh/config with a Host alias for the server, the keys it offers, and known_hosts. */
function sshSetup({ keys = ['main_key'], knownHost = true }: { keys?: string[]; knownHost?: boolean } = {}): void {
  const ids = keys.map((k) => `  IdentityFile ~/.ssh/${k}\n`).join('');
  fs.writeFileSync(
    path.join(ssh, 'config'),
    `Host memhost\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User ${user.name}\n  IdentitiesOnly yes\n${ids}`,
  );
  fs.writeFileSync(path.join(ssh, 'known_hosts'), knownHost ? `${sshd.knownHostsLine}\n` : '');
  fs.rmSync(path.join(user.home, '.gitconfig'), { force: true });
  for (const f of fs.readdirSync(ssh)) fs.chmodSync(path.join(ssh, f), 0o600);
}

/** A bare repository on the "server" (the user's own files) and its scp-like URL through the alias. */
function serverRepo(): { dir: string; url: string } {
  const dir = path.join(user.home, 'srv', `mem${++n}.git`);
  bareRemote(dir);
  return { dir, url: `memhost:${dir}` };
}

async function machine(name: string, url: string): Promise<{ m: UserMachine; mem: string; proj: string }> {
  const m = new UserMachine(user, `${name}${n}`);
  // Unchecked: several tests set up a remote that fails on purpose, for the commands after init.
  const r = await m.cli(['init', '--remote', url, '--force']);
  assert.equal(r.code, 0, r.stderr);
  const proj = m.checkout(ORIGIN);
  return { m, proj, mem: m.memoryDir(proj) };
}
async function doctorRemote(
  m: UserMachine,
  env: NodeJS.ProcessEnv = {},
): Promise<{ ok: boolean; detail: string; fix?: string }> {
  const r = await m.cli(['doctor', '--json'], { env });
  return JSON.parse(r.stdout).checks.find((c: { name: string }) => c.name === 'remote');
}

test(
  'ssh through a Host alias (memhost:/path): configure keeps it a remote, two machines sync through sshd',
  GUARD,
  async () => {
    sshSetup();
    const { dir, url } = serverRepo();
    const a = await machine('laptop', path.join(user.home, 'unused.git'));
    const cfg = await a.m.cli(['configure', '--remote', url]);
    assert.equal(cfg.code, 0, cfg.stderr);
    assert.equal(
      cfg.stdout,
      `remote set to ${url}\nthe remote is empty: the next sync publishes this machine's memory to it\n`,
    );
    assert.equal(
      JSON.parse(fs.readFileSync(path.join(a.m.env.MEMSYNC_HOME!, 'settings.json'), 'utf8')).remote,
      url,
      'stored as given, not as <cwd>/memhost:...',
    );
    a.m.write(path.join(a.mem, 'build.md'), 'run make\n');
    const ra = await a.m.cli(['sync', '--project', a.proj]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(remoteFiles(dir)[`${MEM}/build.md`], 'run make\n');
    const b = await machine('desktop', url);
    const rb = await b.m.cli(['sync', '--project', b.proj]);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(fs.readFileSync(path.join(b.mem, 'build.md'), 'utf8'), 'run make\n');
    const doc = await doctorRemote(b.m);
    assert.equal(doc.ok, true, doc.detail);
    assert.equal(doc.detail, `${url} answers; branch main exists`);
  },
);

test("the user's core.sshCommand (ssh -i ~/.ssh/work_key) is what memsync uses", GUARD, async () => {
  sshSetup({ keys: [] });
  const { dir, url } = serverRepo();
  const a = await machine('work', url);
  a.m.write(path.join(a.mem, 'notes.md'), 'from the work key\n');
  // Without it ssh has no key to offer: the same failure plain git gives.
  const without = await a.m.cli(['sync', '--project', a.proj], { env: { MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) } });
  assert.equal(without.code, 1);
  assert.match(
    without.stderr,
    /^memsync sync: fetching from the remote failed: \S+@127\.0\.0\.1: Permission denied \(publickey\)\.$/m,
  );
  execFileSync('git', [
    'config',
    '--file',
    path.join(user.home, '.gitconfig'),
    'core.sshCommand',
    'ssh -i ~/.ssh/work_key',
  ]);
  const r = await a.m.cli(['sync', '--project', a.proj]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(remoteFiles(dir)[`${MEM}/notes.md`], 'from the work key\n');
});

test('an unknown host key: the real cause, the ssh-keyscan line, and the line works', GUARD, async () => {
  sshSetup({ knownHost: false });
  const { url } = serverRepo();
  const a = await machine('newbox', url);
  const r = await a.m.cli(['sync'], { env: { MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) } });
  assert.equal(r.code, 1);
  const keyscan = `ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ~/.ssh/known_hosts`;
  assert.equal(
    r.stderr,
    'memsync sync: fetching from the remote failed: Host key verification failed.\n' +
      `  ssh does not know this server's host key (memsync never answers ssh's yes/no question): check its ` +
      `fingerprint, then add it: ${keyscan} (or run ssh -p ${sshd.port} 127.0.0.1 once in a terminal and answer yes)\n`,
  );
  assertBounded(r, NET, a.m.env.MEMSYNC_HOME!, 'unknown host key');
  const doc = await doctorRemote(a.m);
  assert.equal(doc.ok, false);
  assert.equal(doc.detail, 'Host key verification failed.');
  assert.ok(doc.fix?.includes(keyscan), doc.fix);
  // A host key that changed since known_hosts recorded it: said so, and not papered over.
  const other = makeKey(path.join(user.home, 'other-host', 'key'))
    .split(' ')
    .slice(0, 2)
    .join(' ');
  fs.writeFileSync(path.join(ssh, 'known_hosts'), `[127.0.0.1]:${sshd.port} ${other}\n`);
  const changed = await a.m.cli(['sync'], { env: { MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) } });
  const hosts = path.join(ssh, 'known_hosts');
  assert.equal(
    changed.stderr,
    'memsync sync: fetching from the remote failed: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! ' +
      `Offending ED25519 key in ${hosts}:1 Host key verification failed.\n` +
      "  the server's ssh host key is not the one known_hosts recorded (someone may be in between): only if you know " +
      `the server changed, check its new fingerprint, then ssh-keygen -f "${hosts}" -R "[127.0.0.1]:${sshd.port}" ` +
      `and connect once with ssh -p ${sshd.port} 127.0.0.1\n`,
  );
  fs.writeFileSync(path.join(ssh, 'known_hosts'), '');
  // Doing what it says fixes it.
  fs.appendFileSync(
    path.join(ssh, 'known_hosts'),
    execFileSync('ssh-keyscan', ['-p', String(sshd.port), '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] }),
  );
  assert.equal((await a.m.cli(['sync'])).code, 0);
});

test(
  'a key with a passphrase and no agent: doctor says ssh-add; with the agent holding it, sync works',
  GUARD,
  async (t) => {
    sshSetup({ keys: ['pass_key'] });
    const { dir, url } = serverRepo();
    const a = await machine('agent', url);
    a.m.write(path.join(a.mem, 'agent.md'), 'through the agent\n');
    const askpass = askpassScript(path.join(user.home, 'askpass'));
    // An IDE's askpass in the environment is never called: memsync never prompts.
    const prompting = {
      SSH_ASKPASS: askpass.file,
      SSH_ASKPASS_REQUIRE: 'force',
      GIT_ASKPASS: askpass.file,
      DISPLAY: ':0',
      MEMSYNC_NETWORK_TIMEOUT_MS: String(NET),
    };
    const r = await a.m.cli(['sync', '--project', a.proj], { env: prompting });
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      joinedRegex(
        '',
        /^memsync sync: fetching from the remote failed: \S+@127\.0\.0\.1: Permission denied \(publickey\)\.\n {2}the /,
        /server refused this machine's ssh keys: memsync doctor says which key ssh tried; a key with a passphrase /,
        /must be in the ssh agent \(ssh-add\)\n$/,
      ),
    );
    assertBounded(r, NET, a.m.env.MEMSYNC_HOME!, 'passphrase without agent');
    assert.equal(fs.existsSync(askpass.called), false, 'no askpass program ran');
    const doc = await doctorRemote(a.m, prompting);
    assert.match(doc.detail, /Permission denied \(publickey\)/);
    assert.match(
      doc.fix!,
      new RegExp(
        `^the server accepts ${path.join(ssh, 'pass_key')}, but it has a passphrase and no ssh agent holds it ` +
          `\\(memsync never asks for one\\): ssh-add ${path.join(ssh, 'pass_key')}`,
      ),
    );

    const agent = await startAgent(t);
    const added = asUser(['ssh-add', path.join(ssh, 'pass_key')], {
      SSH_AUTH_SOCK: agent,
      SSH_ASKPASS: passphraseScript('correct horse'),
      SSH_ASKPASS_REQUIRE: 'force',
    });
    assert.equal(added.status, 0, added.stderr);
    const ok = await a.m.cli(['sync', '--project', a.proj], { env: { SSH_AUTH_SOCK: agent } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(remoteFiles(dir)[`${MEM}/agent.md`], 'through the agent\n');
  },
);

test('a key the server does not accept: doctor names the key ssh offered', GUARD, async () => {
  sshSetup({ keys: ['wrong_key'] });
  const { url } = serverRepo();
  const a = await machine('wrongkey', url);
  const r = await a.m.cli(['sync'], { env: { MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) } });
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /^memsync sync: fetching from the remote failed: \S+@127\.0\.0\.1: Permission denied \(publickey\)\.$/m,
  );
  assertBounded(r, NET, a.m.env.MEMSYNC_HOME!, 'wrong key');
  const doc = await doctorRemote(a.m);
  assert.equal(
    doc.fix?.split(':')[0],
    `ssh offered ${path.join(ssh, 'wrong_key')} and the server accepts none of them`,
  );
});

test(
  'a server that stalls after the login: sync, doctor and SessionStart end within their budgets, ' +
    'nothing is left running',
  GUARD,
  async () => {
    sshSetup();
    const url = `memhost:${path.join(user.home, 'srv', 'stall.git')}`;
    const a = await machine('stalled', url);
    const env = { MEMSYNC_NETWORK_TIMEOUT_MS: String(NET), MEMSYNC_PULL_TIMEOUT_MS: String(PULL) };

    const sync = await a.m.cli(['sync'], { env });
    assert.equal(sync.code, 1);
    assert.equal(
      sync.stderr,
      `memsync sync: the remote did not answer within ${NET} ms\n  check the network or the remote URL (memsync ` +
        'doctor), then run memsync sync again\n',
    );
    assertBounded(sync, NET, a.m.env.MEMSYNC_HOME!, 'sync');

    const status = await a.m.cli(['status'], { env });
    assert.match(status.stdout, new RegExp(`^remote: ${url} \\(main\\) - not reachable now$`, 'm'));
    assertBounded(status, PULL, a.m.env.MEMSYNC_HOME!, 'status');

    const doctor = await a.m.cli(['doctor', '--json'], { env });
    const remote = JSON.parse(doctor.stdout).checks.find((c: { name: string }) => c.name === 'remote');
    assert.equal(remote.detail, `${url} did not answer within ${PULL * 2} ms (twice pullTimeoutMs)`);
    assertBounded(doctor, PULL * 2, a.m.env.MEMSYNC_HOME!, 'doctor');

    // The background work gets a budget well past SessionStart's, so a hook held to it would show.
    const hookEnv = { ...env, MEMSYNC_NETWORK_TIMEOUT_MS: String(BG) };
    const start = await a.m.hook('session-start', a.proj, hookEnv);
    assert.equal(start.code, 0);
    assert.equal(
      JSON.parse(start.stdout).systemMessage,
      `memsync: the remote did not answer within pullTimeoutMs (${PULL} ms, the SessionStart budget); this session ` +
        `starts with this machine's memory; ` +
        `a background sync goes on (it stops within networkTimeoutMs, ${BG} ms); node ` +
        `"${path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs')}" doctor checks the remote`,
    );
    console.log(`# SessionStart: answered after ${start.ms} ms (budget ${PULL} ms)`);
    assert.ok(start.ms <= PULL + SLACK, `SessionStart answered after ${start.ms} ms`);
    // The background sync it left is the only process of the run, and it ends within networkTimeoutMs.
    const gone = await allGone(start.tag, BG + SLACK + 2000);
    console.log(`# background sync: ended ${gone} ms after the hook (budget ${BG} ms)`);
    assert.ok(gone <= BG + SLACK, `the background sync ended ${gone} ms after the hook`);
    assertBounded({ ...start, ms: 0 }, 0, a.m.env.MEMSYNC_HOME!, 'SessionStart and its background sync');
    assert.match(
      fs.readFileSync(path.join(a.m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'),
      /background sync (failed|stopped)/,
    );

    // Stop after a change starts a background push (the failed syncs left the mark of unpublished
    // work too, which Stop reads first), which also ends within networkTimeoutMs.
    a.m.write(path.join(a.mem, 'late.md'), 'learned while the server hung\n');
    const stop = await a.m.hook('stop', a.proj, { ...hookEnv, MEMSYNC_PUSH_THROTTLE_SECONDS: '0' });
    assert.equal(stop.code, 0);
    assert.match(
      fs.readFileSync(path.join(a.m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'),
      /hook stop stop: memory (changed|left unpublished); background push started/,
    );
    const pushGone = await allGone(stop.tag, BG + SLACK + 2000);
    console.log(`# background push: ended ${pushGone} ms after Stop (budget ${BG} ms)`);
    assert.ok(pushGone <= BG + SLACK, `the background push ended ${pushGone} ms after Stop`);
    assertBounded({ ...stop, ms: 0 }, 0, a.m.env.MEMSYNC_HOME!, 'background push');
    assert.equal(fs.readFileSync(path.join(a.mem, 'late.md'), 'utf8'), 'learned while the server hung\n');
  },
);

function passphraseScript(secret: string): string {
  const file = path.join(user.home, 'askpass', 'give.sh');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\necho '${secret}'\n`, { mode: 0o755 });
  return file;
}

test(
  'an ssh connection that goes silent mid-pack is cut by the keep-alives before networkTimeoutMs',
  GUARD,
  async (t) => {
    sshSetup();
    const { url } = serverRepo();
    const a = await machine('source', url);
    a.m.write(
      path.join(a.mem, 'big.md'),
      randomBytes(120_000)
        .toString('hex')
        .replace(/(.{64})/g, '$1\n'),
    );
    assert.equal((await a.m.cli(['sync', '--project', a.proj])).code, 0);
    // The same server behind a relay that goes silent both ways once 32 KB came down.
    let plan: ProxyMode = 'forward';
    const relay = await startProxy(sshd.port, () => plan);
    t.after(() => relay.stop());
    fs.appendFileSync(
      path.join(ssh, 'config'),
      `Host relayed\n  HostName 127.0.0.1\n  Port ${relay.port}\n  User ${user.name}\n  HostKeyAlias ` +
        `[127.0.0.1]:${sshd.port}\n  IdentitiesOnly yes\n  IdentityFile ~/.ssh/main_key\n`,
    );
    const b = await machine('silent', url.replace(/^memhost:/, 'relayed:'));
    plan = { after: 32 * 1024, dir: 'down', then: 'stall' };
    const budget = 8000;
    const r = await b.m.cli(['sync', '--project', b.proj], { env: { MEMSYNC_NETWORK_TIMEOUT_MS: String(budget) } });
    assert.equal(r.code, 1);
    const [line, hint] = r.stderr.split('\n');
    // ServerAliveInterval is a sixth of the budget (CountMax 2): ssh gives up first, and says why.
    assert.match(
      line!,
      /^memsync sync: fetching from the remote failed: Timeout, server 127\.0\.0\.1 not responding\./,
    );
    assert.match(hint!, /^ {2}the server was not reached or dropped the connection/);
    assertBounded(r, budget, b.m.env.MEMSYNC_HOME!, 'ssh silent mid-pack');
    assert.ok(r.ms < budget, `cut by the keep-alives before the budget (${r.ms} ms)`);
  },
);

/** A command as the user, to the end. */
function asUser(cmd: string[], env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  user.chown(user.home);
  const ids = ['--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups', '--'];
  return spawnSync('setpriv', [...ids, ...cmd], {
    env: { PATH: process.env.PATH, HOME: user.home, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

/** ssh-agent as the user, on a socket of its own; stopped when the test ends. */
async function startAgent(t: { after: (fn: () => void) => void }): Promise<string> {
  const sock = path.join(user.home, `agent${n}.sock`);
  user.chown(user.home);
  const child = spawn(
    'setpriv',
    ['--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups', '--', 'ssh-agent', '-D', '-a', sock],
    { stdio: 'ignore', env: { PATH: process.env.PATH, HOME: user.home } },
  );
  t.after(() => void child.kill('SIGTERM'));
  for (let i = 0; i < 100 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
  return sock;
}
