import type { Pin } from './pinRead.ts';
import { parseRecipients, RECIPIENTS_FILE, type Recipient } from './recipients.ts';

/** The remote's recipients list as a commit holds it. */
export type Listed =
  | { kind: 'list'; recipients: Recipient[] }
  /** `encrypted`: the commit's layout marker says the remote is encrypted (so a list must be there). */
  | { kind: 'missing'; encrypted: boolean }
  | { kind: 'malformed'; detail: string };

/**
 * The list as a commit holds it (`file`: its bytes, null when it has none). `encrypted`: the commit's
 * layout marker says the remote is encrypted.
 */
export function listedOf(file: Buffer | null, encrypted: boolean): Listed {
  if (!file) return { kind: 'missing', encrypted };
  try {
    return { kind: 'list', recipients: parseRecipients(file.toString('utf8')) };
  } catch (e) {
    return { kind: 'malformed', detail: (e as Error).message.replace(/^.*?has /, 'has ') };
  }
}

/** An endorsement whose tag for this machine checked out (endorse.ts). */
export interface Signed {
  by: string;
  generation: number;
}

/** What this machine makes of the remote's list, against the one it agreed to. */
export type Verdict =
  /** The keys it agreed to (a newer signed generation of the same keys moves the pin on). */
  | { kind: 'agreed'; recipients: Recipient[]; generation: number }
  /** No list and none agreed to: a new remote, whose first list this machine writes. */
  | { kind: 'fresh' }
  /** Nothing agreed to yet: the list is taken as it is on first use. */
  | { kind: 'first'; recipients: Recipient[]; generation: number }
  /** Changed by a machine this one trusts (its key is in the agreed list): taken at once. */
  | { kind: 'endorsed'; recipients: Recipient[]; generation: number; by: string }
  /** Changed by someone else: encrypted pushes stop until the user accepts or restores. */
  | { kind: 'changed'; recipients: Recipient[]; added: Recipient[]; removed: Recipient[] }
  /** Empty, missing or malformed: never read as "encrypt to this machine alone". */
  | { kind: 'unusable'; why: string; removed: Recipient[] };

export function judge(pin: Pin | null, listed: Listed, signed: Signed | null): Verdict {
  const agreed = pin?.recipients ?? [];
  if (listed.kind === 'malformed') return { kind: 'unusable', why: listed.detail, removed: agreed };
  if (listed.kind === 'missing')
    return pin || listed.encrypted ? { kind: 'unusable', why: 'is missing', removed: agreed } : { kind: 'fresh' };
  const { recipients } = listed;
  if (!recipients.length) return { kind: 'unusable', why: 'is empty', removed: agreed };
  const keys = new Set(recipients.map((r) => r.key));
  // On first use the signer is not known yet; a generation is only taken from a key on the list.
  if (!pin) return { kind: 'first', recipients, generation: signed && keys.has(signed.by) ? signed.generation : 0 };
  const pinned = new Set(agreed.map((r) => r.key));
  const trusted = signed && pinned.has(signed.by) && signed.generation > pin.generation ? signed : null;
  const added = recipients.filter((r) => !pinned.has(r.key));
  const removed = agreed.filter((r) => !keys.has(r.key));
  if (!added.length && !removed.length)
    return { kind: 'agreed', recipients, generation: trusted?.generation ?? pin.generation };
  if (trusted) return { kind: 'endorsed', recipients, generation: trusted.generation, by: trusted.by };
  return { kind: 'changed', recipients, added, removed };
}

/** The pin a verdict moves this machine to, or null when it stays (or must not move). */
export function nextPin(pin: Pin | null, v: Verdict): Pin | null {
  if (v.kind === 'first' || v.kind === 'endorsed') return { generation: v.generation, recipients: v.recipients };
  if (v.kind === 'agreed' && pin && v.generation !== pin.generation)
    return { generation: v.generation, recipients: v.recipients };
  return null;
}

const named = (list: Recipient[]) => list.map((r) => `${r.name} (${r.key})`).join(', ');

/** The one line for a list encrypted pushes must not follow; null when they may. */
export function verdictProblem(v: Verdict, cli = 'memsync'): string | null {
  const head = `the remote's recipients list (${RECIPIENTS_FILE})`;
  if (v.kind === 'changed') {
    const parts = [
      v.added.length ? `added ${named(v.added)}` : '',
      v.removed.length ? `removed ${named(v.removed)}` : '',
    ];
    return (
      `${head} changed since this machine agreed to it: ${parts.filter(Boolean).join('; ')}; encrypted pushes are ` +
      `stopped until you run ${cli} keys accept (take the change) or ${cli} keys restore (undo it)`
    );
  }
  if (v.kind !== 'unusable') return null;
  const back = v.removed.length
    ? `${cli} keys restore (puts back ${v.removed.map((r) => r.name).join(', ')})`
    : `${cli} keys restore on a machine that synced with it before`;
  return (
    `${head} ${v.why}: it is never read as "encrypt to this machine alone"; encrypted pushes are stopped until ` +
    `you run ${back}`
  );
}
