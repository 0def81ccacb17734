import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Machine, bareRemote, runCli, PLUGIN_ROOT } from './support/machines.ts';

const SKILL = path.join(PLUGIN_ROOT, 'skills', 'memsync', 'SKILL.md');

/** Every `memsync ...` command the skill names, split into words (quoted words kept whole). */
export function skillCommands(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/`memsync ([^`]+)`/g)) {
    const words = [...m[1]!.matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]!);
    if (words[0] !== '<command>' && words[0] !== '...') out.push(words);
  }
  return out;
}

// What the CLI says when a command, subcommand, option or argument does not exist.
const NOT_A_COMMAND = /unknown (?:option|command|[a-z]+ subcommand)|takes no argument|expected a subcommand/;

test('every command and option the skill names exists in the CLI', async () => {
  const commands = skillCommands(fs.readFileSync(SKILL, 'utf8'));
  const names = new Set(commands.map((c) => c[0]));
  for (const need of ['push', 'backup', 'log', 'restore', 'resolve', 'status', 'install-cli'])
    assert.ok(names.has(need), `the skill names memsync ${need}`);
  const flags = new Set(commands.flat().filter((w) => w.startsWith('--')));
  for (const need of ['--message', '--dry-run', '--strategy', '--at', '--all'])
    assert.ok(flags.has(need), `the skill names ${need}`);

  const m = await new Machine('skill', bareRemote()).init();
  const file = path.join(m.configDir, 'CLAUDE.md');
  m.write(file, 'a memory\n');
  // Placeholders in the skill, as a user would fill them in.
  const fill: Record<string, string> = {
    '<livePath>': file,
    PATH: file,
    FILE: path.join(m.root, 'none.tar.gz'),
    N: '1',
    COMMIT: 'HEAD',
    DATE: '2026-01-01',
    DIR: path.join(m.root, 'bin'),
    '<age1...>': 'age1notakey',
    '<host>': 'h',
  };
  const failures: string[] = [];
  for (const words of commands) {
    const args = words.map((w) => fill[w] ?? w);
    const r = await runCli(args, m.env);
    const said = `${r.stdout}\n${r.stderr}`;
    if (NOT_A_COMMAND.test(said))
      failures.push(
        `memsync ${words.join(' ')}: ${said
          .trim()
          .split('\n')
          .find((l) => NOT_A_COMMAND.test(l))}`,
      );
  }
  assert.deepEqual(failures, []);
});
