/** `memsync propose` and `memsync sweep-branches`: machines that contribute through branches. */
import { type Command, JSON_OPTION } from '../cli/command.ts';

export const propose: Command = {
  name: 'propose',
  summary: "(role contributor) push this machine's changes to memsync/<host> and open a pull request for them",
  options: { title: { type: 'string', value: 'T', help: "the pull request's title" }, ...JSON_OPTION },
  needs: 'machine',
  lock: true,
  async run({ values, machine }) {
    const { ctx } = await machine();
    const r = await (await import('../sync/fleet.ts')).propose(ctx, values.title as string | undefined);
    const text = () => {
      if (!r.paths.length) return `nothing to propose: the shared branch already has this machine's changes`;
      const lines = [
        `${r.paths.length} change${r.paths.length > 1 ? 's' : ''} on ${r.branch}:`,
        ...r.paths.map((p) => `  ${p}`),
      ];
      if (r.opened?.by === 'gh') lines.push(r.opened.output || 'pull request opened');
      else if (r.opened) lines.push('to open the pull request:', ...r.opened.steps.map((s) => `  ${s}`));
      return lines.join('\n');
    };
    return { data: r, text };
  },
};

export const sweepBranches: Command = {
  name: 'sweep-branches',
  summary: 'delete memsync/* branches merged into the shared branch and idle N days',
  options: {
    'idle-days': { type: 'number', min: 0, value: 'N', default: 15, help: 'only branches idle this many days' },
    'dry-run': { type: 'boolean', help: 'list what would be deleted' },
    ...JSON_OPTION,
  },
  needs: 'machine',
  lock: true,
  async run({ values, machine }) {
    const { ctx } = await machine();
    const days = (values['idle-days'] as number | undefined) ?? 15;
    const r = await (await import('../sync/fleet.ts')).sweepBranches(ctx, days, !!values['dry-run']);
    const { formatRecorded } = await import('../engine/effects/recorder.ts');
    const text = () =>
      [
        ...r.deleted.map((b) => `${r.dryRun ? 'would delete' : 'deleted'} ${b}`),
        ...r.kept.map((k) => `kept ${k.branch}: ${k.reason}`),
        ...(r.deleted.length || r.kept.length ? [] : ['no memsync/* branches on the remote']),
        ...formatRecorded(r.recorded),
      ].join('\n');
    return { data: r, text };
  },
};
