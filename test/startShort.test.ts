import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import {
  bareRemote,
  gitTestEnv,
  type Machine,
  PLUGIN_ROOT,
  remoteFiles,
  tempDir,
  twoMachines,
} from './support/machines.ts';
import { hook, waitFor } from './support/hooks.ts';
import { ageKeygen, cli, encryptedPair, remoteObject } from './support/encrypted.ts';
import { bunDir, claudeMemStore, claudeMemWriter, memPair, observedIn, work } from './support/claudeMem.ts';
import { writeSettings } from '../src/config/settings.ts';
import { loadContext } from '../src/machine/context.ts';

// SessionStart's short way (src/hooks/startShort.ts): with nothing new it starts the session
// without loading the sync engine; whatever might be new sends it the long way, the sync.

const ORIGIN = 'git@github.com:acme/widget.git';
const MODULE_LOG = path.join(import.meta.dirname, 'support', 'moduleLog.mjs');
const state = (m: Machine, name: string) => path.join(m.env.MEMSYNC_HOME!, 'state', name);

/** Whether a run loaded the bundle's part that holds the sync engine (read from the modules it loaded). */
function loadedEngine(modules: string): boolean {
  return modules
    .split('\n')
    .filter((u) => u.startsWith('file:') && u.endsWith('.mjs'))
    .some((u) => fs.readFileSync(fileURLToPath(u), 'utf8').includes('function runSync('));
}

/**
 * SessionStart as Claude Code runs it (the plugin's hook, or `command`): its output, the log line it
 * wrote, and whether it loaded the engine.
 */
async function start(m: Machine, cwd: string, source = 'startup', command?: string) {
  const log = path.join(tempDir('memsync-modules-'), 'modules');
  const logFile = path.join(m.env.MEMSYNC_HOME!, 'logs', 'memsync.log');
  const before = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const r = await hook(
    m,
    'session-start',
    { cwd, source },
    { NODE_OPTIONS: `--import=${MODULE_LOG}`, MEMSYNC_TEST_MODULE_LOG: log },
    command,
  );
  assert.equal(r.code, 0, r.stderr);
  const lines = fs.readFileSync(logFile, 'utf8').slice(before);
  const line = lines.split('\n').find((l) => l.includes('hook session-start')) ?? '';
  const modules = fs.readFileSync(log, 'utf8');
  const cli = modules.split('\n').some((u) => u.endsWith('/dist/memsync.mjs'));
  return { out: r.stdout.trim() ? JSON.parse(r.stdout) : {}, line, engine: loadedEngine(modules), cli };
}

async function assertShort(m: Machine, cwd: string, why: string, command?: string) {
  const s = await start(m, cwd, 'startup', command);
  assert.match(s.line, /short way/, `${why}: ${s.line}`);
  assert.equal(s.engine, false, `${why}: the sync engine was loaded`);
  assert.equal(s.cli, false, `${why}: the CLI bundle was loaded`);
  assert.equal(s.out.hookSpecificOutput, undefined, why);
}

async function assertLong(m: Machine, cwd: string, reason: RegExp, source = 'startup', command?: string) {
  const s = await start(m, cwd, source, command);
  assert.match(s.line, reason);
  assert.equal(s.engine, true, `${reason}: the long way loads the engine`);
  return s.out;
}

/** Waits for a background push a hook started, then syncs: the machine is settled again. */
async function settle(m: Machine, project: string) {
  const stamp = state(m, 'bg-push.json');
  if (fs.existsSync(stamp)) await waitFor(() => JSON.parse(fs.readFileSync(stamp, 'utf8')).pid === 0);
  await m.sync({ projects: [project] });
}

