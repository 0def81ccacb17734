// End to end: the real `claude` binary (devDependency @anthropic-ai/claude-code) runs headless
// sessions with this checkout loaded as a plugin (--plugin-dir), against a Messages API stand-in
// on 127.0.0.1. The plugin's hooks run the bundles in dist/, so run `npm run build` after
// changing src/. No network beyond 127.0.0.1.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { Machine, REPO_ROOT, bareRemote, gitTestEnv, remoteFiles, tempDir, PLUGIN_ROOT } from './support/machines.ts';
import {
  CLAUDE,
  claudeEnv,
  hookMessages,
  runClaudeArgs,
  waitFor,
  writesThenDone,
  type Session,
} from './support/claudeSession.ts';
import { DEFAULT_REPLY, startMessagesApi, type MessagesApi } from './support/messagesApi.ts';
import { joinedRegex } from '../src/util/regex.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

let api: MessagesApi;
/** Everything to remove after each test: machines' roots, remotes, servers. */
const cleanups: (() => void | Promise<void>)[] = [];
const machines: Machine[] = [];

before(async () => {
  api = await startMessagesApi();
});

afterEach(async () => {
  for (const m of machines.splice(0)) killBackgroundPush(m);
  for (const c of cleanups.splice(0).reverse()) await c();
  api.respond = () => ({ text: DEFAULT_REPLY });
});

after(async () => {
  if (api.unknown.length)
    console.log(`# stand-in: paths it did not know (answered harmlessly): ${[...new Set(api.unknown)].join(', ')}`);
  await api.close();
  // test/support/machines.ts made a sandbox HOME for this process.
  if (process.env.HOME && /memsync-test-home-/.test(process.env.HOME))
    fs.rmSync(process.env.HOME, { recursive: true, force: true });
});

function machine(name: string, remote: string): Machine {
  const m = new Machine(name, remote);
  machines.push(m);
  cleanups.push(() => fs.rmSync(m.root, { recursive: true, force: true }));
  return m;
}

function remote(): string {
  const dir = bareRemote();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One headless claude session on machine `m`, in `cwd`, with this checkout as a plugin. */
function runClaude(m: Machine, cwd: string, prompt: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Session> {
  return runClaudeArgs(['-p', prompt, '--plugin-dir', PLUGIN_ROOT], cwd, claudeEnv(api, m, extraEnv));
}

function logOf(m: Machine): string {
  try {
    return fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8');
  } catch {
    return '';
  }
}

function bgPushPid(m: Machine): number | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(m.env.MEMSYNC_HOME!, 'state', 'bg-push.json'), 'utf8'));
    return typeof v.pid === 'number' && v.pid > 0 ? v.pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The detached background push leads its own process group: end it and its git children. */
