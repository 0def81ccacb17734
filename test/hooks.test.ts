import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { Machine, REPO_ROOT, bareRemote, remoteFiles, PLUGIN_ROOT, runCli, twoMachines } from './support/machines.ts';
import { hook, waitFor } from './support/hooks.ts';
import { joinedRegex } from '../src/util/regex.ts';
import { sameProcess } from '../src/util/alive.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

const bgStamp = (m: Machine) => path.join(m.env.MEMSYNC_HOME!, 'state', 'bg-push.json');
const readStamp = (m: Machine) => JSON.parse(fs.readFileSync(bgStamp(m), 'utf8'));

test('the plugin manifest points at hooks that exist in dist/', () => {
  const hooks = JSON.parse(fs.readFileSync(path.join(PLUGIN_ROOT, 'hooks', 'hooks.json'), 'utf8')).hooks;
  assert.deepEqual(Object.keys(hooks).sort(), ['SessionEnd', 'SessionStart', 'Stop', 'UserPromptSubmit']);
  assert.equal(hooks.SessionStart[0].matcher, 'startup|resume|clear|compact');
  for (const f of ['memsync.mjs', 'hook.cjs'])
    assert.ok(fs.existsSync(path.join(PLUGIN_ROOT, 'dist', f)), `dist/${f} is shipped`);
  for (const [event, arg] of [
    ['SessionStart', 'session-start'],
    ['UserPromptSubmit', 'prompt'],
    ['Stop', 'stop'],
    ['SessionEnd', 'session-end'],
  ] as const) {
    assert.equal(
      hooks[event][0].hooks[0].command,
      `sh "\${CLAUDE_PLUGIN_ROOT}/hooks/run.sh" ${arg}`,
      'a command a shell runs without node',
    );
  }
});

test(
  'with no node on PATH, SessionStart says what memsync needs in one message; Stop and SessionEnd say nothing; ' +
    'all exit 0',
  async () => {
    const m = await new Machine('nonode', bareRemote()).init();
    for (const event of ['session-start', 'prompt', 'stop', 'session-end'] as const) {
      const r = await hook(m, event, { cwd: m.root }, { PATH: path.join(m.root, 'empty-bin') });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      if (event !== 'session-start') assert.equal(r.stdout, '', event);
      else
        assert.match(
          JSON.parse(r.stdout).systemMessage,
          /^memsync: no node on PATH: memsync needs Node\.js 20 or later.*; memory is not synced in this session$/,
        );
    }
  },
);

test("the plugin's bin/memsync runs the bundle beside it through links; with no node it says so in one line", () => {
  const m = new Machine('bin', bareRemote());
  const bin = path.join(PLUGIN_ROOT, 'bin', 'memsync');
  // A link to a link, as npm's global bin links to its folder link: the bundle is found all the same.
  const hop = path.join(m.root, 'hop');
  fs.symlinkSync(bin, hop);
  fs.mkdirSync(path.join(m.root, 'userbin'));
  fs.symlinkSync('../hop', path.join(m.root, 'userbin', 'memsync'));
  const ran = spawnSync(path.join(m.root, 'userbin', 'memsync'), ['--help'], { env: m.env, encoding: 'utf8' });
  assert.equal(ran.status, 0, ran.stderr);
  assert.match(ran.stdout, /^memsync: /);
  const sh = fs.realpathSync(spawnSync('sh', ['-c', 'command -v sh'], { encoding: 'utf8' }).stdout.trim());
  const bare = spawnSync(sh, [bin, 'status'], {
    env: { ...m.env, PATH: path.join(m.root, 'empty-bin') },
    encoding: 'utf8',
  });
  assert.equal(bare.status, 127);
  assert.equal(bare.stdout, '');
  assert.equal(bare.stderr, 'memsync: no node on PATH: memsync needs Node.js 20 or later (https://nodejs.org)\n');
});

