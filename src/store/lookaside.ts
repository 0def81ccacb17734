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
export async function makeLookaside(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'memsync-dry-run-'));
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
