// Memory that flows while you work (issue 25), end to end with the real newest `claude`: machines
// with the plugin installed as users install it, each with a multi-turn session kept open over
// stream-json, against the Messages API stand-in on 127.0.0.1; the remote served over git's smart
// HTTP, one server per machine so each machine's fetches can be counted.
// Short intervals so the test stays well under a minute: livePullSeconds and pushThrottleSeconds 5
// (defaults 30 and 15), set in each machine's settings.json as a user sets them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeSettings } from '../src/config/settings.ts';
import { sameProcess } from '../src/util/alive.ts';
import { claudeEnv, runClaudeArgs, waitFor, writesThenDone } from './support/claudeSession.ts';
import { startHttpGit, type HttpGit } from './support/httpGit.ts';
import {
  Machine,
  PLUGIN_ROOT,
  REPO_ROOT,
  bareRemote,
  gitTestEnv,
  remoteFiles,
  runCli,
  tempDir,
} from './support/machines.ts';
import { startMessagesApi, type MessagesApi, type RecordedRequest } from './support/messagesApi.ts';
import { StreamSession } from './support/streamSession.ts';
import { allGone, leftovers } from './support/userMachine.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';
const LIVE_PULL_SECONDS = 5;
/** B's next prompt comes this long after A's turn ended (issue 25: at least 45 s; its goal, 20 s). */
const B_PROMPT_AFTER_MS = 20_000;

/** One simulated machine: its stand-in, its git server, the plugin installed, memsync set up, a session. */
interface Box {
  m: Machine;
  api: MessagesApi;
  git: HttpGit;
  proj: string;
  tag: string;
  env: NodeJS.ProcessEnv;
  /** How claude is told of the plugin: installed (nothing to say) or `--plugin-dir`. */
  args: string[];
  session?: StreamSession;
}

let remote: string;
const boxes: Box[] = [];

before(async () => {
  const root = tempDir('memsync-live-remote-');
  remote = bareRemote(path.join(root, 'mem.git'));
  // http-backend takes pushes from anyone only when told to (the test's server has no auth).
  execFileSync('git', ['--git-dir', remote, 'config', 'http.receivepack', 'true'], { env: gitTestEnv(root) });
});

after(async () => {
  for (const b of boxes) {
    if (b.session) await b.session.close();
    await b.api.close();
    await b.git.stop();
  }
});

