/**
 * The plugin as users install it (`npm run bench`, section h): `claude plugin marketplace add` and
 * `claude plugin install` with the real claude binary (the devDependency, or MEMSYNC_TEST_CLAUDE),
 * from this checkout served over git's smart HTTP on 127.0.0.1 and from its local path, each into a
 * fresh Claude Code folder; beside it, in the same run, a plain `git clone` of the same URL (what
 * fetching the repository costs at least). Prints medians, the ratio and the installed size.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { CLAUDE } from '../test/support/claudeSession.ts';
import { startHttpGit } from '../test/support/httpGit.ts';
import { REPO_ROOT, tempDir } from '../test/support/machines.ts';
import { servedCheckout } from '../test/support/served.ts';

const REPS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A fresh home for Claude Code: nothing installed, nothing from the user running the bench. */
function freshEnv(): NodeJS.ProcessEnv {
  const home = tempDir('memsync-bench-plugin-');
  return {
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  };
}

/** Wall time of one command, in ms; throws when it fails. Asynchronous: the git server runs in this process. */
function ms(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd: env.HOME, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - t0)
        : reject(new Error(`${cmd} ${args.join(' ')}: exit ${code}: ${out}`)),
    );
  });
}

/** marketplace add + install from `source`, REPS times: their medians and the installed size. */
async function installs(source: string): Promise<{ add: number; install: number; kb: number }> {
  const add: number[] = [];
  const install: number[] = [];
  let kb = 0;
  for (let i = 0; i < REPS; i++) {
    const env = freshEnv();
    add.push(await ms(CLAUDE, ['plugin', 'marketplace', 'add', source], env));
    install.push(await ms(CLAUDE, ['plugin', 'install', 'memsync@memsync'], env));
    const list = path.join(env.CLAUDE_CONFIG_DIR!, 'plugins', 'installed_plugins.json');
    const dir = JSON.parse(fs.readFileSync(list, 'utf8')).plugins['memsync@memsync'][0].installPath;
    kb = Number(execFileSync('du', ['-sk', dir]).toString().split('\t')[0]);
  }
  return { add: median(add), install: median(install), kb };
}

export async function benchPluginInstall(): Promise<string[]> {
  const served = servedCheckout();
  const server = await startHttpGit(served);
  try {
    const url = server.url('memsync.git');
    const version = spawnSync(CLAUDE, ['--version'], { encoding: 'utf8' }).stdout.trim();
    const clones: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const env = freshEnv();
      clones.push(await ms('git', ['clone', '-q', url, path.join(env.HOME!, 'clone')], env));
    }
    const clone = median(clones);
    const fromUrl = await installs(url);
    const fromPath = await installs(REPO_ROOT);
    const row = (what: string, r: { add: number; install: number; kb: number }) =>
      `  ${what}: marketplace add ${r.add.toFixed(0)} ms, install ${r.install.toFixed(0)} ms ` +
      `(${(r.install / clone).toFixed(2)}x the clone), installed ${(r.kb / 1024).toFixed(1)} MB`;
    return [
      '',
      `(h) plugin install with claude ${version}, medians of ${REPS}, each into a fresh Claude Code folder:`,
      `  git clone of the same URL (baseline): ${clone.toFixed(0)} ms`,
      row('from the git URL', fromUrl),
      row('from the local path', fromPath),
    ];
  } finally {
    await server.stop();
  }
}
