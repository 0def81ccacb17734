import fs from 'node:fs';
import { MemsyncError, UsageError } from '../errors.ts';
import { generateIdentity, publicKeyOf } from './age.ts';
import { bech32Valid } from './bech32.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { identityFile } from './keyFiles.ts';

/** This machine's age identity, in age-keygen's format so `age -d -i` reads the same file. */
export interface Identity {
  secret: string;
  publicKey: string;
  file: string;
}

export { identityFile } from './keyFiles.ts';

export const NO_KEY_HINT =
  'run memsync keys import FILE with the key another machine printed with memsync keys export, or memsync keys init ' +
  'and have a machine that syncs run memsync keys add <public key>';

/** The identity, or null when the file does not exist. */
export async function readIdentity(home: string): Promise<Identity | null> {
  const file = identityFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new MemsyncError(
      `cannot read the age identity ${file}: ${(e as Error).message}`,
      'failure',
      "check the file's permissions",
    );
  }
  const secret = parseIdentity(text, file);
  return { secret, publicKey: await publicKeyOf(secret), file };
}

/** The identity a machine with `encryption: "age"` must have. */
export async function loadIdentity(home: string): Promise<Identity> {
  const id = await readIdentity(home);
  if (!id)
    throw new MemsyncError(
      `this machine has no age identity (${identityFile(home)} is missing)`,
      'failure',
      NO_KEY_HINT,
    );
  return id;
}

/**
 * The one secret key in an identity text: age-keygen's format (comment lines allowed), or the paper
 * form `keys recovery` prints, typed back (spaces, line breaks, "#" and case do not matter; its
 * checksum catches a mistyped character).
 */
export function parseIdentity(text: string, source: string): string {
  const typed = new Set(
    text
      .toUpperCase()
      .replace(/[\s#]/g, '')
      .match(/AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}/g),
  );
  const valid = [...typed].filter(bech32Valid);
  if (valid.length === 1) return valid[0]!;
  throw new UsageError(
    typed.size && !valid.length
      ? `${source} holds an age identity whose checksum does not match: a character is mistyped`
      : `${source} does not hold one age X25519 identity (a line AGE-SECRET-KEY-1...)`,
    'give the text memsync keys export, keys recovery (or its paper form) or age-keygen printed',
  );
}

/** Writes an identity with mode 0600; an existing different one is kept unless `replace`. */
export async function saveIdentity(
  home: string,
  secret: string,
  replace: boolean,
): Promise<{ identity: Identity; changed: boolean }> {
  const file = identityFile(home);
  const current = await readIdentity(home);
  const publicKey = await publicKeyOf(secret);
  if (current?.secret === secret) return { identity: current, changed: false };
  if (current && !replace) {
    throw new UsageError(
      `${file} already holds another identity (${current.publicKey})`,
      'replacing it makes what was encrypted only to it unreadable here; add --force to replace it anyway',
    );
  }
  fs.mkdirSync(home, { recursive: true });
  const text =
    `# created: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}\n` + `# public key: ${publicKey}\n${secret}\n`;
  checkedWrite(file, text, { mode: 0o600, what: 'the age identity' });
  // checkedWrite keeps an existing file's mode; the key must never be readable by others.
  fs.chmodSync(file, 0o600);
  return { identity: { secret, publicKey, file }, changed: true };
}

/** This machine's identity, made on first use. */
export async function ensureIdentity(home: string): Promise<{ identity: Identity; created: boolean }> {
  const current = await readIdentity(home);
  if (current) return { identity: current, created: false };
  const { identity } = await saveIdentity(home, (await generateIdentity()).secret, false);
  return { identity, created: true };
}
