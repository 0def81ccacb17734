/**
 * Issue 21: what a sync took from the remote stays taken when its push is refused (a network drop,
 * a server busy), as a merge it wrote live does. Black box: the built CLI, real git, a bare remote
 * whose pre-receive hook refuses one push.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readTree } from './support/machines.ts';
import { waitFor } from './support/hooks.ts';
import { type CliMachine, MEM, cleanup, pluginRoot, scratch, sharedBareRemote, initedMachine } from './support/cli.ts';
import { remoteFiles } from './support/machines.ts';

after(cleanup);

const machine = (name: string, remote: string) => initedMachine(name, remote);

async function sync(m: CliMachine): Promise<{ code: number; out: string }> {
  const r = await m.cli(['sync', '--project', m.project]);
  return { code: r.code, out: r.stdout + r.stderr };
}

/** A remote that refuses the next push while `armed` exists (the hook removes it: it refuses once). */
function refusingRemote(): { remote: string; arm: () => void } {
  const remote = sharedBareRemote();
  const armed = path.join(scratch('memsync-refuse-'), 'armed');
  const hook = path.join(remote, 'hooks', 'pre-receive');
  fs.writeFileSync(hook, `#!/bin/sh\nif rm "${armed}" 2>/dev/null; then echo "server busy" >&2; exit 1; fi\nexit 0\n`, {
    mode: 0o755,
  });
  return { remote, arm: () => fs.writeFileSync(armed, '') };
}

const cases = [
  { then: 'edits', refusals: 1 },
  { then: 'deletes', refusals: 1 },
  // The second refused sync takes another file: the record of the first take must survive it.
  { then: 'deletes', refusals: 2 },
] as const;

for (const { then, refusals } of cases) {
  const name = `a file taken by a sync whose push was refused (${refusals}x) stays taken: the other machine ${then} it`;
  test(name, { timeout: 120_000 }, async () => {
    const { remote, arm } = refusingRemote();
    const a = await machine('refused-a', remote);
    const b = await machine('refused-b', remote);
    a.write('own.md', 'a\n');
    assert.equal((await sync(a)).code, 0);
    assert.equal((await sync(b)).code, 0);
    const more: Record<string, string> = {};
    for (let i = 1; i <= refusals; i++) {
      // b learns something; a takes it and has an edit of its own to push: the remote refuses that push.
      const file = i === 1 ? 'notes-B.md' : `notes-B${i}.md`;
      b.write(file, `learned on b (${i})\n`);
      assert.equal((await sync(b)).code, 0);
      if (i > 1) more[file] = `learned on b (${i})\n`;
      a.write('own.md', `a edited ${i}\n`);
      arm();
      const refused = await sync(a);
      assert.notEqual(refused.code, 0, `the refused push fails the sync:\n${refused.out}`);
      assert.equal(fs.readFileSync(path.join(a.memDir, file), 'utf8'), `learned on b (${i})\n`);
    }
    if (then === 'edits') b.write('notes-B.md', 'learned on b, then refined\n');
    else fs.rmSync(path.join(b.memDir, 'notes-B.md'));
    assert.equal((await sync(b)).code, 0);
    const again = await sync(a);
    assert.equal(again.code, 0, `a's next sync ends cleanly:\n${again.out}`);
    const want: Record<string, string> = then === 'edits' ? { 'notes-B.md': 'learned on b, then refined\n' } : {};
    const own = `a edited ${refusals}\n`;
    assert.deepEqual(readTree(a.memDir), { 'own.md': own, ...more, ...want }, 'a follows b, no conflict copy');
    const onRemote = remoteFiles(remote);
    assert.equal(onRemote[`${MEM}/notes-B.md`], want['notes-B.md'], "b's change stands");
    assert.equal(onRemote[`${MEM}/own.md`], own, "a's own edit is published");
  });
}

/**
 * A sync killed (with its git) while its push waits on the server: the remote's pre-receive hook
 * parks the push until the test has killed the sync, then refuses it.
 */
test('a file taken by a sync killed during its push stays taken: the other machine deletes it', {
  timeout: 120_000,
}, async () => {
  const remote = sharedBareRemote();
  const ctl = scratch('memsync-park-');
  fs.writeFileSync(
    path.join(remote, 'hooks', 'pre-receive'),
    [
      '#!/bin/sh',
      `if rm "${ctl}/armed" 2>/dev/null; then`,
      `  : > "${ctl}/parked"`,
      `  while [ ! -e "${ctl}/release" ]; do sleep 0.05; done`,
      '  exit 1',
      'fi',
      'exit 0',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const a = await machine('killed-a', remote);
  const b = await machine('killed-b', remote);
  a.write('own.md', 'a\n');
  assert.equal((await sync(a)).code, 0);
  assert.equal((await sync(b)).code, 0);
  b.write('notes-B.md', 'learned on b\n');
  assert.equal((await sync(b)).code, 0);
  a.write('own.md', 'a edited\n');
  fs.writeFileSync(path.join(ctl, 'armed'), '');
  const child = a.spawn([process.execPath, path.join(pluginRoot(), 'dist', 'memsync.mjs'), 'sync'], {}, true);
  const exited = new Promise((r) => child.on('close', r));
  try {
    await waitFor(() => fs.existsSync(path.join(ctl, 'parked')), 60_000);
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
  } finally {
    fs.writeFileSync(path.join(ctl, 'release'), '');
  }
  assert.equal(fs.readFileSync(path.join(a.memDir, 'notes-B.md'), 'utf8'), 'learned on b\n', 'taken before the kill');
  fs.rmSync(path.join(b.memDir, 'notes-B.md'));
  assert.equal((await sync(b)).code, 0);
  const again = await sync(a);
  assert.equal(again.code, 0, `a's next sync ends cleanly:\n${again.out}`);
  assert.deepEqual(readTree(a.memDir), { 'own.md': 'a edited\n' }, "b's deletion reaches a");
  assert.equal(remoteFiles(remote)[`${MEM}/notes-B.md`], undefined, "b's deletion stands");
  assert.equal(remoteFiles(remote)[`${MEM}/own.md`], 'a edited\n');
});
