import fs from 'node:fs';
import path from 'node:path';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { ensureContext, type Context } from '../machine/context.ts';
import { heldList, heldWhere, runSync, SyncBusy, type SyncReport } from '../sync/engine.ts';
import { loadHeader } from '../machine/state.ts';
import { loadDbState } from '../claudeMem/dbState.ts';
import { RemoteTimeout } from '../store/repo.ts';
import { hostsBetween } from './livePull.ts';
import type { MemsyncError } from '../errors.ts';
import { adoptHint, RemoteRewrittenError } from '../engine/lineage.ts';
import { startBackgroundPush } from './background.ts';
import type { HookInput } from './input.ts';
import { OUTPUT_CAP, type HookOutput } from './output.ts';
import { indexBudgetLine } from './indexLine.ts';
import { recipientsProblem } from '../crypto/recipientsCheck.ts';
import { STALLED } from '../store/gitCause.ts';

/**
 * SessionStart: pull within the budget and learn the project from `cwd`. Claude Code may have
 * read MEMORY.md before the pull finished, so when this project's memory changed the fresh
 * index goes to the session as additionalContext (at startup and clear; on resume and compact
 * Claude Code reads it again itself).
 * `cli` is how the user runs memsync here (cliName.ts), for the commands the messages name;
 * `cliScript` is the bundle a background sync runs.
 */
export async function sessionStart(
  input: HookInput,
  env: NodeJS.ProcessEnv,
  cli: string,
  cliScript: string,
): Promise<HookOutput> {
  // Not the wall clock: a budget must hold across a clock set right meanwhile.
  const started = performance.now();
  const { ctx } = await ensureContext(env);
  const { settings } = ctx;
  const cwd = input.cwd && fs.existsSync(input.cwd) ? path.resolve(input.cwd) : undefined;
  if (!settings.autoSync || !settings.pullOnStart) return { conflictsLine: await conflictsLine(ctx, cli) };

  const budget = settings.pullTimeoutMs;
  const before = (await loadHeader(ctx.home)).remoteTip;
  let report: SyncReport;
  try {
    report = await withDeadline(
      runSync(ctx, {
        mode: 'pull',
        projects: cwd ? [cwd] : [],
        // Another session's pull usually ends soon: wait for it, out of the network's share (what
        // is left is enough for a quiet fetch), and leave room to apply and answer within the budget.
        networkTimeoutMs: Math.max(200, Math.floor(budget * 0.7)),
        networkBy: started + budget * 0.85,
        lockWaitMs: Math.floor(budget * 0.6),
      }),
      budget - (performance.now() - started),
    );
  } catch (e) {
    if (e instanceof SyncBusy) return handedOff(ctx, env, cwd, cliScript, cli);
    return {
      systemMessage: pullFailed(ctx, env, e, cliScript, cli),
      log: e,
      conflictsLine: await conflictsLine(ctx, cli),
    };
  }
  const out: HookOutput = {
    log:
      `pull in ${Math.round(performance.now() - started)} ms: ${report.taken.length} taken, ` +
      `${report.merged.length} merged, ${report.deletedLive.length} deleted`,
  };
  // What the pull left unpublished (memory from before the first session, a merge it wrote) goes
  // out in the background now, not only after the next change.
  if (report.unpublished.length && settings.role !== 'consumer') {
    out.log +=
      `; ${report.unpublished.length} unpublished, background push ` +
      `${startBackgroundPush(ctx.home, env, cliScript, 0)}`;
  }
  const memDir = cwd ? await claudeMemoryDirOf(ctx.configDir, cwd, ctx.env) : undefined;
  const ours = memDir ? report.liveChanged.filter((p) => p.startsWith(memDir + path.sep)) : [];
  // On resume and compact Claude Code reads MEMORY.md again after this hook: handing it over too would say it twice.
  const rereads = input.source === 'resume' || input.source === 'compact';
  if (memDir && ours.length && !rereads) {
    const hosts = await hostsBetween(ctx, before, report.remoteTip);
    out.additionalContext = freshMemoryContext(memDir, ours.length, hosts);
  }
  const tooLong = memDir ? indexBudgetLine(memDir) : '';
  out.conflictsLine = [await conflictsLine(ctx, cli), tooLong].filter(Boolean).join('\n') || undefined;
  return out;
}

/**
 * Another sync held the lock past the wait (many sessions at once): a background sync pulls, and
 * learns this project, once that one is done; one already running does so before it ends.
 */
async function handedOff(
  ctx: Context,
  env: NodeJS.ProcessEnv,
  cwd: string | undefined,
  cliScript: string,
  cli: string,
): Promise<HookOutput> {
  const bg = startBackgroundPush(ctx.home, env, cliScript, 0, 'sync', cwd);
  const after =
    bg === 'started' || bg === 'running' ? 'a background sync pulls as soon as it is done' : 'the next sync pulls';
  return {
    systemMessage:
      "memsync: another sync was running on this machine; this session starts with this machine's memory; " +
      `${after} (${cli} status shows it)`,
    log: `pull: another sync was running; background sync ${bg}`,
    conflictsLine: await conflictsLine(ctx, cli),
  };
}