function killBackgroundPush(m: Machine): void {
  const pid = bgPushPid(m);
  if (pid && alive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Until no background push runs on `m` and none has started for a second. */
async function backgroundPushesSettled(m: Machine, timeoutMs = 30_000): Promise<void> {
  let quietSince = 0;
  let lastPid: number | null = null;
  await waitFor(
    'background pushes to finish',
    () => {
      const pid = bgPushPid(m);
      const busy = pid !== null && alive(pid);
      if (busy || pid !== lastPid) quietSince = 0;
      else if (!quietSince) quietSince = Date.now();
      lastPid = pid;
      return quietSince > 0 && Date.now() - quietSince >= 1000;
    },
    timeoutMs,
    100,
  );
}

/** Whether the remote has its branch yet (quietly: remoteFiles lets git complain on stderr). */
function hasBranch(remoteDir: string, branch = 'main'): boolean {
  try {
    execFileSync('git', ['--git-dir', remoteDir, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], {
      env: gitTestEnv(remoteDir),
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

function git(remoteDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', remoteDir, ...args], { env: gitTestEnv(remoteDir) }).toString();
}

const diag = (line: string) => console.log(`# ${line}`);

// ---------------------------------------------------------------------------------------------

test(
  'claude plugin validate passes for the repository (marketplace) and the plugin manifest with its ' + 'hooks',
  async () => {
    const home = tempDir('memsync-e2e-validate-');
    cleanups.push(() => fs.rmSync(home, { recursive: true, force: true }));
    const env = {
      ...process.env,
      HOME: home,
      CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
    };
    const validate = (...args: string[]) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(CLAUDE, ['plugin', 'validate', ...args], {
          cwd: REPO_ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ code, out }));
      });
    const repo = await validate('--strict', '.');
    assert.equal(repo.code, 0, repo.out);
    assert.match(repo.out, /Validation passed/);
    // Observed: with a marketplace.json present, `validate .` checks only the marketplace manifest;
    // the plugin (the marketplace's ./plugin: its manifest, hooks, skill and bin) is checked on its own.
    // Observed with 2.1.337: one warning, that claude.ai's plugin directory refuses files in bin/
    // ("though Claude Code loads it"). memsync keeps bin/: it is how the agent runs a bare `memsync`,
    // and memsync is installed from its own marketplace. Any other warning fails.
    const plugin = await validate('plugin');
    assert.equal(plugin.code, 0, plugin.out);
    assert.match(plugin.out, /plugin manifest/);
    assert.match(plugin.out, /Validation passed/);
    const warned = /Found (\d+) warnings?:\n\n((?:.*\n)*?)\n/.exec(plugin.out);
    const lines = warned ? warned[2]!.trim().split('\n') : [];
    const binOnly = lines.map((l) =>
      /^\S+ bin: claude\.ai refuses a plugin with files in its bin\/ folder/.test(l.trim()),
    );
    assert.deepEqual(binOnly, warned ? [true] : [], plugin.out);
  },
);

test('memory written in a session on machine A reaches the first request of a session on machine B', async () => {
  const shared = remote();
  const a = await machine('alpha', shared).init();
  const b = await machine('bravo', shared).init();
  const projA = a.checkout(ORIGIN);
  const projB = b.checkout(ORIGIN);
  assert.notEqual(projA, projB);

  const marker = `MEMSYNC-E2E-${process.pid}-${Date.now()}`;
  const memA = a.memoryDir(projA);
  const topic =
    '---\nname: build\ndescription: how this project is built\ntype: project\n---\nRun `make` twice: ' +
    'the first run only generates headers.\n';
  const index = `- [Build](build.md) — run make twice (${marker})\n`;
  // Claude Code itself writes the memory on A, with its Write tool, during the session.
  api.respond = writesThenDone(() => [
    { file_path: path.join(memA, 'build.md'), content: topic },
    { file_path: path.join(memA, 'MEMORY.md'), content: index },
  ]);
  const sa = await runClaude(a, projA, 'Remember how to build this project.');
  assert.equal(sa.code, 0, `claude on A: ${sa.stderr}`);
  assert.equal(fs.readFileSync(path.join(memA, 'MEMORY.md'), 'utf8'), index, 'claude wrote the memory on A');
  // Observed: Claude Code rewrites a memory file's front matter as it writes it (adds metadata
  // such as originSessionId), so what is synced is what is on A's disk, not what the model sent.
  const topicOnA = fs.readFileSync(path.join(memA, 'build.md'), 'utf8');
  assert.match(topicOnA, /Run `make` twice/);
  diag(`session on A: ${sa.ms} ms`);

  // The Stop/SessionEnd hooks left a detached push behind: it, not the test, publishes.
  const pushedAt = Date.now();
  const files = await waitFor(
    "the remote to have A's memory",
    () => {
      if (!hasBranch(shared)) return undefined;
      const f = remoteFiles(shared);
      return f[`${MEM}/MEMORY.md`] === index && f[`${MEM}/build.md`] === topicOnA ? f : undefined;
    },
    20_000,
  );
  assert.ok(files);
  diag(`remote had A's memory ${Date.now() - pushedAt} ms after the session ended`);
  assert.match(logOf(a), /hook (stop|session-end) .*background push started/);

  // B has never seen the project: it learns it from the hook's cwd (no --project anywhere).
  const firstOfB = api.messages().length;
  api.respond = () => ({ text: DEFAULT_REPLY });
  const sb = await runClaude(b, projB, 'How do I build this project?');
  assert.equal(sb.code, 0, `claude on B: ${sb.stderr}`);
  diag(`session on B: ${sb.ms} ms`);
  const first = api.messages()[firstOfB];
  assert.ok(first, 'B made a messages call');
  const seen = JSON.stringify(first.body);
  assert.ok(seen.includes(marker), `B's first request carries A's memory; log of B:\n${logOf(b)}`);
  const viaContext = /memsync pulled \d+ updated memory file/.test(seen);
  const inSystem = JSON.stringify(first.body.system ?? '').includes(marker);
  const how = viaContext
    ? "through memsync's SessionStart additionalContext"
    : 'only through Claude Code loading MEMORY.md';
  diag(
    `B's first request had the memory ${how}` +
      ` (marker ${seen.split(marker).length - 1}x; in the system prompt: ${inSystem}, in messages: ` +
      `${JSON.stringify(first.body.messages ?? '').includes(marker)})`,
  );

  const memB = b.memoryDir(projB);
  assert.equal(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), index);
  assert.equal(fs.readFileSync(path.join(memB, 'build.md'), 'utf8'), topicOnA);
  const registry = JSON.parse(fs.readFileSync(path.join(b.env.MEMSYNC_HOME!, 'projects.json'), 'utf8'));
  assert.ok(registry.paths.includes(projB), 'B learned its checkout from the SessionStart cwd');
  assert.match(logOf(b), /hook session-start long way: [^;\n]+; pull in \d+ ms: 2 taken/);

  // The next session on B: nothing new to pull, and Claude Code loads the MEMORY.md memsync
  // wrote by itself, which shows memsync filed it under the key Claude Code reads.
  const secondOfB = api.messages().length;
  const sb2 = await runClaude(b, projB, 'And how do I build it again?');
  assert.equal(sb2.code, 0, `second claude on B: ${sb2.stderr}`);
  const again = JSON.stringify(api.messages()[secondOfB]?.body ?? null);
  assert.ok(again.includes(marker), 'Claude Code loaded the synced MEMORY.md on B');
  assert.doesNotMatch(again, /memsync pulled \d+ updated memory file/);
  const where = JSON.stringify(api.messages()[secondOfB]?.body.system ?? '').includes(marker)
    ? 'system prompt'
    : 'messages';
  diag(`second session on B: ${sb2.ms} ms; Claude Code loaded MEMORY.md itself (in the ${where})`);
});

test('four sessions at once on one machine, each writing memory: nothing lost, linear remote history', async () => {
  const shared = remote();
  const m = await machine('multi', shared).init();
  const proj = m.checkout(ORIGIN);
  const mem = m.memoryDir(proj);
  const N = 4;
  const content = (i: number) =>
    `---\nname: session ${i}\ndescription: written by session ${i}\ntype: project\n---\nSession ${i} learned fact ` +
    `number ${i}.\n`;
  api.respond = writesThenDone(
    (req) => {
      const i = Number(/E2E-SESSION-(\d+)/.exec(JSON.stringify(req.body?.messages?.[0] ?? ''))?.[1]);
      return Number.isInteger(i) ? [{ file_path: path.join(mem, `session-${i}.md`), content: content(i) }] : [];
    },
    // Spread the writes and the Stop hooks so they interleave with each other's pushes.
    () => Math.floor(Math.random() * 4000),
  );
  const sessions = await Promise.all(
    Array.from({ length: N }, (_, i) => runClaude(m, proj, `Remember this for E2E-SESSION-${i + 1}.`)),
  );
  sessions.forEach((s, i) => assert.equal(s.code, 0, `session ${i + 1}: ${s.stderr}`));
  diag(`four sessions: ${sessions.map((s) => s.ms).join(', ')} ms`);
  // Claude Code rewrites the front matter as it writes (see the test above): keep what it wrote.
  const written = new Map<number, string>();
  for (let i = 1; i <= N; i++) {
    const text = fs.readFileSync(path.join(mem, `session-${i}.md`), 'utf8');
    assert.match(text, new RegExp(`Session ${i} learned fact number ${i}\\.`));
    written.set(i, text);
  }

  await backgroundPushesSettled(m);
  const beforeSync = Object.keys(hasBranch(shared) ? remoteFiles(shared) : {}).filter((p) =>
    p.startsWith(`${MEM}/session-`),
  ).length;
  diag(`remote had ${beforeSync} of ${N} session files from the background pushes alone`);
  const sync = await m.cli(['sync']);
  assert.equal(sync.code, 0, sync.stderr);

  const files = remoteFiles(shared);
  for (let i = 1; i <= N; i++)
    assert.equal(files[`${MEM}/session-${i}.md`], written.get(i), `session-${i}.md on the remote`);
  const log = logOf(m);
  const failures = log.split('\n').filter((l) => /failed/i.test(l));
  assert.deepEqual(failures, [], `memsync.log:\n${log}`);
  const notPulled = log.split('\n').filter((l) => /could not/i.test(l));
  if (notPulled.length) diag(`log lines about a pull left out (not failures):\n${notPulled.join('\n')}`);

  assert.equal(git(shared, ['rev-list', '--merges', 'main']).trim(), '', 'no merge commits');
  const chain = git(shared, ['rev-list', '--parents', 'main'])
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  // Newest first: each commit's only parent is the next (older) one; the last is the root.
  chain.forEach((c, i) =>
    assert.deepEqual(c.slice(1), i + 1 < chain.length ? [chain[i + 1]![0]] : [], `commit ${c[0]} parents`),
  );
  diag(`remote history: ${chain.length} commits, linear; log:\n${log.trim()}`);
});

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** A TCP server on 127.0.0.1 that accepts connections and never says a word. */
async function stallingServer(): Promise<{ port: number; accepted: () => number }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const srv = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  );
  return { port: (srv.address() as net.AddressInfo).port, accepted: () => accepted };
}