// A real Node too old for memsync (npm test's pretest, scripts/testSetup.mjs, installs the npm package
// node-linux-<arch>@18 there).
const OLD_NODE = path.join(
  REPO_ROOT,
  '.tmp',
  'node',
  '18',
  'node_modules',
  `node-linux-${process.arch === 'x64' ? 'x64' : 'arm64'}`,
  'bin',
);

test(
  'with a Node too old first on PATH, SessionStart says so in one message; Stop and SessionEnd say nothing; ' +
    'all exit 0',
  async () => {
    assert.ok(fs.existsSync(path.join(OLD_NODE, 'node')), `a Node 18 at ${OLD_NODE} (npm test's pretest installs it)`);
    const m = await new Machine('oldnode', bareRemote()).init();
    for (const event of ['session-start', 'prompt', 'stop', 'session-end'] as const) {
      const r = await hook(m, event, { cwd: m.root }, { PATH: `${OLD_NODE}${path.delimiter}${m.env.PATH}` });
      assert.equal(r.code, 0);
      assert.equal(r.stderr, '');
      if (event !== 'session-start') assert.equal(r.stdout, '', event);
      else
        assert.match(
          JSON.parse(r.stdout).systemMessage,
          /^memsync: node on PATH is v18\.\d+\.\d+: memsync needs Node\.js 20 or later/,
        );
    }
    // A node that cannot run hook.cjs at all (as one too old to read it; here a preload that fails):
    // run.sh says why from Node's version, or that the hook stopped; it still exits 0.
    const broken = { NODE_OPTIONS: `--require=${path.join(m.root, 'missing.cjs')}` };
    for (const [bin, said] of [
      [OLD_NODE, /^memsync: node on PATH is v18\.\d+\.\d+: memsync needs Node\.js 20 or later/],
      [path.dirname(process.execPath), /^memsync: its hook stopped \(node exit 1\); memory is not synced/],
    ] as const) {
      const r = await hook(
        m,
        'session-start',
        { cwd: m.root },
        { ...broken, PATH: `${bin}${path.delimiter}${m.env.PATH}` },
      );
      assert.equal(r.code, 0);
      assert.match(JSON.parse(r.stdout).systemMessage, said);
    }
  },
);

test('SessionStart pulls, learns the project from cwd and hands the fresh MEMORY.md to the session', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const pa = a.checkout(ORIGIN);
  const pb = b.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(pa), 'MEMORY.md'), '- [Deploy](deploy.md): deploys go through the blue pipeline\n');
  a.write(path.join(a.memoryDir(pa), 'deploy.md'), 'blue pipeline\n');
  await a.sync({ projects: [pa] });
  const r = await hook(b, 'session-start', { cwd: path.join(pb), source: 'startup' });
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  const context: string = out.hookSpecificOutput.additionalContext;
  assert.equal(out.hookSpecificOutput.hookEventName, 'SessionStart');
  assert.match(context, /blue pipeline/);
  assert.match(context, /from laptop/);
  assert.equal(fs.readFileSync(path.join(b.memoryDir(pb), 'deploy.md'), 'utf8'), 'blue pipeline\n');
  // Nothing new: nothing to say.
  const again = await hook(b, 'session-start', { cwd: pb, source: 'resume' });
  assert.equal(again.code, 0);
  assert.equal(again.stdout.trim(), '');
});

test('on resume and compact pulled memory is not handed over: Claude Code reads MEMORY.md again', async () => {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  await b.sync({ projects: [pb] });
  for (const source of ['resume', 'compact']) {
    a.write(path.join(memA, 'MEMORY.md'), `- [Note](note.md): ${source}\n`);
    await a.sync({ projects: [pa] });
    const r = await hook(b, 'session-start', { cwd: pb, source });
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), `- [Note](note.md): ${source}\n`, 'pulled');
    assert.doesNotMatch(r.stdout, /additionalContext/, source);
  }
});