function freshMemoryContext(memDir: string, count: number, hosts: string[]): string {
  const from = hosts.length ? ` from ${hosts.join(', ')}` : '';
  const head =
    `memsync pulled ${count} updated memory file${count === 1 ? '' : 's'} for this project${from}. This ` +
    `is the current ${path.join(memDir, 'MEMORY.md')}; it replaces any earlier copy of it in this conversation:\n\n`;
  let index = '';
  try {
    index = fs.readFileSync(path.join(memDir, 'MEMORY.md'), 'utf8');
  } catch {
    index = '(MEMORY.md is not present; the memory files are in the folder above)';
  }
  const room = OUTPUT_CAP - head.length;
  if (index.length > room) {
    const tail = `\n[... cut to fit; read ${path.join(memDir, 'MEMORY.md')} for the rest]`;
    index = index.slice(0, room - tail.length) + tail;
  }
  return head + index;
}

/** What needs the user: open conflicts, files the secret scan holds back, held mass deletions (one line each). */
async function conflictsLine(ctx: Context, cli: string): Promise<string | undefined> {
  const state = await loadHeader(ctx.home);
  const n = Object.keys(state.conflicts).length;
  const held = heldList(state.held).map((h) => `${heldWhere(h)} ${h.rule} ${h.masked}`);
  const wipes = Object.values(state.heldDeletes).map(
    (h) =>
      `memsync: ${h.paths.length} of ${h.of} memory files of ${h.label} were deleted here at once; held, nothing ` +
      `deleted elsewhere: ${cli} resolve ${h.label} --confirm-deletes (or --restore-files)`,
  );
  // A damaged claude-mem state is the pull's to report; this line only adds what it knows.
  const dbState = ctx.settings.sources.claudeMem.enabled ? await loadDbState(ctx.home).catch(() => null) : null;
  const rows = dbState?.heldSecrets ?? [];
  // The recipients line is best effort here: the sync reports a missing key or a damaged repository.
  const recipients = await recipientsProblem(ctx, cli).catch(() => null);
  const lines = [
    recipients ? `memsync: ${recipients}` : '',
    n ? conflictText(n, cli) : '',
    held.length ? heldText(held, cli) : '',
    rows.length ? heldRowsText(rows, cli) : '',
    ...wipes,
  ].filter(Boolean);
  return lines.length ? lines.join('\n') : undefined;
}

/** One line: where each secret is (file, line, rule, masked), a few at most. */
function heldText(findings: string[], cli: string): string {
  const some = fewOf(findings, cli);
  return (
    `memsync: held back from syncing, it looks like a secret: ${some}; remove it, or if it is not one: ${cli} ` +
    'allow PATH --line N'
  );
}

/** The first few findings, and how many more `status` lists. */
function fewOf(findings: string[], cli: string): string {
  return (
    findings.slice(0, 3).join('; ') + (findings.length > 3 ? `; and ${findings.length - 3} more (${cli} status)` : '')
  );
}

/** One line for claude-mem's database: released per file (a table's, or the whole database's), not per line. */
function heldRowsText(findings: string[], cli: string): string {
  const some = fewOf(findings, cli);
  const file = findings[0]!.split(/[ :]/)[0];
  return (
    `memsync: held back from syncing claude-mem's database, it looks like a secret: ${some}; ` +
    `remove it in claude-mem, or if it is not one: ${cli} allow ${file}`
  );
}

function conflictText(n: number, cli: string): string {
  return (
    `memsync: ${n} memory conflict${n === 1 ? '' : 's'} open; run \`${cli} conflicts\`, then \`${cli} resolve ` +
    `PATH --keep local|remote|both\` (or /memsync:memsync)`
  );
}

/**
 * The one line for a pull that did not happen: which setting bounds it, with its value, and why.
 * A remote that did not answer in time leaves the pull to a detached background sync, bounded
 * in all by networkTimeoutMs.
 */
function pullFailed(ctx: Context, env: NodeJS.ProcessEnv, e: unknown, cliScript: string, cli: string): string {
  const { pullTimeoutMs, networkTimeoutMs } = ctx.settings;
  const starts = "this session starts with this machine's memory";
  const stalled = STALLED.test((e as Error).message);
  if (!(e instanceof RemoteTimeout || e instanceof Deadline || stalled)) {
    const err = e as MemsyncError;
    // The hint names `memsync`; here the command is the one this machine runs.
    const hint = e instanceof RemoteRewrittenError ? adoptHint(cli) : err.hint;
    return `memsync: could not pull memory: ${err.message}; ${starts}${hint ? `; to fix: ${hint}` : ''}`;
  }
  const bg = startBackgroundPush(ctx.home, env, cliScript, 0, 'sync');
  const after =
    bg === 'started' || bg === 'running'
      ? `a background sync goes on (it stops within networkTimeoutMs, ${networkTimeoutMs} ms)`
      : 'the next sync catches up';
  return (
    `memsync: the remote did not answer within pullTimeoutMs (${pullTimeoutMs} ms, the SessionStart budget); ` +
    `${starts}; ${after}; ${cli} doctor checks the remote`
  );
}

class Deadline extends Error {}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Deadline(`the pull did not finish within ${ms} ms`)), Math.max(0, ms));
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