const PULL_TIMEOUT_MS = 2000;

for (const kind of ['refuses connections', 'accepts and never answers'] as const) {
  test(`a remote that ${kind}: the session ends normally and promptly; memsync says it could not pull`, async () => {
    let url: string;
    let stall: Awaited<ReturnType<typeof stallingServer>> | undefined;
    if (kind === 'refuses connections') url = `git://127.0.0.1:${await closedPort()}/x.git`;
    else {
      stall = await stallingServer();
      url = `git://127.0.0.1:${stall.port}/x.git`;
    }
    const m = await machine(kind === 'refuses connections' ? 'refused' : 'stalled', url).init();
    const proj = m.checkout(ORIGIN);
    const firstCall = api.messages().length;
    // A short networkTimeoutMs: the background sync the hook leaves ends soon after the test.
    const s = await runClaude(m, proj, 'Hello.', {
      MEMSYNC_PULL_TIMEOUT_MS: String(PULL_TIMEOUT_MS),
      MEMSYNC_NETWORK_TIMEOUT_MS: '5000',
    });
    diag(`session against a remote that ${kind}: ${s.ms} ms, exit ${s.code}`);
    assert.equal(s.code, 0, s.stderr);
    assert.equal(s.stdout.trim(), DEFAULT_REPLY);
    assert.ok(api.messages().length > firstCall, "the stand-in got the session's request");
    assert.ok(s.ms < PULL_TIMEOUT_MS + 15_000, `the session took ${s.ms} ms`);
    if (stall) assert.ok(stall.accepted() > 0, 'memsync did try the stalling remote');
    // What Claude Code showed the user: the hook's systemMessage, kept in the transcript.
    const shown = hookMessages(m, proj, 'SessionStart');
    assert.equal(shown.length, 1, `one SessionStart message shown: ${JSON.stringify(shown)}`);
    // It names the setting that bounds it, with its value, or git's cause and the fix.
    if (stall) {
      assert.equal(
        shown[0],
        `memsync: the remote did not answer within pullTimeoutMs (${PULL_TIMEOUT_MS} ms, the SessionStart budget); ` +
          `this session starts with this machine's memory; a background sync goes on (it stops within ` +
          `networkTimeoutMs, 5000 ms); node "${path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs')}" doctor checks the ` +
          'remote',
      );
    } else {
      assert.match(
        shown[0]!,
        joinedRegex(
          '',
          /^memsync: could not pull memory: fetching from the remote failed: .*Connection refused; this session /,
          /starts with this machine's memory; to fix: the server was not reached/,
        ),
      );
    }
    // And the log has the detail, from the SessionStart hook.
    const log = logOf(m);
    assert.match(
      log,
      stall
        ? /hook session-start .*the remote did not answer within \d+ ms/
        : /hook session-start .*fetching from the remote failed/,
      log,
    );
    diag(`shown to the user: ${shown[0]}`);
  });
}
