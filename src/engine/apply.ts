import type { Effects } from './effects/effects.ts';
import type { Step } from './steps.ts';
import type { RoundPlan } from './roundPlan.ts';
import { liveOrder } from './outcome.ts';

/**
 * Carries out the live side of the plan's steps through the effects (in `liveOrder`), writing and
 * removing the conflict copies they name. Decides nothing: a step whose live file changed
 * meanwhile is left whole, and its path returned (engine/outcome.ts turns that into the result).
 */
export async function applySteps(fx: Effects, plan: Pick<RoundPlan, 'prepared' | 'mergedLive'>): Promise<Set<string>> {
  const ordered = liveOrder(plan.prepared.steps);
  if (plan.mergedLive) await fx.noteMergedLive(plan.mergedLive);
  const refused = new Set<string>();
  await fx.beginLiveWrites(ordered.filter((s) => s.live).map((s) => s.livePath));
  try {
    for (const s of ordered) {
      const done = s.conflict?.record.shape
        ? await openShapeConflict(fx, s)
        : s.conflict
          ? await openConflict(fx, s)
          : await applyStep(fx, s);
      if (!done) refused.add(s.path);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return refused;
}

/** Writes live if it still holds what was scanned; false: it changed meanwhile, nothing was done. */
async function applyStep(fx: Effects, s: Step): Promise<boolean> {
  if (s.live) {
    const { content, expected } = s.live;
    const done =
      content === null
        ? await fx.removeLive(s.livePath, expected!, s.liveRoot)
        : await fx.writeLive(s.livePath, content, expected);
    if (!done) return false;
  }
  if (s.settles) await fx.removeCopyIfUntouched(s.settles);
  return true;
}

/** Writes the remote version beside live as a conflict copy, in place of the one it replaces. */
async function openConflict(fx: Effects, s: Step): Promise<true> {
  const { content, record, exists, replaces } = s.conflict!;
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  if (!exists) await fx.createCopy(record.copy, content);
  return true;
}

/**
 * A file and a folder of one name: the file is written beside the folder's path as a conflict copy
 * first (a sync killed after it loses nothing), then the step moves it out of the way (a live file
 * is removed, a remote one deleted there) and the folder's files go on as planned.
 */
async function openShapeConflict(fx: Effects, s: Step): Promise<boolean> {
  const { content, record, exists, replaces } = s.conflict!;
  await fx.noteOpenedConflict(s.path, record);
  if (!exists) await fx.createCopy(record.copy, content);
  // The live file changed meanwhile: it stays, and so does the clash, for the next sync.
  if (!(await applyStep(fx, s))) {
    if (!exists) await fx.removeCopyIfUntouched(record);
    return false;
  }
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  return true;
}
