import { MemsyncError } from '../errors.ts';

/**
 * The remote's list of who can read it: age public keys with a name each. Plain text (public keys
 * only), in a form `age -R` also reads: each key on its own line after a "# name" line.
 */
export const RECIPIENTS_FILE = '.memsync/recipients.txt';

const RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;

/** An age X25519 public key (here, not in age.ts, so the hooks can check one without loading age). */
export function isRecipient(s: string): boolean {
  return RECIPIENT_RE.test(s);
}

export interface Recipient {
  name: string;
  key: string;
}

const HEADER = [
  "# memsync: the age public keys this remote's files are encrypted to (memsync keys add|remove).",
  '# Each key follows a line "# <name>". `age -R` reads this file as it is.',
];

export function parseRecipients(text: string): Recipient[] {
  const out: Recipient[] = [];
  let name: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      name = null;
      continue;
    }
    if (line.startsWith('#')) {
      name = line.slice(1).trim();
      continue;
    }
    const [key, ...rest] = line.split(/\s+#\s*/);
    if (!isRecipient(key!))
      throw new MemsyncError(
        `the remote's ${RECIPIENTS_FILE} has a line that is not an age public key: ${line.slice(0, 80)}`,
        'failure',
        'fix or remove that line on the remote (it must be age1... keys only)',
      );
    out.push({ name: rest.join(' ').trim() || name || key!.slice(0, 16), key: key! });
    name = null;
  }
  return out;
}

export function formatRecipients(list: readonly Recipient[]): Buffer {
  const body = list.flatMap((r) => [`# ${r.name.replace(/[\r\n]/g, ' ')}`, r.key]);
  return Buffer.from([...HEADER, '', ...body, ''].join('\n'));
}
