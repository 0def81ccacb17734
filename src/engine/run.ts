import type { LocalRepo, ReadTree } from '../store/repo.ts';
import type { Root } from '../sources/roots.ts';
import type { Context } from '../machine/context.ts';
import type { ConflictRecord, MergedLive, StateHeader } from '../machine/state.ts';
import type { ScanCache } from '../machine/scanCacheFile.ts';
import type { LiveCheck } from '../machine/liveIndex.ts';
import type { Effects } from './effects/effects.ts';
import type { Lineage } from './lineage.ts';
import type { FoldAction } from './mirrors.ts';
import type { SyncOptions, SyncReport } from './report.ts';
import type { RootIndex } from './rootIndex.ts';

/** Everything one sync knows, passed between its steps. */
export interface Run {
  ctx: Context;
  opts: SyncOptions;
  report: SyncReport;
  repo: LocalRepo;
  fx: Effects;
  state: StateHeader;
  roots: Root[];
  /** The project folders this machine knows, recorded with the state. */
  projects: string[];
  index: RootIndex;
  /** What decides the mapped paths; when unchanged since the last sync, so is the set of mapped paths. */
  rootsKey: string[];
  rootsSame: boolean;
  /** A contributor publishes to its own branch only. */
  contributor: boolean;
  timeout: number;
  recorded: Lineage | null;
  /** The base counts for nothing: another remote, or a rewritten one the user adopted. */
  fresh: boolean;
  conflicts: Map<string, ConflictRecord>;
  /** File/folder conflicts an earlier sync opened without recording them (effects noteOpenedConflict). */
  opened: number;
  cache: ScanCache;
  /** git's check of the live files' stat, started with the run (machine/liveIndex.ts). */
  check: LiveCheck;
  /** The cache the live index matched when the run started (null: it is built again). */
  indexed: ScanCache | null;
  /** The scan cache was saved by the sync that saved the state (so the state's base matches what it saw). */
  cacheMatchesState: boolean;
  base?: Map<string, string>;
  /** Takes and merges written live and not yet recorded as the base, this sync's included (effects noteMergedLive). */
  mergedLive: MergedLive;
  /** What folding other checkouts' memory in changed (engine/mirrors.ts): a dry run scans as if done. */
  folded?: FoldAction[];
  /** Restored files held for their folder were written live before the scan (engine/placeWaiting.ts). */
  placed?: boolean;
  /** The remote's files as the last round read them (the next round reads only what changed since). */
  remoteRead?: ReadTree;
  /** The first round's fetch, started with the run (none for a push, which fetches only when it must). */
  early?: Fetch;
}

/** A fetch under way: the tip it ends at, and when git has started (or the fetch already ended). */
export interface Fetch {
  tip: Promise<string | null>;
  started: Promise<void>;
}

export function setOrDelete(m: Map<string, string>, p: string, h: string | null): void {
  if (h === null) m.delete(p);
  else m.set(p, h);
}

export function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
