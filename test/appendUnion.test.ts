import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { appendedUnion } from '../src/merge/appendUnion.ts';
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
];

test('lines both sides appended to an index file merge as git merge-file --union merges them', () => {
  for (const [what, local, base, remote] of CASES) {
    const fast = appendedUnion(local, base, remote);
    assert.notEqual(fast, null, what);
    assert.equal(fast, gitUnion(local, base, remote), what);
  }
});

test('anything but plain appends is left to git', async () => {
  const left: [string, string, string, string][] = [
    ['a line edited', `# Memory\n- [a](a.md): two\n- [b](b.md)\n`, BASE, `${BASE}- [c](c.md)\n`],
    ['a line both added', `${BASE}- [b](b.md)\n- [x](x.md)\n`, BASE, `${BASE}- [x](x.md)\n`],
    ['no line end at the end', `${BASE}- [b](b.md)`, BASE, `${BASE}- [c](c.md)\n`],
    ['a base without a last line end', '# M\n- b\n', '# M', '# M\n- c\n'],
    ['an added line ends as the base ends', `${BASE}- x\n- [a](a.md): one\n`, BASE, `${BASE}- [c](c.md)\n`],
  ];
  for (const [what, local, base, remote] of left) {
    assert.equal(appendedUnion(local, base, remote), null, what);
    // git still merges them, as before.
    const merged = await mergeText(Buffer.from(local), Buffer.from(base), Buffer.from(remote), true);
    assert.ok(merged.clean, what);
    if (merged.clean) assert.equal(merged.content.toString(), gitUnion(local, base, remote), what);
  }
});

test('an index both sides appended to merges without starting git', async () => {
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
