import type { Context } from '../machine/context.ts';
import { runSync, syncRoots, type HeldSecret, type SyncReport } from './engine.ts';
import { indexesOverBudget, type IndexSize } from '../sources/indexBudget.ts';
import type { Refusal } from '../machine/untrusted.ts';
import type { HeldDeletion } from '../reconcile/massDelete.ts';
import { RemoteRewrittenError } from '../engine/lineage.ts';
import type { Hold } from '../engine/plan.ts';
import { lockHeld } from '../machine/lock.ts';
import { loadHeader } from '../machine/state.ts';
import type { DbReport } from '../claudeMem/source.ts';
import { recipientsProblem } from '../crypto/recipientsCheck.ts';
import { remoteOnlyProjects, waitingHere, type WaitGroup } from './waiting.ts';

export interface Status {
  configured: boolean;
  remoteUrl: string | null;
  branch: string | null;
  hostname: string | null;
  lastSyncTime: string | null;
  hasLocalChanges: boolean;
  isAheadOfRemote: boolean;
  isBehindRemote: boolean;
  isDiverged: boolean;
  pendingPush: number;
  pendingPull: number;
  conflicts: SyncReport['conflicts'];
  remoteReachable: boolean | null;
  syncRunning: boolean;
  /** Live files kept on this machine by `sync: false` in their front matter. */
  localOnly: string[];
  /** Live files held back from publishing by the secret scan. */
  heldSecrets: HeldSecret[];
  /** Auto memory indexes longer than Claude Code reads. */
  indexOverBudget: IndexSize[];
  /** Mass deletions held until confirmed. */
  heldDeletes: HeldDeletion[];
  /** Remote entries a sync would not write here, and why. */
  refused: Refusal[];
  /** Paths that take no part, and why (unreadable, unusable name, a file/folder clash). */
  held: Hold[];
  /** The remote's history no longer holds what this machine synced with: what happened and what to run. */
  remoteRewritten: { message: string; fix: string } | null;
  notes: string[];
  /** Why encrypted pushes are stopped: the remote's recipients list is not the one agreed to (one line). */
  recipientsProblem: string | null;
  /** Restored files waiting for their project's folder (or source) on this machine, grouped. */
  waiting: WaitGroup[];
  /** Projects on the remote with no folder on this machine. */
  remoteOnlyProjects: string[];
  /** claude-mem's database when it is synced: rows pending per table. */
  claudeMem?: DbReport;
  /** Why claude-mem's database cannot be synced here (one line), when it cannot. */
  claudeMemProblem?: string;
}

export function unconfiguredStatus(): Status {
  return {
    configured: false,
    remoteUrl: null,
    branch: null,
    hostname: null,
    lastSyncTime: null,
    hasLocalChanges: false,
    isAheadOfRemote: false,
    isBehindRemote: false,
    isDiverged: false,
    pendingPush: 0,
    pendingPull: 0,
    conflicts: [],
    remoteReachable: null,
    syncRunning: false,
    localOnly: [],
    heldSecrets: [],
    heldDeletes: [],
    indexOverBudget: [],
    refused: [],
    held: [],
    remoteRewritten: null,
    notes: [],
    recipientsProblem: null,
    waiting: [],
    remoteOnlyProjects: [],
  };
}

/**
 * Where this machine stands against the remote: the dry run of a sync (the same plan, secret scan
 * and merges, carried out through the recorder), offline-tolerant, that changes nothing.
 */
export async function getStatus(ctx: Context): Promise<Status> {
  const state = await loadHeader(ctx.home);
  let plan: SyncReport;
  try {
    plan = await runSync(ctx, {
      mode: 'sync',
      dryRun: true,
      offlineOk: true,
      networkTimeoutMs: ctx.settings.pullTimeoutMs,
    });
  } catch (e) {
    if (!(e instanceof RemoteRewrittenError)) throw e;
    return {
      ...unconfiguredStatus(),
      ...where(ctx, state.lastSyncTime),
      remoteReachable: true,
      syncRunning: await lockHeld(ctx.home),
      remoteRewritten: { message: e.message, fix: e.hint! },
    };
  }
  const push = plan.pending.push.length;
  const pull = plan.pending.pull.length;
  const { waiting, remoteOnly } = await waitingOf(ctx, plan);
  const localChanges =
    push > 0 ||
    plan.unpublished.length > 0 ||
    plan.heldSecrets.length > 0 ||
    plan.held.length > 0 ||
    plan.heldDeletes.length > 0 ||
    plan.conflicts.length > 0;
  return {
    configured: true,
    remoteUrl: ctx.settings.remote,
    branch: ctx.settings.branch,
    hostname: ctx.host,
    lastSyncTime: state.lastSyncTime,
    hasLocalChanges: localChanges,
    isAheadOfRemote: push > 0,
    isBehindRemote: pull > 0,
    isDiverged: push > 0 && pull > 0,
    pendingPush: push,
    pendingPull: pull,
    conflicts: plan.conflicts,
    remoteReachable: !plan.offline,
    syncRunning: await lockHeld(ctx.home),
    localOnly: plan.localOnly,
    heldSecrets: plan.heldSecrets,
    heldDeletes: plan.heldDeletes,
    indexOverBudget: indexesOverBudget(plan.roots ?? (await syncRoots(ctx)).roots),
    refused: plan.refused,
    held: plan.held,
    remoteRewritten: null,
    notes: plan.notes,
    recipientsProblem: await recipientsProblem(ctx),
    waiting,
    remoteOnlyProjects: remoteOnly,
    claudeMem: plan.claudeMem,
    claudeMemProblem: plan.claudeMemFailed,
  };
}

/** What waits for a folder here; a damaged record of held files is a note, not a failed status. */
async function waitingOf(ctx: Context, plan: SyncReport): Promise<{ waiting: WaitGroup[]; remoteOnly: string[] }> {
  let waiting: WaitGroup[] = [];
  try {
    waiting = waitingHere(ctx.home);
  } catch (e) {
    plan.notes.push((e as Error).message);
  }
  // Offline, the tip is the one last fetched: still what this machine knows of the remote.
  const remoteOnly = await remoteOnlyProjects(ctx, plan, waiting).catch(() => []);
  return { waiting, remoteOnly };
}

function where(ctx: Context, lastSyncTime: string | null) {
  return {
    configured: true,
    remoteUrl: ctx.settings.remote,
    branch: ctx.settings.branch,
    hostname: ctx.host,
    lastSyncTime,
  };
}
