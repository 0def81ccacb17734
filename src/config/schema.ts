import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { defaultClaudeMemPath, expandHome } from './paths.ts';
import { REMOTE_FORM, remoteProblem } from './remoteForm.ts';
import { HOOK_DEFAULTS } from './hookDefaults.ts';

/**
 * The settings schema: the one place each key, its type, its default and its meaning (the
 * description, which settings.example.json repeats as the key's "//" comment, checked by a test)
 * are written. The loader's messages, "did you mean", the MEMSYNC_* overrides and the example
 * follow from it through the readers at the end of this file.
 */

/** Forms several keys share; a key's own expected form is written at the key. */
export const FORM = {
  settings: 'a JSON object of settings',
  boolean: 'true or false',
  booleanEnv: 'true or false (also 1/0, yes/no, on/off)',
  milliseconds: 'a positive integer (milliseconds)',
  globList: 'a list of glob patterns such as ["**/*.md"]',
  globListEnv: 'a JSON array or a comma-separated list of glob patterns',
  glob: 'a non-empty glob pattern string',
} as const;

const BRANCH =
  'a git branch name such as "main" (no spaces, "..", leading "-", any of ~^:?*[\\, or trailing "/" or ".lock")';
const HOSTNAME = 'a machine name of 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit';
const IDENTITY =
  'a project identity such as "github.com/acme/widget" (letters, digits, ".", "_", "-" and "/"; no leading or ' +
  'trailing "/", no "." or ".." segments)';
const FILE_NAME = 'a name of 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
const ROOT = 'an absolute folder path (or one starting with ~/)';
const CLAUDE_MEM_PATH = "an absolute path to claude-mem's SQLite database (or one starting with ~/)";

const HOSTNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const FILE_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const IDENTITY_RE = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function isValidBranchName(b: string): boolean {
  if (b.length === 0 || b.length > 255 || b === 'HEAD' || b === '@') return false;
  if (b.startsWith('-') || b.startsWith('/') || b.endsWith('/') || b.endsWith('.')) return false;
  if (b.includes('..') || b.includes('//') || b.includes('@{')) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(b)) return false;
  return b.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}

function isValidIdentity(id: string): boolean {
  return IDENTITY_RE.test(id) && id.split('/').every((seg) => seg !== '.' && seg !== '..');
}

/** `os.hostname()` made to fit the hostname rule (it is used in file names). */
function defaultHostname(): string {
  const h = os
    .hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return HOSTNAME_RE.test(h) ? h : 'localhost';
}

// ---------------------------------------------------------------------------------------------
// Small object helpers (safe against "__proto__" keys in parsed JSON)

export type JsonObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function setOwn(o: JsonObject, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function isCommentKey(k: string): boolean {
  return k.startsWith('//') || k.startsWith('$');
}

function stripComments(v: unknown): unknown {
  if (!isPlainObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, val] of Object.entries(v)) if (!isCommentKey(k)) setOwn(out, k, val);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Schema

export interface SchemaContext {
  /** memsync home, for the default remote. */
  home: () => string;
  /** Environment used to expand `~/`. */
  env: () => NodeJS.ProcessEnv;
}

/** A strict object whose comment keys ("//…", "$…") are dropped before checking. */
const object = <T extends z.ZodRawShape>(shape: T, expected: string) =>
  z.preprocess(stripComments, z.strictObject(shape, { error: expected }));

const bool = () => z.boolean({ error: FORM.boolean });
const millis = (dflt: number) =>
  z.int({ error: FORM.milliseconds }).positive({ error: FORM.milliseconds }).default(dflt);
const globs = () => z.array(z.string({ error: FORM.glob }).min(1, { error: FORM.glob }), { error: FORM.globList });
const wholeNumber = (expected: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });

