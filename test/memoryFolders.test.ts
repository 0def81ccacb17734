// Every memory folder Claude Code uses is synced: autoMemoryDirectory (user, project, local
// settings, with Claude Code's precedence and path rules), auto memory turned off, and subagents'
// user-scope and local-scope memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, readTree, remoteFiles, tempDir, trustWorkspace } from './support/machines.ts';
import { autoMemoryOf, autoMemoryPath, userLayer } from '../src/sources/claudeSettings.ts';
import { claudeMemoryDirOf } from '../src/sources/identity.ts';

const ORIGIN = 'git@github.com:acme/widget.git';
const ID = 'github.com/acme/widget';
const MEM = `projects/${ID}/memory`;

/** Follows every folder: these cases are about Claude Code's precedence and path rules. */
const open = { untrusted: () => null, refusal: () => null };

const writeJson = (file: string, value: unknown) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
};

test(
  "autoMemoryDirectory path rules are Claude Code's: ~/ expands, relative or ~/.. is ignored, trailing slashes " + 'go',
  () => {
    const env = { HOME: '/home/u' };
    assert.equal(autoMemoryPath('~/notes/mem', env), '/home/u/notes/mem');
    assert.equal(autoMemoryPath('/srv/mem///', env), '/srv/mem');
    assert.equal(autoMemoryPath('/srv/a/../mem', env), '/srv/mem');
    // On Linux, as in Claude Code (the same node:path calls), a leading // collapses before its check.
    assert.equal(autoMemoryPath('//srv/mem', env), '/srv/mem');
    for (const bad of ['.claude/memory', '~/..', '~/../x', '~/', '/a', '', 42, null])
      assert.equal(autoMemoryPath(bad, env), null, String(bad));
  },
);

test('local settings beat project settings beat user settings; a value its rule refuses still masks the next', () => {
  const config = tempDir('memsync-cc-config-');
  const proj = tempDir('memsync-cc-proj-');
  const env = { HOME: '/home/u' };
  writeJson(path.join(config, 'settings.json'), { autoMemoryDirectory: '~/everywhere' });
  const of = () => autoMemoryOf(proj, userLayer(config), env, open);
  assert.deepEqual(of(), { enabled: true, dir: '/home/u/everywhere', scope: 'user', notes: [] });
  writeJson(path.join(proj, '.claude', 'settings.json'), { autoMemoryDirectory: '/srv/project-mem' });
  assert.deepEqual(of(), { enabled: true, dir: '/srv/project-mem', scope: 'project', notes: [] });
  writeJson(path.join(proj, '.claude', 'settings.local.json'), {
    autoMemoryDirectory: 'relative/mem',
    autoMemoryEnabled: false,
  });
  assert.deepEqual(of(), { enabled: false, dir: null, scope: null, notes: [] });
  // The environment variable wins over settings both ways.
  assert.equal(
    autoMemoryOf(proj, userLayer(config), { ...env, CLAUDE_CODE_DISABLE_AUTO_MEMORY: '0' }, open).enabled,
    true,
  );
  fs.rmSync(path.join(proj, '.claude'), { recursive: true });
  assert.equal(
    autoMemoryOf(proj, userLayer(config), { ...env, CLAUDE_CODE_DISABLE_AUTO_MEMORY: 'true' }, open).enabled,
    false,
  );
  fs.rmSync(config, { recursive: true });
  fs.rmSync(proj, { recursive: true });
});

async function pair() {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  return { remote, a, b, projA: a.checkout(ORIGIN), projB: b.checkout(ORIGIN) };
}

test(
  "memory in a project's autoMemoryDirectory (local settings) syncs by identity and lands in the default folder " +
    'elsewhere, and back',
  async () => {
    const { remote, a, b, projA, projB } = await pair();
    const custom = path.join(a.env.HOME!, 'custom-memory');
    trustWorkspace(a.configDir, projA);
    writeJson(path.join(projA, '.claude', 'settings.local.json'), { autoMemoryDirectory: custom });
    assert.equal(claudeMemoryDirOf(a.configDir, projA, a.env), custom, 'the hooks look where Claude Code writes');
    a.write(path.join(custom, 'MEMORY.md'), '- [Build](build.md)\n');
    a.write(path.join(custom, 'build.md'), 'run make\n');
    const ra = await a.sync({ projects: [projA] });
    assert.deepEqual(ra.published.sort(), [`${MEM}/MEMORY.md`, `${MEM}/build.md`]);
    await b.sync({ projects: [projB] });
    assert.deepEqual(readTree(b.memoryDir(projB)), readTree(custom));
    b.write(path.join(b.memoryDir(projB), 'style.md'), 'tabs\n');
    await b.sync();
    await a.sync();
    assert.equal(fs.readFileSync(path.join(custom, 'style.md'), 'utf8'), 'tabs\n');
    assert.equal(fs.existsSync(a.memoryDir(projA)), false, 'nothing written where Claude Code no longer reads');
    assert.ok(remoteFiles(remote)[`${MEM}/style.md`]);
  },
);

test('a user-level autoMemoryDirectory serves every project: synced once, as auto-memory/', async () => {
  const { remote, a, b, projA, projB } = await pair();
  const sharedA = path.join(a.env.HOME!, 'all-memory');
  const sharedB = path.join(b.env.HOME!, 'elsewhere', 'mem');
  writeJson(path.join(a.configDir, 'settings.json'), { autoMemoryDirectory: '~/all-memory' });
  writeJson(path.join(b.configDir, 'settings.json'), { autoMemoryDirectory: sharedB });
  const other = a.checkout('git@github.com:acme/gadget.git', 'gadget');
  a.write(path.join(sharedA, 'MEMORY.md'), '- one index for all projects\n');
  const ra = await a.sync({ projects: [projA, other] });
  assert.deepEqual(ra.published, ['auto-memory/MEMORY.md']);
  await b.sync({ projects: [projB] });
  assert.equal(fs.readFileSync(path.join(sharedB, 'MEMORY.md'), 'utf8'), '- one index for all projects\n');
  assert.deepEqual(
    Object.keys(remoteFiles(remote)).filter((p) => !p.startsWith('.memsync') && p !== 'memsync.json'),
    ['auto-memory/MEMORY.md'],
  );
});

