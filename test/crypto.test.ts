import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bareRemote, gitTestEnv, tempDir } from './support/machines.ts';
import type { MemsyncError } from '../src/errors.ts';
import fc from 'fast-check';
import { formatRecipients, parseRecipients } from '../src/crypto/recipients.ts';
import { agePlainSize, encrypter } from '../src/crypto/age.ts';
import {
  MEM,
  ageDecrypt,
  ageKeygen,
  allObjects,
  cli,
  identityOf,
  machine,
  publicKey,
  remoteObject,
} from './support/encrypted.ts';

const read = (f: string) => fs.readFileSync(f, 'utf8');

test(
  'two machines on an encrypted remote: edits, three-way merge and conflict copies work, ' +
    'and no remote object holds plaintext',
  async () => {
    const remote = bareRemote();
    const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
    // Before encryption: plain history, which encrypting the remote does not rewrite.
    a.write(path.join(memA, 'old.md'), 'PLAINERA-7f3a written before encryption\n');
    await a.sync({ projects: [projA] });
    assert.ok(allObjects(remote).includes('PLAINERA-7f3a'), 'the scan finds plaintext where there is some');

    const init = JSON.parse(await cli(a, 'init', '--encrypt', '--json'));
    assert.equal(init.encryption, 'age');
    assert.equal(fs.statSync(identityOf(a)).mode & 0o777, 0o600);
    // The tip's copy of the old file is now an age file that decrypts to the same text.
    const oldTip = remoteObject(remote, `${MEM}/old.md`);
    assert.ok(oldTip.subarray(0, 22).toString() === 'age-encryption.org/v1\n');
    assert.equal(ageDecrypt(identityOf(a), oldTip).out, 'PLAINERA-7f3a written before encryption\n');

    const { m: b, proj: projB, mem: memB } = await machine('desktop', remote);
    const keyB = await publicKey(b);
    await cli(a, 'keys', 'add', keyB, '--name', 'desktop');

    a.write(path.join(memA, 'notes.md'), 'one SECRET-ONE-51c\ntwo\nthree\nfour\nfive SECRET-FIVE-9d2\n');
    await a.sync();
    const rb = await b.sync({ projects: [projB] });
    assert.deepEqual(rb.taken.sort(), [`${MEM}/notes.md`, `${MEM}/old.md`]);
    assert.equal(read(path.join(memB, 'notes.md')), read(path.join(memA, 'notes.md')));
    assert.match(await cli(b, 'status'), /to push: 0, to pull: 0/);

    // Three-way merge on plaintext: different lines changed on each side.
    a.write(path.join(memA, 'notes.md'), 'ONE SECRET-ONE-51c\ntwo\nthree\nfour\nfive SECRET-FIVE-9d2\n');
    b.write(path.join(memB, 'notes.md'), 'one SECRET-ONE-51c\ntwo\nthree\nfour\nFIVE SECRET-FIVE-9d2 MERGED-e41\n');
    await a.sync();
    const merged = await b.sync();
    assert.deepEqual(merged.merged, [`${MEM}/notes.md`]);
    await a.sync();
    const both = 'ONE SECRET-ONE-51c\ntwo\nthree\nfour\nFIVE SECRET-FIVE-9d2 MERGED-e41\n';
    assert.equal(read(path.join(memA, 'notes.md')), both);
    assert.equal(read(path.join(memB, 'notes.md')), both);

    // The same line on both sides: live kept, the remote version in a conflict copy.
    a.write(path.join(memA, 'topic.md'), 'colour: grey\n');
    await a.sync();
    await b.sync();
    a.write(path.join(memA, 'topic.md'), 'colour: CONFLICT-RED-77a\n');
    b.write(path.join(memB, 'topic.md'), 'colour: CONFLICT-BLUE-2b0\n');
    await a.sync();
    const rc = await b.sync();
    assert.equal(rc.conflicts.length, 1);
    assert.equal(read(path.join(memB, 'topic.md')), 'colour: CONFLICT-BLUE-2b0\n');
    assert.equal(read(rc.conflicts[0]!.copy), 'colour: CONFLICT-RED-77a\n');

    const objects = allObjects(remote);
    for (const marker of ['SECRET-ONE-51c', 'SECRET-FIVE-9d2', 'MERGED-e41', 'CONFLICT-RED-77a', 'colour: grey']) {
      assert.ok(!objects.includes(marker), `${marker} is in a remote object in plain text`);
    }
    // memsync's own repositories hold no plaintext either.
    for (const m of [a, b])
      assert.ok(
        !execFileSync('git', [
          '--git-dir',
          path.join(m.env.MEMSYNC_HOME!, 'repo.git'),
          'cat-file',
          '--batch-all-objects',
          '--batch',
        ]).includes('SECRET-ONE-51c'),
      );
  },
);

