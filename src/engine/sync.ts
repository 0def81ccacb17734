import { MemsyncError } from '../errors.ts';
import { DiskFullError } from '../safety/osError.ts';
import { claudeMemSkipped, noSqlite } from '../claudeMem/source.ts';
import type { HoldOptions } from '../reconcile/massDelete.ts';
import type { LocalRepo, TreeEntry } from '../store/repo.ts';
import { pathProblem, printable } from '../util/safePath.ts';
import { tmpDir, type Context } from '../machine/context.ts';
import { scanLive, type ScanResult } from '../machine/scan.ts';
import fs from 'node:fs';
import { loadBase, loadHeader, loadMergedLive, type StateHeader } from '../machine/state.ts';
import { loadOpenedConflicts } from '../machine/openedConflicts.ts';
import { loadScanCache } from '../machine/watch.ts';
import { startLiveCheck, type LiveCheck } from '../machine/liveIndex.ts';
import { checkLayout } from '../machine/layout.ts';
import { screenRemote, type Refusal } from '../machine/untrusted.ts';
import type { DbRound } from '../claudeMem/source.ts';
import { claudeMemSource } from './sources.ts';
import { projectOutside, rootIndex, resolveRoots, type RootIndex } from './rootIndex.ts';
import { applyFold, overlayFold, planFold, refreshMirrors, type Folded } from './mirrors.ts';
import { loadMirrorRecord, type MirrorRecord } from '../machine/mirrorRecord.ts';
import type { Hold } from './plan.ts';
import { readRound } from './prepare.ts';
import type { Prepared, RoundRead } from './steps.ts';
import { decideRound, planRound, type Decided, type RoundInput, type RoundPlan, type Snapshots } from './roundPlan.ts';
import { baseAfter, outcomeOf, type Outcome } from './outcome.ts';
import { applySteps } from './apply.ts';
import { checkLineage, previousTipRef, recordedLineage, RemoteRewrittenError } from './lineage.ts';
import { throughSeam, type Seam } from './effects/seam.ts';
import type { Fetch } from './run.ts';
import type { Effects } from './effects/effects.ts';
import { planPublication, publishRound, type Publication } from './publish.ts';
import { placeWaiting } from './placeWaiting.ts';
import { OVERTAKEN, Overtaken, untilLanded } from '../store/pushRace.ts';
import { refuseSecretIn, refuseSecretInHost } from '../secrets/names.ts';
import { hostChecked } from '../secrets/hostChecked.ts';
import { recordSync, unpublishedAfter } from './record.ts';
import { isEmpty, setOrDelete, type Run } from './run.ts';
import { emptyReport, mergeLists, type SyncOptions, type SyncReport } from './report.ts';

/** One sync of this machine with the remote: lock, scan, fetch and check lineage, plan, apply, push, record. */
export async function runSync(ctx: Context, opts: SyncOptions): Promise<SyncReport> {
  const seam = { dryRun: opts.dryRun, lockWaitMs: opts.lockWaitMs ?? 120_000, budget: () => networkTimeout(opts, ctx) };
  return throughSeam(ctx, seam, (through) => syncWith(ctx, opts, through));
}

export { SyncBusy } from '../machine/lock.ts';

