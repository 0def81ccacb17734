import os from 'node:os';
import path from 'node:path';
import { cosmiconfig, defaultLoaders, type Loader } from 'cosmiconfig';
import { z } from 'zod';
import { SettingsError } from '../errors.ts';
import { defaultClaudeMemPath, expandHome, memsyncHome } from './paths.ts';
import { envVarName, parseEnvBoolean } from './envValues.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { REMOTE_FORM, remoteProblem } from './remoteForm.ts';

export { envVarName };

// ---------------------------------------------------------------------------------------------
// Key lists and the human "expected ..." texts

const TOP_KEYS = [
  'remote',
  'branch',
  'hostname',
  'autoSync',
  'pullOnStart',
  'pushOnStop',
  'pushOnEnd',
  'pushThrottleSeconds',
  'idlePushSeconds',
  'livePullSeconds',
  'pullOnPrompt',
  'pullTimeoutMs',
  'networkTimeoutMs',
  'role',
  'encryption',
  'sources',
  'exclude',
  'unionMerge',
  'projects',
  'secrets',
  'maxFileBytes',
  'massDeletePercent',
] as const;
type TopKey = (typeof TOP_KEYS)[number];

const SOURCES_KEYS = ['claudeAutoMemory', 'claudeUserMemory', 'files', 'claudeMem'] as const;
const CLAUDE_MEM_KEYS = ['enabled', 'path', 'mode', 'busyTimeoutMs'] as const;
const FILE_SOURCE_KEYS = ['name', 'root', 'include', 'exclude'] as const;
const SECRETS_KEYS = ['allow'] as const;

/** How an environment variable's text is turned into a value for each top-level key. */
type Kind = 'string' | 'boolean' | 'integer' | 'list' | 'object';
const KINDS: Record<TopKey, Kind> = {
  remote: 'string',
  branch: 'string',
  hostname: 'string',
  autoSync: 'boolean',
  pullOnStart: 'boolean',
  pushOnStop: 'boolean',
  pushOnEnd: 'boolean',
  pushThrottleSeconds: 'integer',
  idlePushSeconds: 'integer',
  livePullSeconds: 'integer',
  pullOnPrompt: 'boolean',
  pullTimeoutMs: 'integer',
  networkTimeoutMs: 'integer',
  role: 'string',
  encryption: 'string',
  sources: 'object',
  exclude: 'list',
  unionMerge: 'list',
  projects: 'object',
  secrets: 'object',
  maxFileBytes: 'integer',
  massDeletePercent: 'integer',
};

const EXPECT = {
  settings: 'a JSON object of settings',
  remote: REMOTE_FORM,
  branch:
    'a git branch name such as "main" (no spaces, "..", leading "-", any of ~^:?*[\\, or trailing "/" or ".lock")',
  hostname: 'a machine name of 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit',
  boolean: 'true or false',
  booleanEnv: 'true or false (also 1/0, yes/no, on/off)',
  seconds: 'a whole number of seconds, 0 or more',
  role:
    '"peer" (pull and push the shared branch), "contributor" (pull the shared branch, push to its own ' +
    'memsync/<host> branch for review), "consumer" (pull only, never push) or "off" (no sync)',
  encryption:
    '"none" (the remote holds files as they are) or "age" (the remote holds them encrypted with age; see memsync keys)',
  milliseconds: 'a positive integer (milliseconds)',
  globList: 'a list of glob patterns such as ["**/*.md"]',
  globListEnv: 'a JSON array or a comma-separated list of glob patterns',
  glob: 'a non-empty glob pattern string',
  sources: 'an object with claudeAutoMemory, claudeUserMemory, files and claudeMem',
  claudeMem: 'an object with enabled, path, mode and busyTimeoutMs, such as {"enabled": true, "mode": "rows"}',
  claudeMemPath: "an absolute path to claude-mem's SQLite database (or one starting with ~/)",
  claudeMemMode: '"rows" (merge row by row) or "file" (sync the whole database file, choosing a side on conflict)',
  files: 'a list of file sources such as [{"name": "notes", "root": "~/notes"}]',
  fileSource: 'an object with name, root, include and exclude',
  fileName: 'a name of 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
  fileNameUnique: 'a name not used by another entry of sources.files (names are compared ignoring case)',
  root: 'an absolute folder path (or one starting with ~/)',
  projects: 'an object mapping project folders to identities, such as {"~/code/widget": "github.com/acme/widget"}',
  projectKey: 'each key to be an absolute folder path (or one starting with ~/)',
  projectKeyUnique: 'each folder to be listed once (this one repeats another key after ~ expansion)',
  secrets: 'an object with allow, such as {"allow": ["projects/github.com/acme/widget/memory/notes.md:12"]}',
  allow: 'a list of repository paths, each optionally followed by ":LINE", such as ["user/CLAUDE.md:3"]',
  maxFileBytes: 'a positive whole number of bytes',
  massDeletePercent: "a whole number from 0 to 100 (percent of a project's memory files; 100 never holds)",
  identity:
    'a project identity such as "github.com/acme/widget" (letters, digits, ".", "_", "-" and "/"; no leading or ' +
    'trailing "/", no "." or ".." segments)',
} as const;

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

