import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BareRepo } from '../src/store/bareRepo.ts';
import { gitTestEnv, tempDir } from './support/machines.ts';

/** A work tree whose commits the store reads; `commit` takes a snapshot of files (null: a folder of that name goes). */
function history() {
  const dir = tempDir('memsync-treediff-');
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { env: gitTestEnv(dir) }).toString();
  git('init', '--quiet');
  return {
    git: path.join(dir, '.git'),
    commit(files: Record<string, string | null>, link?: string): string {
      for (const [p, content] of Object.entries(files)) {
        fs.rmSync(path.join(dir, p), { recursive: true, force: true });
        if (content === null) continue;
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), content, { mode: p.endsWith('.sh') ? 0o755 : 0o644 });
      }
      if (link) fs.symlinkSync('target', path.join(dir, link));
      git('add', '-A');
      // A submodule entry, as a hand-made remote tree may hold.
      git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},mem/sub`);
      git('commit', '--quiet', '--allow-empty', '-m', 'x');
      return git('rev-parse', 'HEAD').trim();
    },
  };
}

test("a tree read from the last one read and the folders that changed lists what git's ls-tree lists", async () => {
  const h = history();
  const commits = [
    h.commit({ 'mem/a.md': 'a\n', 'mem/p/one.md': '1\n', 'mem/p/two.md': '2\n', 'other/x.md': 'x\n', 'mem/a.b': '.' }),
    h.commit({ 'mem/a.md': 'a changed\n', 'mem/q/new.md': 'new\n', 'mem/p/two.md': null, 'mem/a0': '0' }),
    h.commit({ 'mem/p': null, 'mem/a.md': null, 'mem/a.md/inner.md': 'a folder now\n', 'mem/run.sh': '#!/bin/sh\n' }),
    h.commit(
      { 'mem/q': 'a file now\n', 'mem/ünï/😀.md': 'astral\n', 'mem/😀.md': 'astral\n', 'mem/\uffee.md': 'high\n' },
      'mem/l',
    ),
    h.commit({ 'mem/big.md': 'x'.repeat(200_000), 'other/y.md': 'y\n' }),
    h.commit({}),
  ];
  const repo = new BareRepo(h.git, 'main', 'test');
  try {
    // Each step forward and back, and all of it at once.
    const pairs = commits.flatMap((c, i) =>
      i
        ? [
            [commits[i - 1]!, c],
            [c, commits[i - 1]!],
          ]
        : [],
    );
    pairs.push([commits[0]!, commits.at(-1)!]);
    for (const opts of [{ sizes: true, keep: (p: string) => p.startsWith('mem/') }, { sizes: false }]) {
      for (const [from, to] of pairs) {
        const last = { commit: from!, entries: await repo.lsTree(from!, [], opts) };
        const since = await repo.lsTreeSince(last, to!, opts);
        assert.deepEqual([...since], [...(await repo.lsTree(to!, [], opts))], `${from}..${to} ${opts.sizes}`);
      }
    }
  } finally {
    repo.close();
  }
});
