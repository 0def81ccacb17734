/**
 * age (X25519) through age-encryption, the TypeScript implementation by age's author: files it
 * writes are plain age files, so the `age` command reads them with the same identity.
 */

// Loaded on first use: with its curve and cipher code it is a sixth of the bundle, and a machine
// whose remote is not encrypted never needs it.
let library: Promise<typeof import('age-encryption')> | undefined;
const age = () => (library ??= import('age-encryption'));

const HEADER = Buffer.from('age-encryption.org/v1\n');

/** True when content is an age file (binary format; memsync never writes armored ones). */
export function isAgeFile(content: Buffer): boolean {
  return content.length >= HEADER.length && content.subarray(0, HEADER.length).equals(HEADER);
}

/**
 * The size of an age file's plaintext, read from its length: after the header (up to the MAC line)
 * come a 16-byte nonce and the plaintext in 64 KiB chunks, each with a 16-byte tag (an empty file
 * has one empty chunk). Null when the header does not end.
 */
export function agePlainSize(file: Buffer): number | null {
  const mac = file.indexOf('\n--- ');
  const end = mac < 0 ? -1 : file.indexOf(10, mac + 1);
  if (end < 0) return null;
  const body = file.length - (end + 1) - 16;
  return body - 16 * Math.ceil(body / (64 * 1024 + 16));
}

/** Encrypts to these recipients (one Encrypter for many files: keys are parsed once). */
export async function encrypter(recipients: readonly string[]): Promise<(plain: Buffer) => Promise<Buffer>> {
  const e = new (await age()).Encrypter();
  for (const r of new Set(recipients)) e.addRecipient(r);
  return async (plain) => Buffer.from(await e.encrypt(plain));
}

/** Decrypts with this identity; throws age's own error when it does not match or the file is damaged. */
export async function decrypter(identity: string): Promise<(cipher: Buffer) => Promise<Buffer>> {
  const d = new (await age()).Decrypter();
  d.addIdentity(identity);
  return async (cipher) => Buffer.from(await d.decrypt(cipher));
}

export async function generateIdentity(): Promise<{ secret: string; publicKey: string }> {
  const { generateX25519Identity, identityToRecipient } = await age();
  const secret = await generateX25519Identity();
  return { secret, publicKey: await identityToRecipient(secret) };
}

export async function publicKeyOf(secret: string): Promise<string> {
  return (await age()).identityToRecipient(secret);
}
