import fsp from 'node:fs/promises';
import path from 'node:path';
import { MemsyncError } from '../../errors.ts';
import type { LocalRepo } from '../../store/repo.ts';
import type { Context } from '../../machine/context.ts';
import type { HeldLock } from '../../machine/lock.ts';
import { readIfUnchanged } from '../../machine/scan.ts';
import { createLiveWriter, recoverInterruptedWrites, type LiveWriter } from '../../machine/liveWrite.ts';
import { removeCopyIfUntouched } from '../../machine/conflictCopy.ts';
import { pushProposal } from '../../machine/proposal.ts';
import { rememberProjects } from '../../sources/registry.ts';
import { saveHostChecked } from '../../secrets/hostChecked.ts';
import { saveIdentityRecord } from '../../sources/identityCache.ts';
import { markUnpublished, saveLastSync, saveMergedLive, saveState } from '../../machine/state.ts';
import { loadScanCache, refreshCache, saveScanCache } from '../../machine/watch.ts';
import { removeLive, replaceLive } from '../../machine/liveSwap.ts';
import { saveMirrorRecord } from '../../machine/mirrorRecord.ts';
import { holdWaiting, releaseWaiting } from '../../machine/waitingStore.ts';
import { updateLiveIndex } from '../../machine/liveIndex.ts';
import { forgetOpenedConflicts, noteOpenedConflict } from '../../machine/openedConflicts.ts';
import { realDbEffects } from '../../claudeMem/effects.ts';
import type { Effects, TreeChanges } from './effects.ts';
import { progress } from '../../util/progress.ts';
import { logLine } from '../../util/log.ts';

/** The tree of `tip` with `changes`, their contents stored first (a long first publish shows its progress). */
async function treeOf(repo: LocalRepo, tip: string | null, changes: TreeChanges): Promise<string> {
  const ids = new Map<string, string | null>();
  const line = progress('storing files for the remote');
  for (const [p, c] of changes) {
    ids.set(p, c === null || typeof c === 'string' ? c : await repo.writeBlob(c));
    line.tick(ids.size, changes.size);
  }
  line.end();
  return repo.buildTree(tip, ids);
}

