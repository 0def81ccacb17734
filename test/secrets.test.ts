import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, remoteFiles, CLI } from './support/machines.ts';
import { lookalikes, secretCorpus } from './support/secretCorpus.ts';
import { scanSecrets, mask } from '../src/secrets/scan.ts';
import { unreleased } from '../src/secrets/allow.ts';
import { getStatus } from '../src/sync/status.ts';
import { sessionStart } from '../src/hooks/sessionStart.ts';
import fc from 'fast-check';

const ORIGIN = 'git@github.com:acme/widget.git';
const MEM = 'projects/github.com/acme/widget/memory';

test(
  'the corpus: every kind of secret is caught by the preset and our rules together, and no lookalike is ' + 'flagged',
  async (t) => {
    const secrets = secretCorpus();
    const fakes = lookalikes();
    const sets = {
      preset: { preset: true, ours: false },
      ours: { preset: false, ours: true },
      both: { preset: true, ours: true },
    } as const;
    const caught: Record<string, string[]> = { preset: [], ours: [], both: [] };
    const flagged: Record<string, string[]> = { preset: [], ours: [], both: [] };
    for (const [name, opts] of Object.entries(sets)) {
      for (const c of secrets) if ((await scanSecrets(c.text, opts)).length) caught[name]!.push(c.kind);
      for (const c of fakes) if ((await scanSecrets(c.text, opts)).length) flagged[name]!.push(c.kind);
    }
    for (const name of Object.keys(sets)) {
      const missed = secrets.map((c) => c.kind).filter((k) => !caught[name]!.includes(k));
      t.diagnostic(
        `${name}: caught ${caught[name]!.length}/${secrets.length} secrets, missed ${missed.length} ` +
          `(${missed.join(', ') || 'none'}); flagged ${flagged[name]!.length}/${fakes.length} lookalikes ` +
          `(${flagged[name]!.join(', ') || 'none'})`,
      );
    }
    assert.deepEqual(
      caught.both,
      secrets.map((c) => c.kind),
      'every secret is caught',
    );
    assert.deepEqual(flagged.both, [], 'no lookalike is flagged');
    // Both rule sets pull their weight: each catches kinds the other misses.
    assert.ok(caught.ours!.some((k) => !caught.preset!.includes(k)));
    assert.ok(caught.preset!.some((k) => !caught.ours!.includes(k)));
  },
);

test('a finding names its 1-based line and rule, and its mask never holds the secret', async () => {
  for (const c of secretCorpus(99)) {
    const text = `# Notes\n\nsome words\n${c.text}\nmore words\n`;
    const found = await scanSecrets(text);
    assert.ok(found.length >= 1, c.kind);
    assert.equal(found[0]!.line, 4, c.kind);
    for (const f of found) {
      assert.match(f.rule, /^(memsync|secretlint)\//);
      const secretish = c.text.match(/[A-Za-z0-9_\-+/]{16,}/g) ?? [];
      for (const s of secretish) assert.ok(!f.masked.includes(s), `${c.kind}: mask ${f.masked} shows ${s}`);
    }
  }
});

test('mask shows at most a quarter of the secret (and at most 4 characters)', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 300 }), (s) => {
      const m = mask(s);
      if (/^-----BEGIN [A-Z0-9 ]+-----/.test(s)) return;
      const shown = m.slice(0, m.indexOf('*'));
      assert.ok(shown.length <= Math.min(4, s.length / 4));
      assert.ok(s.startsWith(shown));
    }),
  );
});

test('large files are scanned whole: a secret at the end of 6 MB, a key across pieces, on their lines', async () => {
  const filler = 'ordinary line of notes about the build and the tests\n';
  const lines: string[] = [];
  let size = 0;
  // Put a private key block so that it straddles the first 1 MiB piece boundary.
  while (size < (1 << 20) - 200) {
    lines.push(filler);
    size += filler.length;
  }
  const lineCount = () => lines.join('').split('\n').length;
  const keyLine = lineCount();
  const key = secretCorpus()
    .find((c) => c.kind === 'rsa private key')!
    .text.replace(/^deploy key: /, '');
  lines.push(`${key}\n`);
  while (size < 6 << 20) {
    lines.push(filler);
    size += filler.length;
  }
  const tokenLine = lineCount();
  lines.push(`${secretCorpus().find((c) => c.kind === 'github classic token')!.text}\n`);
  const found = await scanSecrets(Buffer.from(lines.join('')));
  assert.deepEqual([...new Set(found.map((f) => f.line))], [keyLine, tokenLine], JSON.stringify(found));
});

