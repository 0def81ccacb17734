import { MemsyncError } from '../errors.ts';
import { PREVIOUS_TIPS, type LocalRepo } from '../store/repo.ts';
import type { StateHeader } from '../machine/state.ts';

/** Where the recorded base came from: which remote and branch, and the tip synced with. */
export interface Lineage {
  remoteUrl: string;
  branch: string;
  tip: string | null;
}

/**
 * How the fetched remote relates to the base. `same`: the tip is the recorded one or descends
 * from it. `new`: another remote or branch (or none recorded): the base means nothing there.
 * `rewritten`: the recorded tip is no longer in the branch's history (reset, force-pushed,
 * deleted, replaced).
 */
export type LineageVerdict =
  | { kind: 'same' }
  | { kind: 'new'; from: Lineage | null }
  | { kind: 'rewritten'; how: string };

/** The lineage a state records; a state from before lineage was recorded belongs to the settings' remote. */
export function recordedLineage(state: StateHeader, current: { remoteUrl: string; branch: string }): Lineage | null {
  if (state.seq === 0 && state.remoteTip === null) return null;
  return {
    remoteUrl: state.remoteUrl ?? current.remoteUrl,
    branch: state.branch ?? current.branch,
    tip: state.remoteTip,
  };
}

/** Pure: the verdict from the recorded lineage, the current remote, the fetched tip and whether it descends. */
export function judgeLineage(
  recorded: Lineage | null,
  current: { remoteUrl: string; branch: string },
  fetched: string | null,
  descends: 'yes' | 'no' | 'ancestor',
): LineageVerdict {
  if (!recorded) return { kind: 'same' };
  if (recorded.remoteUrl !== current.remoteUrl || recorded.branch !== current.branch)
    return { kind: 'new', from: recorded };
  if (recorded.tip === null || fetched === recorded.tip || descends === 'yes') return { kind: 'same' };
  const short = recorded.tip.slice(0, 12);
  if (fetched === null)
    return { kind: 'rewritten', how: `its branch ${current.branch} is gone (this machine last synced with ${short})` };
  if (descends === 'ancestor')
    return {
      kind: 'rewritten',
      how:
        `its branch ${current.branch} was reset back to ${fetched.slice(0, 12)}, ` +
        `before ${short} that this machine last synced with`,
    };
  return {
    kind: 'rewritten',
    how:
      `the history of its branch ${current.branch} was replaced: ${fetched.slice(0, 12)} ` +
      `does not descend from ${short} that this machine last synced with`,
  };
}

/** Reads from git how the fetched tip relates to the recorded one, then judges. */
export async function checkLineage(
  repo: LocalRepo,
  recorded: Lineage | null,
  current: { remoteUrl: string; branch: string },
  fetched: string | null,
): Promise<LineageVerdict> {
  const quick = judgeLineage(recorded, current, fetched, 'no');
  if (quick.kind !== 'rewritten' || fetched === null) return quick;
  const tip = recorded!.tip!;
  // A recorded tip this repository no longer holds cannot be proven an ancestor: read as replaced.
  const isAnc = (a: string, b: string) => repo.isAncestor(a, b).catch(() => false);
  const descends = (await isAnc(tip, fetched)) ? 'yes' : (await isAnc(fetched, tip)) ? 'ancestor' : 'no';
  return judgeLineage(recorded, current, fetched, descends);
}

/** The local ref that keeps an old tip reachable (for `log` and `restore`) after the remote moved away from it. */
export function previousTipRef(tip: string): string {
  return `${PREVIOUS_TIPS}${tip}`;
}

/** The command that continues after a rewrite, and what it does; `cli` is how the user runs memsync. */
export function adoptHint(cli = 'memsync'): string {
  return (
    'to take the remote as it is now (every memory file here is then compared with it as new: nothing is deleted): ' +
    `${cli} sync --adopt-remote`
  );
}

export const ADOPT_HINT = adoptHint();

/** The sync stops: the remote's history no longer holds what this machine's base came from. */
export class RemoteRewrittenError extends MemsyncError {
  constructor(remoteUrl: string, how: string) {
    super(`the remote ${remoteUrl} was rewritten: ${how}; nothing was changed here or there`, 'failure', ADOPT_HINT);
    this.name = 'RemoteRewrittenError';
  }
}
