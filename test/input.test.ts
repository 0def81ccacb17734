/**
 * Bad input and OS errors, through the real CLI: one line naming what memsync was doing, the path
 * and the cause in words, then what to do; nothing stored or written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Machine, bareRemote, readTree, runCli, CLI } from './support/machines.ts';
import { smallDisk } from './support/disk.ts';
import { loadRegistry, rememberProjects } from '../src/sources/registry.ts';
import { joinedRegex } from '../src/util/regex.ts';

const ORIGIN = 'git@github.com:acme/widget.git';

async function machine() {
  const m = await new Machine('laptop', bareRemote()).init();
  const proj = m.checkout(ORIGIN);
  m.write(path.join(m.memoryDir(proj), 'note.md'), 'learned\n');
  await m.sync({ projects: [proj] });
  return { m, proj };
}

/** stderr is exactly two lines: the problem, then what to do. */
function oneLine(r: { code: number; stderr: string }, code: number, problem: RegExp, todo: RegExp): void {
  assert.equal(r.code, code, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 2, r.stderr);
  assert.match(lines[0]!, problem);
  assert.match(lines[1]!, todo);
}

test('--project / and --project "" are refused with the expected form and not stored', async () => {
  const { m } = await machine();
  const before = await loadRegistry(m.ctx.home);
  oneLine(
    await m.cli(['sync', '--project', '/']),
    2,
    /--project \/: the root folder is not a project/,
    /e\.g\. --project ~\/code\/widget/,
  );
  oneLine(await m.cli(['sync', '--project', '']), 2, /--project "": empty/, /give a project folder/);
  assert.deepEqual(await loadRegistry(m.ctx.home), before);
  // A hook passes its cwd without the CLI's checks: the registry itself never takes the root.
  assert.equal(await rememberProjects(m.ctx.home, ['/', '', '  ']), false);
  assert.deepEqual(await loadRegistry(m.ctx.home), before);
});

