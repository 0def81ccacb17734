/**
 * The command table's shape. A command file declares its name, words for help, options and what it
 * needs; the entry point parses, finds it, runs it and prints what `run` returns. This module
 * imports only types, so `memsync --help` loads no library code.
 */
import type { Context } from '../machine/context.ts';

export interface Option {
  type: 'boolean' | 'string' | 'number' | 'list';
  /** One line for help. */
  help: string;
  /** The value's placeholder in help and messages (URL, N, DIR). */
  value?: string;
  short?: string;
  /** For `number`: the smallest accepted, whole numbers only, and the expected form in words. */
  min?: number;
  integer?: boolean;
  /** For `string`: the only values accepted. */
  choices?: readonly string[];
  /** Shown in help; the command applies it. */
  default?: string | number;
  /** Left out of help (used by the hooks, not by people). */
  hidden?: boolean;
}

/** nothing: runs anywhere; machine: a set-up machine (else an error); setup: sets the machine up on first use. */
export type Need = 'nothing' | 'machine' | 'setup';

export type Values = Record<string, string | number | boolean | string[] | undefined>;

export interface Input {
  values: Values;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  /** MEMSYNC_HOME. */
  home: string;
  json: boolean;
  /** The machine, as `needs` says: set up (or set up now: `created`), else an error naming the fix. */
  machine: () => Promise<{ ctx: Context; created: boolean }>;
}

/** What a command did: data for --json, text for people (both masked for secrets), its exit code. */
export interface Outcome {
  data?: unknown;
  text?: () => string;
  exit?: number;
}

export interface Command {
  name: string;
  summary: string;
  /** The positional arguments in help (`PATH`, `[FILE]`), and how many are accepted. */
  args?: string;
  positionals?: readonly [min: number, max: number];
  options: Record<string, Option>;
  needs: Need;
  /** It waits for (and holds) the machine's sync lock while it changes things. */
  lock?: boolean;
  /** Left out of the usage (called by Claude Code, not by people). */
  hidden?: boolean;
  /** Takes its arguments as they are (no parsing). */
  raw?: boolean;
  run: (input: Input) => Promise<Outcome>;
}

/** A command made of subcommands (`keys`, `backup`, `hooks`), each a command of its own. */
export interface Group {
  name: string;
  summary: string;
  subcommands: readonly Command[];
}

export type Entry = Command | Group;

export const isGroup = (e: Entry): e is Group => 'subcommands' in e;

/**
 * Exit codes (the CLI contract). `tempfail` (sysexits' EX_TEMPFAIL): nothing is wrong, try again
 * (other machines kept pushing first, or another sync here held the lock past the wait).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, conflicts: 3, dbPending: 4, tempfail: 75 } as const;

export const JSON_OPTION = { json: { type: 'boolean', help: 'print JSON' } } as const satisfies Record<string, Option>;
