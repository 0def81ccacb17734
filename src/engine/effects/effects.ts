import type { Version } from '../../reconcile/decide.ts';
import type { ConflictRecord, MachineState, MergedLive } from '../../machine/state.ts';
import type { ScanCache } from '../../machine/scanCacheFile.ts';
import type { LiveRead } from '../../machine/scan.ts';
import type { ProposalResult } from '../../machine/proposal.ts';
import type { DbEffects } from '../../claudeMem/effects.ts';
import type { MirrorRecord } from '../../machine/mirrorRecord.ts';
import type { IdentityRecord } from '../../sources/identityCache.ts';
import type { PushResult } from '../../store/repo.ts';
import type { WaitingVersion } from '../../machine/waitingStore.ts';

/** What a publish did: the commit on the shared branch, or `rejected` when another machine pushed first. */
export type PublishResult = { pushed: true; commit: string | null } | { pushed: false };

/** A tree change to publish: path -> content, or a blob id already stored (null: delete). */
export type TreeChanges = Map<string, Buffer | string | null>;

/**
 * Every effect a sync has on this machine, the local repository and the remote goes through here
 * (chezmoi's System). `realEffects` carries them out; `recordingEffects` is the dry run: it reads
 * what the real one would compare against, answers as the real one would, and changes nothing.
 * claude-mem's database source writes through its part of it (DbEffects).
 */
export interface Effects extends DbEffects {
  /**
   * Whether `publish` answers with the remote's own answer, so a push that lands proves the remote
   * had not moved and can stand in for a fetch (the recorder's cannot: it pushes nothing).
   */
  readonly answersPush: boolean;
  /**
   * Remembers, before they are written, the takes and merges about to go live and the remote version
   * each holds or merged in: if the push is refused or the sync dies before recording, the next one
   * starts from that version. An empty record clears it (the sync was recorded).
   */
  noteMergedLive(merged: MergedLive): Promise<void>;
  /**
   * Reads a live file and checks it still holds `expected` (the compare of compare-and-swap), as
   * this run has left it so far (a dry run: as the real run would have).
   */
  readLive(livePath: string, expected: Version): LiveRead;
  /** Starts the live writes of one round: `targets` are journaled first (crash leftovers are cleaned next time). */
  beginLiveWrites(targets: readonly string[]): Promise<void>;
  /**
   * Writes `content` if the live file still holds `expected` (compare-and-swap); false: it changed
   * meanwhile (or a folder is in the way), left for the next sync. The one place live files are written.
   */
  writeLive(livePath: string, content: Buffer, expected: Version): Promise<boolean>;
  /** Removes a live file if it still holds `expected`, and the folders it leaves empty up to `stopAt`. */
  removeLive(livePath: string, expected: string, stopAt: string): Promise<boolean>;
  /**
   * Remembers a file/folder conflict before its copy is written and its file moved out of the way
   * (the next sync takes it up if this one dies before recording it); `null` forgets them all.
   */
  noteOpenedConflict(p: string | null, record?: ConflictRecord): Promise<void>;
  /** Writes a conflict copy (a new file) beside a live file. */
  createCopy(copyPath: string, content: Buffer): Promise<void>;
  removeCopyIfUntouched(c: ConflictRecord): Promise<void>;
  endLiveWrites(): Promise<void>;
  /** Commits the changes on top of `tip` and pushes fast-forward only. */
  publish(tip: string | null, changes: TreeChanges, message: string): Promise<PublishResult>;
  /** A contributor's changes, on its own branch. */
  propose(tip: string | null, changes: TreeChanges, message: string): Promise<ProposalResult | null>;
  /** Deletes a branch of the remote other than the shared one, only if it still points at `tip`. */
  deleteBranch(name: string, tip: string): Promise<PushResult>;
  /** Keeps a commit reachable in the local repository under a ref of memsync's own. */
  keepRef(name: string, commit: string): Promise<void>;
  rememberProjects(paths: readonly string[]): Promise<void>;
  /** Remembers this machine's name as found clean by the secret scan (secrets/hostChecked.ts). */
  rememberHostChecked(): Promise<void>;
  /** Keeps the project identities read this time for the next sync (sources/identityCache.ts). */
  saveIdentities(record: IdentityRecord): Promise<void>;
  /** Keeps restored files whose folder this machine does not know yet, until a sync can place them. */
  holdWaiting(items: readonly { path: string; version: WaitingVersion; content: Buffer }[]): Promise<void>;
  /** Forgets held files once placed (or found the same as live). */
  releaseWaiting(done: readonly { path: string; sha: string }[]): Promise<void>;
  /** Finishes or undoes the live writes a killed sync left half done, only inside `folders`; a note if any. */
  recoverInterruptedWrites(folders: readonly string[]): Promise<string | undefined>;
  /**
   * Refreshes other checkouts' memory folders from their primaries once the sync is done
   * (engine/mirrors.ts refreshMirrors, through the mirror effects); a dry run records that it would,
   * since what it would write follows from the sync it did not carry out.
   */
  refreshMirrors(refresh: () => Promise<void>): Promise<void>;
  /** Records the new state last, atomically; returns its `seq`. */
  saveState(next: MachineState): Promise<number>;
  saveLastSync(iso: string): Promise<void>;
  /** Saves the scan cache with the live index brought in line (`indexed`: the cache the index matched). */
  saveScanCache(cache: ScanCache, indexed: ScanCache | null): Promise<void>;
  /** Sets or clears the mark that tells the hooks something is left to publish. */
  markUnpublished(why: string | null): Promise<void>;
  /** Packs the store's objects when many are loose (LocalRepo.tidy): no content changes, so a dry run skips it. */
  tidyStore(): Promise<void>;
  /**
   * Writes a file of another checkout's memory folder (a mirror) if it still holds `expected`,
   * through the guarded swap; not journaled: the journal names only the synced memory folders.
   */
  writeMirror(target: string, content: Buffer, expected: string | null): Promise<boolean>;
  /** Removes a mirror's file if it still holds `expected`. */
  removeMirror(target: string, expected: string): Promise<boolean>;
  /** Records what each mirror now holds as its primary does. */
  saveMirrorRecord(record: MirrorRecord): Promise<void>;
  /** Brings the saved scan cache in line with `files` (kept only when it already names folders). */
  refreshScanCache(files: readonly string[]): Promise<void>;
}
