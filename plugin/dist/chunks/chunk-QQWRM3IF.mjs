import {
  remoteOnlyProjects,
  waitingHere
} from "./chunk-YCTCFVAY.mjs";
import {
  recipientsProblem
} from "./chunk-ZNZFTM5Q.mjs";
import {
  indexesOverBudget
} from "./chunk-L2A4KYYN.mjs";
import {
  RemoteRewrittenError,
  runSync,
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import {
  lockHeld
} from "./chunk-WTWOWLG3.mjs";
import {
  loadHeader
} from "./chunk-KVTL3BT4.mjs";

// src/sync/status.ts
function unconfiguredStatus() {
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
    remoteOnlyProjects: []
  };
}
async function getStatus(ctx) {
  const state = await loadHeader(ctx.home);
  let plan;
  try {
    plan = await runSync(ctx, {
      mode: "sync",
      dryRun: true,
      offlineOk: true,
      networkTimeoutMs: ctx.settings.pullTimeoutMs
    });
  } catch (e) {
    if (!(e instanceof RemoteRewrittenError)) throw e;
    return {
      ...unconfiguredStatus(),
      ...where(ctx, state.lastSyncTime),
      remoteReachable: true,
      syncRunning: await lockHeld(ctx.home),
      remoteRewritten: { message: e.message, fix: e.hint }
    };
  }
  const push = plan.pending.push.length;
  const pull = plan.pending.pull.length;
  const { waiting, remoteOnly } = await waitingOf(ctx, plan);
  const localChanges = push > 0 || plan.unpublished.length > 0 || plan.heldSecrets.length > 0 || plan.held.length > 0 || plan.heldDeletes.length > 0 || plan.conflicts.length > 0;
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
    claudeMemProblem: plan.claudeMemFailed
  };
}
async function waitingOf(ctx, plan) {
  let waiting = [];
  try {
    waiting = waitingHere(ctx.home);
  } catch (e) {
    plan.notes.push(e.message);
  }
  const remoteOnly = await remoteOnlyProjects(ctx, plan, waiting).catch(() => []);
  return { waiting, remoteOnly };
}
function where(ctx, lastSyncTime) {
  return {
    configured: true,
    remoteUrl: ctx.settings.remote,
    branch: ctx.settings.branch,
    hostname: ctx.host,
    lastSyncTime
  };
}

export {
  unconfiguredStatus,
  getStatus
};
