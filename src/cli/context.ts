/** The machine a command needs, set up or not as its table entry says (loaded only when a command runs). */
import { UsageError } from '../errors.ts';
import { ensureContext, loadContext, type InitResult } from '../machine/context.ts';
import type { Need } from './command.ts';

export async function machineFor(need: Need, env: NodeJS.ProcessEnv): Promise<InitResult> {
  if (need === 'setup') return ensureContext(env);
  // Commands that read what syncs made do not set the machine up on their own.
  const ctx = await loadContext(env);
  if (!ctx) throw new UsageError('memsync is not set up on this machine', 'run memsync init (or just memsync sync)');
  return { ctx, created: false };
}
