/**
 * The command line of one command, parsed against its table entry. Every problem is one line that
 * names the option and the expected form; no parser text of Node's reaches the user.
 */
import { UsageError } from '../errors.ts';
import { closest } from './closest.ts';
import type { Command, Option, Values } from './command.ts';

export interface Parsed {
  values: Values;
  positionals: string[];
}

export function parseCommand(cmd: Command, argv: readonly string[], label: string): Parsed {
  const values: Values = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(cmd.options).flatMap(([k, o]) => (o.short ? [[o.short, k]] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq > 0 ? arg.slice(0, eq) : arg;
    const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1));
    const opt = name === undefined ? undefined : cmd.options[name];
    if (!name || !opt) throw unknownOption(cmd, written, label);
    if (opt.type === 'boolean') {
      if (eq > 0) throw new UsageError(`${written} takes no value (${arg})`, helpHint(label));
      values[name] = true;
      continue;
    }
    let raw = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    // A value may start with "-" only as a number (`--idle-days -3`), so a forgotten value is named.
    if (eq < 0 && (raw === undefined || (raw.startsWith('-') && raw !== '-' && Number.isNaN(Number(raw)))))
      raw = undefined;
    else if (eq < 0) i++;
    if (raw === undefined) throw new UsageError(`${written} needs a value: ${form(name, opt)}`, helpHint(label));
    set(values, name, opt, raw);
  }
  checkCount(cmd, positionals, label);
  return { values, positionals };
}

function set(values: Values, name: string, opt: Option, raw: string): void {
  if (opt.type === 'list') {
    values[name] = [...((values[name] as string[] | undefined) ?? []), raw];
  } else if (opt.type === 'number') {
    const n = raw.trim() === '' ? Number.NaN : Number(raw);
    const ok = Number.isFinite(n) && (!opt.integer || Number.isInteger(n)) && n >= (opt.min ?? -Infinity);
    if (!ok) throw new UsageError(`--${name} ${raw}: expected ${numberForm(opt)}`);
    values[name] = n;
  } else {
    if (opt.choices && !opt.choices.includes(raw))
      throw new UsageError(`--${name} ${raw}: expected ${opt.choices.join(', ')}`);
    values[name] = raw;
  }
}

/** `--keep N` (a whole number, 1 or more). */
export function form(name: string, opt: Option): string {
  const value = opt.choices ? opt.choices.join('|') : (opt.value ?? 'VALUE');
  return `--${name} ${value}${opt.type === 'number' ? ` (${numberForm(opt)})` : ''}`;
}

function numberForm(opt: Option): string {
  const what = opt.integer ? 'a whole number' : 'a number';
  return opt.min === undefined ? what : `${what}, ${opt.min} or more`;
}

function unknownOption(cmd: Command, written: string, label: string): UsageError {
  const names = Object.keys(cmd.options).map((k) => `--${k}`);
  const near = closest(written.startsWith('--') ? written : `-${written}`, [...names, '--help']);
  const takes = names.length ? `${label} takes ${names.join(', ')}` : `${label} takes no options`;
  return new UsageError(
    `unknown option ${written}${near ? ` (did you mean ${near}?)` : ''}`,
    near ? helpHint(label) : `${takes}; see memsync ${label} --help`,
  );
}

function checkCount(cmd: Command, positionals: string[], label: string): void {
  const [min, max] = cmd.positionals ?? [0, 0];
  if (positionals.length >= min && positionals.length <= max) return;
  const what = cmd.args ?? '';
  if (positionals.length > max) {
    const took = max === 0 ? 'no argument' : `at most ${max} argument${max > 1 ? 's' : ''} (${what})`;
    throw new UsageError(`${label} takes ${took} (got ${positionals.join(' ')})`, helpHint(label));
  }
  throw new UsageError(`${label} needs ${what.replace(/^\[|\]$/g, '')}`, helpHint(label));
}

export const helpHint = (label: string) => `see memsync ${label} --help`;