/** One sync through the seam `throughSeam` chose: the real effects and store, or the recorder and a lookaside. */
async function syncWith(ctx: Context, given: SyncOptions, { fx, repo, recorded }: Seam): Promise<SyncReport> {
  const report = emptyReport(given.mode, recorded !== null);
  const { settings } = ctx;
  if (settings.role === 'off') {
    report.notes.push('this machine\'s role is "off": nothing is synced (memsync configure or settings.json role)');
    return report;
  }
  // A consumer pulls and never publishes: whatever was asked, only the pull side runs.
  const opts: SyncOptions = settings.role === 'consumer' ? { ...given, mode: 'pull' } : given;
  if (opts.mode !== given.mode) report.notes.push('this machine\'s role is "consumer": it pulls and never pushes');
  const timeout = networkTimeout(opts, ctx);
  try {
    // git checks the live files' stat on another core while the run starts.
    const check = startLiveCheck(ctx.home);
    // A pull or sync fetches while the run starts and scans: git runs beside all of it. A push
    // reads git's network config meanwhile, for when it must push or fetch.
    const early = opts.mode !== 'push' ? fetchBeside({ repo, timeout, opts, report }) : undefined;
    if (!early) repo.warmNetwork();
    if (opts.mode !== 'pull') await refuseSecretsOut(ctx, opts, fx);
    const run = await startRun(ctx, opts, report, repo, fx, timeout, check);
    run.early = early;
    run.placed = await placeWaiting(ctx, run.index, fx, report);
    // Other checkouts' memory folders are folded in before the scan and refreshed after (a dry run
    // folds through the recorder and scans as if it had).
    const mirrors = await foldInto(run);
    const done = await rounds(run);
    await fx.tidyStore();
    // What a dry run prints: its recorder's log.
    if (recorded) done.recorded = recorded;
    // The sync itself is done: a mirror that cannot be written is named, and refreshed next time.
    try {
      if (mirrors) await fx.refreshMirrors(() => refreshMirrors(fx, mirrors.folded, mirrors.record));
    } catch (e) {
      done.notes.push(`another checkout's memory folder was not refreshed: ${(e as Error).message}`);
    }
    return done;
  } catch (e) {
    // The hooks push again while this mark is there (a failed push, an unreachable remote).
    await fx.markUnpublished(`the last ${opts.mode} failed: ${(e as Error).message}`).catch(() => undefined);
    throw e;
  }
}

/** A commit carries its message and this machine's name: neither may hold a secret. */
async function refuseSecretsOut(ctx: Context, opts: SyncOptions, fx: Effects): Promise<void> {
  await refuseSecretIn('the commit message (--message)', opts.message, 'give a message without the secret');
  if (hostChecked(ctx.home, ctx.host)) return;
  await refuseSecretInHost(ctx.host);
  await fx.rememberHostChecked();
}

/** Each fetch's and push's budget: what a caller's deadline leaves once the lock was taken (at least 200 ms). */
function networkTimeout(opts: SyncOptions, ctx: Context): number {
  const cap = opts.networkTimeoutMs ?? ctx.settings.networkTimeoutMs;
  if (opts.networkBy === undefined) return cap;
  return Math.max(200, Math.min(cap, Math.floor(opts.networkBy - performance.now())));
}

async function startRun(
  ctx: Context,
  opts: SyncOptions,
  report: SyncReport,
  repo: LocalRepo,
  fx: Effects,
  timeout: number,
  check: LiveCheck,
): Promise<Run> {
  const { home, settings } = ctx;
  const state = await loadHeader(home);
  const { roots, notes, paths, unseen, identities } = await resolveRoots(ctx, opts.projects ?? []);
  if (unseen.length) await fx.rememberProjects(unseen);
  if (identities.changed) await fx.saveIdentities(identities.record);
  report.notes.push(...notes);
  report.roots = roots;
  // A write a killed sync left half done is finished or undone, only inside the memory folders.
  const recovered = await fx.recoverInterruptedWrites(roots.map((r) => r.liveDir));
  if (recovered) report.notes.push(recovered);
  const index = rootIndex(roots, settings.exclude);
  // Encryption is part of it: switching it on or off re-checks the remote's layout marker.
  const rootsKey = [
    ...roots.map((r) => `${r.repoPrefix}|${r.liveDir}|${r.include.join(',')}|${r.exclude.join(',')}`).sort(),
    `exclude|${settings.exclude.join(',')}`,
    ...(settings.encryption === 'age' ? ['encryption|age'] : []),
  ];
  const cache = loadScanCache(home);
  return {
    ctx,
    opts,
    report,
    repo,
    fx,
    state,
    roots,
    projects: paths,
    index,
    rootsKey,
    timeout,
    rootsSame: sameList(rootsKey, state.roots),
    contributor: settings.role === 'contributor' && opts.mode !== 'pull',
    recorded: recordedLineage(state, { remoteUrl: settings.remote, branch: settings.branch }),
    fresh: false,
    ...openConflicts(state, index, home),
    cache,
    check,
    indexed: check.matches(cache) ? cache : null,
    cacheMatchesState: cache.seq === state.seq,
    mergedLive: await loadMergedLive(home),
  };
}

