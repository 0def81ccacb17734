// The real `claude` binary against memsync's memory handling (issue 13): it reads MEMORY.md from
// the autoMemoryDirectory memsync filled, and its front-matter rewrite merges with another
// machine's edit. A Messages API stand-in on 127.0.0.1; no other network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles, trustWorkspace } from './support/machines.ts';
import { runClaude, stepOf } from './support/claudeSession.ts';
import {
  DEFAULT_REPLY,
  startMessagesApi,
  type MessagesApi,
  type RecordedRequest,
  type Reply,
} from './support/messagesApi.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

let api: MessagesApi;
const roots: string[] = [];
before(async () => {
  api = await startMessagesApi();
});
after(async () => {
  await api.close();
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('alpha', remote).init();
  const b = await new Machine('bravo', remote).init();
  roots.push(remote, a.root, b.root);
  return { remote, a, b, projA: a.checkout(ORIGIN), projB: b.checkout(ORIGIN) };
}

const writeJson = (file: string, value: unknown) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
};

for (const scope of ['user', 'local'] as const) {
  test(`claude on B reads MEMORY.md from its autoMemoryDirectory (${scope} settings) after a sync from A`, async () => {
    const { a, b, projA, projB } = await pair();
    const marker = `MEMSYNC-AMD-${scope}-${process.pid}`;
    // A user-level folder serves every project and syncs once, as auto-memory/: A has one too.
    const memA = scope === 'user' ? path.join(a.env.HOME!, 'all-memory') : a.memoryDir(projA);
    if (scope === 'user') writeJson(path.join(a.configDir, 'settings.json'), { autoMemoryDirectory: memA });
    a.write(path.join(memA, 'MEMORY.md'), `- [Build](build.md) — run make twice (${marker})\n`);
    a.write(path.join(memA, 'build.md'), '---\nname: build\ndescription: how to build\n---\nRun make twice.\n');
    await a.sync({ projects: [projA] });
    const custom = path.join(b.env.HOME!, 'moved-memory');
    trustWorkspace(b.configDir, projB);
    writeJson(
      scope === 'user' ? path.join(b.configDir, 'settings.json') : path.join(projB, '.claude', 'settings.local.json'),
      { autoMemoryDirectory: custom },
    );
    const rb = await b.sync({ projects: [projB] });
    const prefix = scope === 'user' ? 'auto-memory' : MEM;
    assert.deepEqual(rb.taken.sort(), [`${prefix}/MEMORY.md`, `${prefix}/build.md`]);
    assert.match(fs.readFileSync(path.join(custom, 'MEMORY.md'), 'utf8'), new RegExp(marker));
    assert.equal(fs.existsSync(b.memoryDir(projB)), false, 'nothing in the default folder for Claude Code to find');
    // Without the plugin: what the first request carries is what Claude Code loaded by itself.
    const first = api.messages().length;
    api.respond = () => ({ text: DEFAULT_REPLY });
    const s = await runClaude(b, projB, 'How do I build this project?', { apiUrl: api.url, plugin: false });
    assert.equal(s.code, 0, s.stderr);
    const body = JSON.stringify(api.messages()[first]?.body ?? null);
    assert.ok(body.includes(marker), 'the first request carries the MEMORY.md memsync wrote into autoMemoryDirectory');
    assert.ok(body.includes(custom), 'Claude Code names that folder as its memory');
  });
}

/** Replies that have the session read a file, then write it (Claude Code's Write needs a Read first). */
function readThenWrite(file: string, content: string): (req: RecordedRequest) => Reply {
  return (req) => {
    const step = stepOf(req);
    if (step === 0) return { toolUse: { name: 'Read', input: { file_path: file } } };
    if (step === 1) return { toolUse: { name: 'Write', input: { file_path: file, content } } };
    return { text: 'Updated.' };
  };
}

test("claude's front-matter rewrite during a session on B merges with an edit of the same file on A", async () => {
  const { remote, a, b, projA, projB } = await pair();
  const base =
    '---\nname: build\ndescription: how to build\nmetadata:\n  node_type: memory\n  type: project\n  ' +
    'originSessionId: s-first\n---\n\nRun make twice.\nThe first run only generates headers.\n';
  a.write(path.join(a.memoryDir(projA), 'build.md'), base);
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  const fileB = path.join(b.memoryDir(projB), 'build.md');

  // On B a session rewrites the whole file (a Write without originSessionId): Claude Code fills in its own.
  const modelWrote =
    '---\nname: build\ndescription: how to build\ntype: ' +
    'project\n---\n\nRun `make` two times.\nThe first run only generates headers.\n';
  api.respond = readThenWrite(fileB, modelWrote);
  const s = await runClaude(b, projB, 'Fix the build memory.', { apiUrl: api.url, plugin: false });
  assert.equal(s.code, 0, s.stderr);
  const onB = fs.readFileSync(fileB, 'utf8');
  const session = /originSessionId: (\S+)/.exec(onB)?.[1];
  assert.ok(session && session !== 's-first', `Claude Code wrote its own session into the front matter:\n${onB}`);
  assert.notEqual(onB, modelWrote, "the front matter on disk is Claude Code's rewrite, not what the model sent");

  // Meanwhile on A: another line learned, front matter stamped with `modified` as the changelog (2.1.214) describes.
  const onA =
    base.replace('  originSessionId: s-first\n', '  originSessionId: s-first\n  modified: 2026-12-01T10:00:00.000Z\n') +
    'Then run the tests.\n';
  a.write(path.join(a.memoryDir(projA), 'build.md'), onA);
  await a.sync();
  const rb = await b.sync();
  assert.deepEqual([rb.merged, rb.conflicts], [[`${MEM}/build.md`], []]);
  const merged = fs.readFileSync(fileB, 'utf8');
  assert.match(merged, new RegExp(`originSessionId: ${session}\\n`), "B's session (only B changed it)");
  // Claude Code stamps `modified` on its own writes since 2.1.214 (B's is then today's, later than A's);
  // older releases leave it to A alone. Either way the later time stands.
  const times = [/modified: (\S+)/.exec(onB)?.[1], '2026-12-01T10:00:00.000Z'].filter(Boolean).sort();
  assert.ok(merged.includes(`modified: ${times.at(-1)}\n`), `the later modified time, ${times.at(-1)}:\n${merged}`);
  assert.match(
    merged,
    /Run `make` two times\.\nThe first run only generates headers\.\nThen run the tests\.\n$/,
    'both body edits',
  );
  assert.equal(remoteFiles(remote)[`${MEM}/build.md`], merged);
  await a.sync();
  assert.equal(fs.readFileSync(path.join(a.memoryDir(projA), 'build.md'), 'utf8'), merged);
});