test('SessionStart takes the short way only when nothing is new, and then loads no sync engine', async () => {
  const { remote, a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): blue pipeline\n');
  a.write(path.join(memA, 'deploy.md'), 'blue\n');
  await a.sync({ projects: [pa] });
  // A machine that never synced.
  const first = await assertLong(b, pb, /long way: no settings or sync state/);
  assert.match(first.hookSpecificOutput.additionalContext, /blue pipeline/);
  await assertShort(b, pb, 'after a pull');
  // A project no sync has learned: the long way learns it.
  const other = b.checkout('git@github.com:acme/other.git', 'other');
  await assertLong(b, other, /long way: a project no sync has learned/);
  await assertShort(b, other, 'after the project was learned');

  // (a) The remote moved: the long way pulls and hands over the fresh index once.
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): green pipeline\n');
  await a.sync({ projects: [pa] });
  const moved = await assertLong(b, pb, /long way: the remote moved/);
  assert.match(moved.hookSpecificOutput.additionalContext, /green pipeline/);
  await assertShort(b, pb, 'after the remote moved');

  // On resume Claude Code reads MEMORY.md again itself: pulled, not handed over a second time.
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): red pipeline\n');
  await a.sync({ projects: [pa] });
  const resumed = await assertLong(b, pb, /long way: the remote moved/, 'resume');
  assert.equal(resumed.hookSpecificOutput, undefined);
  assert.match(fs.readFileSync(path.join(memB, 'MEMORY.md'), 'utf8'), /red pipeline/);
  await assertShort(b, pb, 'after resume');

  // (b) A live file changed, with its size kept; (c) a file added, a file deleted.
  fs.writeFileSync(path.join(memB, 'deploy.md'), 'BLUE\n');
  await assertLong(b, pb, /long way: memory changed since the last sync/);
  await settle(b, pb);
  await assertShort(b, pb, 'after the change was published');
  b.write(path.join(memB, 'new.md'), 'new\n');
  await assertLong(b, pb, /long way: memory changed since the last sync/);
  await settle(b, pb);
  fs.rmSync(path.join(memB, 'new.md'));
  await assertLong(b, pb, /long way: memory changed since the last sync/);
  await settle(b, pb);
  await assertShort(b, pb, 'after the deletion was published');
  // Where the session writes is looked at (as Stop looks): the user's CLAUDE.md and rules too. A
  // change in another project is not this session's: with the remote where it was, a pull would
  // take nothing, and SessionEnd, which looks everywhere, publishes it.
  for (const mine of [path.join(b.configDir, 'CLAUDE.md'), path.join(b.configDir, 'rules', 'style.md')]) {
    b.write(mine, '- tabs\n');
    await assertLong(b, pb, /long way: memory changed since the last sync/);
    await settle(b, pb);
  }
  const elsewhere = path.join(b.memoryDir(other), 'elsewhere.md');
  b.write(elsewhere, 'learned in another project\n');
  await assertShort(b, pb, 'a change in another project');
  assert.equal((await hook(b, 'session-end', { cwd: pb })).code, 0);
  await waitFor(() => !!remoteFiles(b.remote)[`projects/github.com/acme/other/memory/elsewhere.md`]);
  await settle(b, pb);
  await assertShort(b, pb, 'after SessionEnd published it');

  // (d) The last sync failed (the remote gone for a while) or left something unpublished.
  const away = `${remote}.away`;
  fs.renameSync(remote, away);
  b.write(path.join(memB, 'late.md'), 'late\n');
  await b.sync({ projects: [pb] }).catch(() => undefined);
  fs.renameSync(away, remote);
  await assertLong(b, pb, /long way: left unpublished/);
  await settle(b, pb);
  await assertShort(b, pb, 'after the failed push was retried');
  fs.writeFileSync(state(b, 'unpublished'), 'a merge\n');
  await assertLong(b, pb, /long way: left unpublished/);
  await settle(b, pb);

  // A setting changed: the long way reads it once (a sync with nothing to do does not rewrite the state).
  await writeSettings(b.env.MEMSYNC_HOME!, { pushThrottleSeconds: 20 });
  await assertLong(b, pb, /long way: settings changed since the last sync/);
  await assertShort(b, pb, 'after a sync read the changed settings');

  // (e) A lost state file never makes SessionStart skip the sync.
  for (const lost of ['scan-cache', 'sync-state.json']) {
    fs.rmSync(state(b, lost));
    await assertLong(b, pb, /long way: no (scan of the last sync|settings or sync state)/);
    await settle(b, pb);
    await assertShort(b, pb, `after ${lost} was made again`);
  }
});

