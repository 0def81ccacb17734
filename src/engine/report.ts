import type { DecisionKind, SyncMode } from '../reconcile/decide.ts';
import type { ProposalResult } from '../machine/proposal.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import type { Refusal } from '../machine/untrusted.ts';
import type { DbReport } from '../claudeMem/source.ts';
import type { Hold } from './plan.ts';
import type { Root } from '../sources/roots.ts';
import type { Recorded } from './effects/recorder.ts';
import type { HeldDeletion } from '../reconcile/massDelete.ts';

export interface SyncOptions {
  mode: SyncMode;
  dryRun?: boolean;
  message?: string;
  /** Project folders on this machine to learn (`--project`, the hook's cwd). */
  projects?: string[];
  /** How long to wait for another sync on this machine before leaving the work to it. */
  lockWaitMs?: number;
  /** Budget for each fetch and push. */
  networkTimeoutMs?: number;
  /**
   * A time (performance.now()) the network must be done by: waiting for another sync's lock comes
   * out of the network's budget, so a caller with a budget of its own (SessionStart) stays within it.
   */
  networkBy?: number;
  /** Dry runs only: when the remote cannot be reached, plan against the last fetched tip. */
  offlineOk?: boolean;
  /** Take the remote as it is now when its history no longer holds the tip this machine synced with. */
  adoptRemote?: boolean;
  /** Held mass deletions the user let go, or whose files come back (`memsync resolve PROJECT`). */
  releaseDeletes?: { confirmed?: ReadonlySet<string>; restore?: ReadonlySet<string> };
}

export interface SyncReport {
  mode: SyncMode;
  dryRun: boolean;
  /** Remote changes written live. */
  taken: string[];
  /** Live changes put on the remote. */
  published: string[];
  /** Changed on both sides and merged cleanly. */
  merged: string[];
  /** Deleted on one side and so on the other. */
  deleted: string[];
  deletedLive: string[];
  deletedRemote: string[];
  /** Open conflicts: the path and its conflict copy (`shape`: a file/folder conflict, the copy holds the file). */
  conflicts: { path: string; copy: string; shape?: 'local' | 'remote'; clash?: string }[];
  /** Paths that changed during the sync: left for the next one. */
  skipped: string[];
  /** Live files this sync wrote or deleted (not conflict copies). */
  liveChanged: string[];
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
  /** What the plan says (always filled). */
  plan: { path: string; action: DecisionKind; runs: boolean }[];
  /** Paths this run changes (or, in a dry run, would change) on the remote and live. */
  pending: { push: string[]; pull: string[] };
  /** Live changes this run left unpublished (a pull, a change made meanwhile): the next push takes them. */
  unpublished: string[];
  /** Rounds lost to other machines' pushes before this run's landed (each went again from the new tip). */
  retries?: number;
  commit: string | null;
  remoteTip: string | null;
  /**
   * Projects on the remote's tip that no folder here holds, when the round read that tip's tree
   * (a dry run reads a tip this machine's store may not have).
   */
  remoteOnly?: string[];
  notes: string[];
  /** True when a dry run could not reach the remote. */
  offline?: boolean;
  /** Live files kept on this machine by `sync: false` in their front matter. */
  localOnly: string[];
  /** A contributor's changes, put on its own branch instead of the shared one. */
  proposed: string[];
  proposal?: ProposalResult;
  /** Live files held back from publishing: the secret scan found something (masked here). */
  heldSecrets: HeldSecret[];
  /** Paths that took no part, and why (unreadable, unusable name, a file/folder clash). */
  held: Hold[];
  /** Remote entries not written here (hostile or unusable), and why. */
  refused: Refusal[];
  /** claude-mem's database, when it is synced. */
  claudeMem?: DbReport;
  /** Why claude-mem's database could not be synced (one line), when it could not: the command fails. */
  claudeMemFailed?: string;
  /** The folders this round synced (none when it stopped first): what the index budget is measured on. */
  roots?: Root[];
  /** Mass deletions held until confirmed, per project or source folder. */
  heldDeletes: HeldDeletion[];
}

export type HeldSecret = { path: string } & SecretFinding;

/** Where a held secret is, for people: `PATH:LINE`, or the path (masked) and "its name". */
export function heldWhere(h: HeldSecret): string {
  return h.line ? `${h.path}:${h.line}` : `${h.path} (its name)`;
}

export function emptyReport(mode: SyncMode, dryRun: boolean): SyncReport {
  return {
    mode,
    dryRun,
    taken: [],
    published: [],
    merged: [],
    deleted: [],
    deletedLive: [],
    deletedRemote: [],
    conflicts: [],
    skipped: [],
    liveChanged: [],
    localOnly: [],
    proposed: [],
    heldSecrets: [],
    heldDeletes: [],
    held: [],
    refused: [],
    plan: [],
    pending: { push: [], pull: [] },
    unpublished: [],
    commit: null,
    remoteTip: null,
    notes: [],
  };
}

export type RoundLists = Pick<
  SyncReport,
  'taken' | 'published' | 'merged' | 'deletedLive' | 'deletedRemote' | 'skipped' | 'liveChanged'
>;

export function emptyLists(): RoundLists {
  return { taken: [], published: [], merged: [], deletedLive: [], deletedRemote: [], skipped: [], liveChanged: [] };
}

/** Adds one round's work to the report; a round whose push was overtaken only keeps its live writes. */
export function mergeLists(into: SyncReport, r: RoundLists, pushed: boolean): void {
  const add = (list: string[], more: string[]) => {
    const seen = new Set(list);
    for (const p of more) if (!seen.has(p)) list.push(p);
  };
  add(into.taken, r.taken);
  add(into.deletedLive, r.deletedLive);
  add(into.skipped, r.skipped);
  add(into.liveChanged, r.liveChanged);
  if (pushed) {
    add(into.published, r.published);
    add(into.merged, r.merged);
    add(into.deletedRemote, r.deletedRemote);
  }
  into.deleted = [...new Set([...into.deletedLive, ...into.deletedRemote])].sort();
}
