import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SettingsError } from '../src/errors.ts';
import {
  SettingsSchema,
  defaultSettings,
  loadSettings,
  settingsPath,
  writeSettings,
  type Settings,
} from '../src/config/settings.ts';
import { describeKey, keysAt } from '../src/config/schema.ts';
import { HOOK_DEFAULTS } from '../src/config/hookDefaults.ts';
import { readHookToggles } from '../src/hooks/toggles.ts';

const EXAMPLE = fileURLToPath(new URL('../settings.example.json', import.meta.url));

let tmp: string;
let counter = 0;
/** A fake user home (HOME for ~ expansion) with a fresh memsync home inside it. */
async function freshHome(): Promise<{ userHome: string; home: string; env: NodeJS.ProcessEnv }> {
  const userHome = path.join(tmp, `user${counter++}`);
  const home = path.join(userHome, '.memsync');
  await fs.mkdir(home, { recursive: true });
  return { userHome, home, env: { HOME: userHome } };
}

async function withFile(content: unknown, extraEnv: NodeJS.ProcessEnv = {}) {
  const h = await freshHome();
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  await fs.writeFile(settingsPath(h.home), text);
  return { ...h, env: { ...h.env, ...extraEnv }, file: settingsPath(h.home) };
}

/** Loads and expects a SettingsError whose single-line message contains every fragment. */
async function expectError(content: unknown, fragments: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  const { home, env } = await withFile(content, extraEnv);
  let caught: unknown;
  try {
    await loadSettings(home, env);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof SettingsError, `expected SettingsError, got ${String(caught)}`);
  const msg = caught.message;
  assert.ok(!msg.includes('\n'), `message should be one line: ${msg}`);
  assert.ok(msg.startsWith('settings: '), msg);
  for (const f of fragments) assert.ok(msg.includes(f), `message lacks ${JSON.stringify(f)}: ${msg}`);
  return msg;
}

