import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { Machine, bareRemote, tempDir, gitTestEnv } from './support/machines.ts';
import { ObjectReader, rewriteTree, writeCommit, writeLooseObject } from '../src/store/objects.ts';
import { batchParser } from '../src/store/batchStream.ts';
import { BareRepo } from '../src/store/bareRepo.ts';

/** What git itself makes of a set of files: read-tree, update-index, write-tree through a temp index. */
function gitTree(gitDir: string, base: string | null, changes: Map<string, string | null>): string {
  const index = path.join(gitDir, `index-${Math.random().toString(36).slice(2)}`);
  const env = { ...gitTestEnv(gitDir), GIT_INDEX_FILE: index };
  execFileSync('git', ['--git-dir', gitDir, 'read-tree', ...(base ? [base] : ['--empty'])], { env });
  const lines = [...changes].map(([p, sha]) => (sha ? `100644 ${sha}\t${p}` : `0 ${'0'.repeat(40)}\t${p}`)).join('\0');
  if (lines)
    execFileSync('git', ['--git-dir', gitDir, 'update-index', '-z', '--index-info'], { env, input: `${lines}\0` });
  const tree = execFileSync('git', ['--git-dir', gitDir, 'write-tree'], { env }).toString().trim();
  fs.rmSync(index, { force: true });
  return tree;
}

// Names chosen to exercise git's tree order (a folder sorts as "name/": "a-", "a.md", "a/", "a0").
const name = fc.constantFrom('a', 'a.md', 'a-', 'a0', 'b', 'MEMORY.md', 'é.md', 'x y');
const filePath = fc.array(name, { minLength: 1, maxLength: 4 }).map((segs) => segs.join('/'));

test('property: trees written without git equal the trees git writes', async () => {
  const gitDir = tempDir('memsync-objects-');
  execFileSync('git', ['init', '--bare', '--quiet', gitDir], { env: gitTestEnv(gitDir) });
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(filePath, fc.string()), { maxLength: 12 }),
      fc.array(fc.tuple(filePath, fc.option(fc.string())), { minLength: 1, maxLength: 8 }),
      async (files, edits) => {
        // A path cannot be both a file and a folder: keep the first of each clash.
        const taken = new Set<string>();
        const ok = (p: string) => {
          const parts = p.split('/');
          for (let i = 1; i <= parts.length; i++) {
            const prefix = parts.slice(0, i).join('/');
            if (taken.has(prefix) && (i < parts.length || taken.has(`${prefix}/`))) return false;
            if (i < parts.length && taken.has(prefix)) return false;
          }
          for (const t of taken) if (t.startsWith(`${p}/`)) return false;
          return true;
        };
        const baseChanges = new Map<string, string | null>();
        for (const [p, content] of files) {
          if (!ok(p)) continue;
          taken.add(p);
          for (let i = 1; i < p.split('/').length; i++) taken.add(`${p.split('/').slice(0, i).join('/')}/`);
          baseChanges.set(p, writeLooseObject(gitDir, 'blob', Buffer.from(content)));
        }
        const baseTree = gitTree(gitDir, null, baseChanges);
        const base = writeCommit(gitDir, baseTree, null, 'test', 'base\n');
        const changes = new Map<string, string | null>();
        for (const [p, content] of edits) {
          if (baseChanges.has(p))
            changes.set(p, content === null ? null : writeLooseObject(gitDir, 'blob', Buffer.from(content)));
          else if (content !== null && ok(p)) {
            taken.add(p);
            for (let i = 1; i < p.split('/').length; i++) taken.add(`${p.split('/').slice(0, i).join('/')}/`);
            changes.set(p, writeLooseObject(gitDir, 'blob', Buffer.from(content)));
          }
        }
        const reader = new ObjectReader(gitDir, gitTestEnv(gitDir));
        try {
          assert.equal(await rewriteTree(gitDir, reader, baseTree, changes), gitTree(gitDir, base, changes));
        } finally {
          reader.close();
        }
      },
    ),
    { numRuns: 60 },
  );
  // And git accepts the objects: a full connectivity and validity check.
  execFileSync('git', ['--git-dir', gitDir, 'fsck', '--strict', '--no-dangling'], { env: gitTestEnv(gitDir) });
  fs.rmSync(gitDir, { recursive: true, force: true });
});