/** The open conflicts of mapped paths, with those a sync that died opened (their copy written). */
function openConflicts(state: StateHeader, index: RootIndex, home: string): Pick<Run, 'conflicts' | 'opened'> {
  const conflicts = new Map(Object.entries(state.conflicts).filter(([p]) => index.maps(p)));
  const opened = Object.entries(loadOpenedConflicts(home));
  for (const [p, c] of opened) if (!conflicts.has(p) && index.maps(p) && fs.existsSync(c.copy)) conflicts.set(p, c);
  return { conflicts, opened: opened.length };
}

async function foldInto(run: Run): Promise<{ folded: Folded[]; record: MirrorRecord } | null> {
  if (!run.roots.some((r) => r.mirrors?.length)) return null;
  const base = run.fresh ? new Map<string, string>() : new Map(Object.entries(await loadBase(run.ctx.home, run.state)));
  const record = loadMirrorRecord(run.ctx.home);
  const fold = planFold(run.roots, run.ctx.settings.exclude, base, record, run.ctx.host);
  run.folded = await applyFold(run.fx, fold.actions);
  return { folded: fold.folded, record };
}

/**
 * Rounds until one lands: a round whose push another machine overtook goes again from the new tip
 * (re-fetched, decided and merged afresh, never forced), within the run's network budget.
 */
async function rounds(run: Run): Promise<SyncReport> {
  let pass = 0;
  // An optimistic push that finds news to take lost no race: it fetches and goes again at once.
  const attempt = async (): Promise<SyncReport | typeof OVERTAKEN> => {
    const r = await oneRound(run, ++pass);
    return r === 'fetch' ? attempt() : r;
  };
  const { value, lost } = await untilLanded(
    run.timeout,
    attempt,
    (n) => new Overtaken('not published', n, run.timeout, LEFT_FOR_NEXT),
  );
  value.retries = lost;
  return value;
}

const LEFT_FOR_NEXT = 'nothing was lost: what is not published stays here, and the next sync publishes it';

/** One round: the report once it landed, OVERTAKEN when another push came first, 'fetch' to go again at once. */
async function oneRound(run: Run, round: number): Promise<SyncReport | typeof OVERTAKEN | 'fetch'> {
  const { state, fx } = run;
  const early = round === 1 ? run.early : undefined;
  // git fetch is running before the synchronous scan holds the event loop.
  if (early) await early.started;
  // Only the first scan follows git's answer: it was taken before that one, and before the fold
  // wrote into a primary folder or restored files were placed (git's answer cannot know of those writes).
  const dirty = round === 1 && !run.folded?.length && !run.placed ? await run.check.dirty(run.cache) : null;
  const scan = scanLive(run.roots, run.ctx.settings.exclude, run.cache, dirty);
  // The scan as the fold left it: what it wrote is read back (a dry run's recorder wrote nothing).
  if (run.folded) overlayFold(scan, run.folded);
  run.cache = scan.cache;
  run.report.localOnly = [...scan.localOnly.values()].sort();
  // A push with local changes first tries on top of the last known tip without fetching: if the
  // fast-forward push lands, the remote had not moved, so nothing was missed. Only on the very
  // tip this machine last synced with, of the remote it last synced with.
  const optimistic =
    !early &&
    !run.contributor &&
    round === 1 &&
    fx.answersPush &&
    scan.changed &&
    state.remoteTip !== null &&
    sameRemote(run) &&
    (await run.repo.localTip()) === state.remoteTip;
  const tip = early ? await early.tip : optimistic ? state.remoteTip : await fetchOrLast(run);
  if (!optimistic) await followLineage(run, tip, round);
  // The round's one reading of the clock: conflict copies are named with it, the state records it.
  const now = new Date();
  if (round === 1 && !optimistic) {
    const quiet = await quietSync(run, scan, tip, now);
    if (quiet) return quiet;
  }
  const snapshots = await readSnapshots(run, scan, tip, round);
  const decided = decideRound(snapshots);
  noteDecided(run.report, decided, tip, round);
  // Remote changes are never taken from an unfetched tip: fetch first.
  // Nothing to push after all: no push then proves the remote unmoved (nor its history kept), so
  // fetch, as the dry run does (offline, both fail alike).
  if (optimistic && !onlyPushes(decided)) return 'fetch';
  return (await doRound(run, scan, { snapshots, decided, tip, now })) ?? OVERTAKEN;
}

