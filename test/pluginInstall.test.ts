// The plugin as people install it: this checkout served over git's smart HTTP on 127.0.0.1,
// `claude plugin marketplace add` + `claude plugin install` with the real claude binary, then
// headless sessions whose hooks run from the installed copy alone (no --plugin-dir, nothing
// from this checkout's node_modules), against the Messages API stand-in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { writeSettings } from '../src/config/settings.ts';
import { bunBinary, claudeMemStore, observation } from './support/claudeMem.ts';
import {
  CLAUDE,
  claudeEnv,
  hookMessages,
  runClaudeArgs,
  stepOf,
  waitFor,
  writesThenDone,
} from './support/claudeSession.ts';
import { startHttpGit, type HttpGit } from './support/httpGit.ts';
import { servedCheckout } from './support/served.ts';
import { Machine, PLUGIN_ROOT, REPO_ROOT, bareRemote, remoteFiles } from './support/machines.ts';
import {
  DEFAULT_REPLY,
  startMessagesApi,
  type MessagesApi,
  type RecordedRequest,
  type Reply,
} from './support/messagesApi.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
// What a user's machine gets: the plugin folder alone (bundles, hooks, skill, bin), no npm packages.
const MAX_INSTALLED_BYTES = 5 * 1024 * 1024;

let api: MessagesApi;
let server: HttpGit;
let served: string;
const diag = (line: string) => console.log(line);

before(async () => {
  api = await startMessagesApi();
  served = servedCheckout();
  server = await startHttpGit(served);
  const v = await runClaudeArgs(['--version'], REPO_ROOT, process.env);
  diag(`claude ${v.stdout.trim()} (${CLAUDE})`);
});

after(async () => {
  await server.stop();
  await api.close();
  fs.rmSync(path.dirname(served), { recursive: true, force: true });
});

