/** Usage and each command's --help, written from the command table so they cannot drift from the options. */
import { form } from './args.ts';
import { type Command, type Entry, isGroup } from './command.ts';
import { DATE_FORM } from '../util/when.ts';

const HEAD = "memsync: sync AI coding agents' memory across machines through a git remote you own";

const FOOT = `Exit codes: 0 ok, 1 failure, 2 usage or settings error, 3 finished with open conflicts,
4 finished but claude-mem's database was not synced (busy or unreadable; the memory files were).
Environment: MEMSYNC_HOME (default ~/.memsync), CLAUDE_CONFIG_DIR (default ~/.claude),
MEMSYNC_HOSTNAME, and MEMSYNC_<SETTING> for any setting.
DATE (in restore --at and export --since): ${DATE_FORM}`;

/** `sync [--dry-run] [--json] [--project DIR]...`: a command's name, arguments and options on one line. */
function synopsis(cmd: Command, prefix = ''): string {
  const opts = shown(cmd).map(([k, o]) => {
    const one = o.type === 'boolean' ? `--${k}` : form(k, o).replace(/ \(.*\)$/, '');
    return `[${one}]${o.type === 'list' ? '...' : ''}`;
  });
  return [`${prefix}${cmd.name}`, cmd.args ?? '', ...opts].filter(Boolean).join(' ');
}

export function usage(table: readonly Entry[]): string {
  const lines = table
    .filter((e) => isGroup(e) || !e.hidden)
    .flatMap((e) =>
      isGroup(e)
        ? [`  ${e.name} ${e.subcommands.map((s) => s.name).join('|')}`, `      ${e.summary}`]
        : [...wrap(synopsis(e), '  ', '      '), `      ${e.summary}`],
    );
  return [HEAD, '', 'Usage: memsync <command> [options]   (memsync <command> --help for its options)', '', ...lines]
    .concat(['', FOOT])
    .join('\n');
}

export function commandHelp(e: Entry, prefix = ''): string {
  if (isGroup(e)) {
    const subs = e.subcommands.map((s) => `  ${synopsis(s, `${e.name} `)}\n      ${s.summary}`);
    return [`memsync ${e.name}: ${e.summary}`, '', ...subs].join('\n');
  }
  const opts = shown(e).map(([k, o]) => {
    const name = `${o.short ? `-${o.short}, ` : ''}${o.type === 'boolean' ? `--${k}` : form(k, o)}`;
    const dflt = o.default === undefined ? '' : ` (default ${o.default})`;
    return `  ${name.padEnd(30)} ${o.help}${dflt}`;
  });
  const needs = { nothing: '', machine: 'needs a set-up machine', setup: 'sets the machine up on first use' }[e.needs];
  const notes = [needs, e.lock ? 'waits for a sync running on this machine' : ''].filter(Boolean).join('; ');
  return [
    `Usage: memsync ${synopsis(e, prefix)}`,
    '',
    e.summary,
    ...(opts.length ? ['', 'Options:', ...opts] : []),
    ...(notes ? ['', notes] : []),
  ].join('\n');
}

const shown = (cmd: Command) => Object.entries(cmd.options).filter(([, o]) => !o.hidden);

/** A synopsis in lines of at most 100 characters, broken between words. */
function wrap(text: string, first: string, rest: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.trim() && line.length + word.length + 1 > 100) {
      lines.push(line);
      line = rest;
    }
    line += line.trim() ? ` ${word}` : word;
  }
  return [...lines, line];
}