test('binary content (a database page) is scanned too', async () => {
  const token = secretCorpus().find((c) => c.kind === 'anthropic api key')!.text;
  const page = Buffer.concat([
    Buffer.from([0x53, 0x51, 0x4c, 0x00, 0xff, 0xfe, 0x00]),
    Buffer.from(token),
    Buffer.from([0x00, 0x81, 0x9f]),
  ]);
  const found = await scanSecrets(page);
  assert.deepEqual(
    found.map((f) => f.rule),
    ['memsync/anthropic-api-key'],
  );
});

test('the allow list releases a whole file or only the named line', () => {
  const findings = [
    { line: 3, rule: 'r', masked: 'x' },
    { line: 9, rule: 'r', masked: 'y' },
  ];
  assert.deepEqual(unreleased('a/b.md', findings, []), findings);
  assert.deepEqual(unreleased('a/b.md', findings, ['a/b.md']), []);
  assert.deepEqual(unreleased('a/b.md', findings, ['a/b.md:3']), [findings[1]]);
  assert.deepEqual(unreleased('a/b.md', findings, ['a/c.md', 'a/b.md:4']), findings);
});

async function heldSetup() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const proj = a.checkout(ORIGIN);
  const mem = a.memoryDir(proj);
  const token = secretCorpus().find((c) => c.kind === 'github classic token')!.text;
  a.write(path.join(mem, 'MEMORY.md'), '- [Deploy](deploy.md)\n');
  a.write(path.join(mem, 'deploy.md'), `# Deploy\n\n${token}\nthen run make deploy\n`);
  const report = await a.sync({ projects: [proj] });
  return { remote, a, proj, mem, token, report };
}

test(
  'a file with a secret is held back, never pushed, and status, CLI and SessionStart name file, line and rule, ' +
    'masked',
  async () => {
    const { remote, a, proj, mem, token, report } = await heldSetup();
    const secret = token.match(/ghp_\w+/)![0];
    assert.deepEqual(report.published, [`${MEM}/MEMORY.md`], 'the clean file goes out');
    assert.equal(report.heldSecrets.length, 1);
    const h = report.heldSecrets[0]!;
    assert.deepEqual([h.path, h.line], [`${MEM}/deploy.md`, 3]);
    assert.match(h.rule, /github/);
    assert.ok(!h.masked.includes(secret) && h.masked.startsWith('ghp_'));
    assert.equal(remoteFiles(remote)[`${MEM}/deploy.md`], undefined, 'never pushed');
    // A sync with nothing new still says it (the no-change fast path does not hide it) and still holds it.
    const again = await a.sync();
    assert.deepEqual(
      again.heldSecrets.map((x) => [x.path, x.line]),
      [[`${MEM}/deploy.md`, 3]],
    );
    assert.equal(remoteFiles(remote)[`${MEM}/deploy.md`], undefined);
    const status = await getStatus(a.ctx);
    assert.deepEqual(
      status.heldSecrets.map((x) => [x.path, x.line, x.rule]),
      [[h.path, 3, h.rule]],
    );
    const cli = await a.cli(['status']);
    assert.match(
      cli.stdout,
      new RegExp(
        `held back \\(secret\\): ${MEM.replace(/\./g, '\\.')}/deploy\\.md:3 ${h.rule.replace('/', '\\/')} ghp_\\*+`,
      ),
    );
    assert.ok(!cli.stdout.includes(secret));
    const sync = await a.cli(['sync']);
    assert.match(sync.stdout, /1 held back for secrets/);
    assert.match(sync.stdout, /deploy\.md:3/);
    assert.ok(!sync.stdout.includes(secret));
    const hookOut = await sessionStart({ cwd: proj, source: 'startup' }, a.env, 'memsync', CLI);
    assert.match(
      hookOut.conflictsLine ?? '',
      new RegExp(
        `^memsync: held back from syncing, it looks like a secret: ${MEM.replace(/\./g, '\\.')}/deploy\\.md:3 ` +
          `${h.rule} ghp_\\*+ \\(40 chars\\); remove it, or if it is not one: memsync allow PATH --line N$`,
        'm',
      ),
    );
    assert.ok(!(hookOut.conflictsLine ?? '').includes(secret));
    assert.equal((hookOut.conflictsLine ?? '').split('\n').length, 1, 'one line');
    // Removing the secret publishes the file and clears the hold.
    fs.writeFileSync(path.join(mem, 'deploy.md'), '# Deploy\n\nthe token is in the keychain\nthen run make deploy\n');
    const clean = await a.sync();
    assert.deepEqual(clean.published, [`${MEM}/deploy.md`]);
    assert.deepEqual(clean.heldSecrets, []);
    assert.deepEqual((await getStatus(a.ctx)).heldSecrets, []);
  },
);