/** `claude plugin ...` on machine `m` (async: the git server runs in this process). */
async function plugin(m: Machine, ...args: string[]): Promise<{ out: string; ms: number }> {
  const r = await runClaudeArgs(['plugin', ...args], m.root, claudeEnv(api, m));
  assert.equal(r.code, 0, `claude plugin ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return { out: r.stdout + r.stderr, ms: r.ms };
}

/**
 * Marketplace add (a git URL or a local path) and plugin install, as a user runs them; the
 * installed copy's folder, checked to hold the plugin and nothing of the development tools.
 */
async function install(m: Machine, marketplace: string): Promise<string> {
  const added = await plugin(m, 'marketplace', 'add', marketplace);
  const installed = await plugin(m, 'install', 'memsync@memsync');
  const record = JSON.parse(fs.readFileSync(path.join(m.configDir, 'plugins', 'installed_plugins.json'), 'utf8'));
  const dir: string = record.plugins['memsync@memsync'][0].installPath;
  const kb = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]);
  diag(
    `plugin install from ${marketplace} on ${m.name}: marketplace add ${added.ms} ms, install ${installed.ms} ms, ` +
      `installed copy ${(kb / 1024).toFixed(1)} MB at ${dir}`,
  );
  assert.ok(kb * 1024 <= MAX_INSTALLED_BYTES, `the installed copy is ${kb} KB (at most 5 MB)`);
  // No lockfile or package.json: Claude Code starts no npm for the plugin, whatever its release does.
  for (const f of ['node_modules', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'bun.lock', 'src'])
    assert.ok(!fs.existsSync(path.join(dir, f)), `the installed plugin has no ${f}`);
  // (Claude Code adds dot-files of its own, such as `.in_use`.)
  const ours = fs.readdirSync(dir).filter((f) => !f.startsWith('.') || f === '.claude-plugin');
  assert.deepEqual(ours.sort(), ['.claude-plugin', 'bin', 'dist', 'hooks', 'skills']);
  fs.accessSync(path.join(dir, 'bin', 'memsync'), fs.constants.X_OK);
  return dir;
}

/** What the stand-in asks of the agent: one Bash tool call a step, each command a bare `memsync ...`. */
function bashSteps(commands: string[]): (req: RecordedRequest) => Reply {
  return (req) => {
    const command = commands[stepOf(req)];
    // `command -v` shows which memsync ran; the last line is its exit code.
    return command
      ? { toolUse: { name: 'Bash', input: { command: `command -v memsync; ${command}; echo "exit $?"` } } }
      : { text: 'Done.' };
  };
}

/** The Bash tool's results the agent got back in `session`'s last request, in order. */
function bashResults(api: MessagesApi): string[] {
  const last = api.messages().at(-1);
  const out: string[] = [];
  for (const msg of (last?.body?.messages ?? []) as { role: string; content: unknown }[]) {
    if (msg.role !== 'user' || !Array.isArray(msg.content)) continue;
    for (const block of msg.content as { type: string; content?: unknown }[]) {
      if (block.type !== 'tool_result') continue;
      const c = block.content;
      out.push(typeof c === 'string' ? c : (c as { text?: string }[]).map((x) => x.text ?? '').join(''));
    }
  }
  return out;
}

/**
 * A headless session whose agent runs `commands` with the Bash tool (as the skill tells it to):
 * each must find `memsync` in the plugin's bin/ (one of `dirs`) and exit 0. Their outputs.
 */
async function agentRuns(m: Machine, cwd: string, dirs: string[], env: NodeJS.ProcessEnv, commands: string[]) {
  api.respond = bashSteps(commands);
  const s = await runClaudeArgs(
    ['-p', 'Back up my memory.', '--allowedTools', 'Bash'],
    cwd,
    claudeEnv(api, m, { PATH: env.PATH }),
  );
  assert.equal(s.code, 0, s.stderr);
  const results = bashResults(api);
  assert.equal(results.length, commands.length, JSON.stringify(results));
  return results.map((r, i) => {
    const lines = r.trim().split('\n');
    const bins = dirs.map((d) => path.join(d, 'bin', 'memsync'));
    assert.ok(bins.includes(lines[0]!), `${commands[i]} ran the plugin's own bin/memsync (${bins.join(' or ')}): ${r}`);
    assert.equal(lines.at(-1), 'exit 0', `${commands[i]} exits 0: ${r}`);
    diag(`agent ran ${lines[0]} for ${commands[i]}: ${lines.slice(1, -1).join(' | ').slice(0, 200)}`);
    return lines.slice(1, -1).join('\n');
  });
}

/**
 * The user's PATH: this Node first, git and sh, and nothing of this checkout's node_modules (npm test
 * puts its .bin first, with a bun in it). Bun goes where claude-mem's installer puts it, ~/.bun/bin,
 * off PATH: memsync must find it there (Node 20 has no SQLite of its own).
 */
function userPath(m: Machine): string {
  const bunHome = path.join(m.env.HOME!, '.bun', 'bin');
  fs.mkdirSync(bunHome, { recursive: true });
  if (!fs.existsSync(path.join(bunHome, 'bun'))) fs.symlinkSync(bunBinary(), path.join(bunHome, 'bun'));
  const dirs = (m.env.PATH ?? '').split(path.delimiter).filter((d) => !d.includes('node_modules'));
  return [path.dirname(process.execPath), ...dirs].join(path.delimiter);
}

