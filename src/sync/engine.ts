import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { makePlan, type PlanItem } from '../reconcile/plan.ts';
import { holdMassDeletions, type HeldDeletion, type HoldOptions } from '../reconcile/massDelete.ts';
import type { DecisionKind, SyncMode } from '../reconcile/decide.ts';
import { mergeText } from '../merge/textMerge.ts';
import type { LocalRepo } from '../store/repo.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { buildRoots, longestFolderPrefix, makeFilter, forgetMovedFolders, type Root } from '../sources/roots.ts';
import { loadRegistry, rememberProjects } from '../sources/registry.ts';
import { projectPathsFromTranscripts } from '../sources/discover.ts';
import picomatch from 'picomatch';
import { blobHash } from '../util/blobHash.ts';
import { pathProblem, printable } from '../util/safePath.ts';
import type { Context } from './context.ts';
import { tmpDir } from './context.ts';
import { withSyncLock, type HeldLock } from './lock.ts';
import { readIfUnchanged, scanLive, type LiveFile } from './scan.ts';
import { loadBase, loadHeader, saveLastSync, saveState, type MachineState, type ConflictRecord } from './state.ts';
import { createLiveWriter, recoverInterruptedWrites, type LiveWriter } from './liveWrite.ts';
import { loadScanCache, refreshCache, saveScanCache } from './watch.ts';
import { conflictCopyPath, findCopyOf, removeCopyIfUntouched } from './conflictCopy.ts';
import { checkLayout, LAYOUT_FILE, layoutBlob } from './layout.ts';
import { pushProposal, type ProposalResult } from './proposal.ts';
import { heldFindings } from '../secrets/allow.ts';
import { screenRemote, textProblem, type Refusal } from './untrusted.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import { containProblem } from '../safety/contain.ts';
import { DiskFullError } from '../safety/osError.ts';
import { sqliteAvailability } from '../claudeMem/sqlite.ts';
import { claudeMemSkipped, claudeMemUnchanged, dbCommitSummary, syncClaudeMem, type DbReport } from './dbSync.ts';

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
  /** Dry runs only: when the remote cannot be reached, plan against the last fetched tip. */
  offlineOk?: boolean;
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
  /** Open conflicts: the path and its conflict copy. */
  conflicts: { path: string; copy: string }[];
  /** Paths that changed during the sync: left for the next one. */
  skipped: string[];
  /** Live files this sync wrote or deleted (not conflict copies). */
  liveChanged: string[];
  /** What the plan says (always filled; the only output of a dry run). */
  plan: { path: string; action: DecisionKind; runs: boolean }[];
  commit: string | null;
  remoteTip: string | null;
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
  /** Remote entries not written here (hostile or unusable), and why. */
  refused: Refusal[];
  /** claude-mem's database, when it is synced. */
  claudeMem?: DbReport;
  /** Mass deletions held until confirmed, per project or source folder. */
  heldDeletes: HeldDeletion[];
  /** Why claude-mem's database could not be synced (one line), when it could not: the command fails. */
  claudeMemFailed?: string;
}

export type HeldSecret = { path: string } & SecretFinding;

const MAX_ROUNDS = 8;

/** One sync of this machine with the remote: lock, scan, fetch, decide, apply, commit, push, record. */
export async function runSync(ctx: Context, opts: SyncOptions): Promise<SyncReport> {
  // A dry run writes nothing shared, so it neither waits for nor blocks a running sync.
  if (opts.dryRun) return syncLocked(ctx, opts, { compromised: () => false });
  const result = await withSyncLock(ctx.home, opts.lockWaitMs ?? 120_000, (lock) => syncLocked(ctx, opts, lock));
  if (result === 'busy') throw new MemsyncError('another sync is running on this machine and did not finish in time', 1, 'try again in a moment');
  return result;
}

