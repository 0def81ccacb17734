import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from './support/machines.ts';

const script = path.join(REPO_ROOT, 'scripts', 'lineLength.mjs');

test('the line-length check names each line over 120 characters in every source folder, counting characters', () => {
  const root = tempDir('memsync-lines-');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('src/a.ts', `${'x'.repeat(120)}\n${'é'.repeat(120)}\r\nok\n`);
  write('plugin/hooks/run.sh', `ok\n${'y'.repeat(121)}\n`);
  write('test/support/deep.ts', `const s = '${'z'.repeat(130)}';\n`);
  write('other/free.ts', `${'w'.repeat(200)}\n`);
  const r = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.equal(
    r.stderr,
    'test/support/deep.ts:1: 143 characters (at most 120)\n' +
      'plugin/hooks/run.sh:2: 121 characters (at most 120)\n' +
      '2 lines over 120 characters: break or shorten them\n',
  );

  fs.rmSync(path.join(root, 'plugin'), { recursive: true });
  fs.rmSync(path.join(root, 'test'), { recursive: true });
  const clean = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  assert.equal(clean.status, 0, clean.stderr);
  assert.equal(clean.stderr, '');
});
