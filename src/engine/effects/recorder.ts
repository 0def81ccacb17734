import type { Version } from '../../reconcile/decide.ts';
import { readIfUnchanged } from '../../sync/scan.ts';
import type { Effects, PublishResult } from './effects.ts';

/** One effect a dry run would have had. */
export interface Recorded {
  op: 'writeLive' | 'removeLive' | 'createCopy' | 'removeCopy' | 'publish' | 'propose' | 'keepRef' | 'saveState';
  target: string;
}

/**
 * The dry run: the same calls as the real effects, answered the way the real ones would answer
 * (the compare of compare-and-swap is read for real), with nothing written anywhere.
 */
export function recordingEffects(): Effects & { recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const note = (op: Recorded['op'], target: string) => void recorded.push({ op, target });
  const unchanged = (livePath: string, expected: Version) => readIfUnchanged(livePath, expected).ok;
  return {
    dryRun: true,
    recorded,
    beginLiveWrites: async () => undefined,
    async writeLive(livePath, _content, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) note('writeLive', livePath);
      return ok;
    },
    async removeLive(livePath, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) note('removeLive', livePath);
      return ok;
    },
    createCopy: async (copyPath) => note('createCopy', copyPath),
    removeCopyIfUntouched: async (c) => note('removeCopy', c.copy),
    endLiveWrites: async () => undefined,
    async publish(_tip, changes): Promise<PublishResult> {
      note('publish', [...changes.keys()].join(','));
      return { pushed: true, commit: null };
    },
    async propose(_tip, changes) {
      note('propose', [...changes.keys()].join(','));
      return null;
    },
    keepRef: async (name) => note('keepRef', name),
    rememberProjects: async () => undefined,
    async saveState() {
      note('saveState', 'state');
      return -1;
    },
    saveLastSync: async () => undefined,
    saveScanCache: async () => undefined,
    markUnpublished: async () => undefined,
  };
}