test('setting autoMemoryDirectory later: the new folder fills from the remote and nothing is deleted', async () => {
  const { remote, a, projA } = await pair();
  a.write(path.join(a.memoryDir(projA), 'MEMORY.md'), '- a\n');
  a.write(path.join(a.memoryDir(projA), 'x.md'), 'x\n');
  await a.sync({ projects: [projA] });
  const custom = path.join(a.env.HOME!, 'widget-memory');
  trustWorkspace(a.configDir, projA);
  writeJson(path.join(projA, '.claude', 'settings.json'), { autoMemoryDirectory: custom });
  const r = await a.sync();
  assert.deepEqual([r.deletedRemote, r.taken.sort()], [[], [`${MEM}/MEMORY.md`, `${MEM}/x.md`]]);
  assert.deepEqual(readTree(custom), { 'MEMORY.md': '- a\n', 'x.md': 'x\n' });
  assert.equal(Object.keys(remoteFiles(remote)).filter((p) => p.startsWith(MEM)).length, 2);
});

test(
  'autoMemoryEnabled: false and CLAUDE_CODE_DISABLE_AUTO_MEMORY: ' +
    'that machine neither writes nor publishes auto memory',
  async () => {
    const { remote, a, b, projA, projB } = await pair();
    a.write(path.join(a.memoryDir(projA), 'MEMORY.md'), '- from laptop\n');
    await a.sync({ projects: [projA] });
    writeJson(path.join(projB, '.claude', 'settings.json'), { autoMemoryEnabled: false });
    const rb = await b.sync({ projects: [projB] });
    assert.deepEqual(rb.taken, []);
    assert.equal(fs.existsSync(b.memoryDir(projB)), false);
    fs.rmSync(path.join(projB, '.claude'), { recursive: true });
    // The environment turns it off for one run (a session started with it, say).
    b.write(path.join(b.memoryDir(projB), 'MEMORY.md'), '- from desktop\n');
    const off = await b.cli(['sync', '--json'], { CLAUDE_CODE_DISABLE_AUTO_MEMORY: '1' });
    assert.deepEqual(JSON.parse(off.stdout).published, []);
    assert.equal(remoteFiles(remote)[`${MEM}/MEMORY.md`], '- from laptop\n');
    const on = await b.sync();
    assert.deepEqual(on.merged, [`${MEM}/MEMORY.md`], "with auto memory on again, both machines' lines are kept");
    assert.equal(
      fs.readFileSync(path.join(b.memoryDir(projB), 'MEMORY.md'), 'utf8'),
      '- from desktop\n- from laptop\n',
    );
  },
);

test(
  "subagents' memory: user scope (<config>/agent-memory) and local scope (<project>/.claude/agent-memory-local) " +
    'sync',
  async () => {
    const { remote, a, b, projA, projB } = await pair();
    a.write(path.join(a.configDir, 'agent-memory', 'reviewer', 'MEMORY.md'), '- prefers small diffs\n');
    a.write(
      path.join(projA, '.claude', 'agent-memory-local', 'tester', 'MEMORY.md'),
      '- run the slow suite at night\n',
    );
    a.write(
      path.join(projA, '.claude', 'agent-memory', 'shared', 'MEMORY.md'),
      'project scope lives in the repository itself\n',
    );
    const ra = await a.sync({ projects: [projA] });
    assert.deepEqual(ra.published.sort(), [
      'agent-memory/reviewer/MEMORY.md',
      `projects/${ID}/agent-memory-local/tester/MEMORY.md`,
    ]);
    await b.sync({ projects: [projB] });
    assert.equal(
      fs.readFileSync(path.join(b.configDir, 'agent-memory', 'reviewer', 'MEMORY.md'), 'utf8'),
      '- prefers small diffs\n',
    );
    assert.equal(
      fs.readFileSync(path.join(projB, '.claude', 'agent-memory-local', 'tester', 'MEMORY.md'), 'utf8'),
      '- run the slow suite at night\n',
    );
    assert.equal(
      Object.keys(remoteFiles(remote)).some((p) => p.includes('/agent-memory/shared')),
      false,
    );
  },
);

test(
  "auto memory off for the user but on for one project: that project's memory in the user-level folder still " +
    'syncs',
  async () => {
    const { remote, a, projA } = await pair();
    const shared = path.join(a.env.HOME!, 'shared-mem');
    writeJson(path.join(a.configDir, 'settings.json'), { autoMemoryDirectory: shared, autoMemoryEnabled: false });
    writeJson(path.join(projA, '.claude', 'settings.local.json'), { autoMemoryEnabled: true });
    a.write(path.join(shared, 'MEMORY.md'), '- on here\n');
    a.write(
      path.join(a.configDir, 'projects', 'some-other-folder', 'memory', 'MEMORY.md'),
      '- auto memory is off for this one\n',
    );
    const r = await a.sync({ projects: [projA] });
    assert.deepEqual(r.published, ['auto-memory/MEMORY.md']);
    assert.deepEqual(
      Object.keys(remoteFiles(remote)).filter((p) => p.includes('MEMORY')),
      ['auto-memory/MEMORY.md'],
    );
  },
);
