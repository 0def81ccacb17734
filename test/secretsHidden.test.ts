import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanSecrets } from '../src/secrets/scan.ts';
import { secretCorpus } from './support/secretCorpus.ts';

const token = /ghp_\w+/.exec(secretCorpus().find((c) => c.kind === 'github classic token')!.text)![0];

test('secret scan: a token hidden by a zero-width character, soft hyphen or character reference is found', async () => {
  const hidden = {
    'zero-width space': `${token.slice(0, 20)}\u200b${token.slice(20)}`,
    'word joiner': `${token.slice(0, 9)}\u2060${token.slice(9)}`,
    'soft hyphen': `${token.slice(0, 30)}\u00ad${token.slice(30)}`,
    'decimal references': [...token].map((c) => `&#${c.charCodeAt(0)};`).join(''),
    'hex references': [...token].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join(''),
  };
  for (const [how, text] of Object.entries(hidden)) {
    const found = await scanSecrets(`first line\nthe bot said ${text} today\n`);
    assert.deepEqual(
      found.map((f) => [f.line, f.rule]),
      [[2, 'memsync/github-token']],
      how,
    );
  }
});

test('secret scan: the limits the README lists (split across lines, base64-encoded) are not caught', async () => {
  assert.deepEqual(await scanSecrets(`${token.slice(0, 20)}\n${token.slice(20)}\n`), []);
  assert.deepEqual(await scanSecrets(`${Buffer.from(token).toString('base64')}\n`), []);
});