function isValidRemote(r: string): boolean {
  return remoteProblem(r) === null;
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

type JsonObject = Record<string, unknown>;

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function setOwn(o: JsonObject, k: string, v: unknown): void {
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

interface SchemaContext {
  /** memsync home, for the default remote. */
  home: () => string;
  /** Environment used to expand `~/`. */
  env: () => NodeJS.ProcessEnv;
}

function buildSchema(ctx: SchemaContext) {
  const expand = (p: string): string => expandHome(p, ctx.env());
  const absolute = (p: string): boolean => path.isAbsolute(expand(p));

  /** A strict object whose comment keys ("//…", "$…") are dropped before checking. */
  const object = <T extends z.ZodRawShape>(shape: T, expected: string) =>
    z.preprocess(stripComments, z.strictObject(shape, { error: expected }));

  const bool = () => z.boolean({ error: EXPECT.boolean });
  const millis = (dflt: number) =>
    z.int({ error: EXPECT.milliseconds }).positive({ error: EXPECT.milliseconds }).default(dflt);
  const seconds = (dflt: number) =>
    z.int({ error: EXPECT.seconds }).nonnegative({ error: EXPECT.seconds }).default(dflt);
  const globs = () =>
    z.array(z.string({ error: EXPECT.glob }).min(1, { error: EXPECT.glob }), { error: EXPECT.globList });

  const fileSource = object(
    {
      name: z.string({ error: EXPECT.fileName }).regex(FILE_NAME_RE, { error: EXPECT.fileName }),
      root: z
        .string({ error: EXPECT.root })
        .refine((r) => r.length > 0 && absolute(r), { error: EXPECT.root })
        .transform((r) => path.resolve(expand(r))),
      include: globs().default(() => ['**/*']),
      exclude: globs().default(() => []),
    },
    EXPECT.fileSource,
  );

  const files = z
    .array(fileSource, { error: EXPECT.files })
    .superRefine((list, rc) => {
      const seen = new Set<string>();
      list.forEach((f, i) => {
        const key = f.name.toLowerCase();
        if (seen.has(key)) rc.addIssue({ code: 'custom', path: [i, 'name'], message: EXPECT.fileNameUnique });
        seen.add(key);
      });
    })
    .default(() => []);

  const sources = object(
    {
      claudeAutoMemory: bool().default(true),
      claudeUserMemory: bool().default(true),
      files,
      claudeMem: object(
        {
          enabled: bool().default(false),
          path: z
            .string({ error: EXPECT.claudeMemPath })
            .refine((r) => r.length > 0 && absolute(r), { error: EXPECT.claudeMemPath })
            .transform((r) => path.resolve(expand(r)))
            .default(() => defaultClaudeMemPath(ctx.env())),
          mode: z.enum(['rows', 'file'], { error: EXPECT.claudeMemMode }).default('rows'),
          // How long a sync waits for claude-mem's write lock before it leaves the database for the next one.
          busyTimeoutMs: millis(5000),
        },
        EXPECT.claudeMem,
      ).prefault({}),
    },
    EXPECT.sources,
  ).prefault({});

  const projects = z
    .preprocess(
      stripComments,
      z.record(z.string(), z.string({ error: EXPECT.identity }).refine(isValidIdentity, { error: EXPECT.identity }), {
        error: EXPECT.projects,
      }),
    )
    .superRefine((rec, rc) => {
      const seen = new Set<string>();
      for (const key of Object.keys(rec)) {
        if (!key || !absolute(key)) {
          rc.addIssue({ code: 'custom', path: [key], message: EXPECT.projectKey, params: { badKey: true } });
          continue;
        }
        const norm = path.resolve(expand(key));
        if (seen.has(norm)) {
          rc.addIssue({ code: 'custom', path: [key], message: EXPECT.projectKeyUnique, params: { badKey: true } });
        }
        seen.add(norm);
      }
    })
    .transform((rec) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(rec)) setOwn(out, path.resolve(expand(k)), v);
      return out;
    })
    .prefault({});

  const secrets = object(
    {
      allow: z
        .array(z.string({ error: EXPECT.allow }).min(1, { error: EXPECT.allow }), { error: EXPECT.allow })
        .default(() => []),
    },
    EXPECT.secrets,
  ).prefault({});

  return object(
    {
      remote: z
        .string({ error: EXPECT.remote })
        .refine(isValidRemote, { error: EXPECT.remote })
        .transform(expand)
        .default(() => path.join(ctx.home(), 'remote.git')),
      branch: z.string({ error: EXPECT.branch }).refine(isValidBranchName, { error: EXPECT.branch }).default('main'),
      hostname: z
        .string({ error: EXPECT.hostname })
        .regex(HOSTNAME_RE, { error: EXPECT.hostname })
        .default(defaultHostname),
      autoSync: bool().default(true),
      pullOnStart: bool().default(true),
      pushOnStop: bool().default(true),
      pushOnEnd: bool().default(true),
      pushThrottleSeconds: seconds(15),
      idlePushSeconds: seconds(180),
      livePullSeconds: seconds(30),
      pullOnPrompt: bool().default(true),
      pullTimeoutMs: millis(5000),
      networkTimeoutMs: millis(60000),
      role: z.enum(['peer', 'contributor', 'consumer', 'off'], { error: EXPECT.role }).default('peer'),
      encryption: z.enum(['none', 'age'], { error: EXPECT.encryption }).default('none'),
      sources,
      exclude: globs().default(() => []),
      unionMerge: globs().default(() => ['**/MEMORY.md']),
      projects,
      secrets,
      // Remote files larger than this are refused (a remote is untrusted input).
      maxFileBytes: z
        .int({ error: EXPECT.maxFileBytes })
        .positive({ error: EXPECT.maxFileBytes })
        .default(10 * 1024 * 1024),
      // A sync deleting more than this share of a folder's files (at least 3) holds the deletions.
      massDeletePercent: z
        .int({ error: EXPECT.massDeletePercent })
        .min(0, { error: EXPECT.massDeletePercent })
        .max(100, { error: EXPECT.massDeletePercent })
        .default(50),
    },
    EXPECT.settings,
  );
}

