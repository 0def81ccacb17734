import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { TABLE } from '../src/commands/index.ts';
import { type Command, type Entry, isGroup } from '../src/cli/command.ts';
import { commandHelp } from '../src/cli/help.ts';
import { REPO_ROOT, PLUGIN_ROOT } from './support/machines.ts';
import { cleanup, pluginRoot, scratch } from './support/cli.ts';
import { spawnSync } from 'node:child_process';

const find = (name: string) => TABLE.find((e) => e.name === name);
const optionsOf = (e: Entry): Set<string> =>
  new Set(
    (isGroup(e) ? e.subcommands : [e]).flatMap((c) =>
      Object.entries(c.options)
        .filter(([, o]) => !o.hidden)
        .map(([k]) => `--${k}`),
    ),
  );
const choicesOf = (e: Entry): Set<string> =>
  new Set((isGroup(e) ? e.subcommands : [e]).flatMap((c) => Object.values(c.options).flatMap((o) => o.choices ?? [])));

/** The README's Commands table: each row's command cell and its whole text. */
function readmeRows(): { cell: string; text: string }[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n## Commands\n')[1]!.split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `memsync '))
    .map((l) => ({ cell: l.split(/(?<!\\)\|/)[1]!.trim(), text: l }));
}

/** The subcommands a group row names: `memsync keys init\|add KEY\|list` -> init, add, list. */
function subcommandsNamed(cell: string, e: Entry): string[] {
  const choices = choicesOf(e);
  return cell
    .replace(/`/g, '')
    .replace(`memsync ${e.name} `, '')
    .split(/\\\||\//)
    .map((piece) => piece.trim().split(/\s+/)[0]!)
    .filter((w) => /^[a-z][a-z-]*$/.test(w) && !choices.has(w));
}

test("the README's Commands table and the command table name the same commands and options", () => {
  const rows = readmeRows();
  const problems: string[] = [];
  const rowsOf = new Map<string, string[]>();
  for (const { cell, text } of rows) {
    const name = cell.match(/^`memsync ([a-z-]+)/)![1]!;
    const e = find(name);
    if (!e || (!isGroup(e) && e.hidden)) {
      problems.push(`README names memsync ${name}, which is not a command`);
      continue;
    }
    rowsOf.set(name, [...(rowsOf.get(name) ?? []), text]);
    for (const opt of cell.match(/--[a-z-]+/g) ?? [])
      if (!optionsOf(e).has(opt)) problems.push(`README: memsync ${name} ${opt} is not an option of ${name}`);
    if (isGroup(e))
      for (const sub of subcommandsNamed(cell, e))
        if (!e.subcommands.some((s) => s.name === sub)) problems.push(`README: memsync ${name} ${sub} does not exist`);
  }
  for (const e of TABLE.filter((x) => isGroup(x) || !x.hidden)) {
    const text = (rowsOf.get(e.name) ?? []).join('\n');
    if (!text) problems.push(`README has no row for memsync ${e.name}`);
    for (const opt of optionsOf(e))
      if (opt !== '--json' && !new RegExp(`${opt}(?![a-z-])`).test(text))
        problems.push(`README does not name memsync ${e.name} ${opt}`);
    if (isGroup(e)) {
      const named = rows
        .filter((r) => r.cell.startsWith(`\`memsync ${e.name} `))
        .flatMap((r) => subcommandsNamed(r.cell, e));
      for (const s of e.subcommands)
        if (!named.includes(s.name)) problems.push(`README does not name memsync ${e.name} ${s.name}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the skill names only commands, subcommands and options that exist', () => {
  const skill = fs.readFileSync(path.join(PLUGIN_ROOT, 'skills', 'memsync', 'SKILL.md'), 'utf8');
  const problems: string[] = [];
  for (const m of skill.matchAll(/`memsync ([^`]+)`/g)) {
    const words = m[1]!.split(/\s+/);
    if (words[0] === '<command>' || words[0] === '...') continue;
    const e = find(words[0]!);
    if (!e) {
      problems.push(`memsync ${words[0]}`);
      continue;
    }
    const cmd = isGroup(e) ? e.subcommands.find((s) => s.name === words[1]) : e;
    if (!cmd) problems.push(`memsync ${words.slice(0, 2).join(' ')}`);
    for (const w of words.filter((x) => x.startsWith('--')))
      if (cmd && !(w.slice(2) in cmd.options)) problems.push(`memsync ${m[1]}: ${w}`);
  }
  assert.deepEqual(problems, []);
});

/**
 * `memsync --help`, `--version` and a command's `--help` must not load the engine, the secret scan,
 * age, tar, zod or SQLite: the entry reaches them only through a command's run, by `import()`.
 */
test('the entry point imports no library code statically: help and --version load none of it', async () => {
  const r = await build({
    entryPoints: [path.join(REPO_ROOT, 'src', 'commands', 'bin.ts')],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    external: ['typescript', 'better-sqlite3'],
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  });
  const inputs = r.metafile.inputs;
  const reached = new Set<string>();
  const walk = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const i of inputs[file]?.imports ?? []) if (i.kind !== 'dynamic-import' && !i.external) walk(i.path);
  };
  // bin.ts turns Node's compile cache on, then loads main.ts (and the table) by import().
  walk('src/commands/bin.ts');
  walk('src/commands/main.ts');
  const heavy = new RegExp(
    '^src/(engine|sync|secrets|crypto|claudeMem|store|reconcile|merge|machine)/|^src/config/settings' +
      '|node_modules/(age-encryption|tar|zod|simple-git|@secretlint)/',
  );
  const loaded = [...reached].filter((f) => heavy.test(f));
  assert.deepEqual(loaded, []);
  assert.ok(reached.has('src/commands/sync.ts'), 'the table itself is loaded');
});

