/**
 * Issue 21: sessions starting at once. A SessionStart that finds another sync running waits for it
 * within its budget, or hands its pull to a background sync (one already running takes it on before
 * it ends), and says which; none is left with "try again". Black box: the built CLI and the hooks
 * as Claude Code runs them, a real bare remote; a held lock is one whose holder (this test
 * process) runs, as a sync's would.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './support/hooks.ts';
import {
  type CliMachine,
  cleanup,
  hookCommand,
  pluginRoot,
  sharedBareRemote,
  type HookEvent,
  initedMachine,
} from './support/cli.ts';
import { processStart } from '../src/util/alive.ts';

after(cleanup);

async function machine(name: string, remote: string, budgetMs: number): Promise<CliMachine> {
  const m = await initedMachine(name, remote, { extraEnv: { MEMSYNC_PULL_TIMEOUT_MS: String(budgetMs) } });
  assert.equal((await m.cli(['sync', '--project', m.project])).code, 0);
  return m;
}

/** b publishes a file that a's sessions should start with. */
async function publishFromB(remote: string): Promise<void> {
  const b = await machine('starts-b', remote, 5000);
  b.write('from-b.md', 'learned on b\n');
  assert.equal((await b.cli(['sync'])).code, 0);
}

/** Holds a's sync lock as a running sync does (holder recorded, refreshed each second) until released. */
function holdLock(m: CliMachine): () => void {
  const lock = path.join(m.home, 'locks', 'sync.lock');
  const holder = path.join(m.home, 'locks', 'sync.holder');
  fs.mkdirSync(lock, { recursive: true });
  const me = {
    pid: process.pid,
    host: os.hostname(),
    start: new Date().toISOString(),
    since: processStart(process.pid),
  };
  fs.writeFileSync(holder, JSON.stringify(me));
  const refresh = setInterval(() => {
    const now = new Date();
    fs.utimesSync(lock, now, now);
  }, 1000);
  return () => {
    clearInterval(refresh);
    fs.rmSync(holder, { force: true });
    fs.rmSync(lock, { recursive: true, force: true });
  };
}

/** A hook as Claude Code runs it, without waiting for what it starts in the background. */
function hookNoWait(m: CliMachine, event: HookEvent, extra: object = {}): Promise<{ code: number; out: string }> {
  const input = { session_id: `s-${Math.random()}`, cwd: m.project, hook_event_name: event, ...extra };
  const child = m.spawn(
    ['sh', '-c', hookCommand(event).command],
    { CLAUDE_PLUGIN_ROOT: pluginRoot() },
    false,
    m.project,
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  child.stdin!.end(JSON.stringify(input));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, out })));
}

const stampNamesARun = (m: CliMachine) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(m.home, 'state', 'bg-push.json'), 'utf8')).pid > 0;
  } catch {
    return false;
  }
};
const pulled = (m: CliMachine) => fs.existsSync(path.join(m.memDir, 'from-b.md'));
const log = (m: CliMachine) => fs.readFileSync(path.join(m.home, 'logs', 'memsync.log'), 'utf8');

test('a SessionStart that finds a sync running past its wait hands its pull to a background sync, and says so', {
  timeout: 120_000,
}, async () => {
  const remote = sharedBareRemote();
  const a = await machine('starts-a', remote, 1500);
  await publishFromB(remote);
  const release = holdLock(a);
  try {
    const start = await hookNoWait(a, 'SessionStart', { source: 'startup' });
    assert.equal(start.code, 0);
    assert.match(start.out, /another sync was running.*a background sync pulls as soon as it is done/, start.out);
    assert.equal(pulled(a), false, 'nothing pulled while the lock is held');
  } finally {
    release();
  }
  await waitFor(() => pulled(a), 30_000).catch(() => assert.fail(`the handed-off pull never ran:\n${log(a)}`));
  await a.waitQuiet();
});

test('a pull handed to a background push already running is done by that run before it ends', {
  timeout: 120_000,
}, async () => {
  const remote = sharedBareRemote();
  const a = await machine('starts-push', remote, 1500);
  await publishFromB(remote);
  const release = holdLock(a);
  try {
    a.write('mine.md', 'learned on a\n');
    assert.equal((await hookNoWait(a, 'Stop')).code, 0);
    await waitFor(() => stampNamesARun(a));
    const start = await hookNoWait(a, 'SessionStart', { source: 'startup' });
    assert.match(start.out, /another sync was running.*a background sync pulls/, start.out);
  } finally {
    release();
  }
  await waitFor(() => pulled(a), 30_000).catch(() => assert.fail(`the running push did not pull:\n${log(a)}`));
  await a.waitQuiet();
});

test('8 SessionStarts at once: none fails or says "try again"; each pulls or hands its pull on', {
  timeout: 180_000,
}, async () => {
  const remote = sharedBareRemote();
  const a = await machine('starts-many', remote, 5000);
  await publishFromB(remote);
  const starts = await Promise.all(
    Array.from({ length: 8 }, () => hookNoWait(a, 'SessionStart', { source: 'startup' })),
  );
  for (const s of starts) {
    assert.equal(s.code, 0);
    assert.doesNotMatch(s.out, /could not pull|try again/, s.out);
  }
  await a.waitQuiet();
  assert.equal(pulled(a), true, `b's file arrived:\n${log(a)}`);
});
