import fs from 'node:fs';
import path from 'node:path';
import { repoDir } from '../config/paths.ts';
import { identityFile, pinFile } from '../crypto/keyFiles.ts';
import { readPin } from '../crypto/pinRead.ts';
import { RECIPIENTS_FILE } from '../crypto/recipients.ts';
import { judge, listedOf, verdictProblem } from '../crypto/trust.ts';
import { gitEnv, runGit } from '../store/gitRun.ts';
import { readJsonObject } from '../util/readJson.ts';

/**
 * SessionStart's short way on an encrypted remote: whether the recipients check a sync makes
 * (crypto/recipientsCheck.ts) passes at `tip`, proven from local state. Its inputs are the list in
 * the tip's tree (fixed once the remote is still at that tip), the pin this machine agreed to and
 * this machine's key. A list that differs from the pin fails here even when a trusted machine
 * signed it (no age or key material is loaded): the long way then checks and records it. A check
 * that passed is remembered for that tip, pin and key, so the next SessionStart starts no git process.
 */
export async function recipientsAgreed(home: string, tip: string, timeoutMs: number): Promise<boolean> {
  // A missing key is the sync's to report.
  if (!fs.existsSync(identityFile(home))) return false;
  // Checked before for this tip, pin and key: no git process this time.
  const key = agreementKey(home, tip);
  if (readJsonObject(agreedFile(home))?.key === key) return true;
  const agreed = await listAgreed(home, tip, timeoutMs);
  if (agreed) writeQuietly(agreedFile(home), JSON.stringify({ key }));
  return agreed;
}

const agreedFile = (home: string) => path.join(home, 'state', 'recipients-agreed.json');

/** What a check stands for: the tip, and the pin's and the key's files as they were (a rewrite is a new inode). */
function agreementKey(home: string, tip: string): string {
  const stat = (file: string) => {
    try {
      const st = fs.statSync(file);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return '-';
    }
  };
  return [tip, stat(pinFile(home)), stat(identityFile(home))].join('|');
}

function writeQuietly(file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch {
    // Only a saving: the next SessionStart checks again.
  }
}

async function listAgreed(home: string, tip: string, timeoutMs: number): Promise<boolean> {
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
