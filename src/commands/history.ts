/** `memsync log` and `memsync restore`: the remote's history, and bringing a file back as it was then. */
import { type Command, JSON_OPTION } from '../cli/command.ts';
import { DATE_FORM } from '../util/when.ts';

export const log: Command = {
  name: 'log',
  summary: 'what changed on the remote, when and from which host (newest first)',
  args: '[PATH]',
  positionals: [0, 1],
  options: {
    ...JSON_OPTION,
    limit: { type: 'number', integer: true, min: 1, value: 'N', default: 50, help: 'at most N commits' },
  },
  needs: 'machine',
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { historyLog } = await import('../sync/history.ts');
    const r = await historyLog(ctx, positionals[0] ?? null, (values.limit as number | undefined) ?? 50);
    const text = () => {
      const lines: string[] = [];
      for (const e of r.entries) {
        lines.push(`${e.commit.slice(0, 12)} ${e.time} ${e.host}${e.message ? `  ${e.message}` : ''}`);
        for (const c of e.paths) lines.push(`  ${c.status} ${c.path}`);
      }
      if (!r.entries.length) lines.push(r.path ? `no history for ${r.path}` : 'no history yet');
      for (const n of r.notes) lines.push(`note: ${n}`);
      return lines.join('\n');
    };
    return { data: r, text };
  },
};

export const restore: Command = {
  name: 'restore',
  summary: 'bring a file (or every file) back as it was then, as a new local change, then sync',
  args: '[PATH]',
  positionals: [0, 1],
  options: {
    at: { type: 'string', value: 'COMMIT|DATE', help: `the commit, or a DATE: ${DATE_FORM}` },
    all: { type: 'boolean', help: 'every file' },
    force: { type: 'boolean', help: 'also over an edit not published yet' },
    'no-sync': { type: 'boolean', help: 'only write the files; the next sync publishes them' },
    'dry-run': { type: 'boolean', help: 'show what the restore would write, change nothing' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  lock: true,
  async run({ values, positionals, machine }) {
    const { UsageError } = await import('../errors.ts');
    const target = positionals[0];
    if (!!target === !!values.all) throw new UsageError('restore needs either a PATH or --all');
    if (!values.at)
      throw new UsageError('restore needs --at COMMIT|DATE', 'memsync log shows the commits and their times');
    const { ctx } = await machine();
    const { applyRestore, dryRestore, planRestore } = await import('../sync/history.ts');
    const { runSync } = await import('../sync/engine.ts');
    const { humanReport, jsonReport, roundExit } = await import('./syncReport.ts');
    const dryRun = !!values['dry-run'];
    // A dry run shows the restore alone: the syncs around it would start from what it did not write.
    const sync = !values['no-sync'] && !dryRun;
    const [at, force] = [values.at as string, !!values.force];
    // Checked before anything changes (a path that did not exist then is a usage error).
    const plan = dryRun ? null : await planRestore(ctx, target ?? null, at);
    // Up to date first: a file deleted elsewhere but still live here must be brought back
    // as a change of this machine, not deleted by the sync that follows.
    const before = sync ? await runSync(ctx, { mode: 'pull' }) : null;
    const res = plan ? await applyRestore(ctx, plan, force) : await dryRestore(ctx, target ?? null, at, force);
    const { formatRecorded } = await import('../engine/effects/recorder.ts');
    const report = sync ? await runSync(ctx, { mode: 'sync' }) : null;
    const notes = [...(before?.notes ?? []), ...res.notes];
    const text = () =>
      [
        `as of ${res.commit.slice(0, 12)} (${res.time}):`,
        ...res.restored.map((r) => `  ${dryRun ? 'would restore' : 'restored'} ${r.path}`),
        ...res.unchanged.map((p) => `  already as then: ${p}`),
        ...res.skipped.map((p) => `  changed meanwhile, left alone: ${p}`),
        res.restored.length || res.unchanged.length || res.skipped.length ? '' : '  nothing to restore',
        ...notes.map((n) => `note: ${n}`),
        ...formatRecorded(res.recorded),
        report
          ? humanReport(report)
          : res.restored.length && !dryRun
            ? 'run memsync sync to publish what was restored'
            : '',
      ]
        .filter(Boolean)
        .join('\n');
    return { data: { ...res, notes, sync: report && jsonReport(report) }, text, exit: roundExit(report) };
  },
};
