/** `memsync doctor`: check git, settings, the remote, the lock and the repository (src/cli/doctor.ts checks). */
import { type Command, EXIT, JSON_OPTION } from '../cli/command.ts';

export const doctor: Command = {
  name: 'doctor',
  summary: 'check git, settings, the remote, the lock and the repository, each with its fix',
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ env }) {
    const checks = await (await import('../cli/doctor.ts')).runDoctor(env);
    const text = () =>
      checks
        .map((c) => `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}${c.ok || !c.fix ? '' : `\n     fix: ${c.fix}`}`)
        .join('\n');
    return { data: { checks }, text, exit: checks.every((c) => c.ok) ? EXIT.ok : EXIT.failure };
  },
};
