/** `memsync keys accept|restore|recovery`: the recipients this machine agrees to; a way back from a lost key. */
import type { Context } from '../machine/context.ts';
import { keysAccept, keysRestore, type KeyChange } from '../crypto/keys.ts';
import { keysRecovery } from '../crypto/recovery.ts';

export type TrustSubcommand = 'accept' | 'restore' | 'recovery';

/** What the command did: data for --json, the text for people, and a note for stderr. */
export interface TrustResult {
  data: unknown;
  text: string;
  note?: string;
}

const files = (n: number) => `${n} current file${n === 1 ? '' : 's'}`;
const names = (r: KeyChange) => r.recipients.map((x) => x.name).join(', ');

export async function keysTrust(sub: TrustSubcommand, ctx: Context, name: string | undefined): Promise<TrustResult> {
  if (sub === 'accept') {
    const r = await keysAccept(ctx);
    return {
      data: r,
      text: r.commit
        ? `accepted: the remote's ${files(r.reencrypted)} and what this machine pushes from now on are encrypted ` +
          `to: ${names(r)}; signed by this machine, so the other machines take it at once`
        : `nothing to accept: this machine already agreed to the remote's list (${names(r)})`,
    };
  }
  if (sub === 'restore') {
    const r = await keysRestore(ctx);
    return {
      data: r,
      text: r.commit
        ? `restored the agreed list: the remote's ${files(r.reencrypted)} are encrypted to: ${names(r)}`
        : `nothing to restore: the remote lists what this machine agreed to (${names(r)})`,
    };
  }
  const r = await keysRecovery(ctx, name ?? 'recovery');
  return {
    data: { ...r.change, recoveryKey: r.publicKey, identity: r.identityText },
    text: r.identityText.trimEnd(),
    note:
      `memsync keys recovery: added the recovery key as recipient "${name ?? 'recovery'}" (the remote's ` +
      `${files(r.change.reencrypted)} re-encrypted to it). The lines printed are its only copy: keep them offline ` +
      '(paper, a drive in a drawer) and never on a synced machine. On a new machine: memsync keys import FILE.',
  };
}