function sourcesSchema(expand: (p: string) => string, absolute: (p: string) => boolean, ctx: SchemaContext) {
  const fileSource = object(
    {
      name: z.string({ error: FILE_NAME }).regex(FILE_NAME_RE, { error: FILE_NAME }),
      root: z
        .string({ error: ROOT })
        .refine((r) => r.length > 0 && absolute(r), { error: ROOT })
        .transform((r) => path.resolve(expand(r))),
      include: globs().default(() => ['**/*']),
      exclude: globs().default(() => []),
    },
    'an object with name, root, include and exclude',
  );
  const unique = 'a name not used by another entry of sources.files (names are compared ignoring case)';
  const files = z
    .array(fileSource, { error: 'a list of file sources such as [{"name": "notes", "root": "~/notes"}]' })
    .superRefine((list, rc) => {
      const seen = new Set<string>();
      list.forEach((f, i) => {
        const key = f.name.toLowerCase();
        if (seen.has(key)) rc.addIssue({ code: 'custom', path: [i, 'name'], message: unique });
        seen.add(key);
      });
    })
    .default(() => []);
  const claudeMem = object(
    {
      enabled: bool().default(false),
      path: z
        .string({ error: CLAUDE_MEM_PATH })
        .refine((r) => r.length > 0 && absolute(r), { error: CLAUDE_MEM_PATH })
        .transform((r) => path.resolve(expand(r)))
        .default(() => defaultClaudeMemPath(ctx.env())),
      mode: z
        .enum(['rows', 'file'], {
          error: '"rows" (merge row by row) or "file" (sync the whole database file, choosing a side on conflict)',
        })
        .default('rows'),
      // How long a sync waits for claude-mem's write lock before it leaves the database for the next one.
      busyTimeoutMs: millis(5000),
    },
    'an object with enabled, path, mode and busyTimeoutMs, such as {"enabled": true, "mode": "rows"}',
  ).prefault({});
  return object(
    { claudeAutoMemory: bool().default(true), claudeUserMemory: bool().default(true), files, claudeMem },
    'an object with claudeAutoMemory, claudeUserMemory, files and claudeMem',
  ).prefault({});
}

function projectsSchema(expand: (p: string) => string, absolute: (p: string) => boolean) {
  const key = 'each key to be an absolute folder path (or one starting with ~/)';
  const repeated = 'each folder to be listed once (this one repeats another key after ~ expansion)';
  return z
    .preprocess(
      stripComments,
      z.record(z.string(), z.string({ error: IDENTITY }).refine(isValidIdentity, { error: IDENTITY }), {
        error: 'an object mapping project folders to identities, such as {"~/code/widget": "github.com/acme/widget"}',
      }),
    )
    .superRefine((rec, rc) => {
      const seen = new Set<string>();
      for (const k of Object.keys(rec)) {
        if (!k || !absolute(k)) {
          rc.addIssue({ code: 'custom', path: [k], message: key, params: { badKey: true } });
          continue;
        }
        const norm = path.resolve(expand(k));
        if (seen.has(norm)) rc.addIssue({ code: 'custom', path: [k], message: repeated, params: { badKey: true } });
        seen.add(norm);
      }
    })
    .transform((rec) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(rec)) setOwn(out, path.resolve(expand(k)), v);
      return out;
    })
    .prefault({});
}

function secretsSchema() {
  const allow = 'a list of repository paths, each optionally followed by ":LINE", such as ["user/CLAUDE.md:3"]';
  return object(
    { allow: z.array(z.string({ error: allow }).min(1, { error: allow }), { error: allow }).default(() => []) },
    'an object with allow, such as {"allow": ["projects/github.com/acme/widget/memory/notes.md:12"]}',
  ).prefault({});
}

/** Where this machine syncs to, and what it calls itself. */
function placeKeys(ctx: SchemaContext, expand: (p: string) => string) {
  return {
    remote: z
      .string({ error: REMOTE_FORM })
      .refine((r) => remoteProblem(r) === null, { error: REMOTE_FORM })
      .transform(expand)
      .default(() => path.join(ctx.home(), 'remote.git'))
      .describe(
        'The git remote memory is synced through: a URL such as ' +
          'git@github.com:you/claude-memory.git, or a local path (a leading ~/ is expanded); defaults ' +
          'to remote.git inside the memsync home.',
      ),
    branch: z
      .string({ error: BRANCH })
      .refine(isValidBranchName, { error: BRANCH })
      .default('main')
      .describe('The branch of the remote that holds the memory.'),
    hostname: z
      .string({ error: HOSTNAME })
      .regex(HOSTNAME_RE, { error: HOSTNAME })
      .default(defaultHostname)
      .describe(
        "This machine's name as used in file names and commit messages (letters, digits, '.', '_', " +
          "'-'); defaults to the system host name.",
      ),
  };
}