/** `claude plugin ...` on the box's machine, as a user runs it. */
async function plugin(b: Box, ...args: string[]): Promise<void> {
  const r = await runClaudeArgs(['plugin', ...args], b.m.root, b.env);
  assert.equal(r.code, 0, `claude plugin ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

/**
 * A machine with the plugin installed from this checkout as a local marketplace (or, to spare the
 * control two claude runs, loaded with --plugin-dir), memsync set up by the plugin's bin/memsync on
 * the shared remote (through its own server), and the live pull set to `livePullSeconds` in its settings.json.
 */
async function machine(name: string, livePullSeconds: number, install = true): Promise<Box> {
  const root = path.dirname(remote);
  const git = await startHttpGit(root);
  const m = new Machine(name, git.url('mem.git'));
  // Only the settings steer the live pull here (the support code's machines turn it off by env).
  delete m.env.MEMSYNC_LIVE_PULL_SECONDS;
  const api = await startMessagesApi();
  const tag = randomUUID();
  // Every process this machine's sessions start carries the tag (see userMachine.ts `leftovers`).
  const env = claudeEnv(api, m, { MEMSYNC_TEST_TAG: tag });
  const b: Box = {
    m,
    api,
    git,
    proj: m.checkout(ORIGIN),
    tag,
    env,
    args: install ? [] : ['--plugin-dir', PLUGIN_ROOT],
  };
  boxes.push(b);
  let bin = path.join(PLUGIN_ROOT, 'bin', 'memsync');
  if (install) {
    await plugin(b, 'marketplace', 'add', REPO_ROOT);
    await plugin(b, 'install', 'memsync@memsync');
    const record = JSON.parse(fs.readFileSync(path.join(m.configDir, 'plugins', 'installed_plugins.json'), 'utf8'));
    bin = path.join(record.plugins['memsync@memsync'][0].installPath, 'bin', 'memsync');
  }
  // (Not execFileSync: the git server answers from this process.)
  const init = await runCli(['init', '--remote', m.remote], m.env, bin);
  assert.equal(init.code, 0, init.stderr);
  await writeSettings(m.env.MEMSYNC_HOME!, { livePullSeconds, pushThrottleSeconds: 5 });
  return b;
}

const pollerStamp = (b: Box): { pid: number; since: string | null } =>
  JSON.parse(fs.readFileSync(path.join(b.m.env.MEMSYNC_HOME!, 'state', 'live', 'poller.json'), 'utf8'));

/** The fetches a machine made from `since` on (git asks for upload-pack's `info/refs` once a fetch). */
const fetches = (b: Box, since = 0) =>
  b.git.requests.filter((r) => r.at >= since && r.line.includes('service=git-upload-pack')).length;

/** Whether the remote's tip has `file` (quietly false before the first push). */
const onTip = (file: string) =>
  fs.existsSync(path.join(remote, 'refs', 'heads', 'main')) && !!remoteFiles(remote)[file];

/** The last model request of the box's session, as sent. */
const lastRequest = (b: Box): RecordedRequest => b.api.messages().at(-1)!;

test("a memory A writes during a turn is in B's next model request, with both sessions kept open", {
  timeout: 120_000,
}, async () => {
  const started = Date.now();
  // A learns; B pulls live; C is B with the live pull off (the control: nothing may arrive there).
  const [a, b, c] = await Promise.all([
    machine('alpha', LIVE_PULL_SECONDS),
    machine('bravo', LIVE_PULL_SECONDS),
    machine('charlie', 0, false),
  ]);
  console.log(`# set up three machines with the plugin installed: ${Date.now() - started} ms`);
  const marker = `MEMSYNC-LIVE-${process.pid}`;
  const topic = path.join(a.m.memoryDir(a.proj), 'deploy.md');
  const topicText = `---\nname: deploy\ndescription: how we deploy\ntype: project\n---\nDeploy with ${marker}.\n`;
  const index = '- [Deploy](deploy.md) — how we deploy\n';
  a.api.respond = writesThenDone(() => [
    { file_path: topic, content: topicText },
    { file_path: path.join(a.m.memoryDir(a.proj), 'MEMORY.md'), content: index },
  ]);
  for (const x of [a, b, c]) x.session = new StreamSession(x.proj, x.env, x.args);
  await Promise.all([b.session!.turn('What do we know about deploys?'), c.session!.turn('Hello.')]);
  const pollerB = pollerStamp(b);
  assert.ok(sameProcess(pollerB.pid, pollerB.since), "B's live pull runs while its session is open");

  // A's turn: the model writes the memory with Claude Code's Write tool, as a real agent does.
  const aEnd = (await a.session!.turn('Remember how we deploy.')).at;
  assert.equal(fs.readFileSync(topic, 'utf8').includes(marker), true, 'the Write tool wrote the memory on A');
  const fileB = path.join(b.m.memoryDir(b.proj), 'deploy.md');
  const fileC = path.join(c.m.memoryDir(c.proj), 'deploy.md');
  const onRemote = await waitFor('the remote', () => onTip(`${MEM}/deploy.md`) && Date.now(), 15_000, 100);
  const onB = await waitFor("B's disk", () => fs.existsSync(fileB) && Date.now(), 15_000, 100);
  // B's next prompt, a while after A's turn ended; C's at the same time.
  await new Promise((r) => setTimeout(r, Math.max(0, aEnd + B_PROMPT_AFTER_MS - Date.now())));
  // From B's disk to this prompt only B's live pull talks to the remote: what a session costs.
  const [quiet, quietFetches] = [Date.now() - onB, fetches(b, onB)];
  await Promise.all([b.session!.turn('How do we deploy?'), c.session!.turn('How do we deploy?')]);
  const reqB = lastRequest(b);
  console.log(
    `# A's turn end -> on the remote ${onRemote - aEnd} ms, -> on B's disk ${onB - aEnd} ms, ` +
      `-> in B's model request ${reqB.at - aEnd} ms (B's prompt sent ${B_PROMPT_AFTER_MS} ms after A's turn end)`,
  );
  assert.ok(reqB.raw.includes(marker), "B's model request carries A's memory");
  assert.match(reqB.raw, /memsync pulled memory for this project from alpha/);
  assert.equal(fs.existsSync(fileC), false, 'the control: with livePullSeconds 0, nothing arrives on C');
  assert.equal(lastRequest(c).raw.includes(marker), false, "the control: C's model request lacks it");
  console.log(
    `# B's live pull: ${quietFetches} fetches in ${quiet} ms with nothing else running ` +
      `(livePullSeconds ${LIVE_PULL_SECONDS}: ${Math.round((quietFetches * 3_600_000) / quiet)} an hour); ` +
      `C, without it: ${fetches(c)} fetches in all, from memsync init to now`,
  );
  assert.ok(quietFetches >= 1, 'the live pull fetched');
  assert.ok(quietFetches <= Math.ceil(quiet / (LIVE_PULL_SECONDS * 1000)) + 1, 'at most one fetch per livePullSeconds');

  // Killed, the live pull leaves nothing behind; B's next prompt starts another.
  process.kill(pollerB.pid, 'SIGKILL');
  await waitFor('the killed live pull to be gone', () => !sameProcess(pollerB.pid, pollerB.since), 5000);
  await waitFor('no git of the killed pull', () => !leftovers(b.tag).some((p) => / git /.test(` ${p}`)), 10_000);
  await b.session!.turn('Anything new?');
  const next = pollerStamp(b);
  assert.notEqual(next.pid, pollerB.pid);
  assert.ok(sameProcess(next.pid, next.since), "B's next prompt started the live pull again");

  // The last session ends: on A and C as a user ends it; on B, Claude Code is killed (no SessionEnd
  // runs). Each machine's live pull ends, and no memsync process of any machine is left.
  for (const x of [a, c]) assert.equal(await x.session!.close(), 0, x.session!.stderr);
  assert.equal(await b.session!.kill(), null);
  for (const x of [a, b, c]) x.session = undefined;
  for (const x of [a, b, c]) await allGone(x.tag, 15_000);
  for (const x of [a, b]) assert.equal(pollerStamp(x).pid, 0, `${x.m.name}'s live pull marked itself ended`);
  console.log(`# whole test: ${Date.now() - started} ms`);
});
