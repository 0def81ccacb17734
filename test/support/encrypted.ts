/** Machines on encrypted remotes, and what the real `age` command makes of the remote's objects. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { Machine, gitTestEnv } from './machines.ts';
import { loadContext } from '../../src/machine/context.ts';

// Real age: the Debian package (.ci/run installs it).
export const MEM = 'projects/github.com/acme/widget/memory';
export const ORIGIN = 'git@github.com:acme/widget.git';

/** A machine set up on `remote` with a checkout of the shared project. */
export async function machine(name: string, remote: string) {
  const m = await new Machine(name, remote).init();
  const proj = m.checkout(ORIGIN);
  return { m, proj, mem: m.memoryDir(proj) };
}

/**
 * Two machines on an encrypted remote: laptop encrypted it with `index` as its MEMORY.md and added
 * desktop's key; desktop has pushed once, so it agreed to the list (a machine that only pulls takes
 * it as it is).
 */
export async function encryptedPair(remote: string, index: string) {
  const a = await machine('laptop', remote);
  await cli(a.m, 'init', '--encrypt');
  const b = await machine('desktop', remote);
  await cli(a.m, 'keys', 'add', await publicKey(b.m), '--name', 'desktop');
  a.m.write(path.join(a.mem, 'MEMORY.md'), index);
  await cli(a.m, 'sync', '--project', a.proj);
  b.m.write(path.join(b.mem, 'notes.md'), 'from desktop\n');
  await cli(b.m, 'sync', '--project', b.proj);
  return { a, b };
}

/** Runs the CLI and expects success; then reloads the machine's settings (keys commands change them). */
export async function cli(m: Machine, ...args: string[]): Promise<string> {
  const r = await m.cli(args);
  assert.equal(r.code, 0, `memsync ${args.join(' ')}: ${r.stderr}`);
  m.ctx = (await loadContext(m.env))!;
  return r.stdout;
}

export async function publicKey(m: Machine): Promise<string> {
  return JSON.parse(await cli(m, 'keys', 'init', '--json')).publicKey;
}

export const identityOf = (m: Machine) => path.join(m.env.MEMSYNC_HOME!, 'identity.txt');

/** Every object of a bare repository, contents included (what a remote's host can read). */
export function allObjects(remote: string): Buffer {
  return execFileSync('git', ['--git-dir', remote, 'cat-file', '--batch-all-objects', '--batch'], {
    env: gitTestEnv(remote),
    maxBuffer: 256 << 20,
  });
}

/** The stored object of a path at the remote's tip. */
export function remoteObject(remote: string, p: string): Buffer {
  return execFileSync('git', ['--git-dir', remote, 'show', `main:${p}`], { env: gitTestEnv(remote) });
}

export function ageDecrypt(identityFile: string, cipher: Buffer): { ok: boolean; out: string; err: string } {
  const r = spawnSync('age', ['-d', '-i', identityFile], { input: cipher });
  return { ok: r.status === 0, out: r.stdout.toString(), err: r.stderr.toString() };
}

/** A fresh identity from the real age-keygen: its file text and public key. */
export function ageKeygen(): { text: string; key: string } {
  const text = execFileSync('age-keygen', { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  return { text, key: text.match(/public key: (age1\w+)/)![1]! };
}
