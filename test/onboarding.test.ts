/**
 * The README's onboarding, verbatim: the shell lines of its "Run it" section are read out of
 * README.md (so this test follows the README when it changes) and run by `sh` from the home folder
 * of fresh machines with memory from before memsync. Each machine has this repository cloned to
 * `~/memsync` (a real clone, nothing installed in it), the real npm with a global folder of the
 * user's own on PATH, and no memsync anywhere else; the README's example remote is an empty bare
 * repository, reached through git's own `insteadOf`, so that not one character of the README's
 * commands is changed.
 *
 * What must hold: nothing deleted anywhere, the new remote gets everything, a second machine that
 * joins the same way gets the first one's memory and gives its own.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { REPO_ROOT, gitTestEnv, readTree, remoteFiles } from './support/machines.ts';
import { CliMachine, MEM, cleanup, sharedBareRemote } from './support/cli.ts';
import { servedCheckout } from './support/served.ts';

after(cleanup);

/** The shell lines of the README section `## Run it` (up to the next heading; its subsections are other paths). */
function onboardingLines(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Run it');
  assert.ok(start >= 0, 'README.md has a "## Run it" section');
  const end = readme.slice(start + 1).search(/\n###? /);
  const section = readme.slice(start, end < 0 ? undefined : start + 1 + end);
  const lines: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g))
    lines.push(
      ...block[1]!
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
  return lines;
}

let served: string | undefined;

/**
 * The user's side of "with this repository cloned to ~/memsync": a clone in the machine's home, and
 * npm's global folder (its `bin/` on PATH) in a folder of the user's own, as nvm or Homebrew give.
 */
function cloneAndNpm(m: CliMachine): string {
  served ??= servedCheckout();
  execFileSync('git', ['clone', '-q', path.join(served, 'memsync.git'), path.join(m.env.HOME!, 'memsync')], {
    env: gitTestEnv(m.root),
  });
  const prefix = path.join(m.root, 'npm-global');
  m.env.npm_config_prefix = prefix;
  // A folder installs from disk: npm needs no registry, and this test reaches none.
  m.env.npm_config_offline = 'true';
  m.env.npm_config_update_notifier = 'false';
  m.env.PATH = [path.join(prefix, 'bin'), path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
  return prefix;
}

/** The README's example remote URL, pointed at a local bare repository by the machine's git config. */
function readmeRemote(lines: string[]): string {
  const url = /configure --remote (\S+)/.exec(lines.join('\n'))?.[1];
  assert.ok(url, 'the onboarding configures a remote');
  return url;
}

function runLine(m: CliMachine, line: string) {
  const r = spawnSync('sh', ['-c', line], {
    env: m.env,
    cwd: m.env.HOME,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** A machine with memory from before memsync: auto memory of the project and the user's CLAUDE.md. */
function machineWithMemory(name: string, url: string, remote: string, files: Record<string, string>): CliMachine {
  const m = new CliMachine(name, { transcript: false });
  cloneAndNpm(m);
  fs.writeFileSync(path.join(m.env.HOME!, '.gitconfig'), `[url "${remote}"]\n\tinsteadOf = ${url}\n`);
  for (const [rel, text] of Object.entries(files)) m.write(rel, text);
  fs.writeFileSync(path.join(m.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), `# ${name}'s own instructions\n`);
  return m;
}

function claudeMd(m: CliMachine): string | null {
  try {
    return fs.readFileSync(path.join(m.env.CLAUDE_CONFIG_DIR!, 'CLAUDE.md'), 'utf8');
  } catch {
    return null;
  }
}

test('the README onboarding, verbatim, on two machines with memory: nothing deleted, the new remote gets everything', {
  timeout: 120_000,
}, async () => {
  const lines = onboardingLines();
  assert.deepEqual(
    lines.filter((l) => l.includes('memsync')).map((l) => l.replace(/\S+@\S+:\S+/, 'URL')),
    [
      'npm install --global ~/memsync',
      'memsync sync',
      'memsync configure --remote URL',
      'memsync sync --project ~/work/widget',
    ],
    'the onboarding this test knows: update the test with the README',
  );
  const url = readmeRemote(lines);
  const remote = sharedBareRemote();
  const laptopMemory = {
    'MEMORY.md': '- [Build](build.md): how the build works\n',
    'build.md': 'make all, then make test\n',
  };
  const laptop = machineWithMemory('laptop', url, remote, laptopMemory);
  assert.ok(
    laptop.project.startsWith(path.join(laptop.env.HOME!, 'work', 'widget')),
    'the project is ~/work/widget as in the README',
  );

  assert.notEqual(runLine(laptop, 'command -v memsync').code, 0, 'no memsync on PATH before the README says so');
  for (const line of lines) {
    const r = runLine(laptop, line);
    assert.equal(r.code, 0, `laptop: ${line}\n${r.out}`);
    assert.deepEqual(readTree(laptop.memDir), laptopMemory, `laptop's memory is whole after: ${line}\n${r.out}`);
    assert.equal(
      claudeMd(laptop),
      "# laptop's own instructions\n",
      `laptop's CLAUDE.md is whole after: ${line}\n${r.out}`,
    );
  }
  assert.ok(!fs.existsSync(path.join(laptop.env.HOME!, 'memsync', 'node_modules')), 'nothing installed in the clone');
  const afterLaptop = remoteFiles(remote);
  for (const [rel, text] of Object.entries(laptopMemory))
    assert.equal(afterLaptop[`${MEM}/${rel}`], text, `the new remote has ${rel}`);
  assert.equal(afterLaptop['user/CLAUDE.md'], "# laptop's own instructions\n", 'the new remote has CLAUDE.md');

  const desktop = machineWithMemory('desktop', url, remote, {
    'deploy.md': 'deploys go through the blue pipeline\n',
  });
  for (const line of lines) {
    const r = runLine(desktop, line);
    assert.equal(r.code === 0 || r.code === 3, true, `desktop: ${line}\n${r.out}`);
    assert.equal(
      readTree(desktop.memDir)['deploy.md'],
      'deploys go through the blue pipeline\n',
      `desktop's memory is whole after: ${line}\n${r.out}`,
    );
    assert.ok(claudeMd(desktop), `desktop's CLAUDE.md is there after: ${line}\n${r.out}`);
  }
  const again = runLine(laptop, 'memsync sync');
  assert.equal(again.code === 0 || again.code === 3, true, again.out);
  const want = { ...laptopMemory, 'deploy.md': 'deploys go through the blue pipeline\n' };
  assert.deepEqual(readTree(desktop.memDir), want, "the desktop has the laptop's memory and keeps its own");
  assert.deepEqual(readTree(laptop.memDir), want, "the laptop has the desktop's memory");
  const tip = remoteFiles(remote);
  for (const [rel, text] of Object.entries(want)) assert.equal(tip[`${MEM}/${rel}`], text, `the remote has ${rel}`);
  // The two CLAUDE.md differ: each machine keeps its own live, the other's is a conflict copy or merged in.
  for (const m of [laptop, desktop])
    assert.match(claudeMd(m) ?? '', new RegExp(`${m.name}'s own`), `${m.name} keeps its CLAUDE.md`);
});