test('the age command decrypts what memsync pushed, and memsync reads what age encrypted', async () => {
  const remote = bareRemote();
  const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  a.write(path.join(memA, 'x.md'), 'from memsync\n');
  await a.sync({ projects: [projA] });
  const got = ageDecrypt(identityOf(a), remoteObject(remote, `${MEM}/x.md`));
  assert.ok(got.ok, got.err);
  assert.equal(got.out, 'from memsync\n');

  // Another tool writes an age file to the remote, encrypted with the remote's own recipients file.
  const clone = tempDir('memsync-clone-');
  const env = gitTestEnv(clone);
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
  const cipher = execFileSync('age', ['-R', path.join(clone, '.memsync', 'recipients.txt')], {
    input: 'from the age command\n',
  });
  fs.writeFileSync(path.join(clone, ...`${MEM}/y.md`.split('/')), cipher);
  // A project this machine does not sync, encrypted to someone else: not decrypted, so no error.
  const foreign = ageKeygen().key;
  const otherDir = path.join(clone, 'projects', 'github.com', 'acme', 'other', 'memory');
  fs.mkdirSync(otherDir, { recursive: true });
  fs.writeFileSync(
    path.join(otherDir, 'z.md'),
    execFileSync('age', ['-r', foreign], { input: 'not for this machine\n' }),
  );
  execFileSync('git', ['-C', clone, 'add', '-A'], { env });
  execFileSync('git', ['-C', clone, 'commit', '--quiet', '-m', 'age'], { env });
  execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
  const r = await a.sync();
  assert.deepEqual(r.taken, [`${MEM}/y.md`]);
  assert.equal(read(path.join(memA, 'y.md')), 'from the age command\n');
});

test(
  'missing or wrong key: a clear error naming the file and what to do, and nothing local is ' + 'overwritten',
  async () => {
    const remote = bareRemote();
    const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
    await cli(a, 'init', '--encrypt');
    a.write(path.join(memA, 'x.md'), 'remote version\n');
    await a.sync({ projects: [projA] });
    // Encryption switched off on a machine that synced it: the marker is checked again, nothing pushed.
    a.write(path.join(memA, 'x.md'), 'OFFSWITCH-3c1\n');
    const off = await a.cli(['sync'], { MEMSYNC_ENCRYPTION: 'none' });
    assert.equal(off.code, 1);
    assert.match(off.stderr, /remote is encrypted with age/);
    assert.ok(!allObjects(remote).includes('OFFSWITCH-3c1'));
    a.write(path.join(memA, 'x.md'), 'remote version\n');

    // A machine that does not encrypt stops before pushing or writing anything.
    const { m: plain, proj: projP, mem: memP } = await machine('plain', remote);
    plain.write(path.join(memP, 'x.md'), 'plain machine version\n');
    await assert.rejects(
      plain.sync({ projects: [projP] }),
      (e: MemsyncError) => /remote is encrypted with age/.test(e.message) && /keys import/.test(e.hint ?? ''),
    );
    assert.equal(read(path.join(memP, 'x.md')), 'plain machine version\n');
    // Nor does it restore the remote's ciphertext into live files.
    const restore = await plain.cli(['restore', '--all', '--at', new Date(Date.now() + 60_000).toISOString()]);
    assert.equal(restore.code, 1);
    assert.match(restore.stderr, /remote is encrypted with age/);
    assert.equal(read(path.join(memP, 'x.md')), 'plain machine version\n');
    assert.ok(
      !execFileSync('git', ['--git-dir', remote, 'log', '--all', '--format=%an'], { env: gitTestEnv(remote) })
        .toString()
        .includes('plain'),
      'nothing pushed',
    );

    // A machine with its own key that nobody added: the error names the file and the fix.
    const { m: stranger, proj: projS, mem: memS } = await machine('stranger', remote);
    const keyS = await publicKey(stranger);
    stranger.write(path.join(memS, 'x.md'), 'stranger version\n');
    const r = await stranger.cli(['sync', '--project', projS]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`cannot decrypt ${MEM}/x.md`));
    assert.match(r.stderr, new RegExp(identityOf(stranger).replace(/[.]/g, '\\.')));
    assert.match(r.stderr, new RegExp(`keys add ${keyS}`));
    assert.equal(read(path.join(memS, 'x.md')), 'stranger version\n');
    assert.deepEqual(fs.readdirSync(memS), ['x.md'], 'no conflict copy either');

    // The key deleted: named, with how to get one back.
    fs.rmSync(identityOf(a));
    a.write(path.join(memA, 'x.md'), 'local edit\n');
    const gone = await a.cli(['sync']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /no age identity/);
    assert.ok(gone.stderr.includes(identityOf(a)));
    assert.match(gone.stderr, /keys import/);
    assert.equal(read(path.join(memA, 'x.md')), 'local edit\n');
  },
);