test(
  'remote values that are not a git URL or a folder are refused with the expected form; settings ' + 'unchanged',
  async () => {
    const { m } = await machine();
    const settings = fs.readFileSync(path.join(m.ctx.home, 'settings.json'), 'utf8');
    for (const [value, why] of [
      ['ext::sh -c touch% /tmp/x', /remote helper/],
      ['https://', /not a valid URL|no host/],
      ['ftp://host/repo.git', /scheme ftp/],
      ['-uhack', /starts with "-"/],
      ['git@github.com:', /no repository path/],
    ] as const) {
      oneLine(
        await m.cli(['configure', `--remote=${value}`]),
        2,
        why,
        /expected a git URL or a local path, not starting with "-" \(https:\/\/host\/path, /,
      );
    }
    assert.equal(fs.readFileSync(path.join(m.ctx.home, 'settings.json'), 'utf8'), settings);
  },
);

test(
  '--at: a date is 00:00 UTC, before the history is an error, words are refused like --since refuses ' + 'them',
  async () => {
    const { m, proj } = await machine();
    oneLine(
      await m.cli(['restore', '--all', '--at', '1970-01-01']),
      2,
      /--at 1970-01-01 \(1970-01-01T00:00:00\.000Z\): the remote history starts after that/,
      /memsync log/,
    );
    const today = new Date().toISOString().slice(0, 10);
    oneLine(
      await m.cli(['restore', '--all', '--at', today]),
      2,
      new RegExp(`--at ${today} \\(${today}T00:00:00\\.000Z\\): the remote history starts after that`),
      /memsync log/,
    );
    oneLine(
      await m.cli(['restore', '--all', '--at', 'yesterday']),
      2,
      /--at yesterday: not a commit of the remote history nor a date \(YYYY-MM-DD \(00:00 UTC that day\)/,
      /e\.g\./,
    );
    oneLine(
      await m.cli(['export', '-', '--since', 'yesterday']),
      2,
      /--since yesterday: not a date: expected YYYY-MM-DD \(00:00 UTC that day\)/,
      /e\.g\./,
    );
    oneLine(await m.cli(['restore', '--all', '--at', '2026-02-30']), 2, /--at 2026-02-30: not a date/, /e\.g\./);
    assert.match(
      (await m.cli(['help'])).stdout,
      /DATE \(in restore --at and export --since\): YYYY-MM-DD \(00:00 UTC that day\)/,
    );
    const later = await m.cli(['restore', '--all', '--at', '2999-01-01', '--no-sync']);
    assert.equal(later.code, 0, later.stderr);
    assert.deepEqual(readTree(m.memoryDir(proj)), { 'note.md': 'learned\n' });
  },
);

test('state, repo.git, tmp or locks as plain files: one line naming the path, the cause and what to do', async () => {
  const { m, proj } = await machine();
  const home = m.ctx.home;
  const cases: [string, RegExp, RegExp][] = [
    [
      'state',
      new RegExp(`${home}/state: a part of the path is a file where a folder is expected`),
      /move that file aside/,
    ],
    ['repo.git', new RegExp(`${home}/repo\\.git: something else is already there`), /move it aside/],
    ['locks', new RegExp(`the sync lock path ${home}/locks is a file, not a lock`), new RegExp(`rm ${home}/locks`)],
  ];
  for (const [name, problem, todo] of cases) {
    fs.renameSync(path.join(home, name), path.join(home, `${name}.aside`));
    fs.writeFileSync(path.join(home, name), 'x\n');
    m.write(path.join(m.memoryDir(proj), 'note.md'), `changed with ${name} in the way\n`);
    oneLine(await m.cli(['sync']), 1, problem, todo);
    fs.rmSync(path.join(home, name));
    fs.renameSync(path.join(home, `${name}.aside`), path.join(home, name));
  }
  fs.rmSync(path.join(home, 'tmp'), { recursive: true, force: true });
  fs.writeFileSync(path.join(home, 'tmp'), 'x\n');
  oneLine(
    await m.cli(['backup', 'create']),
    1,
    new RegExp(`creating memsync's temp folder ${home}/tmp: something else is already there`),
    /move it aside/,
  );
});

test('export to a folder that does not exist names the file, not a temp name', async () => {
  const { m } = await machine();
  oneLine(
    await m.cli(['export', '/missing/dir/f.json']),
    1,
    joinedRegex(
      '',
      /^memsync export: writing the export \/missing\/dir\/f\.json: it, or a folder on its way, does not exist /,
      /\(ENOENT\)$/,
    ),
    /create the folder/,
  );
});

test('on a full disk status still answers (it writes nothing there); sync says the disk is full', async (t) => {
  const { m } = await machine();
  const other = await new Machine('desktop', m.remote).init();
  const projO = other.checkout(ORIGIN);
  other.write(path.join(other.memoryDir(projO), 'big.md'), 'z'.repeat(400_000) + Math.random());
  await other.sync({ projects: [projO] });
  const repo = path.join(m.ctx.home, 'repo.git');
  fs.renameSync(repo, `${repo}.full`);
  const disk = smallDisk(repo, 4 * 1024 * 1024);
  t.after(() => disk.unmount());
  fs.cpSync(`${repo}.full`, repo, { recursive: true });
  disk.leave(16 * 1024);
  // status reads the remote through a throwaway repository in the temp folder, not the store.
  const status = await m.cli(['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.doesNotMatch(status.stdout, /not reachable/);
  oneLine(
    await m.cli(['sync']),
    1,
    new RegExp(`^memsync sync: git fetch in ${repo}: the disk is full \\(ENOSPC\\)$`),
    /free some space/,
  );
});

/** The CLI as the unprivileged user nobody (root ignores permissions). */
function asNobody(m: Machine, args: string[]) {
  const cli = [process.execPath, CLI, ...args];
  return runCli(['--reuid=65534', '--regid=65534', '--clear-groups', ...cli], m.env, 'setpriv');
}

test('a user who cannot write the memory folder or read the state: one line naming path, cause and fix', async () => {
  const { m, proj } = await machine();
  const other = await new Machine('desktop', m.remote).init();
  const projO = other.checkout(ORIGIN);
  await other.sync({ projects: [projO] });
  other.write(path.join(other.memoryDir(projO), 'note.md'), 'learned elsewhere\n');
  await other.sync();
  const mem = m.memoryDir(proj);
  for (const dir of [m.root, m.remote]) execFileSync('chown', ['-R', '65534:65534', dir]);
  fs.chmodSync(mem, 0o555);
  oneLine(
    await asNobody(m, ['sync']),
    1,
    new RegExp(`^memsync sync: writing ${mem}/note\\.md: permission denied \\(EACCES\\)$`),
    /make it readable and writable by this user/,
  );
  assert.equal(fs.readFileSync(path.join(mem, 'note.md'), 'utf8'), 'learned\n');
  fs.chmodSync(mem, 0o755);
  const state = path.join(m.ctx.home, 'state', 'sync-state.json');
  fs.chownSync(state, 0, 0);
  fs.chmodSync(state, 0o600);
  oneLine(
    await asNobody(m, ['sync']),
    1,
    new RegExp(`^memsync sync: opening ${state}: permission denied \\(EACCES\\)$`),
    /make it readable/,
  );
  fs.chownSync(state, 65534, 65534);
  const ok = await asNobody(m, ['sync']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(fs.readFileSync(path.join(mem, 'note.md'), 'utf8'), 'learned elsewhere\n');
});
