/** `memsync consolidate`: repeated and nearly repeated memories and index lines; --apply removes exact repeats. */
import { type Command, JSON_OPTION } from '../cli/command.ts';

export const consolidate: Command = {
  name: 'consolidate',
  summary: 'find repeated and nearly repeated memories and index lines; --apply removes the exact repeats',
  options: {
    'dry-run': { type: 'boolean', help: 'change nothing' },
    apply: { type: 'boolean', help: 'remove the exact repeats (then memsync sync publishes it)' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  lock: true,
  async run({ values, machine }) {
    const [apply, dryRun] = [!!values.apply, !!values['dry-run']];
    const { ctx } = await machine();
    const r = await (await import('../consolidate/run.ts')).consolidate(ctx, { apply, dryRun });
    const { formatConsolidate } = await import('../cli/consolidate.ts');
    const { formatRecorded } = await import('../engine/effects/recorder.ts');
    return {
      data: r,
      text: () => [formatConsolidate(r.folders, apply, dryRun), ...formatRecorded(r.recorded)].join('\n'),
    };
  },
};
