/** `memsync doctor`: check git, settings, the remote, the lock and the repository (src/cli/doctor.ts checks). */
import { type Command, EXIT, JSON_OPTION } from '../cli/command.ts';

export const doctor: Command = {
  name: 'doctor',
  summary: 'check git, settings, the remote, the lock and the repository, each with its fix',
  options: {
    fix: { type: 'boolean', help: 'move a damaged clone aside so the next sync fetches it again' },
    ...JSON_OPTION,
  },
  needs: 'nothing',
  async run({ values, env, home }) {
    const { checksPassed, formatChecks, repairClone, runDoctor } = await import('../cli/doctor.ts');
    const { loadContext } = await import('../machine/context.ts');
    const movedAside = values.fix ? await repairClone(home, (await loadContext(env))?.host ?? 'doctor') : null;
    const checks = await runDoctor(env);
    const moved = movedAside ? `moved the damaged clone aside to ${movedAside}; memsync sync fetches it again\n` : '';
    return {
      data: { checks, ...(movedAside ? { movedAside } : {}) },
      text: () => moved + formatChecks(checks),
      exit: checksPassed(checks) ? EXIT.ok : EXIT.failure,
    };
  },
};
