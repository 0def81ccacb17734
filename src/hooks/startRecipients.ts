import fs from 'node:fs';
import { repoDir } from '../config/paths.ts';
import { identityFile } from '../crypto/keyFiles.ts';
import { readPin } from '../crypto/pinRead.ts';
import { RECIPIENTS_FILE } from '../crypto/recipients.ts';
import { judge, listedOf, verdictProblem } from '../crypto/trust.ts';
import { gitEnv, runGit } from '../store/gitRun.ts';

/**
 * SessionStart's short way on an encrypted remote: whether the recipients check a sync makes
 * (crypto/recipientsCheck.ts) passes at `tip`, proven from local state. Its inputs are the list in
 * the tip's tree (fixed once the remote is still at that tip), the pin this machine agreed to and
 * this machine's key. A list that differs from the pin fails here even when a trusted machine
 * signed it (no age or key material is loaded): the long way then checks and records it.
 */
export async function recipientsAgreed(home: string, tip: string, timeoutMs: number): Promise<boolean> {
  // A missing key is the sync's to report.
  if (!fs.existsSync(identityFile(home))) return false;
  try {
    const r = await runGit(['--git-dir', repoDir(home), 'cat-file', 'blob', `${tip}:${RECIPIENTS_FILE}`], {
      env: gitEnv('memsync'),
      timeoutMs,
      okCodes: [128],
    });
    // No list at all is unusable on a remote this machine encrypts: the long way names it.
    const listed = listedOf(r.code === 0 ? r.stdout : null, true);
    return verdictProblem(judge(readPin(home), listed, null)) === null;
  } catch {
    // A damaged pin, a repository git cannot read: the long way names it.
    return false;
  }
}
