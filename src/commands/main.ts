/** The CLI's entry point: finds the command in the table, parses its options, runs it, prints what it returns. */
import pkg from '../../package.json' with { type: 'json' };
import { memsyncHome } from '../config/paths.ts';
import { type ErrorKind, MemsyncError, UsageError } from '../errors.ts';
import { asOsError } from '../safety/osError.ts';
import { logLine } from '../util/log.ts';
import { enableProgress, endProgress } from '../util/progress.ts';
import { maskSecrets } from '../util/maskUrl.ts';
import { helpHint, parseCommand } from '../cli/args.ts';
import { closest } from '../cli/closest.ts';
import { type Command, EXIT, type Entry, isGroup } from '../cli/command.ts';
import { commandHelp, usage } from '../cli/help.ts';
import { TABLE } from './index.ts';

export { EXIT };

const CODE: Record<ErrorKind, number> = { failure: EXIT.failure, usage: EXIT.usage, busy: EXIT.tempfail };

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [first, ...rest] = argv;
  if (!first || first === 'help' || first === '--help' || first === '-h') {
    console.log(usage(TABLE));
    return first ? EXIT.ok : EXIT.usage;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    console.log(pkg.version);
    return EXIT.ok;
  }
  const home = memsyncHome(env);
  let label = first;
  let json = false;
  try {
    const found = find(first, rest);
    label = found.label;
    if (!found.cmd.raw && wantsHelp(found.args)) {
      console.log(commandHelp(found.cmd, found.label.replace(/[^ ]+$/, '')));
      return EXIT.ok;
    }
    const { cmd, args } = found;
    const parsed = cmd.raw ? { values: {}, positionals: args } : parseCommand(cmd, args, label);
    json = parsed.values.json === true;
    enableProgress(!json && !cmd.raw, env);
    const machine = async () => (await import('../cli/context.ts')).machineFor(cmd.needs, env);
    const out = await cmd.run({ ...parsed, env, home, json, machine });
    // Every command's output: a password in a remote URL never reaches the screen.
    if (json && out.data !== undefined) console.log(maskSecrets(JSON.stringify(out.data, null, 2)));
    else if (out.text) console.log(maskSecrets(out.text()));
    return out.exit ?? EXIT.ok;
  } catch (e) {
    return reportError(e, home, label, json);
  }
}

/** The command (or subcommand) named, and the arguments left for it; a typo gets the nearest name. */
function find(name: string, rest: string[]): { cmd: Command; args: string[]; label: string } {
  const entry = lookup(TABLE, name, 'command', 'run memsync --help for the commands');
  if (!isGroup(entry)) return { cmd: entry, args: rest, label: name };
  const [sub, ...args] = rest;
  const subs = entry.subcommands.map((s) => s.name).join(', ');
  if (!sub || sub.startsWith('-')) {
    if (sub && wantsHelp([sub])) throw new HelpShown(commandHelp(entry));
    throw new UsageError(`expected a subcommand: ${subs}`, helpHint(name));
  }
  const cmd = lookup(entry.subcommands, sub, `${name} subcommand`, helpHint(name)) as Command;
  return { cmd, args, label: `${name} ${sub}` };
}

function lookup(entries: readonly Entry[], name: string, what: string, hint: string): Entry {
  const hit = entries.find((e) => e.name === name);
  if (hit) return hit;
  const near = closest(
    name,
    entries.filter((e) => isGroup(e) || !e.hidden).map((e) => e.name),
  );
  throw new UsageError(`unknown ${what} "${name}"${near ? ` (did you mean \`${near}\`?)` : ''}`, hint);
}

/** `--help` or `-h` before any `--`. */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** `memsync keys --help`: the group's help, printed as an answer rather than an error. */
class HelpShown extends Error {}

function reportError(e: unknown, home: string, label: string, json: boolean): number {
  endProgress();
  if (e instanceof HelpShown) {
    console.log(e.message);
    return EXIT.ok;
  }
  const err = e instanceof MemsyncError ? e : asOsError(e);
  const message = err ? err.message : e instanceof Error ? e.message : String(e);
  logLine(home, `${label} failed`, e);
  if (json) console.log(maskSecrets(JSON.stringify({ error: message, hint: err?.hint ?? null })));
  console.error(maskSecrets(`memsync ${label}: ${message}${err?.hint ? `\n  ${err.hint}` : ''}`));
  return err ? CODE[err.kind] : EXIT.failure;
}
