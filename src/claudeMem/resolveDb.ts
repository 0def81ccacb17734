import { UsageError } from '../errors.ts';
import type { Context } from '../machine/context.ts';
import { underSyncLock } from '../machine/lock.ts';
import { loadDbState, openDbConflicts } from './dbState.ts';
import { realDbEffects, type DbEffects } from './effects.ts';

/** The name `memsync resolve` takes for claude-mem's database. */
export const DB_SOURCE = 'claude-mem';

/**
 * Records how the open claude-mem conflicts end: `local` keeps this machine's rows (or file) and
 * publishes them, `remote` takes the remote's. The next sync carries it out. The state is saved
 * through the effects seam, as a sync saves it.
 */
export async function resolveDatabase(
  ctx: Context,
  how: 'local' | 'remote',
  fx: Pick<DbEffects, 'saveDbState'> = realDbEffects(ctx.home),
): Promise<number> {
  return underSyncLock(ctx.home, 60_000, async () => {
    const state = await loadDbState(ctx.home);
    const open = openDbConflicts(state);
    if (open === 0) throw new UsageError('no open claude-mem conflict', 'memsync status shows what is pending');
    await fx.saveDbState({ ...state, resolution: how });
    return open;
  });
}

/** Confirms the held mass deletions: the next sync carries them out (after saving the database). */
export async function confirmDbDeletes(
  ctx: Context,
  fx: Pick<DbEffects, 'saveDbState'> = realDbEffects(ctx.home),
): Promise<number> {
  return underSyncLock(ctx.home, 60_000, async () => {
    const state = await loadDbState(ctx.home);
    const held = Object.values(state.heldDeletes).reduce((n, c) => n + c, 0);
    if (held === 0) throw new UsageError('no held claude-mem deletions', 'memsync status shows what is pending');
    await fx.saveDbState({ ...state, confirmDeletes: true });
    return held;
  });
}
