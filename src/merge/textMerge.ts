import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBinary } from '../util/blobHash.ts';
import { runGit, gitEnv } from '../store/gitRun.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';

export type MergeResult = { clean: true; content: Buffer } | { clean: false; reason: 'conflict' | 'binary' };

/**
 * Three-way merge of text with `git merge-file` (base absent = empty). With `union`, lines both
 * sides added in the same place are all kept: for index files whose lines are independent entries.
 */
export async function mergeText(local: Buffer, base: Buffer | null, remote: Buffer, union: boolean, tmpRoot = os.tmpdir()): Promise<MergeResult> {
  if (isBinary(local) || isBinary(remote) || (base && isBinary(base))) return { clean: false, reason: 'binary' };
  const dir = await fs.mkdtemp(path.join(tmpRoot, 'memsync-merge-'));
  try {
    const files = ['local', 'base', 'remote'].map((n) => path.join(dir, n));
    // Whole: a merge of a truncated input would be written live and published.
    files.forEach((f, i) => checkedWrite(f, [local, base ?? '', remote][i]!, { fsync: false, what: 'a merge input' }));
    const args = ['merge-file', '-p', ...(union ? ['--union'] : []), '-L', 'live', '-L', 'base', '-L', 'remote', ...files];
    // Exit code: 0 clean, N > 0 the number of conflicts.
    const r = await runGit(args, { env: gitEnv('memsync'), okCodes: Array.from({ length: 127 }, (_, i) => i + 1) });
    if (r.code !== 0) return { clean: false, reason: 'conflict' };
    return { clean: true, content: r.stdout };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

