import fs from 'node:fs';
import path from 'node:path';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { ensureContext, repoDir, type Context } from '../sync/context.ts';
import { runSync, type SyncReport } from '../sync/engine.ts';
import { loadHeader } from '../sync/state.ts';
import { LocalRepo } from '../store/repo.ts';
import type { HookInput } from './input.ts';
import { startBackgroundPush } from './background.ts';
import { OUTPUT_CAP, type HookOutput } from './output.ts';

/**
 * SessionStart: pull within the budget and learn the project from `cwd`. Claude Code may have
 * read MEMORY.md before the pull finished, so when this project's memory changed the fresh
 * index goes to the session as additionalContext.
 */
export async function sessionStart(input: HookInput, env: NodeJS.ProcessEnv, cliScript: string): Promise<HookOutput> {
  const started = Date.now();
  const { ctx } = await ensureContext(env);
  const { settings } = ctx;
  const cwd = input.cwd && fs.existsSync(input.cwd) ? path.resolve(input.cwd) : undefined;
  if (!settings.autoSync || !settings.pullOnStart) return { conflictsLine: await conflictsLine(ctx) };

  const budget = settings.pullTimeoutMs;
  const before = (await loadHeader(ctx.home)).remoteTip;
  let report: SyncReport;
  try {
    report = await withDeadline(
      runSync(ctx, {
        mode: 'pull',
        projects: cwd ? [cwd] : [],
        // Leave room to apply and answer within the budget.
        networkTimeoutMs: Math.max(200, Math.floor(budget * 0.7)),
        lockWaitMs: Math.floor(budget * 0.2),
      }),
      budget - (Date.now() - started),
    );
  } catch (e) {
    return {
      systemMessage: `memsync: could not pull memory (${(e as Error).message}); this session starts with this machine's memory`,
      log: e,
      conflictsLine: await conflictsLine(ctx),
    };
  }
  const out: HookOutput = { log: `pull: ${report.taken.length} taken, ${report.merged.length} merged, ${report.deletedLive.length} deleted` };
  // What the pull left unpublished (memory from before the first session, a merge it wrote) goes
  // out in the background now, not only after the next change.
  if (report.unpublished.length && settings.role !== 'consumer') {
    out.log += `; ${report.unpublished.length} unpublished, background push ${startBackgroundPush(ctx.home, env, cliScript, 0)}`;
  }
  const memDir = cwd ? await claudeMemoryDirOf(ctx.configDir, cwd) : undefined;
  const ours = memDir ? report.liveChanged.filter((p) => p.startsWith(memDir + path.sep)) : [];
  if (memDir && ours.length) {
    const hosts = await hostsBetween(ctx, before, report.remoteTip);
    out.additionalContext = freshMemoryContext(memDir, ours.length, hosts);
  }
  out.conflictsLine = await conflictsLine(ctx);
  return out;
}

function freshMemoryContext(memDir: string, count: number, hosts: string[]): string {
  const from = hosts.length ? ` from ${hosts.join(', ')}` : '';
  const head = `memsync pulled ${count} updated memory file${count === 1 ? '' : 's'} for this project${from}. This is the current ${path.join(memDir, 'MEMORY.md')}; it replaces any earlier copy of it in this conversation:\n\n`;
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

/** Which machines pushed what this pull brought in (memsync commits carry the host as author). */
async function hostsBetween(ctx: Context, from: string | null, to: string | null): Promise<string[]> {
  if (!to || from === to) return [];
  try {
    const repo = new LocalRepo(repoDir(ctx.home), ctx.settings.branch, ctx.host);
    return (await repo.authorsBetween(from, to)).filter((h) => h !== ctx.host);
  } catch {
    return [];
  }
}

/** What needs the user: open conflicts, and files the secret scan holds back (one line each). */
async function conflictsLine(ctx: Context): Promise<string | undefined> {
  const state = await loadHeader(ctx.home);
  const n = Object.keys(state.conflicts).length;
  const held = Object.entries(state.held).flatMap(([p, fs]) => fs.map((f) => `${p}:${f.line} ${f.rule} ${f.masked}`));
  const lines = [n ? conflictText(n) : '', held.length ? heldText(held) : ''].filter(Boolean);
  return lines.length ? lines.join('\n') : undefined;
}

/** One line: where each secret is (file, line, rule, masked), a few at most. */
function heldText(findings: string[]): string {
  const some = findings.slice(0, 3).join('; ') + (findings.length > 3 ? `; and ${findings.length - 3} more (memsync status)` : '');
  return `memsync: held back from syncing, it looks like a secret: ${some}; remove it, or if it is not one: memsync allow PATH --line N`;
}

function conflictText(n: number): string {
  return `memsync: ${n} memory conflict${n === 1 ? '' : 's'} open; run \`memsync conflicts\`, then \`memsync resolve PATH --keep local|remote|both\` (or /memsync:memsync)`;
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the remote did not answer within ${ms} ms`)), Math.max(0, ms));
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
