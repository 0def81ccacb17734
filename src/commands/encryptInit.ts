/** `memsync init --encrypt`: what encrypting the remote did, in words. */
import type { Outcome } from '../cli/command.ts';
import { encryptRemote } from '../crypto/keys.ts';
import type { Context } from '../machine/context.ts';

export async function encryptInit(ctx: Context, created: boolean, next: string | undefined): Promise<Outcome> {
  const r = await encryptRemote(ctx);
  return {
    data: {
      initialized: true,
      created,
      home: ctx.home,
      remoteUrl: ctx.settings.remote,
      encryption: 'age',
      publicKey: r.publicKey,
      identityFile: r.identity.file,
      commit: r.commit,
      readable: r.readable,
    },
    text: () =>
      [
        `memsync set up in ${ctx.home}; remote: ${ctx.settings.remote} (encrypted with age)`,
        next ?? '',
        `this machine's public key: ${r.publicKey} (identity: ${r.identity.file})`,
        r.commit
          ? `encrypted the remote: ${r.reencrypted} current file${r.reencrypted === 1 ? '' : 's'} ` +
            're-encrypted; older history stays as it was'
          : 'the remote was already encrypted',
        r.readable
          ? ''
          : `this machine cannot read it yet: on a machine that syncs, run memsync keys add ${r.publicKey} ` +
            `--name ${ctx.host}`,
      ]
        .filter(Boolean)
        .join('\n'),
  };
}