/**
 * The base belongs to the remote it came from. Another remote: every live file is new there. A
 * tip that does not descend from the recorded one stops the sync, unless the user adopts it.
 */
async function followLineage(run: Run, tip: string | null, round: number): Promise<void> {
  if (run.fresh) return;
  const { settings } = run.ctx;
  const verdict = await checkLineage(
    run.repo,
    run.recorded,
    { remoteUrl: settings.remote, branch: settings.branch },
    tip,
  );
  if (verdict.kind === 'same') return;
  if (verdict.kind === 'rewritten' && !run.opts.adoptRemote)
    throw new RemoteRewrittenError(settings.remote, verdict.how);
  if (round > 1 && run.base)
    throw new MemsyncError(
      'the remote was rewritten during this sync',
      'failure',
      'nothing was lost; run memsync sync again',
    );
  const old = run.recorded!;
  // The old history stays reachable here for `log` and `restore`.
  if (old.tip) await run.fx.keepRef(previousTipRef(old.tip), old.tip);
  run.fresh = true;
  run.report.notes.push(
    verdict.kind === 'new'
      ? `this machine last synced with ${old.remoteUrl} (${old.branch}); every memory file here is compared with ` +
          `${settings.remote} (${settings.branch}) as new: nothing is deleted`
      : `adopting the remote as it is now (${verdict.how}); every memory file here is compared with it as new: ` +
          'nothing is deleted',
  );
}

/** Whether the plan publishes something and takes nothing from the remote. */
function onlyPushes(plan: Decided): boolean {
  const running = plan.items.filter((it) => it.runs);
  return (
    running.some((it) => it.decision.kind === 'publish' || it.decision.kind === 'deleteRemote') &&
    running.every((it) => !['take', 'deleteLive', 'merge', 'held', 'shape'].includes(it.decision.kind))
  );
}

function sameRemote(run: Run): boolean {
  const r = run.recorded;
  return !r || (r.remoteUrl === run.ctx.settings.remote && r.branch === run.ctx.settings.branch);
}

/**
 * Nothing moved anywhere since the last sync, which left nothing pending or unpublished: done,
 * without reading the base (its size follows what exists, not what changed). claude-mem's
 * database counts as unchanged by its change marker (changeMarker.ts).
 */
async function quietSync(run: Run, scan: ScanResult, tip: string | null, now: Date): Promise<SyncReport | null> {
  const { state } = run;
  const still =
    !scan.changed &&
    run.cacheMatchesState &&
    tip === state.remoteTip &&
    run.rootsSame &&
    !run.fresh &&
    isEmpty(state.pending) &&
    isEmpty(state.conflicts) &&
    run.opened === 0 &&
    isEmpty(state.held) &&
    isEmpty(state.unusable) &&
    isEmpty(state.heldDeletes) &&
    state.unpublished.length === 0 &&
    scan.unreadable.size === 0 &&
    scan.links.length === 0;
  if (!still) return null;
  const db = await claudeMemSource.quiet(run.ctx);
  if (db === false) return null;
  if (db) run.report.claudeMem = db;
  await run.fx.saveLastSync(now.toISOString());
  await run.fx.markUnpublished(null);
  run.report.refused = state.refused;
  run.report.remoteTip = tip;
  return run.report;
}

