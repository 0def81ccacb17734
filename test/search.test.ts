import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Machine, bareRemote } from './support/machines.ts';
import { cli, machine, publicKey } from './support/encrypted.ts';
import { memPair, observedIn, work } from './support/claudeMem.ts';

interface Hit {
  path: string;
  source: string;
  project: string | null;
  rank: number;
  host: string | null;
  version: string | null;
  lines: { line: number; text: string }[];
}
const WIDGET = 'projects/github.com/acme/widget/memory';
const GADGET = 'projects/github.com/acme/gadget/memory';

async function search(m: Machine, ...args: string[]): Promise<Hit[]> {
  const r = await m.cli(['search', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).hits;
}

/** Two machines with a project each; a third that has neither searches them. */
async function threeMachines() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const c = await new Machine('newbox', remote).init();
  const pa = a.checkout('git@github.com:acme/widget.git');
  a.write(path.join(a.memoryDir(pa), 'deploy.md'), '# Deploys\nThe flaky deploy fails when the cache is cold.\n');
  a.write(path.join(a.memoryDir(pa), 'MEMORY.md'), '- [deploy](deploy.md): deploy notes\n');
  await a.sync({ projects: [pa] });
  const pb = b.checkout('git@github.com:acme/gadget.git');
  b.write(path.join(b.memoryDir(pb), 'notes.md'), 'Our deploy is only flaky on Fridays.\nNothing else here.\n');
  b.write(path.join(b.configDir, 'CLAUDE.md'), 'Always run the linter before a deploy.\n');
  await b.sync({ projects: [pb] });
  await c.sync();
  return { remote, a, b, c, pa };
}

