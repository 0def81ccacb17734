/** `memsync sync`, `pull` and `push`: one round of the engine, in the mode named. */
import { type Command, EXIT, JSON_OPTION } from '../cli/command.ts';
import type { SyncMode } from '../reconcile/decide.ts';
import type { Context } from '../machine/context.ts';
import type { SyncReport } from '../sync/engine.ts';

const OPTIONS = {
  'dry-run': { type: 'boolean', help: 'print the plan; change nothing anywhere' },
  ...JSON_OPTION,
  project: { type: 'list', value: 'DIR', help: 'also sync the project checked out in DIR (repeatable)' },
  message: { type: 'string', short: 'm', value: 'M', help: "the commit's message, to find it again in memsync log" },
  'adopt-remote': {
    type: 'boolean',
    help: "after the remote's history was rewritten: take it as it is, files here as new",
  },
  background: {
    type: 'boolean',
    hidden: true,
    help: 'what the hooks run: log instead of printing, push again on new changes',
  },
} as const;

const { message: _, ...PULL_OPTIONS } = OPTIONS;

const SUMMARY: Record<SyncMode, string> = {
  sync: 'pull then push',
  pull: 'bring remote changes into live memory; publish nothing',
  push: 'publish local changes (merging where the remote changed the same file)',
};

function roundCommand(mode: SyncMode): Command {
  return {
    name: mode,
    summary: SUMMARY[mode],
    // pull publishes nothing, so it makes no commit to name.
    options: mode === 'pull' ? PULL_OPTIONS : OPTIONS,
    needs: 'setup',
    lock: true,
    async run({ values, home, machine }) {
      const { checkProjectDir } = await import('./checks.ts');
      const projects = ((values.project as string[] | undefined) ?? []).map((p) => checkProjectDir(p));
      const ctx = await (await import('./syncReport.ts')).setUp(machine);
      if (values.background)
        return { exit: await (await import('./backgroundPush.ts')).backgroundPush(ctx, mode, projects) };
      const { runSync, syncRoots } = await import('../sync/engine.ts');
      const { logLine } = await import('../util/log.ts');
      const { indexesOverBudget } = await import('../sources/indexBudget.ts');
      const { budgetLines } = await import('../cli/consolidate.ts');
      const { humanReport, jsonReport, roundExit, summary } = await import('./syncReport.ts');
      const dryRun = !!values['dry-run'];
      const message = values.message as string | undefined;
      const report = await runSync(ctx, { mode, dryRun, adoptRemote: !!values['adopt-remote'], projects, message });
      logLine(home, `${mode}${report.dryRun ? ' --dry-run' : ''} ok`, summary(report));
      // The folders the round synced; resolved again only when it stopped before it had them.
      const over = indexesOverBudget(report.roots ?? (await syncRoots(ctx)).roots);
      const point = await namedPoint(ctx, report, message, dryRun);
      return {
        data: { ...jsonReport(report), indexOverBudget: over, ...(point ? { point: point.data } : {}) },
        text: () => [humanReport(report), ...budgetLines(over), ...(point?.lines ?? [])].join('\n'),
        exit: report.claudeMemFailed ? EXIT.failure : roundExit(report),
      };
    },
  };
}

/**
 * `--message` names a point to find again: when the round published nothing (the usual case: the
 * hooks pushed already), a commit with no change records it on the shared branch.
 */
async function namedPoint(ctx: Context, report: SyncReport, message: string | undefined, dryRun: boolean) {
  if (!message || report.commit || report.mode === 'pull') return null;
  if (ctx.settings.role !== 'peer') {
    const line = `named point not recorded: this machine's role is "${ctx.settings.role}" (only a peer pushes it)`;
    return { data: { message, commit: null }, lines: [line] };
  }
  const { recordPoint } = await import('../sync/point.ts');
  const { formatRecorded } = await import('../engine/effects/recorder.ts');
  const p = await recordPoint(ctx, message, dryRun);
  const said = p.commit
    ? `named point "${message}" recorded as ${p.commit.slice(0, 12)}: memsync log shows it, memsync restore --at ` +
      `${p.commit.slice(0, 12)} brings a file back as it was then`
    : `named point "${message}": the real run would record it`;
  return { data: { message, commit: p.commit, recorded: p.recorded }, lines: [said, ...formatRecorded(p.recorded)] };
}

export const sync = roundCommand('sync');
export const pull = roundCommand('pull');
export const push = roundCommand('push');