/** The three snapshots the round decides from: live as scanned, the base, the remote's tree as screened. */
async function readSnapshots(run: Run, scan: ScanResult, tip: string | null, round: number): Promise<Snapshots> {
  const { state, index } = run;
  const tipChanged = tip !== state.remoteTip;
  // Only mapped paths take part: a project this machine does not know waits on the remote.
  const live = new Map([...scan.files].map(([p, f]) => [p, f.hash]));
  run.base ??= run.fresh ? new Map() : mergedFrom(run, await mappedBase(run), live);
  const base = run.base;
  const reread = tipChanged || !run.rootsSame || round > 1 || run.fresh;
  // Every commit memsync makes carries the layout file; a tip it has not seen is checked.
  const hasLayout = tip && reread ? await checkLayout(run.repo, tip) : tip !== null;
  let remote: Map<string, string>;
  let refused: Refusal[];
  if (reread) {
    const { entries, remoteOnly } = await mappedRemote(run, tip);
    run.report.remoteOnly = remoteOnly;
    const screened = screenRemote(entries, index, base, run.ctx.settings.maxFileBytes);
    remote = screened.files;
    refused = screened.refused;
  } else {
    remote = overlay(base, state.pending);
    refused = [...state.refused];
  }
  const aside = asideOf(scan, live);
  const { conflicts } = run;
  return {
    live,
    base,
    remote,
    refused,
    hasLayout,
    aside,
    conflicts,
    mode: run.opts.mode,
    massDelete: massDeleteOptions(run),
  };
}

/** What the report shows of the decision (the first round names the paths that take no part). */
function noteDecided(report: SyncReport, decided: Decided, tip: string | null, round: number): void {
  report.held = decided.held.filter((h) => h.reason !== 'local-only');
  if (round === 1) for (const h of report.held) report.notes.push(`not synced: ${printable(h.path)}: ${h.detail}`);
  report.plan = decided.items.map((it) => ({ path: it.path, action: it.decision.kind, runs: it.runs }));
  report.remoteTip = tip;
}

/**
 * The remote's files under the synced folders, and the projects it holds that this machine has no
 * folder for. A round that goes again reads only what the commits that came first changed (the tree
 * read last round, and the folders whose id differs): it does not see every project then, and
 * whoever asks for them (status) lists the tip.
 */
async function mappedRemote(
  run: Run,
  tip: string | null,
): Promise<{ entries: Map<string, TreeEntry>; remoteOnly?: string[] }> {
  if (!tip) return { entries: new Map(), remoteOnly: [] };
  const last = run.remoteRead;
  const unmapped = new Set<string>();
  const keep = (p: string) => {
    const project = projectOutside(run.index, p);
    if (project && !last) unmapped.add(project);
    return run.index.under(p) !== undefined;
  };
  const entries = await (last
    ? run.repo.lsTreeSince(last, tip, { sizes: true, keep })
    : run.repo.lsTree(tip, [], { sizes: true, keep }));
  run.remoteRead = { commit: tip, entries };
  return { entries, remoteOnly: last ? undefined : [...unmapped].sort() };
}

async function mappedBase(run: Run): Promise<Map<string, string>> {
  const all = Object.entries(await loadBase(run.ctx.home, run.state));
  if (run.rootsSame) return new Map(all);
  // A folder now read from another place (the checkout that held a project's memory is gone, and
  // another checkout of it takes over): what is there is compared with the remote as new, so a
  // missing file there deletes nothing.
  const moved = movedPrefixes(run.state.roots, run.rootsKey);
  for (const [prefix, dir] of moved)
    run.report.notes.push(
      `${prefix} is now read from ${dir}; its files are compared with the remote as new: nothing is deleted`,
    );
  return new Map(all.filter(([p]) => run.index.maps(p) && ![...moved.keys()].some((m) => p.startsWith(m))));
}

/**
 * A merge an earlier sync wrote live, and that live still holds, contains the remote version it
 * merged in: that version is its base (the sync died before its push landed, or was overtaken).
 */
function mergedFrom(run: Run, base: Map<string, string>, live: Map<string, string>): Map<string, string> {
  for (const [p, m] of Object.entries(run.mergedLive)) if (live.get(p) === m.live) base.set(p, m.from);
  return base;
}

