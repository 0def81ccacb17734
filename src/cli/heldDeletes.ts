/** The CLI's words for held mass deletions (reconcile/massDelete.ts): flags of `resolve` and report lines. */
import { UsageError } from '../errors.ts';
import type { HeldDeletion } from '../reconcile/massDelete.ts';
import type { DeleteResolution } from '../sync/resolveDeletes.ts';

export function deleteResolution(values: Record<string, unknown>): DeleteResolution | null {
  const confirm = !!values['confirm-deletes'];
  const restore = !!values['restore-files'];
  if (confirm && restore) throw new UsageError('resolve takes one of --confirm-deletes and --restore-files');
  return confirm ? 'confirm' : restore ? 'restore' : null;
}

export function heldDeleteLines(held: readonly HeldDeletion[]): string[] {
  return held.flatMap((h) => [
    `held: ${h.paths.length} of ${h.of} files of ${h.label} would be deleted; nothing was deleted ` +
      `here or on the remote (${h.paths.slice(0, 3).join(', ')}${h.paths.length > 3 ? ', ...' : ''})`,
    `  to let them go: memsync resolve ${h.label} --confirm-deletes; ` +
      `to bring the files back: memsync resolve ${h.label} --restore-files`,
  ]);
}
