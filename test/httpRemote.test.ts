import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Machine, bareRemote, remoteFiles, tempDir, gitTestEnv } from './support/machines.ts';
import { startHttpGit } from './support/httpGit.ts';
import { startProxy, type ProxyMode } from './support/network.ts';
import { askpassScript, assertBounded, runTaggedCli } from './support/userMachine.ts';
import { execFileSync } from 'node:child_process';
import { joinedRegex } from '../src/util/regex.ts';

// Smart HTTP with basic auth on 127.0.0.1 (Node in front of git http-backend), the way people use
// https with a credential helper.
const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const USER = 'mem';
const PASSWORD = 'pw-s3cret-42';
const NET = 4000;
const GUARD = { timeout: 120_000 };

async function served(t: { after: (fn: () => Promise<void>) => void }) {
  const root = tempDir('memsync-http-');
  const dir = bareRemote(path.join(root, 'mem.git'));
  // http-backend only accepts pushes from an authenticated user; the server sets REMOTE_USER.
  execFileSync('git', ['--git-dir', dir, 'config', 'http.receivepack', 'true'], { env: gitTestEnv(root) });
  const http = await startHttpGit(root, { user: USER, password: PASSWORD });
  t.after(() => http.stop());
  return { dir, http, url: http.url('mem.git') };
}

/** A credential helper holding `password` for the server (what `git credential approve` leaves). */
function storeCredential(m: Machine, port: number, password = PASSWORD): string {
  const home = m.env.HOME!;
  fs.writeFileSync(path.join(home, '.gitconfig'), '[credential]\n\thelper = store\n');
  const file = path.join(home, '.git-credentials');
  fs.appendFileSync(file, `http://${USER}:${password}@127.0.0.1:${port}\n`);
  return file;
}

async function machine(name: string, url: string) {
  const m = await new Machine(name, url).init();
  const proj = m.checkout(ORIGIN);
  return { m, proj, mem: m.memoryDir(proj) };
}

function askpass(m: Machine): { env: NodeJS.ProcessEnv; called: string } {
  const { file, called } = askpassScript(m.root);
  return { env: { GIT_ASKPASS: file, SSH_ASKPASS: file, DISPLAY: ':0' }, called };
}

const doctorRemote = async (m: Machine) =>
  JSON.parse((await m.cli(['doctor', '--json'])).stdout).checks.find((c: { name: string }) => c.name === 'remote');

test(
  'https with a stored credential: two machines sync through the credential helper (one through insteadOf)',
  GUARD,
  async (t) => {
    const { dir, http, url } = await served(t);
    const a = await machine('laptop', url);
    // The other machine names the remote as people do (https://git.example.com/...); its git config maps it here.
    const b = await machine('desktop', 'https://git.example.com/mem.git');
    storeCredential(a.m, http.port);
    storeCredential(b.m, http.port);
    fs.appendFileSync(
      path.join(b.m.env.HOME!, '.gitconfig'),
      `[url "http://127.0.0.1:${http.port}/"]\n\tinsteadOf = https://git.example.com/\n`,
    );
    a.m.write(path.join(a.mem, 'deploy.md'), 'blue pipeline\n');
    const ra = await a.m.cli(['sync', '--project', a.proj]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(remoteFiles(dir)[`${MEM}/deploy.md`], 'blue pipeline\n');
    const rb = await b.m.cli(['sync', '--project', b.proj]);
    assert.equal(rb.code, 0, rb.stderr);
    assert.equal(fs.readFileSync(path.join(b.mem, 'deploy.md'), 'utf8'), 'blue pipeline\n');
  },
);

test(
  'https without a credential: the real line, no askpass called, doctor says credential helper',
  GUARD,
  async (t) => {
    const { http, url } = await served(t);
    const a = await machine('nocred', url);
    const ask = askpass(a.m);
    const r = await runTaggedCli(['sync'], { ...a.m.env, ...ask.env, MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) });
    assert.equal(r.code, 1);
    const [line, hint] = r.stderr.split('\n');
    assert.equal(
      line,
      'memsync sync: fetching from the remote failed: fatal: could not read Username for ' +
        `'http://127.0.0.1:${http.port}': terminal prompts disabled`,
    );
    assert.match(
      hint!,
      joinedRegex(
        '',
        /^ {2}memsync never prompts, and no credential for this server is stored .*git config --global /,
        /credential\.helper store/,
      ),
    );
    assertBounded(r, NET, a.m.env.MEMSYNC_HOME!, 'https without credential');
    assert.equal(fs.existsSync(ask.called), false, 'the askpass program never ran');
    // SessionStart, with the IDE's askpass in its environment: one line with the cause and the fix, no dialog.
    const start = await runTaggedCli(
      ['hook', 'session-start'],
      { ...a.m.env, ...ask.env },
      JSON.stringify({ cwd: a.proj, source: 'startup' }),
    );
    assert.equal(
      JSON.parse(start.stdout).systemMessage,
      `memsync: could not pull memory: fetching from the remote failed: ${line!.split('failed: ')[1]}; ` +
        `this session starts with this machine's memory; to fix: ${hint!.trim()}`,
    );
    assertBounded(start, 5000, a.m.env.MEMSYNC_HOME!, 'SessionStart, https without credential');
    assert.equal(fs.existsSync(ask.called), false, 'the askpass program never ran in the hook');
    const doc = await doctorRemote(a.m);
    assert.equal(
      doc.detail,
      `fatal: could not read Username for 'http://127.0.0.1:${http.port}': terminal prompts disabled`,
    );
    assert.match(doc.fix, /credential helper/);
  },
);

