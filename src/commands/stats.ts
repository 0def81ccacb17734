/** `memsync stats`: files and bytes per project, last changes, hosts, repository size. */
import { type Command, JSON_OPTION } from '../cli/command.ts';

export const stats: Command = {
  name: 'stats',
  summary: 'files and bytes per project (remote and here), last changes, hosts, repository size',
  options: JSON_OPTION,
  needs: 'machine',
  async run({ machine }) {
    const { ctx } = await machine();
    const { formatStats, getStats } = await import('../sync/stats.ts');
    const s = await getStats(ctx);
    return { data: s, text: () => formatStats(s) };
  },
};
