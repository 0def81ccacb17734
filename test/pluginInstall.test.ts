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
import { bunDir, claudeMemStore, observation } from './support/claudeMem.ts';
import { claudeEnv, hookMessages, runClaudeArgs, waitFor, writesThenDone } from './support/claudeSession.ts';
import { startHttpGit, type HttpGit } from './support/httpGit.ts';
import { Machine, REPO_ROOT, bareRemote, gitTestEnv, remoteFiles, tempDir } from './support/machines.ts';
import { DEFAULT_REPLY, startMessagesApi, type MessagesApi } from './support/messagesApi.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const MAX_INSTALLED_BYTES = 20 * 1024 * 1024;

let api: MessagesApi;
let server: HttpGit;
let served: string;
const diag = (line: string) => console.log(line);

/** This checkout as users would clone it: its files (committed or not, ignored ones left out) in one commit. */
function servedRepository(): string {
  const root = tempDir('memsync-served-');
  const work = path.join(root, 'work');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const f of files)
    if (fs.existsSync(path.join(REPO_ROOT, f)))
      fs.cpSync(path.join(REPO_ROOT, f), path.join(work, f), { recursive: true });
  const env = gitTestEnv(root);
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env });
  execFileSync('git', ['-C', work, 'add', '-A'], { env });
  execFileSync('git', ['-C', work, 'commit', '-qm', 'memsync'], { env });
  execFileSync('git', ['clone', '-q', '--bare', work, path.join(root, 'srv', 'memsync.git')], { env });
  return path.join(root, 'srv');
}

before(async () => {
  api = await startMessagesApi();
  served = servedRepository();
  server = await startHttpGit(served);
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

/** Marketplace add and plugin install from the git server; the installed copy's folder. */
async function install(m: Machine): Promise<string> {
  const added = await plugin(m, 'marketplace', 'add', server.url('memsync.git'));
  const installed = await plugin(m, 'install', 'memsync@memsync');
  const record = JSON.parse(fs.readFileSync(path.join(m.configDir, 'plugins', 'installed_plugins.json'), 'utf8'));
  const dir: string = record.plugins['memsync@memsync'][0].installPath;
  const kb = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]);
  diag(
    `plugin install on ${m.name}: marketplace add ${added.ms} ms, install ${installed.ms} ms, installed copy ` +
      `${(kb / 1024).toFixed(1)} MB at ${dir}`,
  );
  assert.ok(kb * 1024 <= MAX_INSTALLED_BYTES, `the installed copy is ${kb} KB`);
  assert.ok(
    !fs.existsSync(path.join(dir, 'node_modules', '@anthropic-ai')) &&
      !fs.existsSync(path.join(dir, 'node_modules', 'bun')),
    'no test tools installed',
  );
  return dir;
}

/** PATH with this Node first, git and sh, and bun where claude-mem would have put it (Node 20 needs it for SQLite). */
function userPath(m: Machine): string {
  return [path.dirname(process.execPath), bunDir(), ...(m.env.PATH ?? '').split(path.delimiter)].join(path.delimiter);
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
    const dir = await install(a);
    const env = { ...a.env, PATH: userPath(a) };
    const memsync = (...args: string[]) => run(process.execPath, [path.join(dir, 'dist', 'memsync.mjs'), ...args], env);
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
    assert.equal((log.match(/hook session-start pull/g) ?? []).length, 1, `one SessionStart pull: ${log}`);

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