test('SessionStart keeps its context within the 10,000-character cap', async () => {
  const remote = bareRemote();
  const a = await new Machine('big-a', remote).init();
  const b = await new Machine('big-b', remote).init();
  const pa = a.checkout(ORIGIN);
  const pb = b.checkout(ORIGIN);
  a.write(
    path.join(a.memoryDir(pa), 'MEMORY.md'),
    `${Array.from({ length: 600 }, (_, i) => `- [Entry ${i}](e${i}.md): something learned, number ${i}`).join('\n')}\n`,
  );
  await a.sync({ projects: [pa] });
  const r = await hook(b, 'session-start', { cwd: pb, source: 'startup' });
  const context: string = JSON.parse(r.stdout).hookSpecificOutput.additionalContext;
  assert.ok(context.length <= 10_000, `${context.length} characters`);
  assert.match(context, /cut to fit/);
});

test('SessionStart with an unreachable remote starts the session on local memory with one message', async () => {
  const m = await new Machine('offline', '/nonexistent/remote.git')
    .init()
    .catch(async () => new Machine('offline2', bareRemote()).init());
  const { writeSettings } = await import('../src/config/settings.ts');
  await writeSettings(m.env.MEMSYNC_HOME!, { remote: path.join(m.root, 'missing.git') });
  const r = await hook(m, 'session-start', { cwd: m.root, source: 'startup' }, { MEMSYNC_PULL_TIMEOUT_MS: '1500' });
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.match(out.systemMessage, /^memsync: could not pull memory/);
  assert.equal(out.systemMessage.split('\n').length, 1);
});

