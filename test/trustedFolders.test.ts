// Issue 22, part 1: a memory folder the user did not choose is refused. A cloned repository's
// .claude/settings.json names one only in a workspace Claude Code trusts, and no settings layer may
// name the home folder, a folder above or outside it, or one that holds credentials.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { MEM, cleanup, sharedBareRemote, initedMachine } from './support/cli.ts';
import { readTree, remoteFiles, trustWorkspace } from './support/machines.ts';

after(cleanup);

const machine = (name: string, remote: string) => initedMachine(name, remote);

const SSH = {
  config: 'Host work\n  HostName git.example.com\n',
  'id_ed25519.pub': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDoesNotMatter me@laptop\n',
  known_hosts: 'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAlsoNothing\n',
};

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** The repository's committed settings (or `settings.local.json`), as a clone brings them. */
function projectSettings(project: string, value: unknown, file = 'settings.json'): string {
  const f = path.join(project, '.claude', file);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, JSON.stringify({ autoMemoryDirectory: value }));
  return f;
}

const lines = (out: string, word: string) => out.split('\n').filter((l) => l.includes(word));

for (const trusted of [false, true]) {
  test(
    `a cloned repository aiming autoMemoryDirectory at ~/.ssh (${trusted ? '' : 'un'}trusted workspace): ` +
      'nothing there is published and nothing is written there',
    async () => {
      const remote = sharedBareRemote();
      const a = await machine('laptop', remote);
      const b = await machine('desktop', remote);
      const ssh = path.join(a.env.HOME!, '.ssh');
      writeFiles(ssh, SSH);
      const settings = projectSettings(a.project, '~/.ssh');
      if (trusted) trustWorkspace(a.env.CLAUDE_CONFIG_DIR!, a.project);
      // Another machine put an authorized_keys in "its memory folder" of that project.
      b.write('authorized_keys', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAttacker evil@elsewhere\n');
      assert.equal((await b.cli(['sync', '--project', b.project])).code, 0);

      for (let round = 0; round < 2; round++) {
        const r = await a.cli(['sync', '--project', a.project]);
        assert.equal(r.code, 0, r.stderr);
        const said = lines(r.stdout + r.stderr, 'autoMemoryDirectory');
        assert.equal(said.length, 1, `one line names it:\n${r.stdout}${r.stderr}`);
        assert.ok(said[0]!.includes(settings), `the line names the file: ${said[0]}`);
        const why = trusted ? [ssh, '~/.ssh', 'credentials'] : [a.project, 'trust'];
        for (const w of why) assert.ok(said[0]!.includes(w), `the line says ${w}: ${said[0]}`);
      }
      const published = Object.keys(remoteFiles(remote));
      for (const name of Object.keys(SSH)) assert.ok(!published.some((p) => p.endsWith(name)), name);
      assert.deepEqual(readTree(ssh), SSH, 'nothing written into ~/.ssh');
      // Untrusted, Claude Code itself ignores the setting: the project's memory is in its default folder.
      assert.equal(fs.existsSync(path.join(a.memDir, 'authorized_keys')), !trusted);
    },
  );
}

test(
  'no settings layer may name the home folder, a folder above or outside it, or one that holds credentials; ' +
    'a folder of its own under the home folder is followed',
  async () => {
    const remote = sharedBareRemote();
    const a = await machine('laptop', remote);
    const home = a.env.HOME!;
    const link = path.join(home, 'innocent-looking');
    fs.mkdirSync(path.join(home, '.ssh'), { recursive: true });
    fs.symlinkSync(path.join(home, '.ssh'), link);
    const netrc = path.join(home, 'dotfiles');
    writeFiles(netrc, { '.netrc': 'machine example.com login me password hunter2\n' });
    const refused: Record<string, string> = {
      ssh: '~/.ssh/keys',
      gnupg: '~/.gnupg',
      aws: path.join(home, '.aws'),
      gcloud: '~/.config/gcloud',
      kube: '~/.kube',
      docker: '~/.docker',
      home,
      above: path.dirname(home),
      outside: path.join(a.root, 'outside'),
      etc: '/etc',
      netrc: '~/dotfiles',
      link: '~/innocent-looking',
    };
    const args: string[] = [];
    const files: string[] = [];
    for (const [name, value] of Object.entries(refused)) {
      const repo = a.repository(name);
      files.push(projectSettings(repo, value));
      trustWorkspace(a.env.CLAUDE_CONFIG_DIR!, repo);
      args.push('--project', repo);
      const dir = value.startsWith('~/') ? path.join(home, value.slice(2)) : value;
      if (name !== 'etc') writeFiles(dir, { 'note-from-a-folder.md': `${name}\n` });
    }
    const chosen = path.join(home, 'notes', 'widget-memory');
    projectSettings(a.project, '~/notes/widget-memory', 'settings.local.json');
    trustWorkspace(a.env.CLAUDE_CONFIG_DIR!, a.project);
    writeFiles(chosen, { 'MEMORY.md': '- [Build](build.md)\n' });
    const r = await a.cli(['sync', '--project', a.project, ...args]);
    assert.equal(r.code, 0, r.stderr);
    const said = lines(r.stdout, 'autoMemoryDirectory');
    assert.equal(said.length, files.length, said.join('\n'));
    for (const f of files) assert.equal(said.filter((l) => l.includes(f)).length, 1, `${f} named once`);
    const published = Object.keys(remoteFiles(remote));
    assert.deepEqual(
      published.filter((p) => p.includes('note-from-a-folder')),
      [],
    );
    assert.ok(published.includes(`${MEM}/MEMORY.md`), 'the folder the user chose is synced');
  },
);

test('a user-level autoMemoryDirectory at ~/.gnupg is refused too, and nothing is written there', async () => {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  const b = await machine('desktop', remote);
  const gnupg = path.join(a.env.HOME!, '.gnupg');
  writeFiles(gnupg, { 'gpg.conf': 'keyserver hkps://keys.example.com\n' });
  const userSettings = path.join(a.env.CLAUDE_CONFIG_DIR!, 'settings.json');
  fs.writeFileSync(userSettings, JSON.stringify({ autoMemoryDirectory: '~/.gnupg' }));
  b.write('MEMORY.md', '- from the desktop\n');
  assert.equal((await b.cli(['sync', '--project', b.project])).code, 0);
  const r = await a.cli(['sync', '--project', a.project]);
  assert.equal(r.code, 0, r.stderr);
  const said = lines(r.stdout, 'autoMemoryDirectory');
  assert.equal(said.length, 1, r.stdout);
  assert.ok(said[0]!.includes(userSettings) && said[0]!.includes(gnupg), said[0]);
  assert.deepEqual(Object.keys(readTree(gnupg)), ['gpg.conf']);
  assert.ok(!Object.keys(remoteFiles(remote)).some((p) => p.includes('gpg.conf')));
});

test(
  "trust is Claude Code's record of the repository itself: a trusted folder above a clone does not trust it, " +
    'and a record that cannot be read trusts nothing',
  async () => {
    const remote = sharedBareRemote();
    const a = await machine('laptop', remote);
    const chosen = path.join(a.env.HOME!, 'widget-memory');
    writeFiles(chosen, { 'kept-here.md': 'only if trusted\n' });
    a.write('default.md', 'in the default folder\n');
    const settings = projectSettings(a.project, chosen);
    trustWorkspace(a.env.CLAUDE_CONFIG_DIR!, path.dirname(a.project));
    const above = await a.json(['sync', '--project', a.project]);
    assert.deepEqual(above.data.published, [`${MEM}/default.md`]);
    assert.equal(above.data.notes.filter((n: string) => n.includes(settings)).length, 1);
    fs.writeFileSync(path.join(a.env.CLAUDE_CONFIG_DIR!, '.claude.json'), '{"projects": {');
    const unreadable = await a.cli(['sync', '--project', a.project]);
    const said = lines(unreadable.stdout, 'autoMemoryDirectory');
    assert.equal(said.length, 1, unreadable.stdout);
    assert.match(said[0]!, /\.claude\.json is not valid JSON/);
    assert.ok(!Object.keys(remoteFiles(remote)).some((p) => p.endsWith('kept-here.md')));
    fs.rmSync(path.join(a.env.CLAUDE_CONFIG_DIR!, '.claude.json'));
    trustWorkspace(a.env.CLAUDE_CONFIG_DIR!, a.project);
    const own = await a.json(['sync', '--project', a.project]);
    assert.deepEqual(own.data.published, [`${MEM}/kept-here.md`]);
    assert.deepEqual(lines(own.data.notes.join('\n'), 'autoMemoryDirectory'), []);
  },
);

test("a repository's .claude/agent-memory-local that links to ~/.ssh is refused", async () => {
  const remote = sharedBareRemote();
  const a = await machine('laptop', remote);
  const b = await machine('desktop', remote);
  const ssh = path.join(a.env.HOME!, '.ssh');
  writeFiles(ssh, SSH);
  fs.mkdirSync(path.join(a.project, '.claude'), { recursive: true });
  fs.symlinkSync(ssh, path.join(a.project, '.claude', 'agent-memory-local'));
  writeFiles(path.join(b.project, '.claude', 'agent-memory-local'), { authorized_keys: 'ssh-ed25519 AAAAevil\n' });
  assert.equal((await b.cli(['sync', '--project', b.project])).code, 0);
  const r = await a.cli(['sync', '--project', a.project]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout, 'agent-memory-local').length, 1, r.stdout);
  assert.deepEqual(readTree(ssh), SSH);
  assert.ok(!Object.keys(remoteFiles(remote)).some((p) => p.endsWith('known_hosts')));
});