function cli(args: string[]) {
  const home = scratch('memsync-table-');
  const env = {
    ...process.env,
    HOME: home,
    MEMSYNC_HOME: path.join(home, 'm'),
    CLAUDE_CONFIG_DIR: path.join(home, 'c'),
  };
  return spawnSync(process.execPath, [path.join(pluginRoot(), 'dist', 'memsync.mjs'), ...args], {
    env,
    encoding: 'utf8',
  });
}

test('every command and subcommand has a --help written from its table entry; -v prints the version', () => {
  const all: [string, Command][] = TABLE.flatMap((e) =>
    isGroup(e)
      ? e.subcommands.map((s): [string, Command] => [`${e.name} ${s.name}`, s])
      : e.hidden
        ? []
        : [[e.name, e]],
  );
  for (const [label, cmd] of all) {
    const text = commandHelp(cmd, label.replace(/[^ ]+$/, ''));
    assert.match(text, new RegExp(`^Usage: memsync ${label}`), label);
    for (const k of Object.keys(cmd.options).filter((k) => !cmd.options[k]!.hidden))
      assert.match(text, new RegExp(`--${k}\\b`), `${label} --help names --${k}`);
  }
  // Through the built CLI: a command, a subcommand, a group, the version.
  for (const label of ['sync', 'backup restore', 'keys']) {
    const r = cli([...label.split(' '), '--help']);
    assert.equal(r.status, 0, `${label}: ${r.stderr}`);
    const entry = find(label.split(' ')[0]!)!;
    const cmd = isGroup(entry) ? entry.subcommands.find((s) => s.name === label.split(' ')[1]) : entry;
    assert.equal(r.stdout, `${commandHelp(cmd ?? entry, cmd && isGroup(entry) ? `${entry.name} ` : '')}\n`);
  }
  const v = cli(['-v']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  cleanup();
});

test('bad command lines get one line naming the problem and what is expected, never Node parser text', () => {
  const cases: [string[], RegExp][] = [
    [['sync', '--help', 'x'], /^Usage: memsync sync/],
    [['snyc'], /^memsync snyc: unknown command "snyc" \(did you mean `sync`\?\)$/],
    [['sync', '--dryrun'], /^memsync sync: unknown option --dryrun \(did you mean --dry-run\?\)$/],
    [['restore', 'X', '--at', 'D', '--apply'], /^memsync restore: unknown option --apply$/],
    [['sweep-branches', '--idle-days', '-3'], /^memsync sweep-branches: --idle-days -3: expected a number, 0 or more$/],
    [['backup'], /^memsync backup: expected a subcommand: create, verify, restore, list, prune, schedule$/],
    [['keys', 'ad'], /^memsync keys: unknown keys subcommand "ad" \(did you mean `add`\?\)$/],
    [['log', '--limit'], /^memsync log: --limit needs a value: --limit N \(a whole number, 1 or more\)$/],
    [['log', '--limit', '2.5'], /^memsync log: --limit 2\.5: expected a whole number, 1 or more$/],
    [['backup', 'prune', '--keep', '-1'], /^memsync backup prune: --keep -1: expected a whole number, 1 or more$/],
    [['restore', '--all', '--at'], /^memsync restore: --at needs a value: --at COMMIT\|DATE$/],
    [['status', 'extra'], /^memsync status: status takes no argument \(got extra\)$/],
    [['export'], /^memsync export: export needs FILE$/],
    [['import', 'f', '--strategy', 'newest'], /^memsync import: --strategy newest: expected skip, overwrite, merge$/],
    [['status', '--json=yes'], /^memsync status: --json takes no value \(--json=yes\)$/],
  ];
  for (const [args, want] of cases) {
    const r = cli(args);
    const out = args.includes('--help') ? r.stdout : r.stderr.split('\n')[0]!;
    assert.match(out, want, `memsync ${args.join(' ')}:\n${r.stderr}`);
    assert.equal(r.status, args.includes('--help') ? 0 : 2, `memsync ${args.join(' ')}`);
    assert.doesNotMatch(r.stderr, /positional argument|ambiguous|ERR_PARSE_ARGS|\n\s+at /, args.join(' '));
  }
  cleanup();
});