test('keys remove: a removed machine cannot read what is pushed afterwards; the others still can', async () => {
  const remote = bareRemote();
  const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  const { m: b, proj: projB, mem: memB } = await machine('desktop', remote);
  const { m: c, proj: projC } = await machine('old-pc', remote);
  await cli(a, 'keys', 'add', await publicKey(b), '--name', 'desktop');
  await cli(a, 'keys', 'add', await publicKey(c), '--name', 'old-pc');
  a.write(path.join(memA, 'x.md'), 'shared with all three\n');
  await a.sync({ projects: [projA] });
  await c.sync({ projects: [projC] });
  assert.ok(ageDecrypt(identityOf(c), remoteObject(remote, `${MEM}/x.md`)).ok);

  const listed = JSON.parse(await cli(a, 'keys', 'list', '--json')).recipients.map((r: { name: string }) => r.name);
  assert.deepEqual(listed, ['laptop', 'desktop', 'old-pc']);
  const self = await a.cli(['keys', 'remove', 'laptop']);
  assert.equal(self.code, 2);
  assert.match(self.stderr, /own key/);

  await cli(a, 'keys', 'remove', 'old-pc');
  assert.deepEqual(
    JSON.parse(await cli(b, 'keys', 'list', '--json')).recipients.map((r: { name: string }) => r.name),
    ['laptop', 'desktop'],
  );
  // The tip was re-encrypted without it, and so is everything pushed afterwards.
  assert.ok(!ageDecrypt(identityOf(c), remoteObject(remote, `${MEM}/x.md`)).ok);
  a.write(path.join(memA, 'after.md'), 'not for old-pc\n');
  await a.sync();
  const denied = ageDecrypt(identityOf(c), remoteObject(remote, `${MEM}/after.md`));
  assert.ok(!denied.ok);
  assert.match(denied.err, /no identity matched/);
  await assert.rejects(c.sync(), /cannot decrypt/);
  // The remaining machines read both.
  await b.sync({ projects: [projB] });
  assert.equal(read(path.join(memB, 'after.md')), 'not for old-pc\n');
  assert.equal(read(path.join(memB, 'x.md')), 'shared with all three\n');
});

