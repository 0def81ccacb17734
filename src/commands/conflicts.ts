/** `memsync conflicts [claude-mem]`: open conflicts and their copies, or claude-mem's rows side by side. */
import { type Command, EXIT, JSON_OPTION } from '../cli/command.ts';

const FILE_RESOLVE =
  'resolve with: memsync resolve PATH --keep local|remote|both, ' +
  'or edit the live file and run memsync resolve PATH --done';
const DB_RESOLVE =
  'compare with: memsync conflicts claude-mem; resolve with: memsync resolve claude-mem --keep-local|--use-remote';

export const conflicts: Command = {
  name: 'conflicts',
  summary: "open conflicts and their copies (claude-mem: each conflicting row, this machine's and the remote's)",
  args: '[claude-mem]',
  positionals: [0, 1],
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ positionals, env }) {
    const { loadContext } = await import('../machine/context.ts');
    const { DB_SOURCE } = await import('../claudeMem/resolveDb.ts');
    const { UsageError } = await import('../errors.ts');
    const ctx = await loadContext(env);
    if (positionals[0] === DB_SOURCE && ctx) {
      const { showDbConflicts } = await import('../claudeMem/showConflicts.ts');
      const { openRepo } = await import('../crypto/openRepo.ts');
      const { formatDbConflicts } = await import('../cli/dbCommands.ts');
      const shown = await showDbConflicts(ctx, openRepo(ctx));
      const exit = shown.rows.length || shown.file ? EXIT.conflicts : EXIT.ok;
      return { data: shown, text: () => formatDbConflicts(shown), exit };
    }
    if (positionals.length) throw new UsageError(`conflicts ${positionals[0]}: expected no argument, or ${DB_SOURCE}`);
    const { loadHeader } = await import('../machine/state.ts');
    const { listDbConflicts } = await import('../claudeMem/showConflicts.ts');
    const state = ctx ? await loadHeader(ctx.home) : null;
    const list = Object.entries(state?.conflicts ?? {}).map(([p, c]) => ({
      path: p,
      livePath: c.livePath,
      copy: c.copy,
      host: c.host,
      since: c.since,
      ...(c.shape && { shape: c.shape }),
      ...(c.clash && { clash: c.clash }),
    }));
    const rows = ctx?.settings.sources.claudeMem.enabled ? await listDbConflicts(ctx.home) : [];
    const text = () =>
      [
        ...list.map(
          (c) => `${c.path}\n  live:   ${c.livePath}\n  ${c.shape ? 'file:  ' : 'remote:'} ${c.copy} (from ${c.host})`,
        ),
        ...rows.map((r) => `claude-mem ${r.table} ${JSON.stringify(r.identity)}`),
        ...(list.length ? [FILE_RESOLVE] : []),
        ...(rows.length ? [DB_RESOLVE] : []),
      ].join('\n') || 'no open conflicts';
    return {
      data: { conflicts: list, claudeMem: rows },
      text,
      exit: list.length || rows.length ? EXIT.conflicts : EXIT.ok,
    };
  },
};
