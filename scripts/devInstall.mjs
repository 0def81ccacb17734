// `npm install` (or `npm ci`) in a checkout: installs the development and test tools (the claude binary,
// bun, claude-mem, typescript, esbuild, better-sqlite3 built for this Node). .npmrc omits them so that
// Claude Code's plugin install (`npm ci --ignore-scripts` in its copy, which skips this script) fetches
// none of them. Does nothing when memsync is installed as a package (npm was run elsewhere) and inside
// the install it starts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ranHere = path.resolve(process.env.INIT_CWD ?? '') === root;
if (ranHere && !process.env.MEMSYNC_DEV_INSTALL) {
  const npm = process.env.npm_execpath;
  const [cmd, pre] = npm ? [process.execPath, [npm]] : ['npm', []];
  const r = spawnSync(cmd, [...pre, 'install', '--include=dev', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MEMSYNC_DEV_INSTALL: '1' },
  });
  process.exit(r.status ?? 1);
}
