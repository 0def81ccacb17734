/**
 * `memsync resolve PROJECT --confirm-deletes | --restore-files`: ends a held mass deletion
 * (reconcile/massDelete.ts) by syncing with exactly the deletions that were held let go, or with
 * their files brought back to the side that deleted them.
 */
import { UsageError } from '../errors.ts';
import type { Context } from '../machine/context.ts';
import { runSync, type SyncReport } from './engine.ts';
import { loadHeader, type StateHeader } from '../machine/state.ts';

export type DeleteResolution = 'confirm' | 'restore';

/** The held folder a user names: its identity or label, or its repository folder. */
function findHeldDeletes(held: StateHeader['heldDeletes'], target: string): string | undefined {
  const t = target.replace(/\/+$/, '');
  const names = (prefix: string) => [
    held[prefix]!.label,
    prefix.replace(/\/$/, ''),
    prefix.replace(/^projects\/(.*)\/memory\/$/, '$1'),
  ];
  return Object.keys(held).find((prefix) => names(prefix).includes(t));
}

export async function resolveHeldDeletes(
  ctx: Context,
  target: string,
  how: DeleteResolution,
): Promise<{ label: string; paths: string[]; report: SyncReport }> {
  const { heldDeletes } = await loadHeader(ctx.home);
  const prefix = findHeldDeletes(heldDeletes, target);
  if (!prefix) {
    const open = Object.values(heldDeletes).map((h) => h.label);
    const hint = open.length ? `held: ${open.join(', ')}` : 'no deletions are held';
    throw new UsageError(`no held deletions for ${target}`, hint);
  }
  const { label, paths } = heldDeletes[prefix]!;
  const set = new Set(paths);
  const releaseDeletes = how === 'confirm' ? { confirmed: set } : { restore: set };
  const report = await runSync(ctx, { mode: 'sync', releaseDeletes });
  return { label, paths, report };
}
