import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  findGitRoot,
  gitConfigValue,
  normalizeRemoteUrl,
  projectIdentity,
  readOriginUrl,
  sanitizeIdentity,
} from '../src/sources/identity.ts';

let tmp: string;

before(async () => {
  // realpath: on some systems os.tmpdir() is behind a symlink
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'memsync-identity-')));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: tmp,
      XDG_CONFIG_HOME: path.join(tmp, '.config'),
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

async function mkdir(...parts: string[]): Promise<string> {
  const d = path.join(tmp, ...parts);
  await fs.mkdir(d, { recursive: true });
  return d;
}

async function gitRepo(name: string, origin?: string): Promise<string> {
  const d = await mkdir(name);
  git(d, 'init', '-q');
  if (origin !== undefined) git(d, 'remote', 'add', 'origin', origin);
  return d;
}

describe('normalizeRemoteUrl', () => {
  const table: Array<[string, string | null]> = [
    ['git@github.com:acme/widget.git', 'github.com/acme/widget'],
    ['https://github.com/acme/widget', 'github.com/acme/widget'],
    ['https://user:tok@github.com/acme/widget.git/', 'github.com/acme/widget'],
    ['ssh://git@github.com:22/acme/widget.git', 'github.com/acme/widget'],
    ['git://github.com/acme/widget', 'github.com/acme/widget'],
    ['HTTPS://GitHub.COM/Acme/Widget.GIT', 'github.com/acme/widget'],
    ['  git@github.com:acme/widget.git\n', 'github.com/acme/widget'],
    ['git+ssh://git@github.com/acme/widget.git', 'github.com/acme/widget'],
    ['http://github.com/acme/widget.git?x=1#frag', 'github.com/acme/widget'],
    ['github.com:acme/widget', 'github.com/acme/widget'],
    ['ssh://git@github.com:acme/widget.git', 'github.com/acme/widget'],
    ['git@gitlab.com:group/sub/proj.git', 'gitlab.com/group/sub/proj'],
    ['https://dev.azure.com/Org/Project/_git/Repo', 'dev.azure.com/org/project/_git/repo'],
    ['https://example.com:8443/my%20team/some+repo.git', 'example.com/my-team/some-repo'],
    ['git@host.example.com:/srv/git/repo.git', 'host.example.com/srv/git/repo'],
    ['ssh://git@[::1]:2222/acme/widget.git', '--1/acme/widget'],
    // not portable / not a repository / unsafe
    ['/srv/git/widget.git', null],
    ['./widget', null],
    ['../widget', null],
    ['widget', null],
    ['file:///srv/git/widget.git', null],
    ['C:\\repos\\widget', null],
    ['C:/repos/widget', null],
    ['https://github.com', null],
    ['https://github.com/', null],
    ['git@github.com:', null],
    ['git@github.com:.git', null],
    ['https://github.com/acme/../etc', null],
    ['https://github.com/./widget', null],
    ['ftp://github.com/acme/widget', null],
    ['', null],
    ['   ', null],
    ['not a url at all', null],
  ];
  for (const [input, expected] of table) {
    test(JSON.stringify(input), () => {
      assert.equal(normalizeRemoteUrl(input), expected);
    });
  }

  test('results are always safe relative paths', () => {
    for (const [input] of table) {
      const r = normalizeRemoteUrl(input);
      if (r === null) continue;
      assert.match(r, /^[a-z0-9._-]+(\/[a-z0-9._-]+)*$/);
      for (const seg of r.split('/')) assert.ok(seg !== '.' && seg !== '..');
    }
  });
});

test('sanitizeIdentity', () => {
  assert.equal(sanitizeIdentity('local/My Project'), 'local/my-project');
  assert.equal(sanitizeIdentity('/a//b/'), 'a/b');
  assert.equal(sanitizeIdentity('local/..'), null);
  assert.equal(sanitizeIdentity('./x'), null);
  assert.equal(sanitizeIdentity(''), null);
  assert.equal(sanitizeIdentity('local/Ünï'), 'local/-n-');
});

test('gitConfigValue parses the forms git writes and accepts', () => {
  const cfg = [
    '[core]',
    '\turl = not-this-one',
    '[remote "upstream"]',
    '\turl = git@github.com:other/thing.git',
    '[Remote "origin"]',
    '  # a comment',
    '\tfetch = +refs/heads/*:refs/remotes/origin/*',
    '\tURL = "git@github.com:acme/my widget.git" ; trailing comment',
    '\turl = second-value-ignored',
  ].join('\n');
  assert.equal(gitConfigValue(cfg, 'remote', 'origin', 'url'), 'git@github.com:acme/my widget.git');
  assert.equal(gitConfigValue(cfg, 'remote', 'upstream', 'url'), 'git@github.com:other/thing.git');
  assert.equal(gitConfigValue(cfg, 'remote', 'Origin', 'url'), null); // subsection is case-sensitive
  assert.equal(gitConfigValue('[remote.origin]\nurl = https://h/a/b\n', 'remote', 'origin', 'url'), 'https://h/a/b');
  assert.equal(gitConfigValue('[remote "origin"] url = https://h/a/c\n', 'remote', 'origin', 'url'), 'https://h/a/c');
  assert.equal(
    gitConfigValue('[remote "origin"]\nurl = https://h/\\\n  a/d # c\n', 'remote', 'origin', 'url'),
    'https://h/  a/d',
  );
});