/** The keys the hooks read (hooks/toggles.ts reads them without this schema, with HOOK_DEFAULTS). */
function hookKeys() {
  return {
    autoSync: bool()
      .default(HOOK_DEFAULTS.autoSync)
      .describe(
        'Master switch for the automatic sync done by the Claude Code hooks (manual memsync ' +
          'commands always work).',
      ),
    pullOnStart: bool()
      .default(HOOK_DEFAULTS.pullOnStart)
      .describe('Pull from the remote when a Claude Code session starts.'),
    pushOnStop: bool()
      .default(HOOK_DEFAULTS.pushOnStop)
      .describe('Push local memory changes when Claude Code finishes a response.'),
    pushOnEnd: bool()
      .default(HOOK_DEFAULTS.pushOnEnd)
      .describe('Push local memory changes when a Claude Code session ends.'),
    pushThrottleSeconds: wholeNumber('a whole number of seconds, 0 or more', 0)
      .default(HOOK_DEFAULTS.pushThrottleSeconds)
      .describe('Minimum seconds between automatic pushes (0 pushes every time).'),
    idlePushSeconds: wholeNumber('a whole number of seconds, 0 or more', 0)
      .default(HOOK_DEFAULTS.idlePushSeconds)
      .describe(
        'After a Claude Code session ends, push once more after this many quiet seconds, for what was ' +
          "written after the session (claude-mem's summary); 0 turns it off.",
      ),
    livePullSeconds: wholeNumber('a whole number of seconds, 0 or more', 0)
      .default(HOOK_DEFAULTS.livePullSeconds)
      .describe(
        'While a Claude Code session is open, pull in the background at most every this many seconds (one ' +
          'puller per machine, however many sessions); 0 turns it off.',
      ),
    pullOnPrompt: bool()
      .default(HOOK_DEFAULTS.pullOnPrompt)
      .describe(
        'At each prompt, hand the session the memory of its project that the background pull brought since ' +
          'it last saw it.',
      ),
  };
}

