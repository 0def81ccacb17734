/**
 * (k) `memsync search` as a user runs it, at 2,000 files (200 projects x 10) and 20,000 (200 x 100):
 * a phrase found in one file, a word found in every file, and the phrase with `--history` over 300
 * commits of another machine, each against `node -e 0` plus a `git fetch` of memsync's clone (search
 * fetches once) and against `git grep` of the same phrase in a checkout of the remote's tip (a floor
 * that reads every file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PLUGIN_ROOT, gitTestEnv, tempDir } from '../test/support/machines.ts';
import { buildFleet, fileName, type Fleet } from './fixture.ts';
import { interleaved, log, ok, rows, wall } from './whole.ts';

const BIN = path.join(PLUGIN_ROOT, 'bin', 'memsync');
/** One line of one file in bench/fixture.ts's memory text. */
const PHRASE = 'fact 3 about p7/f5';

/** Commits another machine made: one edited file each, pushed to the remote (what --history walks). */
const COMMITS = 300;

function addHistory(work: string, home: string, perProject: number): void {
  const env = { ...gitTestEnv(home), GIT_AUTHOR_NAME: 'other', GIT_COMMITTER_NAME: 'other' };
  for (let i = 0; i < COMMITS; i++) {
    const file = path.join(work, MEM(i % 200), fileName(i % perProject));
    fs.appendFileSync(file, `- revised fact ${i} about the deploy\n`);
    execFileSync('git', ['-C', work, 'commit', '-q', '-a', '-m', `edit ${i}`], { env });
  }
  execFileSync('git', ['-C', work, 'push', '-q', 'origin', 'HEAD:main'], { env });
}

const MEM = (p: number) => `projects/github.com/bench/p${p}/memory`;

async function searchRows(fleet: Fleet, made: string[], perProject: number): Promise<string[]> {
  const env = fleet.machine.env;
  const clone = path.join(env.MEMSYNC_HOME!, 'repo.git');
  const home = tempDir('memsync-bench-grep-');
  made.push(home);
  const work = path.join(home, 'work');
  execFileSync('git', ['clone', '-q', '--branch', 'main', fleet.remote, work], { env: gitTestEnv(home) });
  addHistory(work, home, perProject);
  const grep = `git -C "${work}" grep -F -n -e "${PHRASE}" >/dev/null`;
  const runs = await interleaved({
    floor: () => ok('node + fetch', wall('sh', ['-c', `node -e 0 && git -C "${clone}" fetch -q origin`], env)),
    grep: () => ok('git grep', wall('sh', ['-c', grep], env)),
    phrase: () => ok('search phrase', wall(BIN, ['search', PHRASE], env)),
    word: () => ok('search word', wall(BIN, ['search', 'docs', '--json'], env)),
    history: () => ok('search --history', wall(BIN, ['search', PHRASE, '--history'], env)),
  });
  return rows(runs, 'floor', {
    floor: "`node -e 0` + `git fetch` of memsync's clone",
    grep: '`git grep -F` of the phrase in a checkout of the tip',
    phrase: `\`memsync search "${PHRASE}"\` (the phrase in one file; its words in all)`,
    word: '`memsync search docs --json` (every file a hit)',
    history: `\`memsync search "${PHRASE}" --history\` (${COMMITS} commits)`,
  });
}

export async function benchSearch(): Promise<string[]> {
  const made: string[] = [];
  try {
    const out: string[] = ['', '(k) `memsync search`, whole processes (target: under a second at 20,000 files)'];
    for (const [name, perProject] of [
      ['2,000', 10],
      ['20,000', 100],
    ] as const) {
      log(`search at ${name} files: building 200 projects x ${perProject}`);
      const fleet = await buildFleet(`search${perProject}`, 200, perProject, made);
      await fleet.machine.sync({ projects: fleet.projects });
      out.push(`    at ${name} files (200 projects x ${perProject})`, ...(await searchRows(fleet, made, perProject)));
    }
    return out;
  } finally {
    if (process.env.BENCH_KEEP !== '1') for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  }
}