/** A PATH with git and sh but no node (Claude Code's native install needs none). */
function pathWithoutNode(m: Machine): string {
  const dir = path.join(m.root, 'no-node-bin');
  fs.mkdirSync(dir, { recursive: true });
  for (const tool of ['git', 'sh', 'bash', 'env', 'ls', 'cat']) {
    const found = execFileSync('sh', ['-c', `command -v ${tool} || true`])
      .toString()
      .trim();
    if (found && !fs.existsSync(path.join(dir, tool))) fs.symlinkSync(found, path.join(dir, tool));
  }
  return dir;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

test(
  'installed from a git server, the plugin alone syncs memory and a real claude-mem database; hooks installed ' +
    'twice run once; no node: one message',
  async () => {
    const shared = bareRemote();
    const a = new Machine('installed', shared);
    const dir = await install(a, server.url('memsync.git'));
    const env = { ...a.env, PATH: userPath(a) };
    const memsync = (...args: string[]) => run(path.join(dir, 'bin', 'memsync'), args, env);
    assert.equal((await memsync('init', '--remote', shared)).code, 0);
    await writeSettings(a.env.MEMSYNC_HOME!, { sources: { claudeMem: { enabled: true } } });
    const db = path.join(a.env.HOME!, '.claude-mem', 'claude-mem.db');
    claudeMemStore(db, [
      {
        kind: 'session',
        contentSessionId: 'content-1',
        memorySessionId: 'memory-1',
        project: 'widget',
        prompt: 'first prompt',
      },
      {
        kind: 'observation',
        memorySessionId: 'memory-1',
        project: 'widget',
        promptNumber: 1,
        observation: observation('learned on the installed machine'),
      },
    ]);
    const doctor = await memsync('doctor');
    const backend = /claude-mem's database opens with (\S+)/.exec(doctor.out)?.[1];
    assert.ok(backend, doctor.out);
    diag(`installed copy on Node ${process.versions.node}: claude-mem's database opens with ${backend}`);

    // install-cli: a `memsync` on PATH that runs the installed plugin's CLI.
    const bin = path.join(a.root, 'bin');
    assert.equal((await memsync('install-cli', '--dir', bin)).code, 0);
    const launched = await run(path.join(bin, 'memsync'), ['status', '--json'], env);
    assert.equal(launched.code, 0, launched.out);
    assert.equal(JSON.parse(launched.out).remoteUrl, shared);

    // `memsync hooks install` with the plugin enabled refuses; hooks put there before still run once.
    const refused = await memsync('hooks', 'install');
    assert.equal(refused.code, 1);
    assert.match(refused.out, /the memsync plugin \(memsync@memsync\) is enabled .* would run every hook twice/);
    const settingsFile = path.join(a.configDir, 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    const old = (arg: string) =>
      `node "${path.join(dir, 'dist', arg === 'session-start' ? 'memsync.mjs' : 'hook.cjs')}"` +
      `${arg === 'session-start' ? ' hook' : ''} ${arg}`;
    settings.hooks = Object.fromEntries(
      ['SessionStart:session-start', 'Stop:stop', 'SessionEnd:session-end']
        .map((e) => e.split(':'))
        .map(([ev, arg]) => [ev, [{ hooks: [{ type: 'command', command: old(arg!) }] }]]),
    );
    fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
    assert.match(
      (await memsync('doctor')).out,
      /FAIL hooks: installed twice: the plugin memsync@memsync and hooks in .*settings\.json/,
    );

    const proj = a.checkout(ORIGIN);
    const mem = a.memoryDir(proj);
    const index = `- [Build](build.md) — run make twice (${path.basename(a.root)})\n`;
    api.respond = writesThenDone(() => [{ file_path: path.join(mem, 'MEMORY.md'), content: index }]);
    const s = await runClaudeArgs(['-p', 'Remember how to build this.'], proj, claudeEnv(api, a, { PATH: env.PATH }));
    assert.equal(s.code, 0, s.stderr);
    const files = await waitFor(
      'the remote to have the memory and the claude-mem rows',
      () => {
        if (!fs.existsSync(path.join(shared, 'refs', 'heads', 'main'))) return undefined;
        const f = remoteFiles(shared);
        return f[`${MEM}/MEMORY.md`] === index &&
          f['claude-mem/observations.jsonl']?.includes('learned on the installed machine')
          ? f
          : undefined;
      },
      30_000,
    );
    assert.ok(files['claude-mem/sdk_sessions.jsonl']?.includes('content-1'));
    const sync = await memsync('sync');
    assert.equal(sync.code, 0, sync.out);
    assert.doesNotMatch(
      sync.out,
      /ExperimentalWarning|bindings/,
      'Node 22 flags node:sqlite experimental: memsync keeps that out',
    );
    const twice = hookMessages(a, proj, 'SessionStart').filter((x) => /installed twice/.test(x));
    assert.equal(twice.length, 1, 'the plugin says once that the hooks are installed twice');
    const log = fs.readFileSync(path.join(a.env.MEMSYNC_HOME!, 'logs', 'memsync.log'), 'utf8');
    assert.match(log, /session-start: left to the memsync plugin's hook/);
    assert.equal((log.match(/hook session-start (short|long) way/g) ?? []).length, 1, `one SessionStart: ${log}`);

    // The agent, following the skill, runs the bare `memsync` from the plugin's bin/ in its Bash tool.
    const [status, , backup] = await agentRuns(a, proj, [dir], env, [
      'memsync status --json',
      'memsync push --message "before the migration"',
      'memsync backup create',
    ]);
    assert.equal(JSON.parse(status!).remoteUrl, shared);
    const file = /\S+\.tar\.gz\b/.exec(backup!)?.[0];
    assert.ok(file && fs.existsSync(file), `backup create made a file: ${backup}`);

    // No node on PATH: the session runs, and the user is told once what memsync needs.
    api.respond = () => ({ text: DEFAULT_REPLY });
    const before = hookMessages(a, proj, 'SessionStart').length;
    // Claude Code runs hooks through $SHELL's login environment when SHELL names bash: here that
    // would put the machine's /usr/bin/node back, so this machine has no SHELL (sh runs the hooks).
    const noNode = claudeEnv(api, a, { PATH: pathWithoutNode(a) });
    delete noNode.SHELL;
    const bare = await runClaudeArgs(['-p', 'Hello.'], proj, noNode);
    assert.equal(bare.code, 0, bare.stderr);
    assert.equal(bare.stdout.trim(), DEFAULT_REPLY);
    // (Transcript files are read in no particular order: count, then find the new message.)
    const all = hookMessages(a, proj, 'SessionStart');
    assert.equal(all.length, before + 1, JSON.stringify(all));
    const shown = all.filter((x) => /no node/.test(x));
    assert.equal(shown.length, 1, JSON.stringify(all));
    assert.match(shown[0]!, /^memsync: no node on PATH: memsync needs Node\.js 20 or later/);
    diag(`shown without node: ${shown[0]}`);
  },
);

test('from a local path (this checkout, node_modules and all), the installed plugin is small and works', async () => {
  const shared = bareRemote();
  const m = new Machine('local', shared);
  const dir = await install(m, REPO_ROOT);
  const env = { ...m.env, PATH: userPath(m) };
  const init = await run(path.join(dir, 'bin', 'memsync'), ['init', '--remote', shared], env);
  assert.equal(init.code, 0, init.out);
  const proj = m.checkout(ORIGIN);
  const index = `- [Deploy](deploy.md) — the blue pipeline (${path.basename(m.root)})\n`;
  api.respond = writesThenDone(() => [{ file_path: path.join(m.memoryDir(proj), 'MEMORY.md'), content: index }]);
  const s = await runClaudeArgs(['-p', 'Remember how we deploy.'], proj, claudeEnv(api, m, { PATH: env.PATH }));
  assert.equal(s.code, 0, s.stderr);
  await waitFor(
    'the remote to have the memory',
    () =>
      fs.existsSync(path.join(shared, 'refs', 'heads', 'main')) && remoteFiles(shared)[`${MEM}/MEMORY.md`] === index,
    30_000,
  );
  // From a local path, Claude Code 2.1.332 puts the marketplace's own plugin/bin on the Bash tool's PATH.
  const [status] = await agentRuns(m, proj, [dir, PLUGIN_ROOT], env, ['memsync status --json']);
  assert.equal(JSON.parse(status!).pendingPush, 0, status);
});