before(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'memsync-settings-'));
});
after(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('loadSettings', () => {
  it('returns null when the file does not exist', async () => {
    const { home, env } = await freshHome();
    assert.equal(await loadSettings(home, env), null);
    assert.equal(await loadSettings(path.join(home, 'nope'), env), null);
  });

  it('fills every default for an empty object and for an empty file', async () => {
    for (const content of ['{}', '', '  \n', '\uFEFF']) {
      const { home, env } = await withFile(content);
      const s = await loadSettings(home, env);
      assert.ok(s);
      assert.equal(s.remote, path.join(home, 'remote.git'));
      assert.equal(s.branch, 'main');
      assert.match(s.hostname, /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/);
      assert.equal(s.autoSync, true);
      assert.equal(s.pullOnStart, true);
      assert.equal(s.pushOnStop, true);
      assert.equal(s.pushOnEnd, true);
      assert.equal(s.pushThrottleSeconds, 15);
      assert.equal(s.pullTimeoutMs, 5000);
      assert.equal(s.networkTimeoutMs, 60000);
      assert.deepEqual(s.sources, {
        claudeAutoMemory: true,
        claudeUserMemory: true,
        files: [],
        claudeMem: {
          enabled: false,
          mode: 'rows',
          path: path.join(env.HOME!, '.claude-mem', 'claude-mem.db'),
          busyTimeoutMs: 5000,
        },
      });
      assert.deepEqual(s.exclude, []);
      assert.deepEqual(s.unionMerge, ['**/MEMORY.md']);
      assert.deepEqual(s.projects, {});
    }
  });

  it('applies nested defaults and expands ~/ in paths', async () => {
    const { home, env, userHome } = await withFile({
      remote: '~/remote.git',
      sources: { claudeUserMemory: false, files: [{ name: 'notes', root: '~/notes/' }] },
      projects: { '~/code/w': 'github.com/acme/w' },
    });
    const s = (await loadSettings(home, env))!;
    assert.equal(s.remote, path.join(userHome, 'remote.git'));
    assert.equal(s.sources.claudeAutoMemory, true);
    assert.equal(s.sources.claudeUserMemory, false);
    assert.deepEqual(s.sources.files, [
      { name: 'notes', root: path.join(userHome, 'notes'), include: ['**/*'], exclude: [] },
    ]);
    assert.deepEqual(s.projects, { [path.join(userHome, 'code/w')]: 'github.com/acme/w' });
  });

  it('ignores comment keys ("//…", "$…") at every level, including $import', async () => {
    const { home, env } = await withFile({
      '//': 'top comment',
      $schema: 'https://example.com/schema.json',
      $import: 'does-not-exist.json',
      branch: 'dev',
      sources: { '//files': 'c', files: [{ '//': 'c', name: 'a', root: '/a' }] },
      projects: { '//': 'c', '/p': 'x/y' },
    });
    const s = (await loadSettings(home, env))!;
    assert.equal(s.branch, 'dev');
    assert.equal(s.sources.files[0]!.name, 'a');
    assert.deepEqual(s.projects, { '/p': 'x/y' });
    assert.ok(!('//' in s));
  });

  it('accepts a file starting with a UTF-8 byte order mark', async () => {
    const { home, env } = await withFile('\uFEFF{"branch": "dev"}');
    assert.equal((await loadSettings(home, env))!.branch, 'dev');
  });

  it('does not cache: a changed file is re-read', async () => {
    const { home, env, file } = await withFile({ branch: 'one' });
    assert.equal((await loadSettings(home, env))!.branch, 'one');
    await fs.writeFile(file, JSON.stringify({ branch: 'two' }));
    assert.equal((await loadSettings(home, env))!.branch, 'two');
  });
});

describe('settings.example.json', () => {
  it('documents every key of the schema with its description and holds its defaults', async () => {
    const text = await fs.readFile(EXAMPLE, 'utf8');
    const raw = JSON.parse(text) as Record<string, unknown>;
    const { home, env, userHome } = await withFile(text);
    const s = (await loadSettings(home, env))!;
    const defaults = defaultSettings(home, env);
    const keys = keysAt(SettingsSchema, []);
    assert.deepEqual(Object.keys(defaults).sort(), [...keys].sort());
    for (const key of keys) assert.equal(raw[`//${key}`], describeKey(SettingsSchema, key), `the "//${key}" comment`);
    for (const key of Object.keys(raw)) assert.ok(key.startsWith('//') || keys.includes(key), `unknown ${key}`);
    // Machine-dependent defaults are left out, so a copied example names no other machine or path.
    assert.ok(!('remote' in raw) && !('hostname' in raw));
    const examples = new Set(['projects', 'sources']);
    for (const key of keys)
      if (!examples.has(key)) assert.deepEqual(s[key as keyof Settings], defaults[key as keyof Settings], key);
    assert.deepEqual({ ...s.sources, files: [] }, defaults.sources);
    assert.deepEqual(s.sources.files, [
      { name: 'notes', root: path.join(userHome, 'notes'), include: ['**/*.md'], exclude: [] },
    ]);
    assert.equal(Object.keys(s.projects).length, 1);
  });

  it("gives the hooks' toggles the schema's defaults", async () => {
    const { home, env } = await withFile('{}');
    const s = (await loadSettings(home, env))!;
    const t = readHookToggles(home, env);
    for (const key of Object.keys(HOOK_DEFAULTS) as (keyof typeof HOOK_DEFAULTS)[]) assert.equal(t[key], s[key], key);
  });
});

describe('environment overrides', () => {
  it('override booleans in every accepted spelling', async () => {
    const cases: Array<[string, boolean]> = [
      ['true', true],
      ['FALSE', false],
      ['1', true],
      ['0', false],
      ['yes', true],
      ['No', false],
      ['on', true],
      ['OFF', false],
    ];
    for (const [text, want] of cases) {
      const { home, env } = await withFile({ autoSync: !want }, { MEMSYNC_AUTO_SYNC: text });
      assert.equal((await loadSettings(home, env))!.autoSync, want, text);
    }
  });

  it('override integers, strings, hostname, arrays and objects', async () => {
    const { home, env } = await withFile(
      { pullTimeoutMs: 1, unionMerge: ['x'], sources: { claudeAutoMemory: false } },
      {
        MEMSYNC_PULL_TIMEOUT_MS: '2500',
        MEMSYNC_PUSH_THROTTLE_SECONDS: '0',
        MEMSYNC_REMOTE: 'git@github.com:me/mem.git',
        MEMSYNC_BRANCH: 'memory',
        MEMSYNC_HOSTNAME: 'box-7.lan',
        MEMSYNC_UNION_MERGE: '**/A.md, **/B.md',
        MEMSYNC_EXCLUDE: '["*.tmp", "secret/**"]',
        MEMSYNC_SOURCES: '{"files": [{"name": "n", "root": "/srv/n"}]}',
        MEMSYNC_PROJECTS: '{"/code/w": "github.com/acme/w"}',
      },
    );
    const s = (await loadSettings(home, env))!;
    assert.equal(s.pullTimeoutMs, 2500);
    assert.equal(s.pushThrottleSeconds, 0);
    assert.equal(s.remote, 'git@github.com:me/mem.git');
    assert.equal(s.branch, 'memory');
    assert.equal(s.hostname, 'box-7.lan');
    assert.deepEqual(s.unionMerge, ['**/A.md', '**/B.md']);
    assert.deepEqual(s.exclude, ['*.tmp', 'secret/**']);
    // The whole key is replaced: claudeAutoMemory goes back to its default.
    assert.deepEqual(s.sources, {
      claudeAutoMemory: true,
      claudeUserMemory: true,
      files: [{ name: 'n', root: '/srv/n', include: ['**/*'], exclude: [] }],
      claudeMem: {
        enabled: false,
        mode: 'rows',
        path: path.join(env.HOME!, '.claude-mem', 'claude-mem.db'),
        busyTimeoutMs: 5000,
      },
    });
    assert.deepEqual(s.projects, { '/code/w': 'github.com/acme/w' });
  });

  it('ignores MEMSYNC_* variables that are not keys, and empty variables', async () => {
    const { home, env } = await withFile(
      { branch: 'dev' },
      { MEMSYNC_HOME: '/elsewhere', MEMSYNC_LOG_LEVEL: 'debug', MEMSYNC_BRANCH: '', MEMSYNC_NOPE: 'x' },
    );
    assert.equal((await loadSettings(home, env))!.branch, 'dev');
  });

  it('apply to defaultSettings too', async () => {
    const { home, env } = await freshHome();
    const s = defaultSettings(home, { ...env, MEMSYNC_HOSTNAME: 'init-box' });
    assert.equal(s.hostname, 'init-box');
    assert.equal(s.remote, path.join(home, 'remote.git'));
  });
});

describe('bad values', () => {
  it('integer from the file', async () => {
    const { file } = await withFile({});
    await expectError({ pullTimeoutMs: 'abc' }, ['pullTimeoutMs', '"abc"', 'settings.json', 'positive integer']);
    await expectError({ pullTimeoutMs: 0 }, ['pullTimeoutMs', ' 0 ', 'positive integer']);
    await expectError({ networkTimeoutMs: 1.5 }, ['networkTimeoutMs', '1.5', 'positive integer']);
    await expectError({ pushThrottleSeconds: -1 }, ['pushThrottleSeconds', '-1', '0 or more']);
    assert.ok(file.endsWith('settings.json'));
  });

  it('integer from the environment names the variable', async () => {
    const msg = await expectError({}, [], { MEMSYNC_PULL_TIMEOUT_MS: 'abc' });
    assert.equal(
      msg,
      'settings: pullTimeoutMs is "abc" (from MEMSYNC_PULL_TIMEOUT_MS); expected a positive integer (milliseconds)',
    );
  });

  it('booleans', async () => {
    await expectError({ pushOnEnd: 'yes' }, ['pushOnEnd', '"yes"', 'true or false']);
    await expectError({}, ['autoSync', '"maybe"', 'MEMSYNC_AUTO_SYNC', 'true or false', 'yes/no'], {
      MEMSYNC_AUTO_SYNC: 'maybe',
    });
  });

  it('strings: remote, branch, hostname', async () => {
    await expectError({ remote: '' }, ['remote', '""', 'git URL or a local path']);
    await expectError({ remote: '--upload-pack=evil' }, ['remote', '"--upload-pack=evil"', 'not starting with "-"']);
    for (const bad of ['a b', 'a..b', '-x', 'x/', 'x.lock', 'a:b', 'a~1', 'a\\b', 'HEAD']) {
      await expectError({ branch: bad }, ['branch', JSON.stringify(bad), 'git branch name']);
    }
    for (const bad of ['', '-box', 'my box', 'a/b', 'x'.repeat(64)]) {
      await expectError({ hostname: bad }, ['hostname', JSON.stringify(bad).slice(0, 40), 'machine name']);
    }
    await expectError({}, ['hostname', '"bad host"', 'MEMSYNC_HOSTNAME', 'machine name'], {
      MEMSYNC_HOSTNAME: 'bad host',
    });
  });

  it('wrong types name the expected form', async () => {
    await expectError({ branch: 5 }, ['branch', ' 5 ', 'git branch name']);
    await expectError({ unionMerge: '**/*.md' }, ['unionMerge', '"**/*.md"', 'list of glob patterns']);
    await expectError({ exclude: ['ok', ''] }, ['exclude[1]', '""', 'non-empty glob']);
    await expectError({ sources: [] }, ['sources', '[]', 'an object with claudeAutoMemory']);
    await expectError({ projects: 'x' }, ['projects', '"x"', 'mapping project folders']);
  });

  it('file sources', async () => {
    await expectError({ sources: { files: {} } }, ['sources.files', '{}', 'list of file sources']);
    await expectError({ sources: { files: [{ name: 'n', root: 'relative/dir' }] } }, [
      'sources.files[0].root',
      '"relative/dir"',
      'absolute folder path',
    ]);
    await expectError({ sources: { files: [{ name: 'n' }] } }, [
      'sources.files[0].root',
      'is missing',
      'absolute folder path',
    ]);
    await expectError({ sources: { files: [{ name: 'bad name', root: '/x' }] } }, [
      'sources.files[0].name',
      '"bad name"',
      'letters, digits',
    ]);
    await expectError(
      {
        sources: {
          files: [
            { name: 'notes', root: '/a' },
            { name: 'Notes', root: '/b' },
          ],
        },
      },
      ['sources.files[1].name', '"Notes"', 'not used by another entry'],
    );
    await expectError({ sources: { files: [{ name: 'n', root: '/x', include: [''] }] } }, [
      'sources.files[0].include[0]',
      'non-empty glob',
    ]);
  });

  it('claude-mem source', async () => {
    await expectError({ sources: { claudeMem: { mode: 'copy' } } }, [
      'sources.claudeMem.mode',
      '"copy"',
      '"rows"',
      '"file"',
    ]);
    await expectError({ sources: { claudeMem: { path: 'rel/claude-mem.db' } } }, [
      'sources.claudeMem.path',
      'absolute path',
    ]);
    await expectError({ sources: { claudeMem: { enabled: 'yes' } } }, ['sources.claudeMem.enabled', 'true or false']);
    await expectError({ sources: { claudeMem: { enable: true } } }, [
      'sources.claudeMem.enable',
      'did you mean "enabled"',
    ]);
    await expectError({ sources: { claudeMem: true } }, ['sources.claudeMem', 'enabled, path, mode and busyTimeoutMs']);
  });

  it('projects', async () => {
    await expectError({ projects: { 'rel/dir': 'github.com/a/b' } }, ['projects', '"rel/dir"', 'absolute folder path']);
    for (const bad of ['', '/lead', 'trail/', 'a/../b', 'a b', 'a//b']) {
      await expectError({ projects: { '/code/w': bad } }, [
        'projects["/code/w"]',
        JSON.stringify(bad),
        'project identity',
      ]);
    }
    await expectError({ projects: { '/code/w': 'a/b', '/code/w/': 'c/d' } }, ['projects', '"/code/w/"', 'listed once']);
  });

  it('long values are truncated', async () => {
    const msg = await expectError({ branch: 'b '.repeat(100) }, ['branch', '...', 'git branch name']);
    assert.ok(msg.length < 300, msg);
  });

  it('unknown keys are named with the valid keys listed', async () => {
    const msg = await expectError({ pullTimeout: 5000 }, [
      '"pullTimeout"',
      '5000',
      'settings.json',
      'pullTimeoutMs',
      'remote, branch',
    ]);
    assert.match(msg, /did you mean "pullTimeoutMs"/);
    await expectError({ sources: { claudeMemory: true } }, [
      '"sources.claudeMemory"',
      'claudeAutoMemory, claudeUserMemory, files',
    ]);
    await expectError({ sources: { files: [{ name: 'n', root: '/x', includes: [] }] } }, [
      '"sources.files[0].includes"',
      'name, root, include, exclude',
    ]);
  });

  it('invalid JSON names the file and the position', async () => {
    const { home, env, file } = await withFile('{\n  "branch": "main",\n  "autoSync": tru\n}\n');
    await assert.rejects(loadSettings(home, env), (err: unknown) => {
      assert.ok(err instanceof SettingsError);
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, /not valid JSON: .* at line 3, column 15$/);
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    await expectError('{"a": 1,}', ['settings.json', 'not valid JSON', 'trailing comma', 'line 1, column 9']);
    await expectError('{"a": 1', ['settings.json', 'not valid JSON', 'end of file', 'line 1, column 8']);
    await expectError('{"a": 1}}', ['settings.json', 'not valid JSON', 'line 1, column 9']);
  });

  it('a file that is not an object', async () => {
    await expectError('[1, 2]', ['settings.json', 'an array', 'JSON object']);
    await expectError('null', ['settings.json', 'null', 'JSON object']);
  });

  it('invalid JSON in an object environment variable', async () => {
    await expectError({}, ['sources', '"{oops"', 'MEMSYNC_SOURCES', 'not valid JSON', 'JSON object'], {
      MEMSYNC_SOURCES: '{oops',
    });
    await expectError({}, ['exclude', 'MEMSYNC_EXCLUDE', 'not valid JSON'], { MEMSYNC_EXCLUDE: '[oops' });
  });

  it('an unreadable path gives a SettingsError', async () => {
    const { home, env } = await freshHome();
    await fs.mkdir(settingsPath(home));
    await assert.rejects(loadSettings(home, env), (err: unknown) => {
      assert.ok(err instanceof SettingsError);
      assert.match(err.message, /cannot read .*settings\.json/);
      return true;
    });
  });
});

describe('defaultSettings and SettingsSchema', () => {
  it('defaultSettings puts the remote in the memsync home', () => {
    const s: Settings = defaultSettings('/some/home', { HOME: '/u' });
    assert.equal(s.remote, path.join('/some/home', 'remote.git'));
    assert.equal(s.branch, 'main');
  });

  it('defaultSettings reports bad environment values', () => {
    assert.throws(() => defaultSettings('/h', { MEMSYNC_PULL_TIMEOUT_MS: '-3' }), SettingsError);
  });

  it('SettingsSchema parses {} to full defaults and is strict', () => {
    const s = SettingsSchema.parse({ '//c': 1 });
    assert.equal(s.pullTimeoutMs, 5000);
    assert.deepEqual(s.unionMerge, ['**/MEMORY.md']);
    assert.equal(SettingsSchema.safeParse({ bogus: 1 }).success, false);
  });
});

describe('writeSettings', () => {
  it('creates the file when missing, with a result loadSettings accepts', async () => {
    const { home, env } = await freshHome();
    await fs.rmdir(home);
    await writeSettings(home, defaultSettings(home, env) as unknown as Record<string, unknown>);
    const s = (await loadSettings(home, env))!;
    assert.deepEqual(s, defaultSettings(home, env));
  });

  it("keeps the user's other keys and comments, merging objects", async () => {
    const original = {
      '//remote': 'my comment',
      remote: '~/r.git',
      branch: 'dev',
      sources: { '//': 'keep me', claudeUserMemory: false },
      projects: { '/a': 'x/a' },
    };
    const { home, env, file } = await withFile(original);
    await writeSettings(home, { pullTimeoutMs: 900, sources: { claudeAutoMemory: false }, projects: { '/b': 'x/b' } });
    const raw = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.deepEqual(raw, {
      '//remote': 'my comment',
      remote: '~/r.git',
      branch: 'dev',
      sources: { '//': 'keep me', claudeUserMemory: false, claudeAutoMemory: false },
      projects: { '/a': 'x/a', '/b': 'x/b' },
      pullTimeoutMs: 900,
    });
    const s = (await loadSettings(home, env))!;
    assert.equal(s.pullTimeoutMs, 900);
    assert.equal(s.sources.claudeAutoMemory, false);
  });

  it('null deletes a key', async () => {
    const { home, file } = await withFile({ branch: 'dev', projects: { '/a': 'x/a', '/b': 'x/b' } });
    await writeSettings(home, { branch: null, projects: { '/a': null } });
    assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), { projects: { '/b': 'x/b' } });
  });

  it('rejects an invalid patch and leaves the file untouched', async () => {
    const { home, file } = await withFile({ '//': 'c', branch: 'dev' });
    const before = await fs.readFile(file, 'utf8');
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ pullTimeoutMs: 'abc' }, ['pullTimeoutMs', '"abc"', 'requested change', 'positive integer']],
      [{ bogus: true }, ['"bogus"', 'requested change', 'remote, branch']],
      [
        { sources: { files: [{ name: 'n', root: 'rel' }] } },
        ['sources.files[0].root', '"rel"', 'absolute folder path'],
      ],
    ];
    for (const [patch, fragments] of cases) {
      await assert.rejects(writeSettings(home, patch), (err: unknown) => {
        assert.ok(err instanceof SettingsError);
        for (const f of fragments) assert.ok(err.message.includes(f), `${f} not in ${err.message}`);
        return true;
      });
      assert.equal(await fs.readFile(file, 'utf8'), before);
    }
    assert.deepEqual((await fs.readdir(path.dirname(file))).sort(), ['settings.json']);
  });

  it('refuses to overwrite a file that is not valid JSON', async () => {
    const { home, file } = await withFile('{ broken');
    await assert.rejects(writeSettings(home, { branch: 'x' }), SettingsError);
    assert.equal(await fs.readFile(file, 'utf8'), '{ broken');
  });
});