async function syncLocked(ctx: Context, given: SyncOptions, lock: HeldLock): Promise<SyncReport> {
  const { home, settings } = ctx;
  const dryRun = !!given.dryRun;
  const timeout = given.networkTimeoutMs ?? settings.networkTimeoutMs;
  const report = emptyReport(given.mode, dryRun);
  if (settings.role === 'off') {
    report.notes.push('this machine\'s role is "off": nothing is synced (memsync configure or settings.json role)');
    return report;
  }
  // A consumer pulls and never publishes: whatever was asked, only the pull side runs.
  const opts: SyncOptions = settings.role === 'consumer' ? { ...given, mode: 'pull' } : given;
  if (opts.mode !== given.mode) report.notes.push('this machine\'s role is "consumer": it pulls and never pushes');
  // A contributor takes the shared branch like a peer but publishes to its own branch only, so
  // its base stays the shared version of what it proposes until a reviewer merges it.
  const contributor = settings.role === 'contributor' && opts.mode !== 'pull';
  const state = await loadHeader(home);
  const repo = openRepo(ctx);
  await repo.ensure(settings.remote);

  const { roots, notes } = await resolveRoots(ctx, opts.projects ?? [], dryRun);
  report.notes.push(...notes);
  const recovered = dryRun ? null : await recoverInterruptedWrites(home, roots.map((r) => r.liveDir));
  if (recovered?.note) report.notes.push(recovered.note);
  const index = rootIndex(roots, settings.exclude);
  // What decides which paths are mapped: when it is unchanged, so is the set of mapped paths.
  // Encryption is part of it: switching it on or off re-checks the remote's layout marker.
  const rootsKey = [
    ...roots.map((r) => `${r.repoPrefix}|${r.liveDir}|${r.include.join(',')}|${r.exclude.join(',')}`).sort(),
    `exclude|${settings.exclude.join(',')}`,
    ...(settings.encryption === 'age' ? ['encryption|age'] : []),
  ];
  const rootsSame = sameList(rootsKey, state.roots);

  const conflicts = new Map(Object.entries(state.conflicts).filter(([p]) => index.maps(p)));
  let cache = loadScanCache(home);
  // The cache belongs to this state when the sync that saved the state also saved the cache.
  const cacheMatchesState = cache.seq === state.seq;
  let base: Map<string, string> | undefined;

  for (let round = 1; round <= MAX_ROUNDS; round++) {
    // A pull or sync fetches while it scans (git runs beside the synchronous scan).
    const early = round === 1 && opts.mode !== 'push' ? fetchOrLast(repo, timeout, dryRun && !!opts.offlineOk, report) : null;
    early?.catch(() => undefined);
    const scan = scanLive(roots, settings.exclude, cache);
    cache = scan.cache;
    report.localOnly = [...scan.localOnly.values()].sort();
    // A push with local changes first tries on top of the last known tip without fetching: if the
    // fast-forward push lands, the remote had not moved, so nothing was missed. If it is rejected,
    // or the plan would need remote content, the next round fetches. Only on the very tip this
    // machine last synced with (the tracking ref can lag behind it if a status fetch raced a push).
    const optimistic =
      !early && !contributor && round === 1 && !dryRun && scan.changed && state.remoteTip !== null && (await repo.localTip()) === state.remoteTip;
    const tip = early ? await early : optimistic ? state.remoteTip : await fetchOrLast(repo, timeout, dryRun && !!opts.offlineOk, report);
    const tipChanged = tip !== state.remoteTip;
    // Nothing moved anywhere since the last sync, which left nothing pending: done, without
    // reading the base (its size follows what exists, not what changed).
    // claude-mem's database counts as unchanged by its change marker (changeMarker.ts).
    let quietDb: DbReport | null | false = false;
    if (round === 1 && !optimistic && !scan.changed && cacheMatchesState && !tipChanged && rootsSame && isEmpty(state.pending) && isEmpty(state.conflicts) && isEmpty(state.held) && isEmpty(state.heldDeletes) && (quietDb = await claudeMemUnchanged(ctx)) !== false) {
      if (quietDb) report.claudeMem = quietDb;
      if (!dryRun) await saveLastSync(home, new Date().toISOString());
      report.refused = state.refused;
      return report;
    }
    // Only mapped paths take part: a project this machine does not know waits on the remote.
    base ??= new Map(rootsSame ? Object.entries(await loadBase(home, state)) : Object.entries(await loadBase(home, state)).filter(([p]) => index.maps(p)));
    if (round === 1 && !rootsSame) forgetMovedFolders(base, state.roots, roots);
    // Every commit memsync makes carries the layout file; a tip it has not seen is checked.
    const hasLayout = tip && (tipChanged || !rootsSame) ? await checkLayout(repo, tip) : tip !== null;
    let remote: Map<string, string>;
    if (tipChanged || !rootsSame || round > 1) {
      const screened = tip ? screenRemote(await repo.lsTree(tip, [], { sizes: true, keep: (p) => index.under(p) !== undefined }), index, base, settings.maxFileBytes) : { files: new Map<string, string>(), refused: [] };
      remote = screened.files;
      report.refused = screened.refused;
    } else {
      remote = overlay(base, state.pending);
      report.refused = [...state.refused];
    }
    const live = new Map([...scan.files].map(([p, f]) => [p, f.hash]));
    // A live file whose name not every system can hold is not published (others would refuse it).
    const unusable = new Set([...live.keys()].filter((p) => pathProblem(p) !== null));
    if (round === 1) for (const p of unusable) report.notes.push(`not synced: ${printable(p)}: ${pathProblem(p)}`);
    // Local-only files take no part at all: not published, not taken over, and not seen as
    // deleted (their base stays, for when the user syncs them again).
    const withoutLocal = (m: Map<string, string>) =>
      scan.localOnly.size || unusable.size ? new Map([...m].filter(([p]) => !scan.localOnly.has(p) && !unusable.has(p))) : m;
    const planned = makePlan({
      live,
      base: withoutLocal(base),
      remote: withoutLocal(remote),
      conflicts: new Map([...conflicts].filter(([p]) => !scan.localOnly.has(p) && !unusable.has(p)).map(([p, c]) => [p, c.remote])),
      mode: opts.mode,
    });
    const { items, held: heldDeletes } = holdMassDeletions(planned, base, massDeleteOptions(settings, index, opts));
    report.heldDeletes = heldDeletes;
    // Remote changes are never taken from an unfetched tip: fetch first.
    if (optimistic && items.some((it) => it.runs && ['take', 'deleteLive', 'merge', 'held'].includes(it.decision.kind))) continue;
    report.plan = items.map((it) => ({ path: it.path, action: it.decision.kind, runs: it.runs }));
    report.remoteTip = tip;
    // A contributor's database rows are taken, not proposed: row changes have no review branch yet.
    // A database that cannot be synced (a damaged remote table, a lock held too long) is named
    // and left as it is; the memory files still sync.
    const db = await syncClaudeMem(ctx, repo, tip, contributor ? 'pull' : opts.mode, dryRun).catch((e: unknown) => {
      if (!(e instanceof MemsyncError)) throw e;
      // No SQLite at all is a failure of the command; a busy or damaged database waits for the next sync.
      if (!('missing' in sqliteAvailability())) return claudeMemSkipped(ctx, e, dryRun);
      report.claudeMemFailed = `claude-mem's database was not synced: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
      report.notes.push(report.claudeMemFailed);
      return null;
    });
    if (db) report.claudeMem = db.report;
    if (dryRun) {
      report.heldSecrets = heldList(state.held);
      report.conflicts = [...conflicts].map(([p, c]) => ({ path: p, copy: c.copy }));
      fillDryRunLists(report, items);
      return report;
    }

    const outcome = await applyPlan(ctx, repo, opts.mode, contributor, items, scan.files, conflicts, index, tip);
    let changes = outcome.treeChanges;
    if (contributor) {
      if (changes.size) {
        if (!hasLayout) changes.set(LAYOUT_FILE, await repo.writeBlob(layoutBlob()));
        const tree = await repo.buildTree(tip, changes);
        report.proposal = await pushProposal(repo, tip, tree, commitMessage(opts.message, ctx.host, outcome.report), timeout);
        if (report.proposal.note) report.notes.push(report.proposal.note);
        report.proposed = [...changes.keys()].filter((p) => p !== LAYOUT_FILE).sort();
      }
      outcome.report.published = [];
      outcome.report.deletedRemote = [];
      changes = new Map();
    }
    for (const [p, h] of db?.treeChanges ?? []) changes.set(p, h);
    let newTip = tip;
    // Each change differs from the remote tip (publish only what differs), so there is a new tree.
    if (changes.size > 0) {
      if (!hasLayout) changes.set(LAYOUT_FILE, await repo.writeBlob(layoutBlob(repo.encryption)));
      const tree = await repo.buildTree(tip, changes);
      const commit = await repo.commit(tree, tip, commitMessage(opts.message, ctx.host, outcome.report, db?.report));
      if (lock.compromised()) throw new MemsyncError('another process took over the sync lock; stopping before pushing', 1, 'run memsync sync again');
      const pushed = await repo.push(commit, timeout);
      if (pushed === 'rejected') {
        // Another machine pushed first. What was written live stays (it agrees with remote
        // history); decide again against the new tip.
        for (const [p, h] of outcome.agreedLive) setOrDelete(base, p, h);
        mergeReports(report, outcome.report, false);
        await sleep(50 + Math.random() * 200 * round);
        continue;
      }
      newTip = commit;
      report.commit = commit;
    }
    await db?.commit();
    for (const [p, h] of outcome.newBase) setOrDelete(base, p, h);
    mergeReports(report, outcome.report, true);
    report.refused = uniqueRefusals([...report.refused, ...outcome.refused]);
    const newRemote = new Map(remote);
    // Only mapped files: the database's files have a state of their own (dbSync.ts).
    for (const [p, h] of changes) if (p !== LAYOUT_FILE && index.maps(p)) setOrDelete(newRemote, p, h);
    const pending: Record<string, string | null> = {};
    for (const p of new Set([...base.keys(), ...newRemote.keys()])) {
      const r = newRemote.get(p) ?? null;
      if (r !== (base.get(p) ?? null)) pending[p] = r;
    }
    report.conflicts = [...conflicts].map(([p, c]) => ({ path: p, copy: c.copy }));
    report.remoteTip = newTip;
    // A held file that this sync did not try to publish (a pull) stays held.
    const notTried = new Set(items.filter((it) => !it.runs && (it.decision.kind === 'publish' || it.decision.kind === 'merge')).map((it) => it.path));
    const held = { ...Object.fromEntries(Object.entries(state.held).filter(([p]) => notTried.has(p) || !index.maps(p))), ...Object.fromEntries(outcome.held) };
    report.heldSecrets = heldList(held);
    const next: MachineState = {
      version: 1,
      seq: state.seq,
      remoteTip: newTip,
      roots: rootsKey,
      base: Object.fromEntries([...base].sort(([a], [b]) => (a < b ? -1 : 1))),
      pending,
      // Conflicts of projects not mapped this time are kept for when they are mapped again.
      conflicts: { ...Object.fromEntries(Object.entries(state.conflicts).filter(([p]) => !index.maps(p))), ...Object.fromEntries(conflicts) },
      held,
      heldDeletes: Object.fromEntries(heldDeletes.map((h) => [h.prefix, { label: h.label, paths: h.paths, of: h.of }])),
      refused: report.refused,
      lastSyncTime: new Date().toISOString(),
    };
    if (lock.compromised()) throw new MemsyncError('another process took over the sync lock; stopping before recording the sync', 1, 'run memsync sync again');
    // A sync that found and did nothing rewrites only its time (cost follows what changed).
    const effective = items.some((it) => it.runs && it.decision.kind !== 'held') || newTip !== state.remoteTip || !rootsSame || !isEmpty(state.held) || heldDeletes.length > 0 || !isEmpty(state.heldDeletes);
    const seq = effective ? await saveState(home, next) : state.seq;
    if (!effective) await saveLastSync(home, next.lastSyncTime!);
    // The cache is saved after the state it matches (a crash between leaves a stale cache, which
    // only means a full comparison next time).
    const written = [...report.liveChanged, ...report.conflicts.map((c) => c.copy)];
    if (scan.changed || written.length || cache.seq !== seq) {
      refreshCache(cache, written);
      cache.seq = seq;
      saveScanCache(home, cache);
    }
    return report;
  }
  throw new MemsyncError(`the remote kept moving: ${MAX_ROUNDS} pushes in a row were overtaken by other machines`, 1, 'nothing was lost; run memsync sync again');
}

interface ApplyOutcome {
  treeChanges: Map<string, string | null>;
  /** New base per path (null: absent) once the push has landed. */
  newBase: Map<string, string | null>;
  /** Base entries valid even if the push is overtaken: live now equals a remote version. */
  agreedLive: Map<string, string | null>;
  /** Paths whose content the secret scan held back. */
  held: Map<string, SecretFinding[]>;
  refused: Refusal[];
  report: Pick<SyncReport, 'taken' | 'published' | 'merged' | 'deletedLive' | 'deletedRemote' | 'skipped' | 'liveChanged'>;
}

/** Carries out the plan's live writes and collects the remote tree changes and new bases. */
async function applyPlan(
  ctx: Context,
  repo: LocalRepo,
  mode: SyncMode,
  proposeOnly: boolean,
  items: PlanItem[],
  liveFiles: Map<string, LiveFile>,
  conflicts: Map<string, ConflictRecord>,
  index: RootIndex,
  tip: string | null,
): Promise<ApplyOutcome> {
  const out: ApplyOutcome = {
    treeChanges: new Map(),
    newBase: new Map(),
    agreedLive: new Map(),
    held: new Map(),
    refused: [],
    report: { taken: [], published: [], merged: [], deletedLive: [], deletedRemote: [], skipped: [], liveChanged: [] },
  };
  const runnable = items.filter((it) => it.runs);
  const livePathOf = (p: string) => liveFiles.get(p)?.livePath ?? index.livePath(p);
  const needBlobs = new Set<string>();
  for (const it of runnable) {
    const k = it.decision.kind;
    if ((k === 'take' || k === 'merge') && it.remote) needBlobs.add(it.remote);
    if (k === 'merge' && it.base) needBlobs.add(it.base);
  }
  const blobs = await repo.readBlobs(needBlobs);
  const targets = runnable.filter((it) => ['take', 'deleteLive', 'merge'].includes(it.decision.kind)).map((it) => livePathOf(it.path));
  const writer = await createLiveWriter(ctx.home, targets);
  const union = picomatch(ctx.settings.unionMerge, { dot: true });
  // A remote text file that is not UTF-8 is refused before anything is written (base unchanged).
  const refuseText = (p: string, content: Buffer) => {
    const problem = textProblem(p, content);
    if (problem) out.refused.push({ path: p, reason: problem });
    return problem !== null;
  };
  // Nothing with a secret the user has not released is ever published (encrypted or not).
  const secretsIn = async (p: string, content: Buffer) => {
    const found = await heldFindings(p, content, ctx.settings.secrets.allow);
    if (found.length) out.held.set(p, found);
    return found.length > 0;
  };
  for (const it of runnable) {
    const livePath = livePathOf(it.path);
    const closeConflict = async () => {
      const c = conflicts.get(it.path);
      if (c) {
        await removeCopyIfUntouched(c);
        conflicts.delete(it.path);
      }
    };
    switch (it.decision.kind) {
      case 'agree':
        out.newBase.set(it.path, it.live);
        out.agreedLive.set(it.path, it.live);
        await closeConflict();
        break;
      case 'take': {
        const content = blobs.get(it.remote!)!;
        if (refuseText(it.path, content)) break;
        const refusal = containProblem(index.lookup(it.path)!.root.liveDir, livePath);
        if (refusal) {
          out.refused.push({ path: it.path, reason: refusal });
          break;
        }
        if (await writer.write(livePath, content, it.live)) {
          out.newBase.set(it.path, it.remote);
          out.agreedLive.set(it.path, it.remote);
          out.report.taken.push(it.path);
          out.report.liveChanged.push(livePath);
          await closeConflict();
        } else out.report.skipped.push(it.path);
        break;
      }
      case 'deleteLive':
        if (await writer.remove(livePath, it.live!)) {
          out.newBase.set(it.path, null);
          out.agreedLive.set(it.path, null);
          out.report.deletedLive.push(it.path);
          out.report.liveChanged.push(livePath);
          await closeConflict();
        } else out.report.skipped.push(it.path);
        break;
      case 'publish': {
        const { ok, content } = readIfUnchanged(livePath, it.live);
        if (!ok || !content) {
          out.report.skipped.push(it.path);
          break;
        }
        if (await secretsIn(it.path, content)) break;
        out.treeChanges.set(it.path, await repo.writeBlob(content));
        if (!proposeOnly) out.newBase.set(it.path, it.live);
        out.report.published.push(it.path);
        await closeConflict();
        break;
      }
      case 'deleteRemote':
        out.treeChanges.set(it.path, null);
        if (!proposeOnly) out.newBase.set(it.path, null);
        out.report.deletedRemote.push(it.path);
        await closeConflict();
        break;
      case 'merge': {
        const { ok, content: local } = readIfUnchanged(livePath, it.live);
        if (!ok || !local) {
          out.report.skipped.push(it.path);
          break;
        }
        const remoteContent = blobs.get(it.remote!)!;
        if (refuseText(it.path, remoteContent)) break;
        const merged = await mergeText(local, it.base ? blobs.get(it.base)! : null, remoteContent, union(it.path), tmpDir(ctx.home));
        if (merged.clean) {
          const mergedHash = blobHash(merged.content);
          if (mergedHash !== it.live) {
            if (!(await writer.write(livePath, merged.content, it.live))) {
              out.report.skipped.push(it.path);
              break;
            }
            out.report.liveChanged.push(livePath);
          }
          out.report.merged.push(it.path);
          await closeConflict();
          if (mergedHash === it.remote) {
            out.newBase.set(it.path, it.remote);
            out.agreedLive.set(it.path, it.remote);
          } else if (mode !== 'pull' && !proposeOnly && !(await secretsIn(it.path, merged.content))) {
            out.treeChanges.set(it.path, await repo.writeBlob(merged.content));
            out.newBase.set(it.path, mergedHash);
          } else {
            // A contributor proposes the merge (unless it holds a secret); the shared branch still holds the remote version.
            if (proposeOnly && !(await secretsIn(it.path, merged.content))) out.treeChanges.set(it.path, await repo.writeBlob(merged.content));
            // Pull, or a secret held back: the merge holds everything the remote has; the next
            // push publishes it (once the secret is gone or released).
            out.newBase.set(it.path, it.remote);
            out.agreedLive.set(it.path, it.remote);
          }
          break;
        }
        await openConflict(ctx, repo, tip, it, livePath, remoteContent, conflicts, writer);
        break;
      }
      case 'held':
      case 'none':
        break;
    }
  }
  await writer.done();
  return out;
}

/** Writes the remote version beside live as a conflict copy (one per distinct remote version). */
async function openConflict(
  ctx: Context,
  repo: LocalRepo,
  tip: string | null,
  it: PlanItem,
  livePath: string,
  remoteContent: Buffer,
  conflicts: Map<string, ConflictRecord>,
  writer: LiveWriter,
): Promise<void> {
  const prev = conflicts.get(it.path);
  if (prev && prev.remote === it.remote) return;
  if (prev) await removeCopyIfUntouched(prev);
  const host = (tip && (await repo.lastHostFor(tip, it.path))) || 'remote';
  let copy = findCopyOf(livePath, it.remote!);
  if (!copy) {
    copy = conflictCopyPath(livePath, host, new Date());
    await writer.create(copy, remoteContent);
  }
  conflicts.set(it.path, {
    remote: it.remote,
    livePath,
    copy,
    copyHash: blobHash(remoteContent),
    host,
    since: new Date().toISOString(),
  });
}

async function fetchOrLast(repo: LocalRepo, timeout: number, offlineOk: boolean, report: SyncReport): Promise<string | null> {
  try {
    return await repo.fetch(timeout);
  } catch (e) {
    if (!offlineOk || e instanceof DiskFullError) throw e;
    report.notes.push(`remote not reached (${(e as Error).message}); showing the state as of the last fetch`);
    report.offline = true;
    return repo.localTip();
  }
}

/** Project folders this machine knows: the registry, this call's, and (when a memory folder is still unidentified) transcripts. */
export async function resolveRoots(ctx: Context, extra: string[], dryRun: boolean): Promise<{ roots: Root[]; notes: string[] }> {
  const known = await loadRegistry(ctx.home);
  const given = extra.map((p) => path.resolve(p));
  let paths = [...new Set([...known, ...given])];
  let built = await buildRoots(ctx.settings, ctx.configDir, paths, ctx.env);
  if (ctx.settings.sources.claudeAutoMemory && built.roots.some((r) => r.repoPrefix.startsWith('unmapped/'))) {
    const seen = await projectPathsFromTranscripts(ctx.configDir);
    const have = new Set(paths);
    const fresh = seen.filter((p) => !have.has(p));
    if (fresh.length) {
      paths = [...paths, ...fresh];
      built = await buildRoots(ctx.settings, ctx.configDir, paths, ctx.env);
    }
  }
  // Only new folders: remembering re-reads the registry, which a sync already read above.
  const knownSet = new Set(known);
  const unseen = paths.filter((p) => !knownSet.has(p));
  if (!dryRun && unseen.length) await rememberProjects(ctx.home, unseen);
  return built;
}

export interface RootIndex {
  /** The synced folder prefix a repository path is under, whatever its name holds. */
  under(p: string): string | undefined;
  /** The root and relative path of a repository path, if this machine syncs it. */
  lookup(p: string): { root: Root; rel: string } | undefined;
  maps(p: string): boolean;
  livePath(p: string): string;
}

/** Finds the root of a repository path by its folder prefixes, in time proportional to its depth. */
export function rootIndex(roots: readonly Root[], globalExclude: readonly string[]): RootIndex {
  const byPrefix = new Map(roots.map((r) => [r.repoPrefix, { root: r, filter: makeFilter(r, globalExclude) }]));
  const lookup = (p: string) => {
    const prefix = longestFolderPrefix(byPrefix, p);
    if (prefix === undefined) return undefined;
    const hit = byPrefix.get(prefix)!;
    const rel = p.slice(prefix.length);
    // A remote path must stay inside its folder.
    if (pathProblem(rel) !== null || !hit.filter.includes(rel)) return undefined;
    return { root: hit.root, rel };
  };
  return {
    under: (p) => longestFolderPrefix(byPrefix, p),
    lookup,
    maps: (p) => lookup(p) !== undefined,
    livePath(p) {
      const hit = lookup(p);
      if (!hit) throw new MemsyncError(`internal: ${p} is not under any synced folder`);
      return path.join(hit.root.liveDir, ...hit.rel.split('/'));
    },
  };
}

/**
 * The roots and index a sync would use on this machine, for commands that map paths without
 * syncing (log, restore). Read-only: it does not remember projects.
 */
export async function syncRoots(ctx: Context): Promise<{ roots: Root[]; index: RootIndex }> {
  const { roots } = await resolveRoots(ctx, [], true);
  return { roots, index: rootIndex(roots, ctx.settings.exclude) };
}

/**
 * The repository path of a live file or folder on this machine (the root with the longest live
 * folder holding it), or undefined when no synced folder holds it. A folder maps to a prefix.
 */
export function repoPathOfLive(roots: readonly Root[], livePath: string): string | undefined {
  const abs = path.resolve(livePath);
  let best: { root: Root; rel: string } | undefined;
  for (const r of roots) {
    const rel = path.relative(r.liveDir, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || r.liveDir.length > best.root.liveDir.length) best = { root: r, rel };
  }
  if (!best) return undefined;
  const rel = best.rel.split(path.sep).join('/');
  return rel ? best.root.repoPrefix + rel : best.root.repoPrefix.replace(/\/$/, '');
}


function massDeleteOptions(settings: Context['settings'], index: RootIndex, opts: SyncOptions): HoldOptions {
  const groupOf = (p: string) => {
    const root = index.lookup(p)?.root;
    return root && { prefix: root.repoPrefix, label: root.label, source: root.source };
  };
  return { percent: settings.massDeletePercent, groupOf, ...opts.releaseDeletes };
}

/** The remote tree when the tip has not moved: the base, except where the last sync left it different. */
function overlay(base: Map<string, string>, pending: Record<string, string | null>): Map<string, string> {
  const out = new Map(base);
  for (const [p, h] of Object.entries(pending)) setOrDelete(out, p, h);
  return out;
}

function uniqueRefusals(list: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(`${r.path}\0${r.reason}`) && !!seen.add(`${r.path}\0${r.reason}`));
}

function heldList(held: Record<string, SecretFinding[]>): HeldSecret[] {
  return Object.entries(held).flatMap(([p, fs]) => fs.map((f) => ({ path: p, ...f })));
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

function setOrDelete(m: Map<string, string>, p: string, h: string | null): void {
  if (h === null) m.delete(p);
  else m.set(p, h);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function emptyReport(mode: SyncMode, dryRun: boolean): SyncReport {
  return { mode, dryRun, taken: [], published: [], merged: [], deleted: [], deletedLive: [], deletedRemote: [], conflicts: [], skipped: [], liveChanged: [], localOnly: [], proposed: [], heldSecrets: [], heldDeletes: [], refused: [], plan: [], commit: null, remoteTip: null, notes: [] };
}

/** Adds one round's work to the report; a round whose push was overtaken only keeps its live writes. */
function mergeReports(into: SyncReport, r: ApplyOutcome['report'], pushed: boolean): void {
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

function fillDryRunLists(report: SyncReport, items: PlanItem[]): void {
  for (const it of items) {
    if (!it.runs) continue;
    const k = it.decision.kind;
    if (k === 'take') report.taken.push(it.path);
    else if (k === 'publish') report.published.push(it.path);
    else if (k === 'merge') report.merged.push(it.path);
    else if (k === 'deleteLive') report.deletedLive.push(it.path);
    else if (k === 'deleteRemote') report.deletedRemote.push(it.path);
  }
  report.deleted = [...report.deletedLive, ...report.deletedRemote].sort();
}

function commitMessage(message: string | undefined, host: string, r: ApplyOutcome['report'], db?: DbReport): string {
  const files = `${r.published.length} published, ${r.merged.length} merged, ${r.deletedRemote.length} deleted`;
  const summary = `memsync: ${host}: ${files}${db ? dbCommitSummary(db) : ''}`;
  const lines = [...r.published.map((p) => `M ${p}`), ...r.merged.map((p) => `U ${p}`), ...r.deletedRemote.map((p) => `D ${p}`)];
  const body = lines.length > 50 ? [...lines.slice(0, 50), `... and ${lines.length - 50} more`] : lines;
  return `${message ? `${message}\n\n${summary}` : summary}\n\n${body.join('\n')}\n\nMemsync-Host: ${host}\n`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
