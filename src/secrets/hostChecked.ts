import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { SCANNER_ID } from './scan.ts';

// This machine's name goes into every commit, so every sync that may publish checks it for a
// secret, and that check loads secretlint. A name found clean is remembered with the scanner that
// found it, so a sync or status with nothing to publish loads no scanner; a new name or new rules
// are checked again.

const file = (home: string) => path.join(home, 'state', 'host-checked');
const keyOf = (host: string) => `${JSON.stringify([SCANNER_ID, host])}\n`;

/** Whether `host` was found clean by this scanner. */
export function hostChecked(home: string, host: string): boolean {
  try {
    return fs.readFileSync(file(home), 'utf8') === keyOf(host);
  } catch {
    return false;
  }
}

/**
 * Remembers that `host` was found clean. A record that cannot be written costs one more check next
 * time, so it never stops a sync: a state folder that cannot be used is the sync's to report.
 */
export function saveHostChecked(home: string, host: string): void {
  try {
    ensureDir(path.dirname(file(home)), 'the state folder');
    checkedWrite(file(home), keyOf(host), { fsync: false, what: 'the host-name check' });
  } catch {
    // Checked again next time.
  }
}
