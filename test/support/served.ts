import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT, gitTestEnv, tempDir } from './machines.ts';

/**
 * This checkout as users would clone it: its files (committed or not, ignored ones left out) in one
 * commit of a bare repository `<folder>/memsync.git`; the folder, to serve (httpGit) or clone from.
 */
export function servedCheckout(): string {
  const root = tempDir('memsync-served-');
  const work = path.join(root, 'work');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
  })
    .toString()
    .split('\0')
    .filter(Boolean);
  for (const f of files)
    if (fs.existsSync(path.join(REPO_ROOT, f)))
      fs.cpSync(path.join(REPO_ROOT, f), path.join(work, f), { recursive: true });
  const env = gitTestEnv(root);
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env });
  execFileSync('git', ['-C', work, 'add', '-A'], { env });
  execFileSync('git', ['-C', work, 'commit', '-qm', 'memsync'], { env });
  execFileSync('git', ['clone', '-q', '--bare', work, path.join(root, 'srv', 'memsync.git')], { env });
  return path.join(root, 'srv');
}
