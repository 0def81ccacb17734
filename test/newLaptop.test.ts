/**
 * A new laptop in one step (issue 26): a backup or an export of machine A restored on a machine that
 * never ran memsync. User memory lands at once; each project's memory waits, byte for byte, until
 * its folder is known here (`--project`, a transcript, a session start through the hooks), and
 * `status` lists what waits. Everything through the built CLI.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CliMachine, cleanup, initedMachine, sharedBareRemote } from './support/cli.ts';
import { readTree, remoteFiles } from './support/machines.ts';
import { claudeProjectKey } from '../src/sources/projectKey.ts';

const PROJECTS = ['gadget', 'tool', 'widget'];
const ids = PROJECTS.map((n) => `github.com/acme/${n}`);
const BINARY = Buffer.from([0x89, 0x50, 0x00, 0xff, 0xfe, 0x01]);
const WAITING = `3 projects restored, waiting for their folders: ${ids.join(', ')}`;

/** A checkout of acme/NAME in the machine's home (widget is the one CliMachine made). */
const checkout = (m: CliMachine, name: string) => (name === 'widget' ? m.project : m.repository(name));

const memOf = (m: CliMachine, dir: string) =>
  path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(dir), 'memory');

/** Every file under a folder, as relative path -> bytes. */
function bytesUnder(dir: string): Record<string, Buffer> {
  return Object.fromEntries(Object.keys(readTree(dir)).map((rel) => [rel, fs.readFileSync(path.join(dir, rel))]));
}

async function ok(m: CliMachine, args: string[]) {
  const t = Date.now();
  const r = await m.json(args);
  if (process.env.T) console.error(args[0], Date.now() - t);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r;
}

let a: CliMachine;
let remote: string;
let backup: string;
let exported: string;
/** A's memory per project, as bytes. */
const memA: Record<string, Record<string, Buffer>> = {};

