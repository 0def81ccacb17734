/**
 * `memsync resolve TARGET`: ends a file conflict (--keep, --done), a held mass deletion
 * (--confirm-deletes, --restore-files) or claude-mem's conflicts and held deletions, then syncs.
 */
import { type Command, JSON_OPTION, type Outcome, type Values } from '../cli/command.ts';
import type { Context } from '../machine/context.ts';

export const resolve: Command = {
  name: 'resolve',
  summary: 'end a conflict (file or claude-mem) or a held mass deletion, then sync',
  args: 'PATH|PROJECT|claude-mem',
  positionals: [1, 1],
  options: {
    keep: { type: 'string', choices: ['local', 'remote', 'both'], help: 'end a file conflict with one side or both' },
    done: { type: 'boolean', help: 'end a file conflict after editing the live file by hand' },
    'confirm-deletes': { type: 'boolean', help: 'let a held mass deletion go (PROJECT or claude-mem)' },
    'restore-files': { type: 'boolean', help: 'bring the files of a held mass deletion back (PROJECT)' },
    'keep-local': { type: 'boolean', help: "claude-mem: keep this machine's rows" },
    'use-remote': { type: 'boolean', help: "claude-mem: take the remote's rows" },
    'force-push': { type: 'boolean', help: "claude-mem file mode: keep local (claude-mem's own word)" },
    'pull-first': { type: 'boolean', help: "claude-mem file mode: take the remote (claude-mem's own word)" },
    'no-sync': { type: 'boolean', help: 'only record the resolution; the next sync carries it out' },
    'dry-run': { type: 'boolean', help: 'show what the resolution would write or record, change nothing' },
    ...JSON_OPTION,
  },
  needs: 'setup',
  lock: true,
  async run({ values, positionals, machine }) {
    const target = positionals[0]!;
    const { DB_SOURCE } = await import('../claudeMem/resolveDb.ts');
    if (target === DB_SOURCE) return resolveDb(values, machine);
    const { deleteResolution } = await import('../cli/heldDeletes.ts');
    const deletes = deleteResolution(values);
    if (deletes) return resolveDeletes((await machine()).ctx, target, deletes);
    return resolveFile(values, target, machine);
  },
};

type Machine = () => Promise<{ ctx: Context }>;

async function resolveDb(values: Values, machine: Machine): Promise<Outcome> {
  const { dbResolution } = await import('../cli/dbCommands.ts');
  const { confirmDbDeletes, resolveDatabase, DB_SOURCE } = await import('../claudeMem/resolveDb.ts');
  const { withEffects } = await import('../engine/effects/seam.ts');
  const { formatRecorded } = await import('../engine/effects/recorder.ts');
  const { humanReport, jsonReport, roundExit } = await import('./syncReport.ts');
  const how = dbResolution(values);
  const { ctx } = await machine();
  const dryRun = !!values['dry-run'];
  const { value: open, recorded } = await withEffects(ctx, dryRun, (fx) =>
    how === 'confirm-deletes' ? confirmDbDeletes(ctx.home, fx) : resolveDatabase(ctx.home, how, fx),
  );
  // A dry run shows the choice alone: the sync after it would start from the state it did not save.
  const sync = !values['no-sync'] && !dryRun;
  const report = sync ? await (await import('../sync/engine.ts')).runSync(ctx, { mode: 'sync' }) : null;
  const then = report ? humanReport(report) : dryRun ? '' : 'run memsync sync to carry it out';
  return {
    data: {
      resolved: { source: DB_SOURCE, resolution: how, conflicts: open },
      sync: report && jsonReport(report),
      recorded: recorded ?? undefined,
    },
    text: () =>
      [`claude-mem: ${dbResolved(how, open, dryRun)}`, ...formatRecorded(recorded ?? undefined), then]
        .filter(Boolean)
        .join('\n'),
    exit: roundExit(report),
  };
}

/** "2 conflicts resolved (kept local)", "11 held deletions confirmed", or what a dry run would do. */
function dbResolved(how: 'local' | 'remote' | 'confirm-deletes', open: number, dryRun: boolean): string {
  const n = `${open} ${how === 'confirm-deletes' ? 'held deletion' : 'conflict'}${open > 1 ? 's' : ''}`;
  if (how === 'confirm-deletes') return dryRun ? `would confirm ${n}` : `${n} confirmed`;
  return dryRun ? `would resolve ${n} (keep ${how})` : `${n} resolved (kept ${how})`;
}

async function resolveDeletes(ctx: Context, target: string, deletes: 'confirm' | 'restore'): Promise<Outcome> {
  const { resolveHeldDeletes } = await import('../sync/resolveDeletes.ts');
  const { humanReport, jsonReport, roundExit } = await import('./syncReport.ts');
  const res = await resolveHeldDeletes(ctx, target, deletes);
  const n = res.paths.length;
  return {
    data: { resolved: { project: res.label, deletions: res.paths, resolution: deletes }, sync: jsonReport(res.report) },
    text: () =>
      [
        `${res.label}: ${n} held deletion${n > 1 ? 's' : ''} ` +
          `${deletes === 'confirm' ? 'let go' : 'undone (files brought back)'}`,
        humanReport(res.report),
      ].join('\n'),
    exit: roundExit(res.report),
  };
}

async function resolveFile(values: Values, target: string, machine: Machine): Promise<Outcome> {
  const { UsageError } = await import('../errors.ts');
  const keep = values.keep as 'local' | 'remote' | 'both' | undefined;
  if (!!keep === !!values.done) throw new UsageError('resolve needs either --keep local|remote|both or --done');
  const { ctx } = await machine();
  const { resolveConflict } = await import('../sync/resolve.ts');
  const { humanReport, jsonReport, roundExit } = await import('./syncReport.ts');
  const how = keep ?? 'done';
  const dryRun = !!values['dry-run'];
  const res = await resolveConflict(ctx, target, how, dryRun);
  const { formatRecorded } = await import('../engine/effects/recorder.ts');
  // A dry run shows the resolution alone: the sync after it would start from what it did not write.
  const sync = !values['no-sync'] && !dryRun;
  const report = sync ? await (await import('../sync/engine.ts')).runSync(ctx, { mode: 'sync' }) : null;
  const { recorded, ...resolved } = res;
  return {
    data: { resolved, sync: report && jsonReport(report), recorded },
    text: () =>
      [
        `${dryRun ? 'would resolve' : 'resolved'} ${res.path} (${how === 'done' ? 'your edit' : `kept ${how}`})`,
        ...formatRecorded(recorded),
        res.keptCopy && !dryRun
          ? `the conflict copy ${res.keptCopy} was kept (${res.keptWhy}): delete it when you no longer need it`
          : '',
        report ? humanReport(report) : dryRun ? '' : 'run memsync sync to publish the resolution',
      ]
        .filter(Boolean)
        .join('\n'),
    exit: roundExit(report),
  };
}