test('open conflicts are mentioned at SessionStart with the command that resolves them', async () => {
  const remote = bareRemote();
  const a = await new Machine('c-a', remote).init();
  const b = await new Machine('c-b', remote).init();
  const pa = a.checkout(ORIGIN);
  const pb = b.checkout(ORIGIN);
  a.write(path.join(a.memoryDir(pa), 't.md'), 'base\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  a.write(path.join(a.memoryDir(pa), 't.md'), 'a\n');
  b.write(path.join(b.memoryDir(pb), 't.md'), 'b\n');
  await a.sync();
  const r = await hook(b, 'session-start', { cwd: pb, source: 'startup' });
  const out = JSON.parse(r.stdout);
  // With no memsync on PATH (the plugin alone), the message names the plugin's own CLI, and it runs.
  const named = /1 memory conflict open; run `([^`]+) conflicts`/.exec(out.systemMessage)?.[1];
  assert.equal(named, `node "${path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs')}"`);
  assert.match(out.hookSpecificOutput.additionalContext, /memsync\.mjs" resolve/);
  const listed = spawnSync('/bin/sh', ['-c', `${named} conflicts`], { env: b.env, encoding: 'utf8' });
  assert.equal(listed.status, 3, listed.stderr);
  assert.match(listed.stdout, /t\.md/);
  // With the launcher of install-cli on PATH: plain `memsync`.
  const bin = path.join(b.root, 'bin');
  assert.equal((await b.cli(['install-cli', '--dir', bin])).code, 0);
  const again = await hook(
    b,
    'session-start',
    { cwd: pb, source: 'resume' },
    { PATH: [bin, path.dirname(process.execPath), b.env.PATH].join(path.delimiter) },
  );
  assert.match(JSON.parse(again.stdout).systemMessage, /run `memsync conflicts`/);
});

test('Stop does nothing when nothing changed, and starts one background push when memory changed', async () => {
  const remote = bareRemote();
  const m = await new Machine('stopper', remote).init();
  const p = m.checkout(ORIGIN);
  m.write(path.join(m.memoryDir(p), 'a.md'), 'a\n');
  await m.sync({ projects: [p] });
  const quiet = await hook(m, 'stop', { cwd: p });
  assert.equal(quiet.code, 0);
  assert.equal(fs.existsSync(bgStamp(m)), false, 'no push started when nothing changed');
  m.write(path.join(m.memoryDir(p), 'b.md'), 'b\n');
  const r = await hook(m, 'stop', { cwd: p });
  assert.equal(r.code, 0);
  assert.ok(fs.existsSync(bgStamp(m)));
  await waitFor(() => remoteFiles(remote)[`${MEM}/b.md`] === 'b\n');
  await waitFor(() => readStamp(m).pid === 0);
  const end = await hook(m, 'session-end', { cwd: p, reason: 'prompt_input_exit' });
  assert.equal(end.code, 0);
  assert.equal(readStamp(m).pid, 0, 'nothing changed: SessionEnd starts nothing');
});

test('a change within the throttle window is pushed when the window ends, with no further turn', async () => {
  const remote = bareRemote();
  const m = await new Machine('trailing', remote).init();
  const p = m.checkout(ORIGIN);
  await m.sync({ projects: [p] });
  const throttle = { MEMSYNC_PUSH_THROTTLE_SECONDS: '10' };
  m.write(path.join(m.memoryDir(p), 'b.md'), 'b\n');
  await hook(m, 'stop', { cwd: p }, throttle);
  await waitFor(() => remoteFiles(remote)[`${MEM}/b.md`] === 'b\n');
  await waitFor(() => readStamp(m).pid === 0);
  const first = readStamp(m);
  m.write(path.join(m.memoryDir(p), 'c.md'), 'c\n');
  await hook(m, 'stop', { cwd: p }, throttle);
  // One push, started now, waits for the window's end; the window after it starts there.
  assert.equal(readStamp(m).started, first.started + 10_000);
  m.write(path.join(m.memoryDir(p), 'd.md'), 'd\n');
  await hook(m, 'stop', { cwd: p }, throttle);
  assert.equal(readStamp(m).started, first.started + 10_000, 'a Stop meanwhile leaves it to the waiting push');
  // No turn and no SessionEnd follow: both changes reach the remote all the same.
  await waitFor(() => remoteFiles(remote)[`${MEM}/c.md`] === 'c\n' && remoteFiles(remote)[`${MEM}/d.md`] === 'd\n');
  assert.match(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'), /push deferred/);
  // The throttle holds all the same: the commit that brought them is from the window's end or later.
  const log = ['--git-dir', remote, 'log', '-1', '--format=%ct', 'main', '--', `${MEM}/c.md`];
  const committed = Number(spawnSync('git', log, { encoding: 'utf8' }).stdout.trim());
  assert.ok(committed >= Math.floor((first.started + 10_000) / 1000), `committed at ${committed}`);
});

test('after SessionEnd, what is written in the quiet period is pushed by one waiter, which then ends', async () => {
  const remote = bareRemote();
  const m = await new Machine('idle', remote).init();
  const p = m.checkout(ORIGIN);
  await m.sync({ projects: [p] });
  const idle = { MEMSYNC_IDLE_PUSH_SECONDS: '4' };
  const waiter = () => JSON.parse(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'state', 'idle-push.json'), 'utf8'));
  await hook(m, 'session-end', { cwd: p, reason: 'prompt_input_exit' }, idle);
  const first = waiter();
  assert.ok(sameProcess(first.pid, first.since), 'a waiter runs');
  // Another session ending moves the push on, in the same waiter.
  await hook(m, 'session-end', { cwd: p, reason: 'other' }, idle);
  assert.equal(waiter().pid, first.pid);
  assert.ok(waiter().due > first.due);
  // Written after every session ended, as claude-mem's worker writes its summary: no hook follows.
  m.write(path.join(m.memoryDir(p), 'late.md'), 'late\n');
  await waitFor(() => remoteFiles(remote)[`${MEM}/late.md`] === 'late\n');
  await waitFor(() => !sameProcess(first.pid, first.since));
  assert.equal(waiter().pid, 0);
  assert.match(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'), /idle push: memory/);
});

test('a running session gets, at its next prompt, what another machine learned meanwhile, once', async () => {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): blue pipeline\n');
  await a.sync({ projects: [pa] });
  const live = { MEMSYNC_LIVE_PULL_SECONDS: '1' };
  const start = await hook(b, 'session-start', { session_id: 'sb', cwd: pb, source: 'startup' }, live);
  assert.match(start.stdout, /blue pipeline/, 'SessionStart hands over what was there');
  const poller = path.join(b.env.MEMSYNC_HOME!, 'state', 'live', 'poller.json');
  const first = JSON.parse(fs.readFileSync(poller, 'utf8'));
  assert.ok(sameProcess(first.pid, first.since), 'one live pull runs');
  const quiet = await hook(b, 'prompt', { session_id: 'sb', cwd: pb }, live);
  assert.equal(quiet.stdout, '', 'nothing new: nothing said');
  // A learns something while B's session is open; B takes no turn and starts no sync.
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): blue pipeline\n- [Oncall](oncall.md): ask Ann\n');
  a.write(path.join(memA, 'oncall.md'), 'Ann is on call this week\n');
  await a.sync({ projects: [pa] });
  await waitFor(() => fs.existsSync(path.join(memB, 'oncall.md')));
  const r = await hook(b, 'prompt', { session_id: 'sb', cwd: pb }, live);
  const out = JSON.parse(r.stdout).hookSpecificOutput;
  assert.equal(out.hookEventName, 'UserPromptSubmit');
  assert.match(out.additionalContext, /from laptop/);
  assert.match(out.additionalContext, /Ann is on call this week/);
  assert.match(out.additionalContext, /New or changed lines of .*MEMORY\.md:\n- \[Oncall\]\(oncall\.md\): ask Ann$/m);
  assert.doesNotMatch(out.additionalContext, /blue pipeline/, 'what the session saw is not told again');
  assert.equal((await hook(b, 'prompt', { session_id: 'sb', cwd: pb }, live)).stdout, '', 'once per change');
  const status = await runCli(['status'], { ...b.env, ...live });
  assert.match(status.stdout, /^live pull: last at \d{4}-\S+, brought (2 files from laptop|nothing new)$/m);
  // Another session (SessionStart or a prompt) shares the one live pull.
  await hook(b, 'session-start', { session_id: 'sc', cwd: pb, source: 'startup' }, live);
  assert.equal(JSON.parse(fs.readFileSync(poller, 'utf8')).pid, first.pid);
  // The live pull ends once the last session ends: no process is left.
  await hook(b, 'session-end', { session_id: 'sb', cwd: pb }, live);
  assert.ok(sameProcess(first.pid, first.since), 'a session is still open');
  await hook(b, 'session-end', { session_id: 'sc', cwd: pb }, live);
  await waitFor(() => !sameProcess(first.pid, first.since));
  assert.equal(JSON.parse(fs.readFileSync(poller, 'utf8')).pid, 0);
});

test('a live pull killed at any point is started again by the next prompt', async () => {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  await a.sync({ projects: [pa] });
  const live = { MEMSYNC_LIVE_PULL_SECONDS: '1' };
  await hook(b, 'session-start', { session_id: 'sb', cwd: pb, source: 'startup' }, live);
  const poller = path.join(b.env.MEMSYNC_HOME!, 'state', 'live', 'poller.json');
  const first = JSON.parse(fs.readFileSync(poller, 'utf8'));
  process.kill(first.pid, 'SIGKILL');
  await waitFor(() => !sameProcess(first.pid, first.since));
  await hook(b, 'prompt', { session_id: 'sb', cwd: pb }, live);
  const next = JSON.parse(fs.readFileSync(poller, 'utf8'));
  assert.notEqual(next.pid, first.pid);
  a.write(path.join(memA, 'late.md'), 'late\n');
  await a.sync({ projects: [pa] });
  await waitFor(() => fs.existsSync(path.join(memB, 'late.md')));
  await hook(b, 'session-end', { session_id: 'sb', cwd: pb }, live);
  await waitFor(() => !sameProcess(next.pid, next.since));
});

test('the live pull ends when the Claude Code process of the last session is gone, with no SessionEnd', async () => {
  const m = await new Machine('crashed', bareRemote()).init();
  const p = m.checkout(ORIGIN);
  await m.sync({ projects: [p] });
  // Stand-ins for two Claude Code processes (hooks get theirs as CLAUDE_PID); one is killed as by the OOM killer.
  const claude = () => spawn('sleep', ['60'], { stdio: 'ignore' });
  const [first, second] = [claude(), claude()];
  const live = (c: ReturnType<typeof claude>) => ({ MEMSYNC_LIVE_PULL_SECONDS: '1', CLAUDE_PID: String(c.pid) });
  await hook(m, 'session-start', { session_id: 'sa', cwd: p, source: 'startup' }, live(first));
  await hook(m, 'prompt', { session_id: 'sb', cwd: p }, live(second));
  const poller = JSON.parse(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'state', 'live', 'poller.json'), 'utf8'));
  assert.ok(sameProcess(poller.pid, poller.since), 'one live pull runs');
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  await new Promise((r) => setTimeout(r, 2500));
  assert.ok(sameProcess(poller.pid, poller.since), "the other session's process runs: so does the live pull");
  second.kill('SIGKILL');
  await waitFor(() => !sameProcess(poller.pid, poller.since), 10_000);
});

test('a new memory folder of the session project counts as a change for Stop', async () => {
  const m = await new Machine('newproj', bareRemote()).init();
  await m.sync();
  const p = m.checkout(ORIGIN);
  m.write(path.join(m.memoryDir(p), 'first.md'), 'first\n');
  await hook(m, 'stop', { cwd: p });
  assert.ok(fs.existsSync(bgStamp(m)));
});

test('each toggle turns its hook off', async () => {
  const m = await new Machine('toggles', bareRemote()).init();
  const p = m.checkout(ORIGIN);
  await m.sync({ projects: [p] });
  m.write(path.join(m.memoryDir(p), 'x.md'), 'x\n');
  for (const env of [
    { MEMSYNC_AUTO_SYNC: 'false' },
    { MEMSYNC_PUSH_ON_STOP: 'off' },
    { MEMSYNC_ROLE: 'consumer' },
    { MEMSYNC_ROLE: 'off' },
  ]) {
    await hook(m, 'stop', { cwd: p }, env);
    assert.equal(fs.existsSync(bgStamp(m)), false);
  }
  await hook(m, 'session-end', { cwd: p }, { MEMSYNC_PUSH_ON_END: '0' });
  assert.equal(fs.existsSync(bgStamp(m)), false);
  const r = await hook(m, 'session-start', { cwd: p }, { MEMSYNC_PULL_ON_START: 'false' });
  assert.equal(r.stdout.trim(), '');
  assert.equal(fs.existsSync(path.join(m.memoryDir(p), 'x.md')), true);
});

test('hooks exit 0 and say one line whatever happens: broken settings, garbage input', async () => {
  const m = new Machine('broken', bareRemote());
  fs.mkdirSync(m.env.MEMSYNC_HOME!, { recursive: true });
  fs.writeFileSync(path.join(m.env.MEMSYNC_HOME!, 'settings.json'), '{"pullTimeoutMs": "soon"}');
  const r = await hook(m, 'session-start', { cwd: m.root });
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.match(out.systemMessage, /pullTimeoutMs/);
  assert.equal(out.systemMessage.split('\n').length, 1);
  assert.match(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8'), /hook session-start/);
  for (const event of ['prompt', 'stop', 'session-end'] as const) {
    const child = spawn(process.execPath, [path.join(PLUGIN_ROOT, 'dist', 'hook.cjs'), event], {
      env: m.env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.stdin.end('not json at all');
    assert.equal(await new Promise((res) => child.on('close', res)), 0);
  }
});

test('hooks install adds the hooks once and uninstall removes only them', async () => {
  const m = await new Machine('installer', bareRemote()).init();
  const file = path.join(m.configDir, 'settings.json');
  const user = {
    model: 'opus',
    hooks: {
      Stop: [{ hooks: [{ type: 'command', command: 'echo mine' }] }],
      PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'guard' }] }],
    },
  };
  fs.writeFileSync(file, JSON.stringify(user));
  assert.equal((await m.cli(['hooks', 'install'])).code, 0);
  assert.equal((await m.cli(['hooks', 'install'])).code, 0);
  const installed = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(installed.model, 'opus');
  assert.equal(installed.hooks.Stop.length, 2, 'the user hook and one memsync hook');
  assert.equal(installed.hooks.SessionStart.length, 1);
  assert.match(installed.hooks.SessionStart[0].hooks[0].command, /hook\.cjs" session-start$/);
  assert.equal((await m.cli(['hooks', 'uninstall'])).code, 0);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), user);
});

test(
  'a change claude-mem makes to its database starts a background push from Stop; a settled database does ' + 'not',
  async () => {
    const { claudeMemStore, memMachine, observedIn, oneSession } = await import('./support/claudeMem.ts');
    const remote = bareRemote();
    const m = await memMachine('memdb', remote);
    const db = m.db;
    claudeMemStore(db, oneSession('first'));
    // Closing memsync's own connection may checkpoint the WAL: a few syncs until one leaves it settled.
    for (let i = 0; i < 5 && (await m.sync()).claudeMem?.read !== false; i++);
    assert.equal((await m.sync()).claudeMem?.read, false, 'the database settled');
    await hook(m, 'stop', {});
    assert.equal(fs.existsSync(bgStamp(m)), false, 'no push for a database that did not change');
    claudeMemStore(db, [observedIn('memory-1', 'learned in this session')]);
    const r = await hook(m, 'stop', {});
    assert.equal(r.code, 0);
    assert.ok(fs.existsSync(bgStamp(m)), 'a push was started');
    await waitFor(
      () => (remoteFiles(remote)['claude-mem/observations.jsonl'] ?? '').includes('learned in this session'),
      60_000,
    );
  },
);

test(
  "SessionStart says in one line when this project's index is past what Claude Code reads, and when a mass " +
    'deletion is held',
  async () => {
    const remote = bareRemote();
    const m = await new Machine('budget', remote).init();
    const p = m.checkout(ORIGIN);
    const mem = m.memoryDir(p);
    m.write(path.join(mem, 'MEMORY.md'), `${Array.from({ length: 230 }, (_, i) => `- fact ${i}`).join('\n')}\n`);
    for (const n of ['a.md', 'b.md', 'c.md']) m.write(path.join(mem, n), `${n}\n`);
    await m.sync({ projects: [p] });
    for (const n of ['a.md', 'b.md', 'c.md']) fs.rmSync(path.join(mem, n));
    assert.equal((await m.sync()).heldDeletes.length, 1);
    const r = await hook(m, 'session-start', { cwd: p, source: 'startup' });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const lines = String(out.systemMessage).split('\n');
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.ok(
      lines.some((l) =>
        joinedRegex(
          '',
          /^memsync: the memory index of this project has 230 lines \([\d.]+ KB\); Claude Code reads only the first /,
          /200 lines/,
        ).test(l),
      ),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) =>
        /^memsync: 3 of 4 memory files of github\.com\/acme\/widget were deleted here at once; held/.test(l),
      ),
      lines.join('\n'),
    );
    assert.match(out.hookSpecificOutput.additionalContext, /memsync consolidate/);
  },
);