before(async () => {
  remote = sharedBareRemote();
  a = await initedMachine('laptop', remote);
  const dirs = Object.fromEntries(PROJECTS.map((n) => [n, checkout(a, n)]));
  const write = (name: string, rel: string, content: string | Buffer) => {
    const file = path.join(memOf(a, dirs[name]!), rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  for (const n of PROJECTS) write(n, 'MEMORY.md', `- [${n}](${n}.md): what ${n} taught\n`);
  write('widget', 'widget.md', '---\nname: widget\n---\nwidget ünïcode\n');
  write('gadget', 'blob.bin', BINARY);
  write('tool', 'sub/deep.md', 'deep in tool\n');
  fs.writeFileSync(path.join(a.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), '# user memory of the laptop\n');
  await ok(a, ['sync', '--project', dirs.gadget!, '--project', dirs.tool!]);
  for (const n of PROJECTS) memA[n] = bytesUnder(memOf(a, dirs[n]!));
  backup = path.join(a.root, 'laptop.tar.gz');
  exported = path.join(a.root, 'laptop.json');
  await ok(a, ['backup', 'create', '--output', backup]);
  const e = await a.cli(['export', exported]);
  assert.equal(e.code, 0, e.stderr);
});

after(cleanup);

/** What the held record says, and each held file's bytes by path. */
function heldOn(m: CliMachine): Record<string, Buffer> {
  const dir = path.join(m.home, 'waiting');
  const record = JSON.parse(fs.readFileSync(path.join(dir, 'held.json'), 'utf8'));
  return Object.fromEntries(
    Object.entries(record.files as Record<string, { sha: string }[]>).map(([p, vs]) => [
      p,
      fs.readFileSync(path.join(dir, 'files', vs[0]!.sha)),
    ]),
  );
}

const projectFiles = () =>
  Object.fromEntries(
    PROJECTS.flatMap((n) =>
      Object.entries(memA[n]!).map(([rel, b]) => [`projects/github.com/acme/${n}/memory/${rel}`, b]),
    ),
  );

test('a backup restored where memsync never ran: user memory now, projects as their folders appear', async () => {
  const b = new CliMachine('newlaptop', { transcript: false });
  const [gadget, tool] = [checkout(b, 'gadget'), checkout(b, 'tool')];
  // A dry run records the files it would hold and holds nothing.
  const dry = await b.cli(['backup', 'restore', backup, '--strategy', 'merge', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /would keep until its project's folder is known here: projects\/github\.com\/acme\/tool\//);
  assert.equal(fs.existsSync(path.join(b.home, 'waiting')), false);

  const r = await ok(b, ['backup', 'restore', backup, '--strategy', 'merge']);
  assert.deepEqual(r.data.created, ['user/CLAUDE.md']);
  assert.deepEqual(
    r.data.held.map((h: { path: string }) => h.path),
    Object.keys(projectFiles()).sort(),
  );
  assert.ok(
    r.data.notes.some((n: string) => n.startsWith(WAITING)),
    r.data.notes.join('\n'),
  );
  assert.equal(
    fs.readFileSync(path.join(b.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), 'utf8'),
    '# user memory of the laptop\n',
  );
  // Held in memsync's state, byte for byte; status lists the projects and what brings them in.
  assert.deepEqual(heldOn(b), projectFiles());
  const status = await b.cli(['status']);
  assert.match(status.stdout, new RegExp(`${WAITING.replace(/\./g, '\\.')} \\(a session started in a checkout`));

  // By --project: gadget's memory lands in its folder here.
  await ok(b, ['sync', '--project', gadget]);
  assert.deepEqual(bytesUnder(memOf(b, gadget)), memA.gadget);
  // Placed before the scan, so the same sync publishes them.
  const published = remoteFiles(path.join(b.home, 'remote.git'));
  for (const rel of Object.keys(memA.gadget!)) assert.ok(`projects/${ids[0]}/memory/${rel}` in published, rel);
  // By a transcript of Claude Code naming the folder.
  const transcript = path.join(path.dirname(memOf(b, tool)), 's1.jsonl');
  fs.mkdirSync(path.dirname(transcript), { recursive: true });
  fs.writeFileSync(transcript, `${JSON.stringify({ type: 'user', cwd: tool, sessionId: 's1' })}\n`);
  await ok(b, ['sync']);
  assert.deepEqual(bytesUnder(memOf(b, tool)), memA.tool);
  assert.deepEqual(
    (await b.json(['status'])).data.waiting.map((g: { name: string; files: number }) => [g.name, g.files]),
    [[ids[2], 2]],
  );
  // By a session start through the hooks, which hands the session the memory it just placed.
  const start = await b.hook('SessionStart', { source: 'startup' });
  assert.equal(start.code, 0, start.stderr);
  assert.deepEqual(bytesUnder(b.memDir), memA.widget);
  assert.match(start.stdout, /what widget taught/);
  assert.equal(fs.existsSync(path.join(b.home, 'waiting')), false);
});

test('--project places that project now; a file already in a folder merges or goes beside', async () => {
  const c = new CliMachine('otherlaptop', { transcript: false });
  const gadget = checkout(c, 'gadget');
  const tool = checkout(c, 'tool');
  // Claude Code already wrote memory here, in gadget and in tool.
  const [mem, toolMem] = [memOf(c, gadget), memOf(c, tool)];
  for (const d of [mem, toolMem]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(mem, 'MEMORY.md'), '- [local](local.md): learned here\n');
  fs.writeFileSync(path.join(mem, 'blob.bin'), Buffer.from([1, 2, 3]));
  fs.writeFileSync(path.join(toolMem, 'MEMORY.md'), '- [here](here.md): tool, learned here\n');

  const bad = await c.cli(['import', exported, '--strategy', 'merge', '--project', c.env.HOME!]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /first run on this machine/);
  assert.match(
    bad.stderr,
    /--project .*: (not a project|a checkout of).*\n?.*the file's projects are: github\.com\/acme\/gadget/,
  );
  // A backup names the version A last synced as each file's base: nothing tool's index here came
  // from, so the two merge as new files do (not "live changed since the base: kept live").
  await ok(c, ['backup', 'restore', backup, '--strategy', 'merge', '--project', tool]);
  assert.equal(
    fs.readFileSync(path.join(toolMem, 'MEMORY.md'), 'utf8'),
    '- [here](here.md): tool, learned here\n- [tool](tool.md): what tool taught\n',
  );
  // An export with --project: widget now (and what the backup held for it), gadget still waits.
  const r = await ok(c, ['import', exported, '--strategy', 'merge', '--project', c.project]);
  assert.deepEqual(bytesUnder(c.memDir), memA.widget);
  assert.deepEqual([...new Set(r.data.held.map((h: { waitsFor: string }) => h.waitsFor))], [ids[0]]);
  assert.deepEqual(
    Object.keys(heldOn(c)),
    Object.keys(memA.gadget!).map((f) => `projects/${ids[0]}/memory/${f}`),
  );
  // gadget's folder becomes known: the index merges by union, the binary goes beside, nothing is overwritten.
  const s = await ok(c, ['sync', '--project', gadget]);
  assert.match(s.stdout, /blob\.bin differs from the file there: written beside it as/);
  assert.equal(
    fs.readFileSync(path.join(mem, 'MEMORY.md'), 'utf8'),
    '- [local](local.md): learned here\n- [gadget](gadget.md): what gadget taught\n',
  );
  assert.deepEqual(fs.readFileSync(path.join(mem, 'blob.bin')), Buffer.from([1, 2, 3]));
  const copy = fs.readdirSync(mem).find((f) => f.startsWith('blob.conflict-laptop-'));
  assert.ok(copy, fs.readdirSync(mem).join(', '));
  assert.deepEqual(fs.readFileSync(path.join(mem, copy)), BINARY);
  assert.equal(fs.existsSync(path.join(c.home, 'waiting')), false);
});

test('a new machine on a remote with projects it never saw: sync leaves them there, status names them', async () => {
  const d = await initedMachine('desktop', remote, { transcript: false });
  await ok(d, ['sync']);
  assert.deepEqual(readTree(d.memDir), {});
  assert.equal(
    fs.readFileSync(path.join(d.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), 'utf8'),
    '# user memory of the laptop\n',
  );
  const text = await d.cli(['status']);
  assert.match(
    text.stdout,
    new RegExp(`3 projects on the remote with no folder on this machine: ${ids.join(', ')} \\(`),
  );
  await ok(d, ['sync', '--project', d.project]);
  assert.deepEqual(bytesUnder(d.memDir), memA.widget);
  assert.deepEqual((await d.json(['status'])).data.remoteOnlyProjects, [ids[0], ids[1]]);
  // A project another machine publishes after this one's last sync: status, which fetches into a
  // throwaway repository, names it from the tip it fetched (this machine's store has not seen it).
  const freshDir = a.repository('fresh');
  const fresh = path.join(memOf(a, freshDir), 'MEMORY.md');
  fs.mkdirSync(path.dirname(fresh), { recursive: true });
  fs.writeFileSync(fresh, '- [fresh](fresh.md): learned later\n');
  await ok(a, ['sync', '--project', freshDir]);
  assert.deepEqual((await d.json(['status'])).data.remoteOnlyProjects, ['github.com/acme/fresh', ids[0], ids[1]]);
});