test("search finds every machine's memory on the remote, ranked, with host and lines", async () => {
  const { c } = await threeMachines();
  const hits = await search(c, 'flaky deploy');
  const row = (h: Hit) => [h.path, h.rank, h.host];
  // The phrase, then every word, then some word; within a rank the newer first (a tie within one second: by path).
  assert.deepEqual(hits.slice(0, 2).map(row), [
    [`${WIDGET}/deploy.md`, 0, 'laptop'],
    [`${GADGET}/notes.md`, 1, 'desktop'],
  ]);
  assert.deepEqual(hits.slice(2).map(row).sort(), [
    [`${WIDGET}/MEMORY.md`, 2, 'laptop'],
    ['user/CLAUDE.md', 2, 'desktop'],
  ]);
  assert.deepEqual(hits[0]!.lines, [{ line: 2, text: 'The flaky deploy fails when the cache is cold.' }]);
  assert.equal(hits[1]!.project, 'github.com/acme/gadget');

  const narrowed = await search(c, 'deploy', '--project', 'github.com/acme/gadget');
  assert.deepEqual(
    narrowed.map((h) => h.path),
    [`${GADGET}/notes.md`],
  );
  const user = await search(c, 'deploy', '--source', 'claude-user-memory');
  assert.deepEqual(
    user.map((h) => h.path),
    ['user/CLAUDE.md'],
  );
  const re = await search(c, 'flaky (deploy|on)', '--regex');
  assert.deepEqual(re.map((h) => h.path).sort(), [`${GADGET}/notes.md`, `${WIDGET}/deploy.md`]);

  const text = await c.cli(['search', 'flaky deploy']);
  assert.match(text.stdout, /^search "flaky deploy": 4 hits in the remote's tip/);
  assert.match(text.stdout, /deploy\.md {2}\[current; github\.com\/acme\/widget, laptop, /);

  // --limit: the best N in full, the rest counted (with a common word every file would be printed).
  const best = JSON.parse((await c.cli(['search', 'flaky deploy', '--limit', '1', '--json'])).stdout);
  assert.deepEqual([best.total, best.hits.map((h: Hit) => h.path)], [4, [`${WIDGET}/deploy.md`]]);
  const bestText = await c.cli(['search', 'flaky deploy', '--limit', '1']);
  assert.match(bestText.stdout, /^search "flaky deploy": 4 hits in .*\(the best 1 shown: --limit N for more, 0 /);
  assert.equal(bestText.stdout.match(/\[current;/g)?.length, 1, bestText.stdout);
});

test('an unknown --project or --source is an error listing the names there are', async () => {
  const { c } = await threeMachines();
  const p = await c.cli(['search', 'deploy', '--project', 'github.com/acme/nope']);
  assert.equal(p.code, 2);
  assert.match(p.stderr, /--project github\.com\/acme\/nope: no such project on the remote/);
  assert.match(p.stderr, /github\.com\/acme\/gadget, github\.com\/acme\/widget/);
  assert.equal(p.stdout, '');
  const s = await c.cli(['search', 'deploy', '--source', 'nope']);
  assert.equal(s.code, 2);
  assert.match(s.stderr, /--source nope: no such source.*claude-auto-memory/s);
  const empty = await c.cli(['search', '  ']);
  assert.equal(empty.code, 2);
});

test('--history finds a version since overwritten, named by its commit', async () => {
  const { a, c, pa } = await threeMachines();
  a.write(path.join(a.memoryDir(pa), 'deploy.md'), '# Deploys\nFixed: warm the cache first.\n');
  await a.sync();
  const phrase = (hits: Hit[]) => hits.filter((h) => h.rank === 0);
  assert.deepEqual(phrase(await search(c, 'cache is cold')), []);
  const old = phrase(await search(c, 'cache is cold', '--history'));
  assert.equal(old.length, 1);
  assert.equal(old[0]!.path, `${WIDGET}/deploy.md`);
  assert.match(old[0]!.version ?? '', /^[0-9a-f]{40}$/);
  assert.equal(old[0]!.host, 'laptop');
  // The version named can be brought back as it was.
  const r = await a.cli(['restore', old[0]!.path, '--at', old[0]!.version!, '--no-sync']);
  assert.equal(r.code, 0, r.stderr);
});

test('search on an encrypted remote reads the memory decrypted', async () => {
  const remote = bareRemote();
  const { m: a, proj, mem } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  a.write(path.join(mem, 'secret-plan.md'), 'The migration runs on Sunday night.\n');
  await a.sync({ projects: [proj] });
  const hits = await search(a, 'sunday night');
  assert.deepEqual(
    hits.map((h) => [h.path, h.lines[0]?.text]),
    [[`${WIDGET}/secret-plan.md`, 'The migration runs on Sunday night.']],
  );
});

test("search finds claude-mem's rows, made by claude-mem's own code, as their text fields", async () => {
  const { a, b } = await memPair([
    ...work('a', 1),
    observedIn('memory-a-0', 'flaky deploy', 'the deploy fails when the cache is cold'),
  ]);
  assert.equal((await a.cli(['sync'])).code, 0);
  const hits = (await search(b, 'cache is cold', '--source', 'claude-mem')).filter((h) => h.rank === 0);
  assert.deepEqual(
    hits.map((h) => [h.path, h.source, h.rank, h.host]),
    [['claude-mem/observations.jsonl', 'claude-mem', 0, 'a']],
  );
  // A row is one line of its text fields, `key: value` joined by ` | ` (keys sorted, as stored).
  assert.match(hits[0]!.lines[0]!.text, /memory_session_id: memory-a-0 \| narrative: the deploy fails when the cache/);
});

test('--history on an encrypted remote skips, and counts, copies sealed before this machine was added', async () => {
  const remote = bareRemote();
  const a = await machine('laptop', remote);
  await cli(a.m, 'init', '--encrypt');
  a.m.write(path.join(a.mem, 'deploy.md'), 'The flaky deploy fails when the cache is cold.\n');
  await cli(a.m, 'sync', '--project', a.proj);
  a.m.write(path.join(a.mem, 'deploy.md'), 'The flaky deploy is fixed: warm the cache first.\n');
  await cli(a.m, 'sync', '--project', a.proj);
  // keys add seals the tip's files to the new machine too; the versions before stay the laptop's alone.
  const b = await machine('desktop', remote);
  await cli(a.m, 'keys', 'add', await publicKey(b.m), '--name', 'desktop');
  await cli(b.m, 'sync');
  const r = await b.m.cli(['search', 'flaky deploy', '--history', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    out.hits.map((h: Hit) => [h.path, h.version, h.lines[0]?.text]),
    [[`${WIDGET}/deploy.md`, null, 'The flaky deploy is fixed: warm the cache first.']],
  );
  assert.deepEqual(out.notes, [
    '2 stored copies of earlier versions are encrypted to other machines only (sealed before this machine was ' +
      'added): not searched',
  ]);
});
