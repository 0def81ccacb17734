import type { Context } from '../machine/context.ts';
import { judgeTip } from './agreement.ts';
import { openRepo } from './openRepo.ts';
import { readIdentity } from './identity.ts';
import { verdictProblem } from './trust.ts';

/**
 * For status, doctor and SessionStart: the one line that stops encrypted pushes, as of the last
 * fetch, or null. Changes nothing (what it would agree to on first use, the next push records).
 * `cli` is how the user runs memsync here.
 */
export async function recipientsProblem(ctx: Context, cli = 'memsync'): Promise<string | null> {
  if (ctx.settings.encryption !== 'age') return null;
  const me = await readIdentity(ctx.home);
  // A missing key is reported on its own (the sync says what to do).
  if (!me) return null;
  const repo = openRepo(ctx, 'age');
  const tip = await repo.localTip();
  return verdictProblem(judgeTip(ctx.home, me, await repo.tipRecipients(tip), 'none'), cli);
}
