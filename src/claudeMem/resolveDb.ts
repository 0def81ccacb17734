import { UsageError } from '../errors.ts';
import { loadDbState, openDbConflicts } from './dbState.ts';
import type { DbEffects } from './effects.ts';

/** The name `memsync resolve` takes for claude-mem's database. */
export const DB_SOURCE = 'claude-mem';

/**
 * Records how the open claude-mem conflicts end: `local` keeps this machine's rows (or file) and
 * publishes them, `remote` takes the remote's. The next sync carries it out. The state is saved
 * through the effects seam (the caller's: under the sync lock, or a dry run's recorder).
 */
export async function resolveDatabase(
  home: string,
  how: 'local' | 'remote',
  fx: Pick<DbEffects, 'saveDbState'>,
): Promise<number> {
  const state = await loadDbState(home);
  const open = openDbConflicts(state);
  if (open === 0) throw new UsageError('no open claude-mem conflict', 'memsync status shows what is pending');
  await fx.saveDbState({ ...state, resolution: how });
  return open;
}

/** Confirms the held mass deletions: the next sync carries them out (after saving the database). */
export async function confirmDbDeletes(home: string, fx: Pick<DbEffects, 'saveDbState'>): Promise<number> {
  const state = await loadDbState(home);
  const held = Object.values(state.heldDeletes).reduce((n, c) => n + c, 0);
  if (held === 0) throw new UsageError('no held claude-mem deletions', 'memsync status shows what is pending');
  await fx.saveDbState({ ...state, confirmDeletes: true });
  return held;
}