test('a shared key: keys export on one machine, keys import on another', async () => {
  const remote = bareRemote();
  const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  a.write(path.join(memA, 'x.md'), 'for every machine with the key\n');
  await a.sync({ projects: [projA] });
  const exported = await a.cli(['keys', 'export']);
  assert.equal(exported.code, 0);
  assert.match(exported.stdout, /^AGE-SECRET-KEY-1/m);
  assert.match(exported.stderr, /secret/);
  const keyFile = path.join(tempDir('memsync-key-'), 'key.txt');
  fs.writeFileSync(keyFile, exported.stdout);

  const { m: b, proj: projB, mem: memB } = await machine('desktop', remote);
  await cli(b, 'keys', 'import', keyFile);
  assert.equal(fs.statSync(identityOf(b)).mode & 0o777, 0o600);
  assert.equal(b.ctx.settings.encryption, 'age');
  await b.sync({ projects: [projB] });
  assert.equal(read(path.join(memB, 'x.md')), 'for every machine with the key\n');
  // The age command reads the imported file as well.
  assert.ok(ageDecrypt(identityOf(b), remoteObject(remote, `${MEM}/x.md`)).ok);

  // Another key does not silently replace it.
  const other = ageKeygen().text;
  const otherFile = path.join(path.dirname(keyFile), 'other.txt');
  fs.writeFileSync(otherFile, other);
  const before = read(identityOf(b));
  const refused = await b.cli(['keys', 'import', otherFile]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /already holds another identity/);
  assert.equal(read(identityOf(b)), before);
  const bad = await b.cli(['keys', 'import', path.join(memB, 'x.md')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /does not hold one age X25519 identity/);
});

test('a lost decryption cache is rebuilt: a merge still finds its base', async () => {
  const remote = bareRemote();
  const { m: a, proj: projA, mem: memA } = await machine('laptop', remote);
  await cli(a, 'init', '--encrypt');
  const exported = (await a.cli(['keys', 'export'])).stdout;
  const { m: b, proj: projB, mem: memB } = await machine('desktop', remote);
  const keyFile = path.join(tempDir('memsync-key-'), 'key.txt');
  fs.writeFileSync(keyFile, exported);
  await cli(b, 'keys', 'import', keyFile);
  a.write(path.join(memA, 'n.md'), 'one\ntwo\nthree\nfour\n');
  await a.sync({ projects: [projA] });
  await b.sync({ projects: [projB] });
  a.write(path.join(memA, 'n.md'), 'ONE\ntwo\nthree\nfour\n');
  b.write(path.join(memB, 'n.md'), 'one\ntwo\nthree\nFOUR\n');
  await a.sync();
  fs.rmSync(path.join(b.env.MEMSYNC_HOME!, 'cipher-map.txt'));
  const r = await b.sync();
  assert.deepEqual(r.merged, [`${MEM}/n.md`]);
  assert.equal(read(path.join(memB, 'n.md')), 'ONE\ntwo\nthree\nFOUR\n');
});

test('a bad encryption setting names the key and the values it takes', async () => {
  const { m } = await machine('laptop', bareRemote());
  const r = await m.cli(['sync'], { MEMSYNC_ENCRYPTION: 'aes' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /encryption/);
  assert.match(r.stderr, /"none".*"age"/);
});

test('the recipients file reads back what was written, in any order and with the inline form too', () => {
  const bech32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
  const key = fc.array(fc.constantFrom(...bech32), { minLength: 58, maxLength: 58 }).map((cs) => `age1${cs.join('')}`);
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/);
  const list = fc.uniqueArray(
    fc.tuple(name, key).map(([n, k]) => ({ name: n, key: k })),
    { selector: (r) => r.key, maxLength: 8 },
  );
  fc.assert(
    fc.property(list, (recipients) => {
      assert.deepEqual(parseRecipients(formatRecipients(recipients).toString('utf8')), recipients);
      const inline = recipients.map((r) => `${r.key} # ${r.name}`).join('\n');
      assert.deepEqual(parseRecipients(inline), recipients);
    }),
  );
  assert.throws(() => parseRecipients('# laptop\nage1notakey\n'), /not an age public key/);
});

test("an age file's plaintext size is read from its length, at every chunk boundary", async () => {
  const keys = [ageKeygen().key, ageKeygen().key];
  const seal = await encrypter(keys);
  for (const n of [0, 1, 65_535, 65_536, 65_537, 3 * 65_536, 200_000]) {
    const plain = Buffer.alloc(n, 'x');
    // The age command with two recipients (a longer header), and memsync's own encrypter.
    const byAge = execFileSync(
      'age',
      keys.flatMap((k) => ['-r', k]),
      { input: plain, maxBuffer: 1 << 20 },
    );
    assert.equal(agePlainSize(byAge), n, `age, ${n} bytes`);
    assert.equal(agePlainSize(await seal(plain)), n, `memsync, ${n} bytes`);
  }
  assert.equal(agePlainSize(Buffer.from('age-encryption.org/v1\n-> X25519 cut short')), null);
});