/**
 * The settings schema. Parsing `{}` gives every default; the default remote is
 * `<memsyncHome(process.env)>/remote.git` and `~/` expands with `process.env` — `loadSettings`
 * and friends use their own `home` and `env` instead.
 */
export const SettingsSchema = buildSchema({ home: () => memsyncHome(process.env), env: () => process.env });
export type Settings = z.infer<typeof SettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Public API

export function settingsPath(home: string): string {
  return path.join(home, 'settings.json');
}

/** Settings from `<home>/settings.json` plus `MEMSYNC_*` overrides; null when the file does not exist. */
export async function loadSettings(home: string, env: NodeJS.ProcessEnv = process.env): Promise<Settings | null> {
  const file = settingsPath(home);
  const raw = await readRawSettings(file);
  if (raw === null) return null;
  const origins: Record<string, string> = {};
  const data = applyEnv(raw, env, origins);
  return validate(data, { home, env, origins, fallbackOrigin: file });
}

/** What `memsync init` writes: all defaults (remote `<home>/remote.git`) plus `MEMSYNC_*` overrides. */
export function defaultSettings(home: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const origins: Record<string, string> = {};
  const data = applyEnv({}, env, origins);
  return validate(data, { home, env, origins, fallbackOrigin: 'the defaults' });
}

/**
 * Deep-merges `patch` into the file's raw JSON (objects merge key by key, arrays and scalars
 * replace, `null`/`undefined` delete the key), validates the result, then writes it atomically.
 * The user's other keys, including comment keys, are kept. The file is created when missing.
 */
export async function writeSettings(home: string, patch: Record<string, unknown>): Promise<void> {
  const file = settingsPath(home);
  const current = (await readRawSettings(file)) ?? {};
  const merged = mergePatch(current, patch);
  const origins: Record<string, string> = {};
  for (const k of Object.keys(patch)) origins[k] = 'the requested change';
  validate(merged, { home, env: process.env, origins, fallbackOrigin: file });
  ensureDir(home, 'the memsync folder');
  checkedWrite(file, `${JSON.stringify(merged, null, 2)}\n`, { what: 'the settings' });
}

// ---------------------------------------------------------------------------------------------
// Reading the file