test('the SessionStart hook that `hooks install` writes takes the short way too, and pulls when it must', async () => {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  const settings = path.join(b.configDir, 'settings.json');
  // An older memsync's SessionStart (the CLI bundle) is replaced, not run beside the new one.
  const older = `node "${path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs')}" hook session-start`;
  fs.writeFileSync(
    settings,
    JSON.stringify({ hooks: { SessionStart: [{ hooks: [{ type: 'command', command: older }] }] } }),
  );
  assert.equal((await b.cli(['hooks', 'install'])).code, 0);
  const groups = JSON.parse(fs.readFileSync(settings, 'utf8')).hooks.SessionStart;
  assert.equal(groups.length, 1, JSON.stringify(groups));
  const command: string = groups[0].hooks[0].command;
  assert.match(command, /hook\.cjs" session-start$/);
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): blue pipeline\n');
  await a.sync({ projects: [pa] });
  const first = await assertLong(b, pb, /long way: no settings or sync state/, 'startup', command);
  assert.match(first.hookSpecificOutput.additionalContext, /blue pipeline/);
  await assertShort(b, pb, 'the settings hook with nothing new', command);
  // The long way's duties: a pull handed over, and what is left unpublished pushed in the background.
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): green pipeline\n');
  await a.sync({ projects: [pa] });
  b.write(path.join(memB, 'late.md'), 'late\n');
  const moved = await assertLong(b, pb, /long way: memory changed since the last sync/, 'startup', command);
  assert.match(moved.hookSpecificOutput.additionalContext, /green pipeline/);
  // Only the background push publishes it (settle's sync would too: it must find nothing left).
  const stamp = state(b, 'bg-push.json');
  await waitFor(() => fs.existsSync(stamp) && JSON.parse(fs.readFileSync(stamp, 'utf8')).pid === 0);
  assert.ok(remoteFiles(b.remote)['projects/github.com/acme/widget/memory/late.md'], 'published');
  await assertShort(b, pb, 'after the pull', command);
});

test('a contributor takes the short way while the shared branch stays where it was', async () => {
  const { a, b, pa, pb, memA, memB } = await twoMachines(ORIGIN);
  await writeSettings(b.env.MEMSYNC_HOME!, { role: 'contributor' });
  b.ctx = (await loadContext(b.env))!;
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): blue pipeline\n');
  await a.sync({ projects: [pa] });
  await assertLong(b, pb, /long way: no settings or sync state/);
  await assertShort(b, pb, 'a contributor with nothing new');
  // Its proposal goes to its own branch: the shared one, which it pulls, did not move.
  b.write(path.join(memB, 'idea.md'), 'an idea for review\n');
  await settle(b, pb);
  await assertShort(b, pb, 'after a proposal');
  // (d) The shared branch moved.
  a.write(path.join(memA, 'MEMORY.md'), '- [Deploy](deploy.md): green pipeline\n');
  await a.sync({ projects: [pa] });
  const moved = await assertLong(b, pb, /long way: the remote moved/);
  assert.match(moved.hookSpecificOutput.additionalContext, /green pipeline/);
  // The pull found the proposal not on the shared branch: a background push proposes it again on top.
  await settle(b, pb);
  await assertShort(b, pb, 'after the shared branch was pulled');
});

test('an encrypted remote takes the short way only while the recipients check would pass', async () => {
  const remote = bareRemote();
  const { a, b } = await encryptedPair(remote, '- [Deploy](deploy.md): blue pipeline\n');
  await assertShort(b.m, b.proj, 'encrypted, nothing new');
  // (a) The remote moved.
  a.m.write(path.join(a.mem, 'MEMORY.md'), '- [Deploy](deploy.md): green pipeline\n');
  await cli(a.m, 'sync', '--project', a.proj);
  const moved = await assertLong(b.m, b.proj, /long way: the remote moved/);
  assert.match(moved.hookSpecificOutput.additionalContext, /green pipeline/);
  await assertShort(b.m, b.proj, 'after the pull');
  // (b) A key added on another machine this one trusts: taken by the long way, then agreed.
  await cli(a.m, 'keys', 'add', ageKeygen().key, '--name', 'phone');
  await assertLong(b.m, b.proj, /long way: the remote moved/);
  await assertShort(b.m, b.proj, 'after a trusted machine added a key');
  // (b) The list this machine agreed to changed here (a pin restored from a backup, edited): no longer the remote's.
  const pin = path.join(b.m.env.MEMSYNC_HOME!, 'recipients-pin.json');
  const agreed = fs.readFileSync(pin, 'utf8');
  const mine = JSON.parse(agreed);
  fs.writeFileSync(pin, JSON.stringify({ ...mine, recipients: mine.recipients.slice(0, -1) }));
  await assertLong(b.m, b.proj, /long way: encrypted: the recipients check/);
  fs.writeFileSync(pin, agreed);
  await assertShort(b.m, b.proj, 'with the pin put back');
  // (b) The list changed by someone else: every SessionStart says so until the user decides.
  const list = '.memsync/recipients.txt';
  const clone = tempDir('memsync-hostile-');
  const env = gitTestEnv(clone);
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
  const evil = ageKeygen().key;
  fs.writeFileSync(path.join(clone, list), `${remoteObject(remote, list)}# backup\n${evil}\n`);
  execFileSync('git', ['-C', clone, 'commit', '--quiet', '-am', 'hostile'], { env });
  execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
  const told = await assertLong(b.m, b.proj, /long way: the remote moved/);
  assert.match(told.systemMessage, new RegExp(`added backup \\(${evil}\\)`));
  const again = await assertLong(b.m, b.proj, /long way: encrypted: the recipients check/);
  assert.match(again.systemMessage, new RegExp(`added backup \\(${evil}\\)`));
  // Accepting signs the list anew (the remote moves once).
  await cli(b.m, 'keys', 'accept');
  await assertLong(b.m, b.proj, /long way: the remote moved/);
  await assertShort(b.m, b.proj, 'after the change was accepted');
});