test('https with a wrong password: git erases it; memsync says so, then says to store it again', GUARD, async (t) => {
  const { http, url } = await served(t);
  const a = await machine('wrongpw', url);
  const file = storeCredential(a.m, http.port, 'not-the-password');
  const r = await runTaggedCli(['sync'], { ...a.m.env, MEMSYNC_NETWORK_TIMEOUT_MS: String(NET) });
  assert.equal(r.code, 1);
  const [line, hint] = r.stderr.split('\n');
  assert.equal(line, `memsync sync: fetching from the remote failed: fatal: Authentication failed for '${url}/'`);
  assert.match(
    hint!,
    joinedRegex(
      '',
      /^ {2}the server refused the stored credential, and git has erased it from the credential helper: store the /,
      /right one again/,
    ),
  );
  assertBounded(r, NET, a.m.env.MEMSYNC_HOME!, 'wrong password');
  assert.equal(fs.readFileSync(file, 'utf8'), '', 'git erased the refused credential');
  const doc = await doctorRemote(a.m);
  assert.match(doc.detail, /could not read Username/);
  assert.match(doc.fix, /git erases one the server refused/);
});

test(
  'a password in the remote URL is masked in configure, status, doctor, errors, the log and commit messages',
  GUARD,
  async (t) => {
    const { dir, http } = await served(t);
    const a = await machine('inurl', bareRemote());
    const secretUrl = `http://${USER}:${PASSWORD}@127.0.0.1:${http.port}/mem.git`;
    const shown = `http://${USER}:***@127.0.0.1:${http.port}/mem.git`;
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const r = await a.m.cli(args);
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const cfg = await run(['configure', '--remote', secretUrl]);
    assert.equal(cfg.code, 0, cfg.stderr);
    assert.equal(cfg.stdout.split('\n')[0], `remote set to ${shown}`);
    a.m.write(path.join(a.mem, 'notes.md'), 'pushed through a URL with a password\n');
    // A message holding the password is refused by the secret scan, with the password masked.
    const refused = await run(['push', '--project', a.proj, '--message', `memory via ${secretUrl}`]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /the commit message \(--message\) holds a secret/);
    assert.equal((await run(['push', '--project', a.proj, '--message', 'memory via the https remote'])).code, 0);
    assert.equal(remoteFiles(dir)[`${MEM}/notes.md`], 'pushed through a URL with a password\n');
    assert.match(
      (await run(['status'])).stdout,
      new RegExp(`^remote: ${shown.replace(/[.*]/g, '\\$&')} \\(main\\)$`, 'm'),
    );
    assert.equal(JSON.parse((await run(['status', '--json'])).stdout).remoteUrl, shown);
    assert.match((await run(['doctor'])).stdout, new RegExp(`ok {3}remote: ${shown.replace(/[.*]/g, '\\$&')} answers`));
    await http.stop();
    const down = await run(['sync']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /^memsync sync: fetching from the remote failed: /);
    const log = execFileSync('git', ['--git-dir', dir, 'log', '--format=%B', '-1', 'main'], {
      env: gitTestEnv(dir),
    }).toString();
    assert.match(log, /memory via the https remote/);
    outputs.push(fs.readFileSync(path.join(a.m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'), log);
    for (const o of outputs) assert.ok(!o.includes(PASSWORD), `no password in: ${o.slice(0, 300)}`);
  },
);

test(
  'an https server that stalls mid-pack: the low-speed limit ends the fetch before networkTimeoutMs, ' +
    'nothing left running',
  GUARD,
  async (t) => {
    const { http, url } = await served(t);
    let plan: ProxyMode = 'forward';
    const relay = await startProxy(http.port, () => plan);
    t.after(() => relay.stop());
    const a = await machine('bigpush', url);
    storeCredential(a.m, http.port);
    // 240 KB that does not compress: the pack is far larger than what the relay lets through.
    a.m.write(
      path.join(a.mem, 'big.md'),
      randomBytes(120_000)
        .toString('hex')
        .replace(/(.{64})/g, '$1\n'),
    );
    assert.equal((await a.m.cli(['sync', '--project', a.proj])).code, 0);
    const b = await machine('stalled', url.replace(String(http.port), String(relay.port)));
    storeCredential(b.m, relay.port);
    plan = { after: 32 * 1024, dir: 'down', then: 'stall' };
    const budget = 8000;
    const r = await runTaggedCli(['sync'], { ...b.m.env, MEMSYNC_NETWORK_TIMEOUT_MS: String(budget) });
    assert.equal(r.code, 1);
    const [line, hint] = r.stderr.split('\n');
    // http.lowSpeedTime is a quarter of the budget: curl gives up first, and says why.
    assert.match(
      line!,
      joinedRegex(
        '',
        /^memsync sync: fetching from the remote failed: error: RPC failed; curl 28 Operation too slow\. Less than /,
        /1000 bytes\/sec transferred the last 2 seconds/,
      ),
    );
    // The cut is the time budget's (the low-speed limit is set from it): the hint names the setting.
    assert.match(hint!, /^ {2}the remote stopped sending before the time budget ran out \(networkTimeoutMs/);
    assertBounded(r, budget, b.m.env.MEMSYNC_HOME!, 'https stall mid-pack');
    assert.ok(r.ms < budget, `cut by the low-speed limit before the budget (${r.ms} ms)`);
  },
);