/** The file's parsed JSON object (comment keys included), `{}` if it is empty, null if it does not exist. */
async function readRawSettings(file: string): Promise<JsonObject | null> {
  // The loader wraps the parsed value so cosmiconfig never sees (and never follows) a top-level "$import".
  const jsonLoader: Loader = async (filepath, content) => {
    // A UTF-8 byte order mark (some Windows editors add one) is not JSON; drop it.
    const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
    try {
      return { settings: await defaultLoaders['.json'](filepath, text) };
    } catch (err) {
      throw new SettingsError(describeJsonError(filepath, text, err));
    }
  };
  const explorer = cosmiconfig('memsync', {
    cache: false,
    searchStrategy: 'none',
    searchPlaces: [],
    loaders: { '.json': jsonLoader, noExt: jsonLoader },
  });
  let result: Awaited<ReturnType<typeof explorer.load>>;
  try {
    result = await explorer.load(file);
  } catch (err) {
    if (err instanceof SettingsError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SettingsError(`settings: cannot read ${file}: ${why}`);
  }
  if (!result || result.isEmpty) return {};
  const value = (result.config as { settings?: unknown } | null)?.settings;
  if (!isPlainObject(value)) {
    throw new SettingsError(
      `settings: ${file} holds ${describeType(value)}; expected ${EXPECT.settings} such as {"remote": ` +
        '"git@github.com:you/memory.git"}',
    );
  }
  return value;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

function describeJsonError(file: string, content: string, err: unknown): string {
  const found = locateJsonError(content);
  if (found) {
    const { line, column } = lineColumn(content, found.offset);
    return `settings: ${file} is not valid JSON: ${found.reason} at line ${line}, column ${column}`;
  }
  const why =
    err instanceof Error
      ? (err.message.split('\n').find((l) => l.trim() && !l.startsWith('JSON Error')) ?? err.message)
      : String(err);
  return `settings: ${file} is not valid JSON: ${why}`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Finds where strict JSON parsing fails (Node 20's JSON.parse messages often carry no position).
 * Returns null when the text is valid JSON.
 */
export function locateJsonError(text: string): { offset: number; reason: string } | null {
  class Fail {
    constructor(
      readonly offset: number,
      readonly reason: string,
    ) {}
  }
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const here = (): string => {
    const c = text[i];
    if (c === undefined) return 'unexpected end of file';
    return /^[\x21-\x7e]$/.test(c) ? `unexpected '${c}'` : `unexpected ${JSON.stringify(c)}`;
  };
  const fail = (reason: string): never => {
    throw new Fail(i, reason);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const n = text[i + 1];
        if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape sequence in string');
      } else if (c.charCodeAt(0) < 0x20) {
        fail('control character (such as a raw line break) in string');
      } else i++;
    }
  };
  const num = (): void => {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m || m[0] === '-' || m[0].length === 0) fail('invalid number');
    i = re.lastIndex;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === '}') fail('trailing comma before "}"');
        if (text[i] !== '"') fail(`${here()}; expected a double-quoted key`);
        str();
        ws();
        if (text[i] !== ':') fail(`${here()}; expected ":" after the key`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`${here()}; expected "," or "}"`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('trailing comma before "]"');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`${here()}; expected "," or "]"`);
      }
    }
    if (c === '"') {
      str();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      num();
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    fail(`${here()}; expected a value`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`${here()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, reason: e.reason };
    if (e instanceof RangeError) return null; // absurd nesting: let the caller use the parser's message
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Environment overrides

/**
 * A copy of `raw` with each set `MEMSYNC_<KEY>` replacing its key; records in `origins` which
 * variable each overridden key came from. Empty variables are treated as unset.
 */
function applyEnv(raw: JsonObject, env: NodeJS.ProcessEnv, origins: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(raw)) setOwn(out, k, v);
  for (const key of TOP_KEYS) {
    const name = envVarName(key);
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    setOwn(out, key, fromEnv(KINDS[key], key, name, text));
    origins[key] = name;
  }
  return out;
}

function fromEnv(kind: Kind, key: string, name: string, text: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'boolean':
      return parseEnvBoolean(text) ?? text; // the schema reports a bad one
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? Number(text) : text;
    case 'list':
      if (text.startsWith('[')) return parseEnvJson(key, name, text, EXPECT.globListEnv);
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    case 'object':
      return parseEnvJson(
        key,
        name,
        text,
        `a JSON object: ${key === 'sources' ? EXPECT.sources : key === 'secrets' ? EXPECT.secrets : EXPECT.projects}`,
      );
  }
}

function parseEnvJson(key: string, name: string, text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const found = locateJsonError(text);
    const where = found ? ` (${found.reason} at character ${found.offset + 1})` : '';
    throw new SettingsError(
      `settings: ${key} is ${showValue(text)} (from ${name}), which is not valid JSON${where}; expected ${expected}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Validation and error messages

interface ValidateOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  /** Top-level key -> where its value came from (an env var name, "the requested change"). */
  origins: Record<string, string>;
  /** Where every other key came from (usually the settings file). */
  fallbackOrigin: string;
}

function validate(data: JsonObject, opts: ValidateOptions): Settings {
  const schema = buildSchema({ home: () => opts.home, env: () => opts.env });
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = describeIssue(issues[0]!, data, opts);
  const more = issues.length - 1;
  throw new SettingsError(more > 0 ? `${first} (and ${more} more problem${more > 1 ? 's' : ''})` : first);
}

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, data: JsonObject, opts: ValidateOptions): string {
  const p = issue.path.map((seg) => (typeof seg === 'symbol' ? String(seg) : seg));
  const top = typeof p[0] === 'string' ? p[0] : undefined;

  if (issue.code === 'unrecognized_keys') {
    const valid = validKeysAt(p);
    const key = issue.keys[0] ?? '';
    const origin = (p.length === 0 ? opts.origins[key] : top && opts.origins[top]) || opts.fallbackOrigin;
    const label = formatPath([...p, key]);
    const value = showValue(valueAt(data, [...p, key]));
    const guess = closestKey(key, valid);
    const others =
      issue.keys.length > 1
        ? ` (also unknown: ${issue.keys
            .slice(1, 4)
            .map((k) => JSON.stringify(k))
            .join(', ')})`
        : '';
    return (
      `settings: unknown key ${JSON.stringify(label)} = ${value} (from ${origin})${others}; ` +
      (guess ? `did you mean ${JSON.stringify(guess)}? ` : '') +
      `expected one of the keys${p.length ? ` of ${formatPath(p)}` : ''}: ${valid.join(', ')} (keys starting with ` +
      '"//" or "$" are comments)'
    );
  }

  const origin = (top && opts.origins[top]) || opts.fallbackOrigin;
  let expected = issue.message;
  if (top && opts.origins[top]?.startsWith('MEMSYNC_')) {
    if (expected === EXPECT.boolean) expected = EXPECT.booleanEnv;
    else if (expected === EXPECT.globList && p.length === 1) expected = EXPECT.globListEnv;
  }

  const params = issue.code === 'custom' ? (issue.params as { badKey?: boolean } | undefined) : undefined;
  if (params?.badKey) {
    const key = String(p[p.length - 1]);
    return (
      `settings: ${formatPath(p.slice(0, -1))} has the key ${JSON.stringify(key)} (from ${origin}); expected ` +
      `${expected}`
    );
  }

  const label = formatPath(p);
  const value = valueAt(data, p);
  if (value === undefined) return `settings: ${label} is missing (in ${origin}); expected ${expected}`;
  return `settings: ${label} is ${showValue(value)} (from ${origin}); expected ${expected}`;
}