/** `git count-objects -v` of a machine's store: loose objects and objects in packs. */
function storeCounts(m: Machine): { loose: number; packed: number } {
  const dir = path.join(m.env.MEMSYNC_HOME!, 'repo.git');
  const out = execFileSync('git', ['--git-dir', dir, 'count-objects', '-v'], { env: gitTestEnv(dir) }).toString();
  const field = (k: string) => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(out)![1]);
  return { loose: field('count'), packed: field('in-pack') };
}

test('a sync leaving many loose objects packs the store; a small one leaves it alone; nothing is lost', async () => {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const proj = a.checkout('git@github.com:acme/widget.git');
  const mem = a.memoryDir(proj);
  for (let i = 0; i < 1300; i++) a.write(path.join(mem, `topic-${i}.md`), `fact ${i}\n`);
  await a.sync({ projects: [proj] });
  const packed = storeCounts(a);
  assert.ok(packed.loose < 10 && packed.packed > 1300, `after 1,300 new files: ${JSON.stringify(packed)}`);
  a.write(path.join(mem, 'topic-7.md'), 'fact 7, revised\n');
  await a.sync({ projects: [proj] });
  const small = storeCounts(a);
  assert.ok(small.loose > 0 && small.packed === packed.packed, `after one edit: ${JSON.stringify(small)}`);
  const dir = path.join(a.env.MEMSYNC_HOME!, 'repo.git');
  execFileSync('git', ['--git-dir', dir, 'fsck', '--strict', '--no-progress'], { env: gitTestEnv(dir) });
  const b = await new Machine('desktop', remote).init();
  const pb = b.checkout('git@github.com:acme/widget.git');
  await b.sync({ projects: [pb] });
  const got = b.memoryDir(pb);
  assert.equal(fs.readdirSync(got).length, 1300);
  assert.equal(fs.readFileSync(path.join(got, 'topic-7.md'), 'utf8'), 'fact 7, revised\n');
  assert.equal(fs.readFileSync(path.join(got, 'topic-1299.md'), 'utf8'), 'fact 1299\n');
});

test('property: cat-file output split anywhere into chunks parses into the objects git holds', async () => {
  const gitDir = tempDir('memsync-batch-');
  execFileSync('git', ['init', '--bare', '--quiet', gitDir], { env: gitTestEnv(gitDir) });
  // Empty, one byte, a newline-only, a multi-byte name's worth, and one far larger than a chunk.
  const contents = ['', 'x', '\n\n', 'é\nmissing line\n', 'big '.repeat(20_000)].map((s) => Buffer.from(s));
  const shas = contents.map((c) => writeLooseObject(gitDir, 'blob', c));
  const missing = 'f'.repeat(40);
  const ask = [shas[0]!, missing, ...shas.slice(1)];
  const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: `${ask.join('\n')}\n` });
  const want = ask.map((sha) => [sha, sha === missing ? null : contents[shas.indexOf(sha)]!.toString('hex')]);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: out.length }), { maxLength: 12 }), async (cuts) => {
      const got: [string, string | null][] = [];
      const feed = batchParser((sha, type, content) =>
        got.push([sha, type === 'missing' ? null : content!.toString('hex')]),
      );
      const at = [0, ...cuts.sort((a, b) => a - b), out.length];
      for (let i = 1; i < at.length; i++) if (at[i]! > at[i - 1]!) feed(out.subarray(at[i - 1], at[i]));
      assert.deepEqual(got, want);
    }),
  );
  const repo = new BareRepo(gitDir, 'main', 'tester');
  assert.deepEqual(
    [...(await repo.readBlobs(shas))].map(([s, c]) => [s, c.toString('hex')]),
    want.filter(([, c]) => c !== null),
  );
  await assert.rejects(repo.readBlobs([missing]), /missing object f{40}/);
});
