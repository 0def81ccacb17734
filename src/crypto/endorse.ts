import crypto from 'node:crypto';
import { bech32Bytes } from './bech32.ts';

/**
 * Who wrote the remote's recipients list, in a form the remote cannot forge: the machine that
 * writes it adds, for every recipient, a tag only that recipient can check. The tag is an HMAC of
 * the list keyed with the X25519 secret the writer's and the reader's age keys share (each side
 * computes it from its own secret and the other's public key), so the existing age keys serve and
 * nothing new is published. Stored beside the list, plain: `.memsync/recipients.sig`.
 */
export const ENDORSEMENT_FILE = '.memsync/recipients.sig';

export interface Endorsement {
  /** Counts up with each list a machine writes: an older list replayed by the remote is not taken. */
  generation: number;
  /** The writer's public key. */
  by: string;
  /** Reader's public key -> tag (base64url). */
  tags: Map<string, string>;
}

const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

function sharedSecret(secret: string, publicKey: string): Buffer {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_X25519, bech32Bytes(secret)!]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = crypto.createPublicKey({
    key: Buffer.concat([SPKI_X25519, bech32Bytes(publicKey)!]),
    format: 'der',
    type: 'spki',
  });
  return crypto.diffieHellman({ privateKey, publicKey: pub });
}

/** The tag from `by` to `reader` over this list at this generation; `secret` is either side's. */
function tag(secret: string, other: string, by: string, reader: string, list: Buffer, generation: number): string {
  const key = crypto.hkdfSync('sha256', sharedSecret(secret, other), 'memsync recipients v1', `${by}\n${reader}`, 32);
  const digest = crypto.createHash('sha256').update(list).digest('hex');
  return crypto.createHmac('sha256', Buffer.from(key)).update(`${generation}\n${digest}`).digest('base64url');
}

/** The endorsement file for `list` written by the holder of `secret`, with a tag for each reader. */
export function endorse(
  secret: string,
  by: string,
  list: Buffer,
  generation: number,
  readers: Iterable<string>,
): Buffer {
  const lines = [...new Set(readers)].map((r) => `for ${r} ${tag(secret, r, by, r, list, generation)}`);
  const head = [
    '# memsync: which machine wrote recipients.txt, checkable by each recipient with its age key (memsync keys).',
    `generation ${generation}`,
    `by ${by}`,
  ];
  return Buffer.from([...head, ...lines, ''].join('\n'));
}

/** An endorsement file read back; null when it is not one (then the list counts as unsigned). */
export function parseEndorsement(text: string): Endorsement | null {
  let generation = Number.NaN;
  let by = '';
  const tags = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const [word, a, b] = line.trim().split(/\s+/);
    if (word === 'generation' && a) generation = Number(a);
    else if (word === 'by' && a) by = a;
    else if (word === 'for' && a && b) tags.set(a, b);
  }
  return Number.isSafeInteger(generation) && generation > 0 && by ? { generation, by, tags } : null;
}

/** Whether `e` holds a valid tag for this reader (`secret`, `me`) over `list`. */
export function endorsedFor(e: Endorsement, list: Buffer, secret: string, me: string): boolean {
  const given = e.tags.get(me);
  if (!given || !bech32Bytes(e.by)) return false;
  try {
    const want = Buffer.from(tag(secret, e.by, e.by, me, list, e.generation));
    return want.length === given.length && crypto.timingSafeEqual(want, Buffer.from(given));
  } catch {
    // A "by" that is not an X25519 key the DH accepts.
    return false;
  }
}