function validKeysAt(p: readonly (string | number)[]): readonly string[] {
  if (p.length === 0) return TOP_KEYS;
  if (p.length === 1 && p[0] === 'sources') return SOURCES_KEYS;
  if (p.length === 1 && p[0] === 'secrets') return SECRETS_KEYS;
  if (p.length === 3 && p[0] === 'sources' && p[1] === 'files') return FILE_SOURCE_KEYS;
  if (p.length === 2 && p[0] === 'sources' && p[1] === 'claudeMem') return CLAUDE_MEM_KEYS;
  return [];
}

function valueAt(data: unknown, p: readonly (string | number)[]): unknown {
  let cur: unknown = data;
  for (const seg of p) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** `sources.files[0].root`, `projects["/home/me/code"]`. */
function formatPath(p: readonly (string | number)[] | string): string {
  const segs = typeof p === 'string' ? [p] : p;
  let out = '';
  for (const seg of segs) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += out ? `[${JSON.stringify(seg)}]` : JSON.stringify(seg);
  }
  return out || '(top level)';
}

/** JSON of the value, at most ~60 characters. */
function showValue(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function closestKey(key: string, valid: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const cand of valid) {
    const d = cand.toLowerCase() === lower ? 0 : editDistance(lower, cand.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = cand;
    }
  }
  const limit = Math.max(2, Math.floor(key.length / 3));
  if (bestDistance <= limit) return best;
  return lower.length >= 4 ? valid.find((cand) => cand.toLowerCase().startsWith(lower)) : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

// ---------------------------------------------------------------------------------------------
// Patching the raw file

function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(target)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null) {
      delete out[k];
    } else if (isPlainObject(v) && isPlainObject(out[k])) {
      setOwn(out, k, mergePatch(out[k] as JsonObject, v));
    } else {
      setOwn(out, k, v);
    }
  }
  return out;
}