export function buildSchema(ctx: SchemaContext) {
  const expand = (p: string): string => expandHome(p, ctx.env());
  const absolute = (p: string): boolean => path.isAbsolute(expand(p));
  const role =
    '"peer" (pull and push the shared branch), "contributor" (pull the shared branch, push to its own ' +
    'memsync/<host> branch for review), "consumer" (pull only, never push) or "off" (no sync)';
  const encryption =
    '"none" (the remote holds files as they are) or "age" (the remote holds them encrypted with age; see memsync keys)';
  const percent = "a whole number from 0 to 100 (percent of a project's memory files; 100 never holds)";
  return object(
    {
      ...placeKeys(ctx, expand),
      ...hookKeys(),
      pullTimeoutMs: millis(5000).describe(
        'How long the session-start pull may take, in milliseconds, before it is left to a ' +
          'background sync so Claude Code is not held up (also the budget of status; doctor allows ' +
          'twice it).',
      ),
      networkTimeoutMs: millis(60000).describe(
        'Time budget in milliseconds for each fetch and push in memsync commands; a push other machines ' +
          'overtook goes again, after a random wait, until it runs out; a background push or sync started ' +
          'by the hooks ends within it in all.',
      ),
      role: z
        .enum(['peer', 'contributor', 'consumer', 'off'], { error: role })
        .default('peer')
        .describe(
          'What this machine does: peer (pulls and pushes the shared branch; any number of machines), ' +
            'consumer (pulls, never pushes: for read-only machines) or off (no sync at all).',
        ),
      encryption: z
        .enum(['none', 'age'], { error: encryption })
        .default('none')
        .describe(
          'none: the remote holds files as they are. age: it holds only age-encrypted files (memsync ' +
            "init --encrypt sets this; see memsync keys and the README's Encryption section).",
        ),
      sources: sourcesSchema(expand, absolute, ctx).describe(
        "What is synced: Claude Code's auto memory (projects/*/memory), the user memory (CLAUDE.md " +
          'and rules in ~/.claude), extra folders listed in files (each with a unique name, an ' +
          "absolute root, include and exclude globs), and claude-mem's SQLite database (claudeMem: " +
          'off by default; path defaults to $CLAUDE_MEM_DATA_DIR/claude-mem.db or ' +
          '~/.claude-mem/claude-mem.db; mode rows merges row by row, file syncs the whole file and ' +
          'asks you to choose a side when both changed).',
      ),
      exclude: globs()
        .default(() => [])
        .describe("Glob patterns of files never synced, on top of each source's own exclude list."),
      unionMerge: globs()
        .default(() => ['**/MEMORY.md'])
        .describe(
          'Glob patterns of files merged by keeping the lines of both sides when two machines changed ' +
            'them, instead of reporting a conflict.',
        ),
      projects: projectsSchema(expand, absolute).describe(
        'Pins a local project folder to an identity so the same project shares memory across ' +
          'machines even where it cannot be derived from the git remote.',
      ),
      secrets: secretsSchema().describe(
        'The secret scan holds back any file with a token, key or password before it is published. ' +
          'allow releases false positives: a repository path (the whole file) or PATH:LINE; memsync ' +
          'allow PATH [--line N] adds one.',
      ),
      maxFileBytes: wholeNumber('a positive whole number of bytes', 1)
        .default(10 * 1024 * 1024)
        .describe(
          'Remote files larger than this many bytes are refused (never written here); the rest of the ' +
            'sync goes on.',
        ),
      massDeletePercent: wholeNumber(percent, 0, 100)
        .default(50)
        .describe(
          "A sync that would delete more than this percent of a project's memory files (and at least " +
            '3), or every file of a source, holds those deletions until memsync resolve PROJECT ' +
            '--confirm-deletes (or --restore-files). 100 never holds.',
        ),
    },
    FORM.settings,
  );
}

// ---------------------------------------------------------------------------------------------
// Reading the schema: keys, their kinds and meanings

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
}

const defOf = (s: Schema): Def => s._zod.def as unknown as Def;

/** The schema under its defaults, preprocessing and transforms: the type the value is checked as. */
function core(s: Schema): Schema {
  const d = defOf(s);
  if (d.type === 'default' || d.type === 'prefault' || d.type === 'optional') return core(d.innerType!);
  if (d.type === 'pipe') return core(defOf(d.in!).type === 'transform' ? d.out! : d.in!);
  return s;
}

/** The keys an object at `at` (a path into the settings) may hold; [] where no object is. */
export function keysAt(schema: Schema, at: readonly (string | number)[]): string[] {
  let s = core(schema);
  for (const seg of at) {
    const d = defOf(s);
    const next = d.type === 'object' ? d.shape?.[String(seg)] : d.type === 'array' ? d.element : d.valueType;
    if (!next) return [];
    s = core(next);
  }
  const d = defOf(s);
  return d.type === 'object' ? Object.keys(d.shape!) : [];
}

/** How a MEMSYNC_<KEY> variable's text becomes a value for the top-level key. */
export type EnvKind = 'string' | 'boolean' | 'integer' | 'list' | 'object';

export function envKind(schema: Schema, key: string): EnvKind {
  const type = defOf(core(defOf(core(schema)).shape![key]!)).type;
  if (type === 'boolean') return 'boolean';
  if (type === 'number') return 'integer';
  if (type === 'array') return 'list';
  if (type === 'object' || type === 'record') return 'object';
  return 'string';
}

/** What a top-level key means, as its schema describes it. */
export function describeKey(schema: Schema, key: string): string {
  const s = defOf(core(schema)).shape![key];
  return (s && z.globalRegistry.get(s)?.description) ?? '';
}
