// Runs before `npm test` (npm's pretest): everything the tests need beyond npm's own packages is
// there, or the run stops at once with one line that names what is missing and how to get it.
// Installs on its own only what the npm registry carries: a Node 18 (for what a user with a Node too
// old is told) under .tmp/, as .ci/run does for Node 22 and 24.
// Usage: node scripts/testSetup.mjs   (exits 1 with one line on stderr when something is missing)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Debian packages the tests run real programs from, each with the file that shows it is there. */
const DEBIAN = [
  { pkg: 'git', file: 'git' },
  { pkg: 'age', file: 'age' },
  { pkg: 'openssh-client', file: 'ssh' },
  { pkg: 'openssh-server', file: '/usr/sbin/sshd' },
  { pkg: 'util-linux', file: 'setpriv' },
  { pkg: 'python3-fusepy', file: '/usr/lib/python3/dist-packages/fusepy.py' },
  { pkg: 'faketime', file: 'faketime' },
];

function onPath(file) {
  if (path.isAbsolute(file)) return fs.existsSync(file);
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, file)));
}

function fail(line) {
  console.error(`npm test: ${line}`);
  process.exit(1);
}

if (process.platform !== 'linux') fail(`the tests run on Linux (this is ${process.platform})`);
if (process.getuid?.() !== 0)
  fail(
    'the tests run as root: they mount small file systems and create a throwaway user (run them in a VM or container)',
  );
const missing = DEBIAN.filter((d) => !onPath(d.file)).map((d) => d.pkg);
if (missing.length)
  fail(
    `missing Debian package${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: ` +
      `apt-get install -y ${missing.join(' ')}`,
  );
if (!fs.existsSync(path.join(root, 'node_modules', '.bin', 'claude')))
  fail('the development packages are not installed: run npm install (or npm ci) first');

const arch = process.arch === 'x64' ? 'x64' : 'arm64';
const oldNode = path.join(root, '.tmp', 'node', '18');
if (!fs.existsSync(path.join(oldNode, 'node_modules', `node-linux-${arch}`, 'bin', 'node'))) {
  const args = ['install', '--prefix', oldNode, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
  const r = spawnSync('npm', [...args, `node-linux-${arch}@18`], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) fail(`could not install Node 18 from the npm registry into ${oldNode} (npm exit ${r.status})`);
}
