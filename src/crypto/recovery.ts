import type { Context } from '../machine/context.ts';
import { generateIdentity } from './age.ts';
import { keysAdd, type KeyChange } from './keys.ts';

/** A recovery identity: made here, added as a recipient, kept by the user offline, never by memsync. */
export interface Recovery {
  publicKey: string;
  /** age-keygen's format: `age -d -i` and `memsync keys import` read it as it is. */
  identityText: string;
  change: KeyChange;
}

/** `keys recovery`: a new identity whose public key becomes a recipient (signed, as keys add does). */
export async function keysRecovery(ctx: Context, name: string): Promise<Recovery> {
  const { secret, publicKey } = await generateIdentity();
  const change = await keysAdd(ctx, publicKey, name);
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const identityText = [
    `# memsync recovery key for ${ctx.settings.remote}, created ${created}: whoever has it reads the remote`,
    `# public key: ${publicKey}`,
    secret,
    '# paper form (typed back into a file, memsync keys import FILE reads it; spaces and case do not matter):',
    ...paperForm(secret).map((l) => `#   ${l}`),
    '',
  ].join('\n');
  return { publicKey, identityText, change };
}

/** The secret in groups of five, two lines after its prefix: short enough to copy by hand. */
function paperForm(secret: string): string[] {
  const prefix = 'AGE-SECRET-KEY-1';
  const groups = secret.slice(prefix.length).match(/.{1,5}/g)!;
  return [prefix, groups.slice(0, 6).join(' '), groups.slice(6).join(' ')];
}
