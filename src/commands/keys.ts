/** `memsync keys ...`: this machine's age identity and who can read the encrypted remote (src/crypto/ works). */
import { type Command, type Group, JSON_OPTION } from '../cli/command.ts';

const lib = () => import('../crypto/keys.ts');

const init: Command = {
  name: 'init',
  summary: "this machine's own age identity (MEMSYNC_HOME/identity.txt); prints its public key",
  options: JSON_OPTION,
  needs: 'setup',
  async run({ machine }) {
    const { ctx } = await machine();
    const { identity, created } = await (await lib()).keysInit(ctx);
    return {
      data: { publicKey: identity.publicKey, identityFile: identity.file, created },
      text: () =>
        [
          `${created ? 'created' : 'kept'} this machine's age identity ${identity.file}`,
          `public key: ${identity.publicKey}`,
          `on a machine that reads the remote, run: memsync keys add ${identity.publicKey} --name ${ctx.host}`,
          '(or, for a new remote, memsync init --encrypt here)',
        ].join('\n'),
    };
  },
};

const add: Command = {
  name: 'add',
  summary: 'let another machine read the encrypted remote (re-encrypts the current files)',
  args: 'AGE1KEY',
  positionals: [1, 1],
  options: { name: { type: 'string', value: 'HOST', help: "the machine's name in keys list" }, ...JSON_OPTION },
  needs: 'machine',
  lock: true,
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const r = await (await lib()).keysAdd(ctx, positionals[0]!, values.name as string | undefined);
    const text = () =>
      r.commit
        ? `added; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? ' is' : 's are'} now encrypted ` +
          `to: ${r.recipients.map((x) => x.name).join(', ')}`
        : 'that key is already a recipient';
    return { data: r, text };
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'stop encrypting to a machine (what it already fetched, it keeps)',
  args: 'NAME',
  positionals: [1, 1],
  options: JSON_OPTION,
  needs: 'machine',
  lock: true,
  async run({ positionals, machine }) {
    const { ctx } = await machine();
    const r = await (await lib()).keysRemove(ctx, positionals[0]!);
    const text = () =>
      `removed; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? ' is' : 's are'} re-encrypted ` +
      `to: ${r.recipients.map((x) => x.name).join(', ')}\nwhat that machine fetched before, and the remote's older ` +
      'history, it can still read';
    return { data: r, text };
  },
};

const list: Command = {
  name: 'list',
  summary: 'who can read the encrypted remote',
  options: JSON_OPTION,
  needs: 'machine',
  async run({ machine }) {
    const { ctx } = await machine();
    const r = await (await lib()).keysList(ctx);
    const text = () =>
      r.recipients.length
        ? r.recipients.map((x) => `${x.name}\t${x.key}${x.key === r.publicKey ? '\t(this machine)' : ''}`).join('\n') +
          (r.offline ? '\n(remote not reached: as of the last fetch)' : '')
        : 'the remote is not encrypted (no recipients): memsync init --encrypt encrypts it';
    return { data: r, text };
  },
};

const exportKey: Command = {
  name: 'export',
  summary: "print this machine's identity, to share one key between machines",
  options: {},
  needs: 'machine',
  async run({ machine }) {
    const { ctx } = await machine();
    // The key itself, unmasked, on stdout; the warning on stderr.
    process.stdout.write(await (await lib()).keysExport(ctx));
    console.error(
      'memsync keys export: this is a secret key: whoever has it reads the remote. Move it to the other machine ' +
        '(memsync keys import) and delete any copy.',
    );
    return {};
  },
};

const importKey: Command = {
  name: 'import',
  summary: 'use a shared identity (from stdin without FILE), or a recovery key',
  args: '[FILE]',
  positionals: [0, 1],
  options: { force: { type: 'boolean', help: 'replace another identity this machine holds' }, ...JSON_OPTION },
  needs: 'setup',
  async run({ values, positionals, machine }) {
    const file = positionals[0] ?? '-';
    const fs = await import('node:fs');
    let text: string;
    try {
      text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
    } catch (e) {
      const { UsageError } = await import('../errors.ts');
      throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${(e as Error).message}`);
    }
    const { ctx } = await machine();
    const r = await (await lib()).keysImport(ctx, text, file === '-' ? 'stdin' : file, !!values.force);
    return {
      data: { publicKey: r.identity.publicKey, identityFile: r.identity.file, changed: r.changed },
      text: () =>
        `${r.changed ? 'imported' : 'already had'} the identity with public key ${r.identity.publicKey} ` +
        `(${r.identity.file}); this machine now reads and writes the encrypted remote`,
    };
  },
};

function trust(name: 'accept' | 'restore' | 'recovery', summary: string): Command {
  const options = name === 'recovery' ? { name: { type: 'string', value: 'NAME', help: 'its recipient name' } } : {};
  return {
    name,
    summary,
    options: { ...options, ...JSON_OPTION } as Command['options'],
    needs: 'machine',
    lock: true,
    async run({ values, machine }) {
      const { ctx } = await machine();
      const r = await (await import('../cli/keysTrust.ts')).keysTrust(name, ctx, values.name as string | undefined);
      if (r.note) console.error(r.note);
      return { data: r.data, text: () => r.text };
    },
  };
}

export const keys: Group = {
  name: 'keys',
  summary: "this machine's age identity and who can read the encrypted remote",
  subcommands: [
    init,
    add,
    list,
    remove,
    exportKey,
    importKey,
    trust('accept', "take the remote's changed recipients list (after checking it: keys list)"),
    trust('restore', 'put back the recipients list this machine agreed to'),
    trust('recovery', 'make a recovery key, print it once to keep offline, add it as a recipient'),
  ],
};
