// Issue 22, part 2: in claude-mem file mode the published snapshot holds no secret the user removed.
// A prompt deleted after the secret warning left its words in the full-text index's shadow tables
// (user_prompts_fts_data); the snapshot's full-text indexes are rebuilt from their tables first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { claudeMemStore, memMachine, sql, work } from './support/claudeMem.ts';
import { bareRemote, gitTestEnv } from './support/machines.ts';

const SUFFIX = 'R8xK2mQ9vL4tW7pZ1nB6cY3hJ5fD0sA8gE2u';
const TOKEN = `ghp_${SUFFIX}`;

/** The bytes of the database file on the remote's tip. */
function publishedDb(remote: string): Buffer | null {
  try {
    return execFileSync('git', ['--git-dir', remote, 'show', 'main:claude-mem/claude-mem.db'], {
      env: gitTestEnv(remote),
      maxBuffer: 1 << 28,
    });
  } catch {
    return null;
  }
}

test('file mode: a prompt deleted after the secret warning leaves no word in the published snapshot', async () => {
  const remote = bareRemote();
  const a = await memMachine('a', remote, 'file');
  const leaky = `deploy with ${TOKEN} tonight`;
  claudeMemStore(a.db, [
    ...work('a', 1),
    { kind: 'prompt', contentSessionId: 'content-a-0', promptNumber: 3, text: leaky },
  ]);
  const held = await a.cli(['sync', '--json']);
  assert.match(held.stdout, /user_prompts row id \d+ \(prompt_text\)/);
  assert.equal(publishedDb(remote), null, 'held while the prompt holds the token');
  // The user removes the prompt in claude-mem: its full-text index keeps the words until rebuilt.
  sql(a.db, (d) => d.prepare('DELETE FROM user_prompts WHERE prompt_text = ?').run(leaky));
  const ftsKeeps = sql(a.db, (d) => d.prepare('SELECT block FROM user_prompts_fts_data').all() as { block: Buffer }[]);
  assert.ok(
    ftsKeeps.some((r) => Buffer.from(r.block).toString('latin1').toLowerCase().includes(SUFFIX.toLowerCase())),
    'the live index still holds the words (what this test is about)',
  );
  const r = await a.cli(['sync', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const db = publishedDb(remote);
  assert.ok(db, 'published once the prompt is gone');
  const text = db.toString('latin1').toLowerCase();
  assert.ok(!text.includes(SUFFIX.toLowerCase()), 'no word of the token in the published snapshot');
  assert.ok(text.includes('second prompt a0'), 'the other prompts are published');
});
