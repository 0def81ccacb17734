import { MemsyncError } from '../errors.ts';
import { endorsedFor, parseEndorsement } from './endorse.ts';
import type { Identity } from './identity.ts';
import { readPin, savePin } from './pin.ts';
import type { Recipient } from './recipients.ts';
import { judge, nextPin, verdictProblem, type Listed, type Verdict } from './trust.ts';

/** A commit's recipients list and the endorsement beside it, as stored. */
export interface TipRecipients {
  listed: Listed;
  /** The list file's bytes (what an endorsement's tags cover). */
  file: Buffer | null;
  endorsement: Buffer | null;
}

/**
 * The tip's list judged against what this machine agreed to, and what becomes the new agreement:
 * `any` (before a push) a list taken on first use or signed by a trusted machine; `signed` (after a
 * fetch) only the latter; `none` nothing.
 */
export function judgeTip(home: string, me: Identity, tip: TipRecipients, record: 'any' | 'signed' | 'none'): Verdict {
  const pin = readPin(home);
  const e = tip.endorsement ? parseEndorsement(tip.endorsement.toString('utf8')) : null;
  const signed =
    e && tip.file && endorsedFor(e, tip.file, me.secret, me.publicKey) ? { by: e.by, generation: e.generation } : null;
  const verdict = judge(pin, tip.listed, signed);
  const next = record === 'any' || (record === 'signed' && verdict.kind !== 'first') ? nextPin(pin, verdict) : null;
  if (next) savePin(home, next);
  return verdict;
}

/** The recipients an encrypted push may use (null: a new remote, no list yet); else the one line. */
export function agreedRecipients(v: Verdict): Recipient[] | null {
  const problem = verdictProblem(v);
  if (problem) throw new MemsyncError(problem, 'failure');
  return v.kind === 'fresh' || v.kind === 'unusable' || v.kind === 'changed' ? null : v.recipients;
}
