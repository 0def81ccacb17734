import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gitEnv, runGit } from './gitRun.ts';

/**
 * A throwaway repository through which a dry run reads the remote without changing the store: it
 * borrows the store's objects (git alternates: git reads them there and never writes there) and
 * starts from a copy of its refs, so a fetch into it moves only its own refs and writes only its
 * own objects. Removing the folder throws away all it fetched.
 */
export function makeLookaside(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'memsync-dry-run-'));
}

/**
 * Makes the lookaside a bare repository whose origin is `remoteUrl`, written as `git init --bare`
 * and `git remote add` write it (two git processes fewer on every dry run and `status`). A URL git
 * would quote is left to git: the repository is then made by `ensureRepo`.
 */
export async function initLookaside(dir: string, remoteUrl: string): Promise<void> {
  if (!remoteUrl || remoteUrl !== remoteUrl.trim() || /[\x00-\x1f"\\#;]/.test(remoteUrl)) return;
  for (const sub of ['objects/info', 'objects/pack', 'refs/heads', 'refs/tags'])
    await fs.mkdir(path.join(dir, sub), { recursive: true });
  await fs.writeFile(path.join(dir, 'HEAD'), 'ref: refs/heads/main\n');
  const config = [
    '[core]',
    '\trepositoryformatversion = 0',
    '\tbare = true',
    '[remote "origin"]',
    `\turl = ${remoteUrl}`,
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
  ];
  await fs.writeFile(path.join(dir, 'config'), `${config.join('\n')}\n`);
}

/** Points an initialised lookaside at the store `storeDir`: its objects borrowed, its refs copied. */
export async function borrowStore(dir: string, storeDir: string, host: string): Promise<void> {
  const objects = path.resolve(storeDir, 'objects');
  // A store not made yet lends nothing: the lookaside then fetches everything itself.
  if (!(await fs.stat(objects).catch(() => null))) return;
  await fs.mkdir(path.join(dir, 'objects', 'info'), { recursive: true });
  await fs.writeFile(path.join(dir, 'objects', 'info', 'alternates'), `${objects}\n`);
  // Read through git (loose or packed, whatever a sync running meanwhile does), kept as packed refs.
  const refs = await runGit(['--git-dir', storeDir, 'for-each-ref', '--format=%(objectname) %(refname)'], {
    env: gitEnv(host),
  });
  await fs.writeFile(path.join(dir, 'packed-refs'), refs.stdout);
}

export async function dropLookaside(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}
