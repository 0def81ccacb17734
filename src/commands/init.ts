/** `memsync init` and `memsync configure`: set this machine up, or point it at another remote. */
import { type Command, JSON_OPTION } from '../cli/command.ts';

const FORCE = { type: 'boolean', help: 'take a remote that holds other content' } as const;
const REMOTE = { type: 'string', value: 'URL', help: 'the git remote to sync through' } as const;

export const init: Command = {
  name: 'init',
  summary: 'set up this machine (default remote: a bare repository in MEMSYNC_HOME)',
  options: {
    remote: REMOTE,
    force: FORCE,
    encrypt: { type: 'boolean', help: 'the remote holds only age-encrypted files from now on' },
    ...JSON_OPTION,
  },
  needs: 'nothing',
  async run({ values, env, home }) {
    const { checkedRemote } = await import('./checks.ts');
    const { loadContext, initMachine } = await import('../machine/context.ts');
    const { defaultSettings } = await import('../config/settings.ts');
    const { checkRemoteFor } = await import('../cli/remoteCheck.ts');
    const remote = values.remote ? checkedRemote(values.remote as string) : undefined;
    const known = (await loadContext(env))?.settings;
    // A new remote is checked as configure checks it: a typo must not publish memory elsewhere.
    const check =
      remote && remote !== known?.remote
        ? await checkRemoteFor(home, known ?? defaultSettings(home, env), remote, !!values.force, 'init')
        : null;
    const { ctx, created } = await initMachine(env, remote);
    if (values.encrypt) return (await import('./encryptInit.ts')).encryptInit(ctx, created, check?.next);
    const changed = !created && check ? known!.remote : undefined;
    const head = created
      ? `memsync set up in ${ctx.home}; remote: ${ctx.settings.remote}`
      : changed
        ? `memsync is already set up in ${ctx.home}; remote changed from ${changed} to ${ctx.settings.remote}`
        : `memsync is already set up in ${ctx.home}; remote: ${ctx.settings.remote}`;
    const data = { initialized: true, created, home: ctx.home, remoteUrl: ctx.settings.remote, ...check };
    return {
      data: { ...data, ...(changed ? { previousRemote: changed } : {}) },
      text: () => [head, check?.next ?? ''].filter(Boolean).join('\n'),
    };
  },
};

export const configure: Command = {
  name: 'configure',
  summary: 'point at another remote (checked first: one with other content needs --force)',
  options: { remote: REMOTE, force: FORCE, ...JSON_OPTION },
  needs: 'setup',
  async run({ values, env, home, machine }) {
    const { UsageError } = await import('../errors.ts');
    if (!values.remote) throw new UsageError('configure needs --remote URL', 'see memsync configure --help');
    const { checkedRemote } = await import('./checks.ts');
    const remote = checkedRemote(values.remote as string);
    const { settings } = (await machine()).ctx;
    const { checkRemoteFor } = await import('../cli/remoteCheck.ts');
    const { writeSettings } = await import('../config/settings.ts');
    const { initMachine } = await import('../machine/context.ts');
    const check = await checkRemoteFor(home, settings, remote, !!values.force, 'configure');
    await writeSettings(home, { remote });
    const { ctx } = await initMachine(env);
    return {
      data: { remoteUrl: ctx.settings.remote, ...check },
      text: () => `remote set to ${ctx.settings.remote}\n${check.next}`,
    };
  },
};