/** The effects carried out: live files, the local repository, the remote, the recorded state. */
export function realEffects(ctx: Context, repo: LocalRepo, lock: HeldLock, timeoutMs: number): Effects {
  let writer: (LiveWriter & { done(): Promise<void> }) | null = null;
  const live = () => {
    if (!writer) throw new MemsyncError('internal: a live write outside beginLiveWrites');
    return writer;
  };
  const tree = (tip: string | null, changes: TreeChanges) => treeOf(repo, tip, changes);
  const stillOurs = (what: string) => {
    if (lock.compromised())
      throw new MemsyncError(
        `another process took over the sync lock; stopping before ${what}`,
        'failure',
        'run memsync sync again',
      );
  };
  return {
    ...realDbEffects(ctx.home),
    answersPush: true,
    ...realMirrorEffects(ctx),
    noteMergedLive: (merged) => saveMergedLive(ctx.home, merged),
    readLive: readIfUnchanged,
    async beginLiveWrites(targets) {
      writer = await createLiveWriter(ctx, targets);
    },
    async writeLive(livePath, content, expected) {
      try {
        return await live().write(livePath, content, expected);
      } catch (e) {
        // A folder where the file goes (or a file where a folder goes): left as it is, for the next sync.
        if (['EISDIR', 'ENOTDIR', 'EEXIST', 'ENOTEMPTY'].includes((e as NodeJS.ErrnoException).code ?? ''))
          return false;
        throw e;
      }
    },
    async removeLive(livePath, expected, stopAt) {
      if (!(await live().remove(livePath, expected))) return false;
      await pruneEmptyFolders(path.dirname(livePath), stopAt);
      return true;
    },
    async noteOpenedConflict(p, record) {
      if (p === null) forgetOpenedConflicts(ctx.home);
      else noteOpenedConflict(ctx.home, p, record!);
    },
    createCopy: (copyPath, content) => live().create(copyPath, content),
    removeCopyIfUntouched: (c) => removeCopyIfUntouched(c),
    async endLiveWrites() {
      await writer?.done();
      writer = null;
    },
    async publish(tip, changes, message) {
      const commit = await repo.commit(await tree(tip, changes), tip, message);
      stillOurs('pushing');
      return (await repo.push(commit, tip, timeoutMs)) === 'pushed' ? { pushed: true, commit } : { pushed: false };
    },
    async propose(tip, changes, message) {
      return pushProposal(repo, tip, await tree(tip, changes), message, timeoutMs);
    },
    deleteBranch: (name, tip) => repo.setRemoteBranch(name, null, tip, timeoutMs),
    keepRef: (name, commit) => repo.writeRef(name, commit),
    ...realMachineRecords(ctx),
    holdWaiting: async (items) => holdWaiting(ctx.home, items),
    releaseWaiting: async (done) => releaseWaiting(ctx.home, done),
    recoverInterruptedWrites: async (folders) => (await recoverInterruptedWrites(ctx, folders)).note,
    refreshMirrors: async (refresh) => refresh(),
    async saveState(next) {
      stillOurs('recording the sync');
      return saveState(ctx.home, next);
    },
    saveLastSync: (iso) => saveLastSync(ctx.home, iso),
    async saveScanCache(cache, indexed) {
      // The index first: a cache saved after it names it, and one that was not names another.
      const id = await updateLiveIndex(ctx.home, cache, indexed);
      saveScanCache(ctx.home, id ? { ...cache, liveIndex: id } : { ...cache, liveIndex: undefined });
    },
    markUnpublished: (why) => markUnpublished(ctx.home, why),
    // Upkeep only: a pack that cannot be made now is made by a later sync; the log says why not.
    tidyStore: () => repo.tidy(timeoutMs).then(ignore, (e) => logLine(ctx.home, 'store packing skipped', e)),
  };
}

const ignore = () => undefined;

/** What this machine remembers between syncs of its projects and its name. */
function realMachineRecords(
  ctx: Context,
): Pick<Effects, 'rememberProjects' | 'rememberHostChecked' | 'saveIdentities'> {
  return {
    rememberProjects: async (paths) => void (await rememberProjects(ctx.home, [...paths])),
    rememberHostChecked: async () => saveHostChecked(ctx.home, ctx.host),
    saveIdentities: async (record) => saveIdentityRecord(ctx.home, record),
  };
}

type MirrorEffects = Pick<Effects, 'writeMirror' | 'removeMirror' | 'saveMirrorRecord' | 'refreshScanCache'>;

/** The refresh of other checkouts' memory folders from their primary, carried out. */
function realMirrorEffects(ctx: Context): MirrorEffects {
  return {
    async writeMirror(target, content, expected) {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      return replaceLive(target, content, expected, ctx.host);
    },
    removeMirror: async (target, expected) => removeLive(target, expected, ctx.host),
    saveMirrorRecord: async (record) => saveMirrorRecord(ctx.home, record),
    async refreshScanCache(files) {
      const cache = loadScanCache(ctx.home);
      // No cache (not saved, or damaged) already makes Stop push: one with only mirrors would not.
      if (!Object.keys(cache.dirs).length) return;
      refreshCache(cache, files);
      saveScanCache(ctx.home, cache);
    },
  };
}

/** Removes folders left empty by a deletion (so a file of the same name can take their place). */
async function pruneEmptyFolders(dir: string, stopAt: string): Promise<void> {
  const root = path.resolve(stopAt);
  for (let d = path.resolve(dir); d !== root && d.startsWith(root + path.sep); d = path.dirname(d)) {
    try {
      await fsp.rmdir(d);
    } catch {
      return;
    }
  }
}
