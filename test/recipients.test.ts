import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bareRemote, gitTestEnv, tempDir, type Machine } from './support/machines.ts';
import { hook } from './support/hooks.ts';
import { MEM, ageDecrypt, ageKeygen, cli, identityOf, machine, publicKey, remoteObject } from './support/encrypted.ts';
import { endorse } from '../src/crypto/endorse.ts';

/**
 * The remote's recipients list is pinned: a change this machine did not make stops its encrypted
 * pushes with one line; a change signed by a machine it trusts is taken at once.
 */

const LIST = '.memsync/recipients.txt';
const SIG = '.memsync/recipients.sig';

/** laptop encrypts the remote and lets desktop in; both have pushed once (so both agreed to the list). */
async function twoMachines() {
  const remote = bareRemote();
  const a = await machine('laptop', remote);
  await cli(a.m, 'init', '--encrypt');
  const b = await machine('desktop', remote);
  const keyB = await publicKey(b.m);
  await cli(a.m, 'keys', 'add', keyB, '--name', 'desktop');
  a.m.write(path.join(a.mem, 'x.md'), 'from laptop\n');
  await cli(a.m, 'sync', '--project', a.proj);
  b.m.write(path.join(b.mem, 'y.md'), 'from desktop\n');
  await cli(b.m, 'sync', '--project', b.proj);
  await cli(a.m, 'sync');
  return { remote, a, b, keyA: JSON.parse(await cli(a.m, 'keys', 'init', '--json')).publicKey as string, keyB };
}