describe('git repositories', () => {
  test('two checkouts of the same origin at different paths share an identity', async () => {
    const a = await gitRepo('machine-a/work/widget', 'git@github.com:Acme/Widget.git');
    const b = await gitRepo('machine-b/src/elsewhere', 'https://ci:secret@github.com/acme/widget');
    const ia = projectIdentity(a, {});
    const ib = projectIdentity(b, {});
    assert.deepEqual(ia, { identity: 'github.com/acme/widget', root: a, how: 'origin' });
    assert.deepEqual(ib, { identity: 'github.com/acme/widget', root: b, how: 'origin' });
  });

  test('a subdirectory resolves to the git root', async () => {
    const repo = await gitRepo('sub-repo', 'git@github.com:acme/subby.git');
    const deep = await mkdir('sub-repo', 'src', 'deeper');
    assert.equal(findGitRoot(deep), repo);
    assert.equal(findGitRoot(repo), repo);
    assert.deepEqual(projectIdentity(deep, {}), { identity: 'github.com/acme/subby', root: repo, how: 'origin' });
  });

  test('findGitRoot returns null outside any repository', async () => {
    const plain = await mkdir('plain', 'folder');
    // The temp folder itself must not be inside a repository for this test to mean anything.
    if (findGitRoot(tmp) === null) assert.equal(findGitRoot(plain), null);
  });

  test('readOriginUrl: no origin -> null, other remotes ignored', async () => {
    const repo = await gitRepo('no-origin');
    assert.equal(readOriginUrl(repo), null);
    git(repo, 'remote', 'add', 'upstream', 'git@github.com:acme/up.git');
    assert.equal(readOriginUrl(repo), null);
    git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/down.git');
    assert.equal(readOriginUrl(repo), 'git@github.com:acme/down.git');
  });

  test('a real linked worktree (.git file) reads the main repository config', async () => {
    const main = await gitRepo('wt-main', 'ssh://git@github.com:22/acme/trees.git');
    git(main, 'commit', '-q', '--allow-empty', '-m', 'init');
    const wt = path.join(tmp, 'wt-linked');
    git(main, 'worktree', 'add', '-q', wt);
    assert.ok((await fs.stat(path.join(wt, '.git'))).isFile());
    assert.equal(findGitRoot(path.join(wt)), wt);
    assert.equal(readOriginUrl(wt), 'ssh://git@github.com:22/acme/trees.git');
    assert.deepEqual(projectIdentity(wt, {}), { identity: 'github.com/acme/trees', root: wt, how: 'origin' });
  });

  test('a submodule-style .git file with a relative gitdir and no commondir', async () => {
    const root = await mkdir('submod');
    const gitdir = await mkdir('parent-repo', '.git', 'modules', 'submod');
    await fs.writeFile(path.join(gitdir, 'config'), '[remote "origin"]\n\turl = https://gitlab.com/acme/lib.git\n');
    await fs.writeFile(path.join(root, '.git'), `gitdir: ${path.relative(root, gitdir)}\n`);
    assert.equal(readOriginUrl(root), 'https://gitlab.com/acme/lib.git');
    assert.equal(projectIdentity(path.join(root), {})?.identity, 'gitlab.com/acme/lib');
  });

  test('a local-path origin falls through to markers, then to the folder name', async () => {
    const repo = await gitRepo('Local Origin', '/srv/git/thing.git');
    assert.deepEqual(projectIdentity(repo, {}), { identity: 'local/local-origin', root: repo, how: 'marker' });
    await fs.writeFile(path.join(repo, 'package.json'), JSON.stringify({ name: 'from-package' }));
    assert.deepEqual(projectIdentity(repo, {}), { identity: 'local/from-package', root: repo, how: 'marker' });
  });

  test('pinned wins over origin, by root or by the folder asked about', async () => {
    const repo = await gitRepo('pinned-repo', 'git@github.com:acme/pinned.git');
    const sub = await mkdir('pinned-repo', 'pkg');
    assert.deepEqual(projectIdentity(sub, { [repo]: 'Team/Pinned-Name' }), {
      identity: 'team/pinned-name',
      root: repo,
      how: 'pinned',
    });
    assert.deepEqual(projectIdentity(sub, { [`${sub}/`]: 'team/sub-only' }), {
      identity: 'team/sub-only',
      root: repo,
      how: 'pinned',
    });
    // an unsafe pinned value is ignored
    assert.equal(projectIdentity(repo, { [repo]: '../escape' })?.how, 'origin');
    // a pin for another folder does not apply
    assert.equal(projectIdentity(repo, { [path.join(tmp, 'other')]: 'x/y' })?.how, 'origin');
  });
});