/**
 * Syncs until one leaves claude-mem's database settled: a sync that wrote rows, or whose close
 * checkpointed the WAL, leaves the next one to read it again (hooks.test.ts does the same).
 */
async function dbSettled(m: Machine, project: string) {
  await settle(m, project);
  for (let i = 0; i < 5 && (await m.sync({ projects: [project] })).claudeMem?.read !== false; i++);
}

test("claude-mem's database synced: the short way while it is as the last sync left it", async () => {
  const { a, b } = await memPair(work('a', 1), []);
  // Node 20 has no built-in SQLite: Bun on PATH, as claude-mem's installer puts it, is one at hand.
  b.env.PATH = `${bunDir()}${path.delimiter}${b.env.PATH}`;
  const pb = b.checkout(ORIGIN);
  await a.sync();
  await dbSettled(b, pb);
  await assertShort(b, pb, 'claude-mem settled');
  // (a) The remote moved: another machine's row.
  claudeMemStore(a.db, [observedIn('memory-a-0', 'from a later')]);
  await a.sync();
  await assertLong(b, pb, /long way: the remote moved/);
  await dbSettled(b, pb);
  await assertShort(b, pb, "after the other machine's row was taken");
  // (c) A row written here by claude-mem's own code.
  claudeMemStore(b.db, [observedIn('memory-a-0', 'from b')]);
  await assertLong(b, pb, /long way: claude-mem's database changed since the last sync/);
  await dbSettled(b, pb);
  await assertShort(b, pb, 'after the row was published');
  // (c) claude-mem's worker mid-session: its write is in the -wal only (the database file is as it was).
  const writer = claudeMemWriter(b.db, [observedIn('memory-a-0', 'mid-session'), observedIn('memory-a-0', 'x')], 4000);
  await waitFor(() => fs.existsSync(`${b.db}-wal`) && fs.statSync(`${b.db}-wal`).size > 0);
  await assertLong(b, pb, /long way: claude-mem's database changed since the last sync/);
  await writer;
});

test('the prompt hook with nothing new loads no process machinery, and each builtin is wrapped once', async () => {
  const { b, pb } = await twoMachines(ORIGIN);
  await b.sync({ projects: [pb] });
  const list = path.join(tempDir('memsync-builtins-'), 'loaded');
  const preload = path.join(import.meta.dirname, 'support', 'builtinsLoaded.cjs');
  const env = { NODE_OPTIONS: `--require=${preload}`, MEMSYNC_TEST_BUILTINS: list };
  for (let i = 0; i < 2; i++) {
    const r = await hook(b, 'prompt', { cwd: pb, prompt: 'hello' }, env);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), '');
  }
  // Loading node:child_process costs the hook about a fifth of its run (src/util/childProcess.ts).
  assert.doesNotMatch(fs.readFileSync(list, 'utf8'), /NativeModule child_process\b/);
  // One copy of each builtin per importing module cost about 15 ms (scripts/build.mjs).
  assert.doesNotMatch(fs.readFileSync(path.join(PLUGIN_ROOT, 'dist', 'hook.cjs'), 'utf8'), /__toESM\(require\("node:/);
});