/** Synced folders whose live folder changed since the last sync: prefix -> the new live folder. */
export function movedPrefixes(before: readonly string[], now: readonly string[]): Map<string, string> {
  const dirOf = (keys: readonly string[]) =>
    new Map(
      keys
        .map((k) => k.split('|'))
        .filter((f) => f.length > 2)
        .map((f) => [f[0]!, f[1]!]),
    );
  const old = dirOf(before);
  const out = new Map<string, string>();
  for (const [prefix, dir] of dirOf(now)) if (old.has(prefix) && old.get(prefix) !== dir) out.set(prefix, dir);
  return out;
}

/** What takes no part: unreadable files and folders, live names not every system can hold, links, local-only files. */
function asideOf(scan: ScanResult, live: Map<string, string>): Hold[] {
  const out: Hold[] = [];
  for (const [p, code] of scan.unreadable) {
    out.push({
      path: p,
      reason: 'unreadable',
      detail: `could not be read (${code}); it takes no part until it can be read, and nothing is deleted for it`,
    });
  }
  for (const p of live.keys()) {
    const problem = pathProblem(p);
    if (problem) out.push({ path: p, reason: 'unusable', detail: problem });
  }
  for (const p of scan.links)
    out.push({
      path: p,
      reason: 'link',
      detail: 'a symbolic link: memsync does not follow links in a memory folder; put the file itself there to sync it',
    });
  for (const p of scan.localOnly.keys())
    out.push({ path: p, reason: 'local-only', detail: 'sync: false in its front matter' });
  return out;
}

/** Reads what the round's steps need, plans it, applies and publishes it; null when the push was overtaken. */
async function doRound(run: Run, scan: ScanResult, round: Round): Promise<SyncReport | null> {
  const { report, fx } = run;
  const { snapshots, decided, tip } = round;
  const db = await claudeMemRound(run, tip);
  const input = { ...snapshots, ...stepsWhere(run, scan), proposeOnly: run.contributor, host: run.repo.host };
  const read = await readContents(run, input.where, round);
  const plan = planRound({ ...input, read, mergedLive: run.mergedLive }, decided);
  const outcome = outcomeOf(plan, run.conflicts, await applySteps(fx, plan));
  run.conflicts = outcome.conflicts;
  if (plan.mergedLive) run.mergedLive = plan.mergedLive;
  const landed = await publishRound(run, tip, publicationOf(run, plan, outcome, db));
  // Overtaken: what was written live stays (it agrees with remote history, or merged a remote
  // version in), and is its base when deciding again against the new tip.
  run.base = baseAfter(run.base!, outcome, landed !== null);
  if (!landed) {
    mergeLists(report, outcome.lists, false);
    return null;
  }
  await db?.commit();
  const { prepared } = plan;
  pendingOf(report, prepared);
  report.held.push(...prepared.held);
  for (const h of prepared.held) report.notes.push(`not synced: ${printable(h.path)}: ${h.detail}`);
  mergeLists(report, landed.lists, true);
  const unpublished = unpublishedAfter(plan, outcome, run.contributor);
  await recordSync(run, scan, plan, landed, unpublished);
  return report;
}

/** Where each repository path lives, and whether the scan found it. */
function stepsWhere(run: Run, scan: ScanResult): Pick<RoundInput, 'where' | 'scanned'> {
  const where = (p: string) => {
    const f = scan.files.get(p);
    const hit = run.index.lookup(p);
    return { livePath: f?.livePath ?? run.index.livePath(p), liveRoot: (f?.root ?? hit!.root).liveDir };
  };
  return { where, scanned: (p) => scan.files.has(p) };
}

/** What a round decided, from what it read as it began (the tip, the snapshots, the time). */
interface Round {
  snapshots: Snapshots;
  decided: Decided;
  tip: string | null;
  now: Date;
}