describe('marker files (no git)', () => {
  async function withFile(dirName: string, file: string, content: string): Promise<string> {
    const d = await mkdir('markers', dirName);
    await fs.writeFile(path.join(d, file), content);
    return d;
  }
  async function identityOf(d: string): Promise<string | undefined> {
    const r = projectIdentity(d, {});
    if (r) {
      assert.equal(r.how, 'marker');
      assert.equal(r.root, d);
    }
    return r?.identity;
  }

  test('agent.yml / agent.yaml top-level name', async () => {
    const d = await withFile(
      'agent',
      'agent.yml',
      'version: 1\nspec:\n  name: nested-not-this\nname: "My Agent" # comment\n',
    );
    assert.equal(await identityOf(d), 'local/my-agent');
    const e = await withFile('agent2', 'agent.yaml', 'name: helper-bot\n');
    assert.equal(await identityOf(e), 'local/helper-bot');
  });

  test('package.json, including a scoped name', async () => {
    assert.equal(
      await identityOf(await withFile('npm', 'package.json', '{"name":"widget-ui","version":"1.0.0"}')),
      'local/widget-ui',
    );
    assert.equal(
      await identityOf(await withFile('npm-scoped', 'package.json', '{"name":"@Acme/Widget"}')),
      'local/acme/widget',
    );
  });

  test('Cargo.toml [package] name', async () => {
    const cargo =
      '[workspace]\nmembers = []\n\n[package]\nversion = "0.1.0"\nname = "rusty_widget"\n\n[[bin]]\nname = "other"\n';
    assert.equal(await identityOf(await withFile('cargo', 'Cargo.toml', cargo)), 'local/rusty_widget');
  });

  test('pyproject.toml [project] or [tool.poetry] name', async () => {
    const pep621 = '[build-system]\nrequires = ["hatchling"]\n[project]\nname = "py-widget"\n';
    assert.equal(await identityOf(await withFile('py', 'pyproject.toml', pep621)), 'local/py-widget');
    const poetry = "[tool.poetry]\nname = 'poetic'\nversion = '0.1.0'\n";
    assert.equal(await identityOf(await withFile('poetry', 'pyproject.toml', poetry)), 'local/poetic');
  });

  test('go.mod module path', async () => {
    const gomod = '// comment\nmodule github.com/Acme/go-widget // trailing\n\ngo 1.22\n';
    assert.equal(await identityOf(await withFile('go', 'go.mod', gomod)), 'local/github.com/acme/go-widget');
  });

  test('marker order: agent.yml before package.json; unusable markers are skipped', async () => {
    const d = await withFile('order', 'package.json', '{"name":"from-npm"}');
    await fs.writeFile(path.join(d, 'agent.yml'), 'name: from-agent\n');
    assert.equal(await identityOf(d), 'local/from-agent');
    const e = await withFile('skip', 'package.json', '{ not json');
    await fs.writeFile(path.join(e, 'go.mod'), 'module example.com/fallback\n');
    assert.equal(await identityOf(e), 'local/example.com/fallback');
  });

  test('unidentifiable: no git, no markers -> null', async () => {
    const d = await mkdir('markers', 'nothing-here');
    await fs.writeFile(path.join(d, 'README.md'), '# hi\n');
    await fs.writeFile(path.join(d, 'package.json'), '{"version":"1.0.0"}');
    if (findGitRoot(tmp) === null) assert.equal(projectIdentity(d, {}), null);
  });
});

test('a linked worktree keeps its memory with the main checkout, as Claude Code does', async () => {
  const { memoryRootOf } = await import('../src/sources/identity.ts');
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'memsync-wt-'));
  const main = path.join(base, 'main');
  const env = {
    ...process.env,
    HOME: base,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  };
  execFileSync('git', ['init', '--quiet', main], { env });
  execFileSync('git', ['-C', main, 'commit', '--quiet', '--allow-empty', '-m', 'x'], { env });
  execFileSync('git', ['-C', main, 'worktree', 'add', '--quiet', path.join(base, 'wt')], { env });
  assert.equal(memoryRootOf(path.join(base, 'wt')), main);
  assert.equal(memoryRootOf(main), main);
  await fs.rm(base, { recursive: true, force: true });
});
