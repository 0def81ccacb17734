import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { tempDir, gitTestEnv } from './support/machines.ts';
import { BareRepo } from '../src/store/bareRepo.ts';
import { ancestorWithin, ObjectReader, writeCommit, writeLooseObject } from '../src/store/objects.ts';

/*
 * The store's one `git cat-file --batch` (store/objects.ts ObjectReader, kept by BareRepo): every read
 * of a sync, its retries included, goes through it, so it must answer what git answers.
 */

function store(): { dir: string; git: (args: string[], input?: string | Buffer) => string } {
  const dir = tempDir('memsync-reads-');
  const env = gitTestEnv(dir);
  const git = (args: string[], input?: string | Buffer) =>
    execFileSync('git', ['--git-dir', dir, ...args], { env, input, maxBuffer: 64 << 20 }).toString();
  git(['init', '--bare', '--quiet']);
  return { dir, git };
}

/** A commit of `files` (path -> content) on `parents`, built by git itself. */
function commitOf(git: ReturnType<typeof store>['git'], files: Record<string, string>, parents: string[] = []) {
  const index = `/tmp/memsync-reads-index-${Math.random().toString(36).slice(2)}`;
  const withIndex = (args: string[], input?: string) =>
    execFileSync('git', args, { env: { ...process.env, GIT_INDEX_FILE: index }, input }).toString();
  const dir = git(['rev-parse', '--absolute-git-dir']).trim();
  const lines = Object.entries(files).map(
    ([p, c]) => `100644 ${git(['hash-object', '-w', '--stdin'], c).trim()}\t${p}`,
  );
  withIndex(['--git-dir', dir, 'read-tree', '--empty']);
  if (lines.length) withIndex(['--git-dir', dir, 'update-index', '-z', '--index-info'], `${lines.join('\0')}\0`);
  const tree = withIndex(['--git-dir', dir, 'write-tree']).trim();
  if (parents.length > 1) return git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', 'merge']).trim();
  return writeCommit(dir, tree, parents[0] ?? null, 'test', `c ${Math.random()}\n`);
}

test('blobs of every size come back whole and in order, many asked at once', async () => {
  const { dir } = store();
  const repo = new BareRepo(dir, 'main', 'test');
  const contents = [Buffer.alloc(3 << 20, 'x'), Buffer.alloc(0), Buffer.from('small\n'), Buffer.alloc(70_000, 7)];
  const ids = contents.map((c) => writeLooseObject(dir, 'blob', c));
  try {
    const read = await repo.readBlobs([...ids, ids[2]!]);
    for (const [i, id] of ids.entries()) assert.ok(read.get(id)!.equals(contents[i]!), `blob ${i}`);
    await assert.rejects(repo.readBlobs(['0'.repeat(40)]), /missing object/);
    // The reader is still there for the next read after a missing object.
    assert.equal((await repo.readBlobs([ids[2]!])).get(ids[2]!)!.toString(), 'small\n');
  } finally {
    repo.close();
  }
});

test('the reader finds objects a fetch packed after it started', async () => {
  const { dir, git } = store();
  const other = store();
  const repo = new BareRepo(dir, 'main', 'test');
  try {
    const first = writeLooseObject(dir, 'blob', Buffer.from('first\n'));
    assert.equal((await repo.readBlobs([first])).get(first)!.toString(), 'first\n');
    const later = other.git(['hash-object', '-w', '--stdin'], 'packed later\n').trim();
    const pack = execFileSync('git', ['--git-dir', other.dir, 'pack-objects', '--stdout', '-q'], {
      input: `${later}\n`,
    });
    git(['index-pack', '--stdin'], pack);
    assert.equal((await repo.readBlobs([later])).get(later)!.toString(), 'packed later\n');
  } finally {
    repo.close();
  }
});

test('a pending read keeps the process until git answers; an idle reader lets it end', () => {
  const { dir } = store();
  const id = writeLooseObject(dir, 'blob', Buffer.from('answered\n'));
  const script =
    `import { ObjectReader } from ${JSON.stringify(path.resolve('src/store/objects.ts'))};\n` +
    `const reader = new ObjectReader(${JSON.stringify(dir)}, process.env);\n` +
    `reader.read('${id}').then((o) => process.stdout.write(o.content));\n`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.error, undefined, 'it ended by itself');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'answered\n');
});

test('ancestry read back from the tip agrees with git merge-base, past the walk limit too', async () => {
  const { dir, git } = store();
  const root = commitOf(git, { a: '1' });
  const left = commitOf(git, { a: '2' }, [root]);
  const right = commitOf(git, { a: '3' }, [root]);
  const merged = commitOf(git, { a: '4' }, [left, right]);
  const chain = [merged];
  for (let i = 0; i < 300; i++)
    chain.push(writeCommit(dir, git(['rev-parse', `${root}^{tree}`]).trim(), chain.at(-1)!, 'test', `${i}\n`));
  const tip = chain.at(-1)!;
  const repo = new BareRepo(dir, 'main', 'test');
  try {
    const reader = new ObjectReader(dir, gitTestEnv(dir));
    assert.equal(await ancestorWithin(reader, right, merged), true, 'a merge has both parents');
    assert.equal(await ancestorWithin(reader, left, right), false, 'a fork is no ancestor');
    assert.equal(await ancestorWithin(reader, chain[250]!, tip), true);
    assert.equal(await ancestorWithin(reader, root, tip), null, 'past the limit git answers');
    reader.close();
    const git1 = (a: string, b: string) =>
      spawnSync('git', ['--git-dir', dir, 'merge-base', '--is-ancestor', a, b]).status === 0;
    for (const [a, b] of [
      [root, tip],
      [right, tip],
      [tip, root],
      [left, right],
      [merged, merged],
      [chain[10]!, chain[5]!],
    ] as const)
      assert.equal(await repo.isAncestor(a, b), git1(a, b), `${a.slice(0, 7)} in ${b.slice(0, 7)}`);
  } finally {
    repo.close();
  }
});

test('one file of a tree, read through the reader, is what git ls-tree lists', async () => {
  const { dir, git } = store();
  const tip = commitOf(git, { 'memsync.json': '{}\n', 'projects/x/memory/MEMORY.md': 'm\n', 'top.md': 't\n' });
  const repo = new BareRepo(dir, 'main', 'test');
  const viaGit = (p: string) => {
    const out = new Map<string, { mode: string; sha: string }>();
    for (const rec of git(['ls-tree', '-r', '-z', '--full-tree', tip, '--', p]).split('\0').filter(Boolean)) {
      const [mode, type, sha] = rec.slice(0, rec.indexOf('\t')).split(' ');
      out.set(rec.slice(rec.indexOf('\t') + 1), { mode: type === 'blob' ? mode! : `${type}:${mode}`, sha: sha! });
    }
    return out;
  };
  try {
    for (const p of [
      'memsync.json',
      'projects/x/memory/MEMORY.md',
      'nothing.json',
      'projects/y/a',
      'top.md/a',
      'projects',
    ])
      assert.deepEqual(await repo.lsTree(tip, [p]), viaGit(p), p);
  } finally {
    repo.close();
  }
});
