/**
 * Issue 27: project identities remembered between syncs (src/sources/identityCache.ts), black box
 * through the built CLI on one machine whose cases run in turn. A remembered identity must never
 * outlive what it was read from: a changed origin, a config edited in place under a clock put back,
 * another repository in a moved project's place, a damaged record.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { gitTestEnv, remoteFiles } from './support/machines.ts';
import { type CliMachine, cleanup, initedMachine, sharedBareRemote } from './support/cli.ts';
import { claudeProjectKey } from '../src/sources/projectKey.ts';

after(cleanup);

let remote: string;
let m: CliMachine;
let one: string;
let two: string;
/** scan.ts and identityCache.ts do not trust a stat younger than 2 s ("racy"): wait it out once. */
const RACY_WAIT_MS = 2100;
const MTIME = Math.floor(Date.now() / 1000) - 3600;

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { env: gitTestEnv(m.root), stdio: 'ignore' });

function repo(name: string, origin: string): string {
  const dir = path.join(m.root, 'home', 'work', name);
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '--quiet');
  git(dir, 'remote', 'add', 'origin', origin);
  return dir;
}

/** Writes `name` into the auto memory folder Claude Code keeps for the project at `dir`. */
function remember(dir: string, name: string): void {
  const mem = path.join(m.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(dir), 'memory');
  fs.mkdirSync(mem, { recursive: true });
  fs.writeFileSync(path.join(mem, name), `- learned in ${path.basename(dir)}\n`);
}

async function sync(): Promise<void> {
  const r = await m.cli(['sync', '--project', m.project, '--project', one, '--project', two]);
  assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
}

const published = (identity: string, name: string) => `projects/${identity}/memory/${name}` in remoteFiles(remote);
const recordFile = () => path.join(m.home, 'state', 'identities.json');

before(async () => {
  remote = sharedBareRemote();
  m = await initedMachine('ids', remote);
  one = repo('one', 'git@github.com:acme/one.git');
  two = repo('two', 'https://github.com/acme/two.git');
  for (const dir of [m.project, one, two]) remember(dir, 'MEMORY.md');
  // Whole seconds, so the case of a clock put back can set this mtime again exactly.
  fs.utimesSync(path.join(m.project, '.git', 'config'), MTIME, MTIME);
  await new Promise((r) => setTimeout(r, RACY_WAIT_MS));
  await sync();
});

test('a sync remembers each identity with the stats of the files it was read from', () => {
  const { entries } = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
  assert.equal(entries[m.project]?.id, 'github.com/acme/widget');
  assert.equal(entries[one]?.id, 'github.com/acme/one');
  assert.equal(entries[two]?.id, 'github.com/acme/two');
  assert.ok(published('github.com/acme/two', 'MEMORY.md'));
});

test('a damaged record is ignored, and one naming an unsafe identity is not trusted', async () => {
  fs.writeFileSync(recordFile(), '{"version":1,"entries":');
  remember(m.project, 'after-damage.md');
  await sync();
  assert.ok(published('github.com/acme/widget', 'after-damage.md'));
  const saved = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
  assert.equal(saved.entries[m.project]?.id, 'github.com/acme/widget', 'saved whole again');
  saved.entries[m.project].id = '../escape';
  fs.writeFileSync(recordFile(), JSON.stringify(saved));
  remember(m.project, 'after-tamper.md');
  await sync();
  assert.ok(published('github.com/acme/widget', 'after-tamper.md'));
});

test('a changed origin, an in-place edit under a clock set back, a moved project: each read again', async () => {
  // A changed origin: git writes a new config.
  git(one, 'remote', 'set-url', 'origin', 'git@github.com:acme/renamed.git');
  remember(one, 'after-rename.md');
  // The same size in place, its mtime put back: only ctime tells.
  const config = path.join(m.project, '.git', 'config');
  const was = fs.statSync(config);
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('acme/widget', 'acme/gadget'));
  fs.utimesSync(config, MTIME, MTIME);
  const now = fs.statSync(config);
  assert.deepEqual([now.ino, now.size, now.mtimeMs], [was.ino, was.size, was.mtimeMs], 'only ctime moved');
  remember(m.project, 'after-edit.md');
  // Another repository where a moved project was.
  fs.renameSync(two, `${two}-moved`);
  repo('two', 'git@github.com:acme/three.git');
  remember(two, 'after-move.md');
  await sync();
  assert.ok(published('github.com/acme/renamed', 'after-rename.md'), 'published under the new origin');
  assert.ok(published('github.com/acme/gadget', 'after-edit.md'), 'published under the edited origin');
  assert.ok(published('github.com/acme/three', 'after-move.md'), 'published under the new repository');
  for (const old of ['one/after-rename.md', 'widget/after-edit.md', 'two/after-move.md']) {
    const [project, name] = old.split('/');
    assert.ok(!published(`github.com/acme/${project}`, name!), `${old} not under the old identity`);
  }
});
