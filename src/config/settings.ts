import fs from 'node:fs';
import path from 'node:path';
import type * as z from 'zod';
import { SettingsError } from '../errors.ts';
import { memsyncHome } from './paths.ts';
import { envVarName, parseEnvBoolean } from './envValues.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import { buildSchema, envKind, FORM, isPlainObject, keysAt, setOwn, type EnvKind, type JsonObject } from './schema.ts';
import { locateJsonError } from './jsonError.ts';

export { envVarName };
export { isCommentKey, isValidBranchName } from './schema.ts';

/**
 * The settings schema (src/config/schema.ts). Parsing `{}` gives every default; the default remote is
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
  const filepath = path.resolve(file);
  let content: string;
  try {
    content = await fs.promises.readFile(filepath, { encoding: 'utf-8' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SettingsError(`settings: cannot read ${file}: ${why}`);
  }
  // trim() drops a lone byte order mark too: such a file counts as empty.
  if (content.trim() === '') return {};
  // A UTF-8 byte order mark (some Windows editors add one) is not JSON; drop it.
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(await describeJsonError(filepath, text, err));
  }
  if (!isPlainObject(value)) {
    throw new SettingsError(
      `settings: ${file} holds ${describeType(value)}; expected ${FORM.settings} such as {"remote": ` +
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

async function describeJsonError(file: string, content: string, err: unknown): Promise<string> {
  const found = locateJsonError(content);
  if (found) {
    const { line, column } = lineColumn(content, found.offset);
    return `settings: ${file} is not valid JSON: ${found.reason} at line ${line}, column ${column}`;
  }
  // Where the locator finds nothing, parse-json's wording (through cosmiconfig, loaded only here: it
  // and its YAML parser would cost every command's start).
  const { defaultLoaders } = await import('cosmiconfig');
  try {
    defaultLoaders['.json'](file, content);
  } catch (e) {
    err = e;
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

// ---------------------------------------------------------------------------------------------
// Environment overrides

/**
 * A copy of `raw` with each set `MEMSYNC_<KEY>` replacing its key; records in `origins` which
 * variable each overridden key came from. Empty variables are treated as unset.
 */
function applyEnv(raw: JsonObject, env: NodeJS.ProcessEnv, origins: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(raw)) setOwn(out, k, v);
  for (const key of keysAt(SettingsSchema, [])) {
    const name = envVarName(key);
    const text = env[name]?.trim();
    if (text === undefined || text === '') continue;
    setOwn(out, key, fromEnv(envKind(SettingsSchema, key), key, name, text));
    origins[key] = name;
  }
  return out;
}

function fromEnv(kind: EnvKind, key: string, name: string, text: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'boolean':
      return parseEnvBoolean(text) ?? text; // the schema reports a bad one
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? Number(text) : text;
    case 'list':
      if (text.startsWith('[')) return parseEnvJson(key, name, text, FORM.globListEnv);
      return text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    case 'object': {
      const keys = keysAt(SettingsSchema, [key]);
      const shape = keys.length
        ? `with ${keys.join(', ')}`
        : `as the ${key} key of settings.json (settings.example.json)`;
      return parseEnvJson(key, name, text, `a JSON object ${shape}`);
    }
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
    const valid = keysAt(SettingsSchema, p);
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
    if (expected === FORM.boolean) expected = FORM.booleanEnv;
    else if (expected === FORM.globList && p.length === 1) expected = FORM.globListEnv;
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