/** Reads what the round's running items need (engine/prepare.ts), before the plan is made. */
function readContents(run: Run, where: RoundInput['where'], { decided, tip, now }: Round): Promise<RoundRead> {
  const { ctx, fx } = run;
  return readRound({
    repo: run.repo,
    tip,
    now,
    items: decided.items,
    where,
    read: fx.readLive,
    unionMerge: ctx.settings.unionMerge,
    allow: ctx.settings.secrets.allow,
    tmp: tmpDir(ctx.home),
  });
}

/** The round's commits as data, from what its steps left (engine/publish.ts planPublication). */
function publicationOf(run: Run, plan: RoundPlan, outcome: Outcome, db: DbRound | null): Publication {
  return planPublication({
    changes: outcome.treeChanges,
    lists: outcome.lists,
    db: db ? { treeChanges: db.treeChanges, report: db.report } : undefined,
    contributor: run.contributor,
    hasLayout: plan.hasLayout,
    encryption: run.repo.encryption,
    message: run.opts.message,
    host: run.ctx.host,
  });
}

async function claudeMemRound(run: Run, tip: string | null): Promise<DbRound | null> {
  // A contributor's database rows are taken, not proposed: row changes have no review branch yet.
  // A database that cannot be synced (a damaged remote table, a lock held too long) is named
  // and left as it is; the memory files still sync.
  const mode = run.contributor ? 'pull' : run.opts.mode;
  const db = await claudeMemSource.round(run.ctx, run.repo, tip, mode, run.fx).catch((e: unknown) => {
    if (!(e instanceof MemsyncError)) throw e;
    // No SQLite at all fails the command; a busy or damaged database waits for the next sync.
    if (!noSqlite()) return claudeMemSkipped(run.ctx, e, run.fx);
    run.report.claudeMemFailed = `${claudeMemSource.label} was not synced: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
    run.report.notes.push(run.report.claudeMemFailed);
    return null;
  });
  if (db) run.report.claudeMem = db.report;
  return db;
}

/** What this run changes on each side (a dry run: would change), from the same steps the real run carries out. */
function pendingOf(report: SyncReport, prepared: Prepared): void {
  report.pending = {
    push: prepared.steps.filter((s) => s.remote).map((s) => s.path),
    pull: prepared.steps.filter((s) => s.live).map((s) => s.path),
  };
}

/**
 * A fetch to run beside the scan. git fetch starts only once the user's network config is read (a
 * git of its own), and nothing starts while the synchronous scan holds the event loop: `started`
 * settles once git fetch runs (or the fetch ended first).
 */
function fetchBeside(run: Fetching): Fetch {
  let spawned!: () => void;
  const running = new Promise<void>((resolve) => {
    spawned = resolve;
  });
  const tip = fetchOrLast(run, spawned);
  const ended = tip.then(
    () => undefined,
    () => undefined,
  );
  return { tip, started: Promise.race([running, ended]) };
}

/** What a fetch needs of the run: it starts before the run is set up. */
type Fetching = Pick<Run, 'repo' | 'timeout' | 'opts' | 'report'>;

async function fetchOrLast(run: Fetching, onSpawn?: () => void): Promise<string | null> {
  try {
    return await run.repo.fetch(run.timeout, onSpawn);
  } catch (e) {
    if (!run.opts.offlineOk || e instanceof DiskFullError) throw e;
    run.report.notes.push(`remote not reached (${(e as Error).message}); showing the state as of the last fetch`);
    run.report.offline = true;
    return run.repo.localTip();
  }
}

/** The remote tree when the tip has not moved: the base, except where the last sync left it different. */
function overlay(base: Map<string, string>, pending: Record<string, string | null>): Map<string, string> {
  const out = new Map(base);
  for (const [p, h] of Object.entries(pending)) setOrDelete(out, p, h);
  return out;
}

function massDeleteOptions(run: Run): HoldOptions {
  const groupOf = (p: string) => {
    const root = run.index.lookup(p)?.root;
    return root && { prefix: root.repoPrefix, label: root.label, source: root.source };
  };
  return { percent: run.ctx.settings.massDeletePercent, groupOf, ...run.opts.releaseDeletes };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
