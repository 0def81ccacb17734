import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { insertedUnion } from '../src/merge/appendUnion.ts';
import { mergeText } from '../src/merge/textMerge.ts';
import { gitTestEnv, tempDir } from './support/machines.ts';

/** git's own union merge of the three, for comparison. */
function gitUnion(local: string, base: string, remote: string): string {
  const dir = tempDir('memsync-union-');
  const files = { local, base, remote };
  for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), c);
  const args = ['merge-file', '-p', '--union', ...Object.keys(files).map((n) => path.join(dir, n))];
  const out = execFileSync('git', args, { env: gitTestEnv(dir) }).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

const BASE = '# Memory\n- [a](a.md): one\n';
const CASES: [string, string, string, string][] = [
  ['both appended different lines', `${BASE}- [b](b.md)\n`, BASE, `${BASE}- [c](c.md)\n- [d](d.md)\n`],
  ['only live appended', `${BASE}- [b](b.md)\n`, BASE, BASE],
  ['only the remote appended', BASE, BASE, `${BASE}- [c](c.md)\n`],
  ['both appended the same', `${BASE}- [b](b.md)\n`, BASE, `${BASE}- [b](b.md)\n`],
  ['an empty base', '- [b](b.md)\n', '', '- [c](c.md)\n'],
  ['lines with CRLF', '# M\r\n- b\r\n', '# M\r\n', '# M\r\n- c\r\n'],
  // A round that goes again: live holds its line merged before the lines that came first; more came since.
  ['added at different places', '# M\n- a\n- mine\n- o1\n', '# M\n- a\n- o1\n', '# M\n- a\n- o1\n- o2\n'],
  ['added in the middle on both sides', '# M\n- x\n- a\n- b\n', '# M\n- a\n- b\n', '# M\n- a\n- y\n- b\n'],
];

test('lines both sides added to an index file merge as git merge-file --union merges them', () => {
  for (const [what, local, base, remote] of CASES) {
    const fast = insertedUnion(local, base, remote);
    assert.notEqual(fast, null, what);
    assert.equal(fast, gitUnion(local, base, remote), what);
  }
});

test('anything but one block of new lines a side is left to git', async () => {
  const left: [string, string, string, string][] = [
    ['a line edited', `# Memory\n- [a](a.md): two\n- [b](b.md)\n`, BASE, `${BASE}- [c](c.md)\n`],
    ['a line both added', `${BASE}- [b](b.md)\n- [x](x.md)\n`, BASE, `${BASE}- [x](x.md)\n`],
    ['no line end at the end', `${BASE}- [b](b.md)`, BASE, `${BASE}- [c](c.md)\n`],
    ['a base without a last line end', '# M\n- b\n', '# M', '# M\n- c\n'],
    ['an added line ends as the base ends', `${BASE}- x\n- [a](a.md): one\n`, BASE, `${BASE}- [c](c.md)\n`],
    ['two blocks on one side', '- x\n- a\n- y\n', '- a\n', '- a\n- c\n'],
  ];
  for (const [what, local, base, remote] of left) {
    assert.equal(insertedUnion(local, base, remote), null, what);
    // git still merges them, as before.
    const merged = await mergeText(Buffer.from(local), Buffer.from(base), Buffer.from(remote), true);
    assert.ok(merged.clean, what);
    if (merged.clean) assert.equal(merged.content.toString(), gitUnion(local, base, remote), what);
  }
});

test('wherever the fast way answers, on random small files, it answers as git does', () => {
  // A few distinct lines, so that blocks often touch equal lines (the cases where git could differ).
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const some = (n: number) => Array.from({ length: n }, () => `l${rand(6)}\n`);
  let answered = 0;
  for (let i = 0; i < 400; i++) {
    const base = some(rand(5));
    const add = (b: string[]) => {
      const at = rand(b.length + 1);
      return [...b.slice(0, at), ...some(1 + rand(3)), ...b.slice(at)].join('');
    };
    const [local, remote] = [add(base), add(base)];
    const fast = insertedUnion(local, base.join(''), remote);
    if (fast === null) continue;
    answered++;
    assert.equal(fast, gitUnion(local, base.join(''), remote), JSON.stringify([local, base.join(''), remote]));
  }
  assert.ok(answered > 40, `answered ${answered}`);
});

test('an index both sides added to merges without starting git', async () => {
  const [, local, base, remote] = CASES[0]!;
  const path0 = process.env.PATH;
  process.env.PATH = '';
  try {
    const merged = await mergeText(Buffer.from(local), Buffer.from(base), Buffer.from(remote), true);
    assert.deepEqual(merged, { clean: true, content: Buffer.from(gitUnionOf0) });
  } finally {
    process.env.PATH = path0;
  }
});

const gitUnionOf0 = `${BASE}- [b](b.md)\n- [c](c.md)\n- [d](d.md)\n`;