test(
  'memsync allow PATH --line N releases a false positive: the next sync publishes it; another line is still ' + 'held',
  async () => {
    const { remote, a, mem, token } = await heldSetup();
    const live = path.join(mem, 'deploy.md');
    const allowed = await a.cli(['allow', live, '--line', '3']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, new RegExp(`released: ${MEM.replace(/\./g, '\\.')}/deploy\\.md:3`));
    const settings = JSON.parse(fs.readFileSync(path.join(a.env.MEMSYNC_HOME!, 'settings.json'), 'utf8'));
    assert.deepEqual(settings.secrets.allow, [`${MEM}/deploy.md:3`]);
    const cli = await a.cli(['sync']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(remoteFiles(remote)[`${MEM}/deploy.md`] ?? '', /ghp_/);
    // A new secret on another line of the same file is held again.
    const slack = secretCorpus().find((c) => c.kind === 'slack bot token')!.text;
    fs.writeFileSync(live, `# Deploy\n\n${token}\nthen run make deploy\n${slack}\n`);
    const held = await a.cli(['sync', '--json']);
    const out = JSON.parse(held.stdout);
    assert.deepEqual(
      out.heldSecrets.map((x: { line: number }) => x.line),
      [5],
    );
    assert.doesNotMatch(remoteFiles(remote)[`${MEM}/deploy.md`]!, /xoxb-/);
    // Allowing a path memsync does not sync is a clear error.
    const bad = await a.cli(['allow', path.join(a.root, 'elsewhere.md'), '--line', '1']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not in any folder memsync syncs/);
  },
);

test('a clean merge whose result holds a secret writes the merge live but does not publish it', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const pa = a.checkout(ORIGIN);
  const pb = b.checkout(ORIGIN);
  const ma = a.memoryDir(pa);
  const mb = b.memoryDir(pb);
  a.write(path.join(ma, 'notes.md'), 'one\ntwo\nthree\nfour\nfive\n');
  await a.sync({ projects: [pa] });
  await b.sync({ projects: [pb] });
  a.write(path.join(ma, 'notes.md'), 'ONE\ntwo\nthree\nfour\nfive\n');
  await a.sync();
  const jwt = secretCorpus().find((c) => c.kind === 'jwt')!.text;
  b.write(path.join(mb, 'notes.md'), `one\ntwo\nthree\nfour\n${jwt}\n`);
  const r = await b.sync();
  assert.deepEqual(r.merged, [`${MEM}/notes.md`]);
  assert.deepEqual(
    r.heldSecrets.map((x) => [x.path, x.line, x.rule]),
    [[`${MEM}/notes.md`, 5, 'memsync/jwt']],
  );
  assert.equal(fs.readFileSync(path.join(mb, 'notes.md'), 'utf8'), `ONE\ntwo\nthree\nfour\n${jwt}\n`);
  assert.equal(
    remoteFiles(remote)[`${MEM}/notes.md`],
    'ONE\ntwo\nthree\nfour\nfive\n',
    'the remote keeps the clean version',
  );
});

test("secretlint's profiler keeps nothing however many files are scanned (it searched all its marks)", async () => {
  const { heldFindings } = await import('../src/secrets/allow.ts');
  const { secretLintProfiler } = await import('@secretlint/profiler');
  for (let i = 0; i < 50; i++) await heldFindings(`projects/x/memory/${i}.md`, Buffer.from(`note ${i}\n`), []);
  // The profiler's observer is called after the marks, on a later turn of the event loop.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal((await secretLintProfiler.getEntries()).length, 0);
});
