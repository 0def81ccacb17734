/**
 * `memsync hooks install|uninstall` (the Claude Code hooks without the plugin), `memsync hook EVENT`
 * (what those hooks run) and `memsync install-cli` (a launcher on PATH).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, EXIT, type Group, JSON_OPTION } from '../cli/command.ts';

/** The bundles' folder: this file's when bundled (dist/, or its chunks/), else the checkout's plugin/dist/. */
function distDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.basename(here) === 'chunks' ? path.dirname(here) : here;
  return path.basename(dir) === 'dist' ? dir : path.resolve(here, '..', '..', 'plugin', 'dist');
}

/**
 * The command Claude Code runs for a hook: the light entry, as the plugin's hooks run it (SessionStart
 * too: it loads the sync engine only when it must pull).
 */
function hookCommand(arg: string): string {
  return `node "${path.join(distDir(), 'hook.cjs')}" ${arg}`;
}

const install: Command = {
  name: 'install',
  summary: 'add the Claude Code hooks to settings.json (refused while the plugin is enabled)',
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ env }) {
    const { claudeConfigDir } = await import('../config/paths.ts');
    const r = await (await import('../hooks/install.ts')).installHooks(claudeConfigDir(env), hookCommand);
    const text = () =>
      r.added.length
        ? `added memsync hooks (${r.added.join(', ')}) to ${r.file}`
        : `memsync hooks are already in ${r.file}`;
    return { data: r, text };
  },
};

const uninstall: Command = {
  name: 'uninstall',
  summary: 'remove the Claude Code hooks from settings.json',
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ env }) {
    const { claudeConfigDir } = await import('../config/paths.ts');
    const r = await (await import('../hooks/install.ts')).uninstallHooks(claudeConfigDir(env));
    const text = () =>
      r.removed.length
        ? `removed memsync hooks (${r.removed.join(', ')}) from ${r.file}`
        : `no memsync hooks in ${r.file}`;
    return { data: r, text };
  },
};

export const hooks: Group = {
  name: 'hooks',
  summary: 'add or remove the Claude Code hooks in settings.json (without the plugin)',
  subcommands: [install, uninstall],
};

export const hook: Command = {
  name: 'hook',
  summary: 'what a Claude Code hook runs',
  options: {},
  needs: 'nothing',
  hidden: true,
  raw: true,
  async run({ positionals, env }) {
    // Called by Claude Code: always exit 0, whatever happens (details go to the log).
    const { runHook } = await import('../hooks/run.ts');
    await runHook(positionals[0] ?? '', env, path.resolve(process.argv[1] ?? 'memsync'));
    // The answer is out: leave now, even if a pull cut off at the budget is still winding
    // down (exiting kills its git process groups and releases the sync lock).
    return process.exit(EXIT.ok);
  },
};

export const installCli: Command = {
  name: 'install-cli',
  summary: "put a memsync launcher in DIR that runs the plugin's CLI",
  options: {
    dir: { type: 'string', value: 'DIR', default: '~/.local/bin', help: 'the folder to put it in' },
    ...JSON_OPTION,
  },
  needs: 'nothing',
  async run({ values, env }) {
    const { installLauncher } = await import('../cli/launcher.ts');
    const r = installLauncher(distDir(), values.dir as string | undefined, env);
    return {
      data: r,
      text: () => `wrote ${r.file}${r.onPath ? '' : `; add ${path.dirname(r.file)} to PATH to run it as memsync`}`,
    };
  },
};