/** What someone with push access does to the remote: files set (null: deleted) in a commit of their own. */
function hostile(remote: string, files: Record<string, string | Buffer | null>): string {
  const clone = tempDir('memsync-hostile-');
  const env = gitTestEnv(clone);
  execFileSync('git', ['clone', '--quiet', '--branch', 'main', remote, clone], { env });
  for (const [p, content] of Object.entries(files)) {
    const file = path.join(clone, ...p.split('/'));
    if (content === null) fs.rmSync(file);
    else fs.writeFileSync(file, content);
  }
  execFileSync('git', ['-C', clone, 'commit', '--quiet', '-am', 'hostile'], { env });
  execFileSync('git', ['-C', clone, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
  return tip(remote);
}

const tip = (remote: string) =>
  execFileSync('git', ['--git-dir', remote, 'rev-parse', 'main'], { env: gitTestEnv(remote) })
    .toString()
    .trim();
const remoteText = (remote: string, p: string) => remoteObject(remote, p).toString('utf8');

/** A push that must stop: exit 1, one line naming `expect`, and the remote left as it was. */
async function stopped(m: Machine, remote: string, expect: RegExp[]): Promise<string> {
  const before = tip(remote);
  const r = await m.cli(['sync']);
  assert.equal(r.code, 1, r.stdout);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  for (const re of expect) assert.match(lines[0]!, re);
  assert.equal(tip(remote), before, 'nothing pushed');
  return lines[0]!.replace(/^memsync sync: /, '');
}

test('a key the remote adds stops pushes; status, doctor and SessionStart say so; accept takes it', async () => {
  const { remote, a, b } = await twoMachines();
  const evil = ageKeygen();
  hostile(remote, { [LIST]: `${remoteText(remote, LIST)}# backup\n${evil.key}\n` });
  a.m.write(path.join(a.mem, 'after.md'), 'AFTER-ADD-71c\n');
  const line = await stopped(a.m, remote, [new RegExp(`added backup \\(${evil.key}\\)`), /memsync keys accept/]);
  const status = await a.m.cli(['status']);
  assert.ok(status.stdout.includes(line), status.stdout);
  const doctor = await a.m.cli(['doctor']);
  assert.ok(doctor.stdout.includes(`FAIL recipients: ${line}`), doctor.stdout);
  const start = await hook(b.m, 'session-start', { cwd: b.proj, source: 'startup' });
  assert.equal(start.code, 0);
  assert.match(JSON.parse(start.stdout).systemMessage, new RegExp(`added backup \\(${evil.key}\\)`));
  // Nor does a backup go to that key: it is encrypted to the recipients this machine agreed to.
  const keyFile = path.join(tempDir('memsync-key-'), 'backup.txt');
  fs.writeFileSync(keyFile, evil.text);
  const archive = path.join(path.dirname(keyFile), 'memory.tar.gz.age');
  await cli(a.m, 'backup', 'create', '--output', archive);
  assert.match(ageDecrypt(keyFile, fs.readFileSync(archive)).err, /no identity matched/);
  assert.ok(ageDecrypt(identityOf(b.m), fs.readFileSync(archive)).ok);
  // desktop agreed to the same list: it stops too.
  b.m.write(path.join(b.mem, 'b.md'), 'desktop after the change\n');
  await stopped(b.m, remote, [/added backup/]);

  // Accepted on laptop: signed by laptop, so desktop takes it at once.
  assert.match(await cli(a.m, 'keys', 'accept'), /^accepted/);
  await cli(a.m, 'sync');
  assert.equal(ageDecrypt(keyFile, remoteObject(remote, `${MEM}/after.md`)).out, 'AFTER-ADD-71c\n');
  await cli(b.m, 'sync');
  assert.equal(ageDecrypt(keyFile, remoteObject(remote, `${MEM}/b.md`)).out, 'desktop after the change\n');
  assert.match(await cli(b.m, 'keys', 'accept'), /nothing to accept/);
});

test('a key the remote removes stops pushes; keys restore puts it back and that machine reads again', async () => {
  const { remote, a, b, keyB } = await twoMachines();
  hostile(remote, { [LIST]: remoteText(remote, LIST).replace(`# desktop\n${keyB}\n`, '') });
  a.m.write(path.join(a.mem, 'after.md'), 'for both\n');
  await stopped(a.m, remote, [new RegExp(`removed desktop \\(${keyB}\\)`), /memsync keys restore/]);
  assert.match(await cli(a.m, 'keys', 'restore'), /^restored .*laptop, desktop/);
  await cli(a.m, 'sync');
  await cli(b.m, 'sync');
  assert.equal(fs.readFileSync(path.join(b.mem, 'after.md'), 'utf8'), 'for both\n');
});

test('an emptied, deleted or garbled list is never "encrypt to this machine alone"', async () => {
  const { remote, a, b } = await twoMachines();
  const cases: [Record<string, string | null>, RegExp][] = [
    [{ [LIST]: '' }, /is empty/],
    [{ [LIST]: '# nobody\n' }, /is empty/],
    [{ [LIST]: null }, /is missing/],
    [{ [LIST]: 'hello from the host\n' }, /has a line that is not an age public key: hello from the host/],
  ];
  for (const [i, [edit, why]] of cases.entries()) {
    hostile(remote, edit);
    a.m.write(path.join(a.mem, `n${i}.md`), `note ${i}\n`);
    await stopped(a.m, remote, [
      why,
      /never read as "encrypt to this machine alone"/,
      /keys restore \(puts back laptop, desktop\)/,
    ]);
    await cli(a.m, 'keys', 'restore');
  }
  await cli(a.m, 'sync');
  await cli(b.m, 'sync');
  for (const i of cases.keys()) assert.equal(fs.readFileSync(path.join(b.mem, `n${i}.md`), 'utf8'), `note ${i}\n`);
});

test('keys add on one machine is taken at once by the others; a replayed or foreign-signed list is not', async () => {
  const { remote, a, b, keyA, keyB } = await twoMachines();
  const c = await machine('old-pc', remote);
  await cli(a.m, 'keys', 'add', await publicKey(c.m), '--name', 'old-pc');
  b.m.write(path.join(b.mem, 'b.md'), 'desktop, after old-pc was added\n');
  await cli(b.m, 'sync');
  assert.ok(ageDecrypt(identityOf(c.m), remoteObject(remote, `${MEM}/b.md`)).ok, 'desktop encrypted to old-pc');
  const withC = { [LIST]: remoteText(remote, LIST), [SIG]: remoteText(remote, SIG) };

  await cli(a.m, 'keys', 'remove', 'old-pc');
  await cli(b.m, 'sync');
  // The remote puts back the older list, signature and all: an older generation is not taken.
  hostile(remote, withC);
  b.m.write(path.join(b.mem, 'b2.md'), 'not for old-pc\n');
  await stopped(b.m, remote, [/added old-pc/]);
  await cli(b.m, 'keys', 'restore');

  // A list signed by a key neither machine agreed to: a valid tag for each, still not taken.
  const evil = ageKeygen();
  const secret = evil.text.match(/AGE-SECRET-KEY-1\w+/)![0];
  const list = Buffer.from(`${remoteText(remote, LIST)}# evil\n${evil.key}\n`);
  hostile(remote, { [LIST]: list, [SIG]: endorse(secret, evil.key, list, 1000, [keyA, keyB, evil.key]) });
  await stopped(b.m, remote, [new RegExp(`added evil \\(${evil.key}\\)`)]);
});

test('a recovery key: printed once, a recipient, read back from paper on a new machine, and by age', async () => {
  const remote = bareRemote();
  const a = await machine('laptop', remote);
  await cli(a.m, 'init', '--encrypt');
  a.m.write(path.join(a.mem, 'old.md'), 'written before the recovery key\n');
  await cli(a.m, 'sync', '--project', a.proj);
  const r = await a.m.cli(['keys', 'recovery']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /only copy/);
  // memsync keeps no copy of it.
  const secret = r.stdout.match(/^AGE-SECRET-KEY-1\w+$/m)![0];
  const home = a.m.env.MEMSYNC_HOME!;
  for (const f of fs.readdirSync(home, { withFileTypes: true }).filter((e) => e.isFile()))
    assert.ok(!fs.readFileSync(path.join(home, f.name), 'utf8').includes(secret), f.name);
  const dir = tempDir('memsync-recovery-');
  fs.writeFileSync(path.join(dir, 'recovery.txt'), r.stdout);
  a.m.write(path.join(a.mem, 'new.md'), 'written after\n');
  await cli(a.m, 'sync');
  // The real age command reads the remote with it: the current files were re-encrypted to it too.
  for (const [f, text] of [
    ['old.md', 'written before the recovery key\n'],
    ['new.md', 'written after\n'],
  ]) {
    const got = ageDecrypt(path.join(dir, 'recovery.txt'), remoteObject(remote, `${MEM}/${f}`));
    assert.equal(got.out, text, got.err);
  }

  // The paper form typed back by hand: lower case, other spacing.
  const paper = r.stdout
    .split('\n')
    .filter((l) => /^#\s{3}/.test(l))
    .map((l) => l.slice(1).toLowerCase());
  assert.equal(paper.length, 3);
  fs.writeFileSync(path.join(dir, 'typed.txt'), `${paper.join('\n').replace(/ /g, '  ')}\n`);
  // One character changed: the checksum catches it.
  const mistyped = [paper[0], paper[1]!.replace(/^./, (ch) => (ch === 'q' ? 'p' : 'q')), paper[2]].join('\n');
  fs.writeFileSync(path.join(dir, 'mistyped.txt'), mistyped);
  const n = await machine('new-laptop', remote);
  const bad = await n.m.cli(['keys', 'import', path.join(dir, 'mistyped.txt')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /checksum does not match: a character is mistyped/);
  const imported = JSON.parse(await cli(n.m, 'keys', 'import', path.join(dir, 'typed.txt'), '--json'));
  assert.equal(imported.publicKey, r.stdout.match(/public key: (age1\w+)/)![1]);
  await cli(n.m, 'sync', '--project', n.proj);
  assert.equal(fs.readFileSync(path.join(n.mem, 'new.md'), 'utf8'), 'written after\n');
  n.m.write(path.join(n.mem, 'back.md'), 'the new machine writes too\n');
  await cli(n.m, 'sync');
  await cli(a.m, 'sync');
  assert.equal(fs.readFileSync(path.join(a.mem, 'back.md'), 'utf8'), 'the new machine writes too\n');
});
