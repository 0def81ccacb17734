import {
  HOOK_DEFAULTS,
  envVarName,
  parseEnvBoolean
} from "./chunk-UJNO2IOS.mjs";
import {
  REMOTE_FORM,
  remoteProblem
} from "./chunk-CWW63A7I.mjs";
import {
  _enum,
  array,
  boolean,
  int,
  preprocess,
  record,
  strictObject,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir
} from "./chunk-WPONZTDY.mjs";
import {
  defaultClaudeMemPath,
  expandHome,
  memsyncHome
} from "./chunk-YKBZQG47.mjs";
import {
  SettingsError
} from "./chunk-6DB477J4.mjs";

// src/config/settings.ts
import fs from "node:fs";
import path2 from "node:path";

// src/config/schema.ts
import os from "node:os";
import path from "node:path";
var FORM = {
  settings: "a JSON object of settings",
  boolean: "true or false",
  booleanEnv: "true or false (also 1/0, yes/no, on/off)",
  milliseconds: "a positive integer (milliseconds)",
  globList: 'a list of glob patterns such as ["**/*.md"]',
  globListEnv: "a JSON array or a comma-separated list of glob patterns",
  glob: "a non-empty glob pattern string"
};
var BRANCH = 'a git branch name such as "main" (no spaces, "..", leading "-", any of ~^:?*[\\, or trailing "/" or ".lock")';
var HOSTNAME = 'a machine name of 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit';
var IDENTITY = 'a project identity such as "github.com/acme/widget" (letters, digits, ".", "_", "-" and "/"; no leading or trailing "/", no "." or ".." segments)';
var FILE_NAME = 'a name of 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit';
var ROOT = "an absolute folder path (or one starting with ~/)";
var CLAUDE_MEM_PATH = "an absolute path to claude-mem's SQLite database (or one starting with ~/)";
var HOSTNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
var FILE_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
var IDENTITY_RE = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;
function isValidBranchName(b) {
  if (b.length === 0 || b.length > 255 || b === "HEAD" || b === "@") return false;
  if (b.startsWith("-") || b.startsWith("/") || b.endsWith("/") || b.endsWith(".")) return false;
  if (b.includes("..") || b.includes("//") || b.includes("@{")) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(b)) return false;
  return b.split("/").every((part) => !part.startsWith(".") && !part.endsWith(".lock"));
}
function isValidIdentity(id) {
  return IDENTITY_RE.test(id) && id.split("/").every((seg) => seg !== "." && seg !== "..");
}
function defaultHostname() {
  const h = os.hostname().replace(/[^A-Za-z0-9._-]/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 63);
  return HOSTNAME_RE.test(h) ? h : "localhost";
}
function isPlainObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function setOwn(o, k, v) {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
function isCommentKey(k) {
  return k.startsWith("//") || k.startsWith("$");
}
function stripComments(v) {
  if (!isPlainObject(v)) return v;
  const out = {};
  for (const [k, val] of Object.entries(v)) if (!isCommentKey(k)) setOwn(out, k, val);
  return out;
}
var object = (shape, expected) => preprocess(stripComments, strictObject(shape, { error: expected }));
var bool = () => boolean({ error: FORM.boolean });
var millis = (dflt) => int({ error: FORM.milliseconds }).positive({ error: FORM.milliseconds }).default(dflt);
var globs = () => array(string({ error: FORM.glob }).min(1, { error: FORM.glob }), { error: FORM.globList });
var wholeNumber = (expected, min, max = Number.MAX_SAFE_INTEGER) => int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
function sourcesSchema(expand, absolute, ctx) {
  const fileSource = object(
    {
      name: string({ error: FILE_NAME }).regex(FILE_NAME_RE, { error: FILE_NAME }),
      root: string({ error: ROOT }).refine((r) => r.length > 0 && absolute(r), { error: ROOT }).transform((r) => path.resolve(expand(r))),
      include: globs().default(() => ["**/*"]),
      exclude: globs().default(() => [])
    },
    "an object with name, root, include and exclude"
  );
  const unique = "a name not used by another entry of sources.files (names are compared ignoring case)";
  const files = array(fileSource, { error: 'a list of file sources such as [{"name": "notes", "root": "~/notes"}]' }).superRefine((list, rc) => {
    const seen = /* @__PURE__ */ new Set();
    list.forEach((f, i) => {
      const key = f.name.toLowerCase();
      if (seen.has(key)) rc.addIssue({ code: "custom", path: [i, "name"], message: unique });
      seen.add(key);
    });
  }).default(() => []);
  const claudeMem = object(
    {
      enabled: bool().default(false),
      path: string({ error: CLAUDE_MEM_PATH }).refine((r) => r.length > 0 && absolute(r), { error: CLAUDE_MEM_PATH }).transform((r) => path.resolve(expand(r))).default(() => defaultClaudeMemPath(ctx.env())),
      mode: _enum(["rows", "file"], {
        error: '"rows" (merge row by row) or "file" (sync the whole database file, choosing a side on conflict)'
      }).default("rows"),
      // How long a sync waits for claude-mem's write lock before it leaves the database for the next one.
      busyTimeoutMs: millis(5e3)
    },
    'an object with enabled, path, mode and busyTimeoutMs, such as {"enabled": true, "mode": "rows"}'
  ).prefault({});
  return object(
    { claudeAutoMemory: bool().default(true), claudeUserMemory: bool().default(true), files, claudeMem },
    "an object with claudeAutoMemory, claudeUserMemory, files and claudeMem"
  ).prefault({});
}
function projectsSchema(expand, absolute) {
  const key = "each key to be an absolute folder path (or one starting with ~/)";
  const repeated = "each folder to be listed once (this one repeats another key after ~ expansion)";
  return preprocess(
    stripComments,
    record(string(), string({ error: IDENTITY }).refine(isValidIdentity, { error: IDENTITY }), {
      error: 'an object mapping project folders to identities, such as {"~/code/widget": "github.com/acme/widget"}'
    })
  ).superRefine((rec, rc) => {
    const seen = /* @__PURE__ */ new Set();
    for (const k of Object.keys(rec)) {
      if (!k || !absolute(k)) {
        rc.addIssue({ code: "custom", path: [k], message: key, params: { badKey: true } });
        continue;
      }
      const norm = path.resolve(expand(k));
      if (seen.has(norm)) rc.addIssue({ code: "custom", path: [k], message: repeated, params: { badKey: true } });
      seen.add(norm);
    }
  }).transform((rec) => {
    const out = {};
    for (const [k, v] of Object.entries(rec)) setOwn(out, path.resolve(expand(k)), v);
    return out;
  }).prefault({});
}
function secretsSchema() {
  const allow = 'a list of repository paths, each optionally followed by ":LINE", such as ["user/CLAUDE.md:3"]';
  return object(
    { allow: array(string({ error: allow }).min(1, { error: allow }), { error: allow }).default(() => []) },
    'an object with allow, such as {"allow": ["projects/github.com/acme/widget/memory/notes.md:12"]}'
  ).prefault({});
}
function placeKeys(ctx, expand) {
  return {
    remote: string({ error: REMOTE_FORM }).refine((r) => remoteProblem(r) === null, { error: REMOTE_FORM }).transform(expand).default(() => path.join(ctx.home(), "remote.git")).describe(
      "The git remote memory is synced through: a URL such as git@github.com:you/claude-memory.git, or a local path (a leading ~/ is expanded); defaults to remote.git inside the memsync home."
    ),
    branch: string({ error: BRANCH }).refine(isValidBranchName, { error: BRANCH }).default("main").describe("The branch of the remote that holds the memory."),
    hostname: string({ error: HOSTNAME }).regex(HOSTNAME_RE, { error: HOSTNAME }).default(defaultHostname).describe(
      "This machine's name as used in file names and commit messages (letters, digits, '.', '_', '-'); defaults to the system host name."
    )
  };
}
function hookKeys() {
  return {
    autoSync: bool().default(HOOK_DEFAULTS.autoSync).describe(
      "Master switch for the automatic sync done by the Claude Code hooks (manual memsync commands always work)."
    ),
    pullOnStart: bool().default(HOOK_DEFAULTS.pullOnStart).describe("Pull from the remote when a Claude Code session starts."),
    pushOnStop: bool().default(HOOK_DEFAULTS.pushOnStop).describe("Push local memory changes when Claude Code finishes a response."),
    pushOnEnd: bool().default(HOOK_DEFAULTS.pushOnEnd).describe("Push local memory changes when a Claude Code session ends."),
    pushThrottleSeconds: wholeNumber("a whole number of seconds, 0 or more", 0).default(HOOK_DEFAULTS.pushThrottleSeconds).describe("Minimum seconds between automatic pushes (0 pushes every time)."),
    idlePushSeconds: wholeNumber("a whole number of seconds, 0 or more", 0).default(HOOK_DEFAULTS.idlePushSeconds).describe(
      "After a Claude Code session ends, push once more after this many quiet seconds, for what was written after the session (claude-mem's summary); 0 turns it off."
    ),
    livePullSeconds: wholeNumber("a whole number of seconds, 0 or more", 0).default(HOOK_DEFAULTS.livePullSeconds).describe(
      "While a Claude Code session is open, pull in the background at most every this many seconds (one puller per machine, however many sessions); 0 turns it off."
    ),
    pullOnPrompt: bool().default(HOOK_DEFAULTS.pullOnPrompt).describe(
      "At each prompt, hand the session the memory of its project that the background pull brought since it last saw it."
    )
  };
}
function buildSchema(ctx) {
  const expand = (p) => expandHome(p, ctx.env());
  const absolute = (p) => path.isAbsolute(expand(p));
  const role = '"peer" (pull and push the shared branch), "contributor" (pull the shared branch, push to its own memsync/<host> branch for review), "consumer" (pull only, never push) or "off" (no sync)';
  const encryption = '"none" (the remote holds files as they are) or "age" (the remote holds them encrypted with age; see memsync keys)';
  const percent = "a whole number from 0 to 100 (percent of a project's memory files; 100 never holds)";
  return object(
    {
      ...placeKeys(ctx, expand),
      ...hookKeys(),
      pullTimeoutMs: millis(5e3).describe(
        "How long the session-start pull may take, in milliseconds, before it is left to a background sync so Claude Code is not held up (also the budget of status; doctor allows twice it)."
      ),
      networkTimeoutMs: millis(6e4).describe(
        "Time budget in milliseconds for each fetch and push in memsync commands; a push other machines overtook goes again, after a random wait, until it runs out; a background push or sync started by the hooks ends within it in all."
      ),
      role: _enum(["peer", "contributor", "consumer", "off"], { error: role }).default("peer").describe(
        "What this machine does: peer (pulls and pushes the shared branch; any number of machines), consumer (pulls, never pushes: for read-only machines) or off (no sync at all)."
      ),
      encryption: _enum(["none", "age"], { error: encryption }).default("none").describe(
        "none: the remote holds files as they are. age: it holds only age-encrypted files (memsync init --encrypt sets this; see memsync keys and the README's Encryption section)."
      ),
      sources: sourcesSchema(expand, absolute, ctx).describe(
        "What is synced: Claude Code's auto memory (projects/*/memory), the user memory (CLAUDE.md and rules in ~/.claude), extra folders listed in files (each with a unique name, an absolute root, include and exclude globs), and claude-mem's SQLite database (claudeMem: off by default; path defaults to $CLAUDE_MEM_DATA_DIR/claude-mem.db or ~/.claude-mem/claude-mem.db; mode rows merges row by row, file syncs the whole file and asks you to choose a side when both changed)."
      ),
      exclude: globs().default(() => []).describe("Glob patterns of files never synced, on top of each source's own exclude list."),
      unionMerge: globs().default(() => ["**/MEMORY.md"]).describe(
        "Glob patterns of files merged by keeping the lines of both sides when two machines changed them, instead of reporting a conflict."
      ),
      projects: projectsSchema(expand, absolute).describe(
        "Pins a local project folder to an identity so the same project shares memory across machines even where it cannot be derived from the git remote."
      ),
      secrets: secretsSchema().describe(
        "The secret scan holds back any file with a token, key or password before it is published. allow releases false positives: a repository path (the whole file) or PATH:LINE; memsync allow PATH [--line N] adds one."
      ),
      maxFileBytes: wholeNumber("a positive whole number of bytes", 1).default(10 * 1024 * 1024).describe(
        "Remote files larger than this many bytes are refused (never written here); the rest of the sync goes on."
      ),
      massDeletePercent: wholeNumber(percent, 0, 100).default(50).describe(
        "A sync that would delete more than this percent of a project's memory files (and at least 3), or every file of a source, holds those deletions until memsync resolve PROJECT --confirm-deletes (or --restore-files). 100 never holds."
      )
    },
    FORM.settings
  );
}
var defOf = (s) => s._zod.def;
function core(s) {
  const d = defOf(s);
  if (d.type === "default" || d.type === "prefault" || d.type === "optional") return core(d.innerType);
  if (d.type === "pipe") return core(defOf(d.in).type === "transform" ? d.out : d.in);
  return s;
}
function keysAt(schema, at) {
  let s = core(schema);
  for (const seg of at) {
    const d2 = defOf(s);
    const next = d2.type === "object" ? d2.shape?.[String(seg)] : d2.type === "array" ? d2.element : d2.valueType;
    if (!next) return [];
    s = core(next);
  }
  const d = defOf(s);
  return d.type === "object" ? Object.keys(d.shape) : [];
}
function envKind(schema, key) {
  const type = defOf(core(defOf(core(schema)).shape[key])).type;
  if (type === "boolean") return "boolean";
  if (type === "number") return "integer";
  if (type === "array") return "list";
  if (type === "object" || type === "record") return "object";
  return "string";
}

// src/config/jsonError.ts
var Fail = class {
  constructor(offset, reason) {
    this.offset = offset;
    this.reason = reason;
  }
  offset;
  reason;
};
var JsonChecker = class {
  constructor(text) {
    this.text = text;
    this.i = text.charCodeAt(0) === 65279 ? 1 : 0;
  }
  text;
  i;
  /** The character at the failure, as a reason's start. */
  here() {
    const c = this.text[this.i];
    if (c === void 0) return "unexpected end of file";
    return /^[\x21-\x7e]$/.test(c) ? `unexpected '${c}'` : `unexpected ${JSON.stringify(c)}`;
  }
  fail(reason) {
    throw new Fail(this.i, reason);
  }
  ws() {
    while (this.i < this.text.length && " 	\n\r".includes(this.text[this.i])) this.i++;
  }
  /** Steps over `c` if it is next (after white space). */
  take(c) {
    this.ws();
    if (this.text[this.i] !== c) return false;
    this.i++;
    return true;
  }
  str() {
    const { text } = this;
    this.i++;
    for (; ; ) {
      if (this.i >= text.length) this.fail("unterminated string");
      const c = text[this.i];
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === "\\") {
        const n = text[this.i + 1];
        if (n !== void 0 && '"\\/bfnrt'.includes(n)) this.i += 2;
        else if (n === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(this.i + 2, this.i + 6))) this.i += 6;
        else this.fail("invalid escape sequence in string");
      } else if (c.charCodeAt(0) < 32) {
        this.fail("control character (such as a raw line break) in string");
      } else this.i++;
    }
  }
  num() {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (!m || m[0] === "-" || m[0].length === 0) this.fail("invalid number");
    this.i = re.lastIndex;
  }
  /** The members of an object or the items of an array, after its opening bracket. */
  members(close, member) {
    if (this.take(close)) return;
    for (; ; ) {
      this.ws();
      if (this.text[this.i] === close) this.fail(`trailing comma before "${close}"`);
      member();
      if (this.take(",")) continue;
      if (this.take(close)) return;
      this.fail(`${this.here()}; expected "," or "${close}"`);
    }
  }
  member() {
    if (this.text[this.i] !== '"') this.fail(`${this.here()}; expected a double-quoted key`);
    this.str();
    if (!this.take(":")) this.fail(`${this.here()}; expected ":" after the key`);
    this.value();
  }
  value() {
    this.ws();
    const c = this.text[this.i];
    const lit = ["true", "false", "null"].find((l) => this.text.startsWith(l, this.i));
    if (c === "{" || c === "[") {
      this.i++;
      if (c === "{") this.members("}", () => this.member());
      else this.members("]", () => this.value());
    } else if (c === '"') this.str();
    else if (c === "-" || c !== void 0 && c >= "0" && c <= "9") this.num();
    else if (lit) this.i += lit.length;
    else this.fail(`${this.here()}; expected a value`);
  }
};
function locateJsonError(text) {
  const at = new JsonChecker(text);
  try {
    at.value();
    at.ws();
    if (at.i < text.length) at.fail(`${at.here()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, reason: e.reason };
    if (e instanceof RangeError) return null;
    throw e;
  }
}

// src/config/settings.ts
var SettingsSchema = buildSchema({ home: () => memsyncHome(process.env), env: () => process.env });
function settingsPath(home) {
  return path2.join(home, "settings.json");
}
async function loadSettings(home, env = process.env) {
  const file = settingsPath(home);
  const raw = await readRawSettings(file);
  if (raw === null) return null;
  const origins = {};
  const data = applyEnv(raw, env, origins);
  return validate(data, { home, env, origins, fallbackOrigin: file });
}
function defaultSettings(home, env = process.env) {
  const origins = {};
  const data = applyEnv({}, env, origins);
  return validate(data, { home, env, origins, fallbackOrigin: "the defaults" });
}
async function writeSettings(home, patch) {
  const file = settingsPath(home);
  const current = await readRawSettings(file) ?? {};
  const merged = mergePatch(current, patch);
  const origins = {};
  for (const k of Object.keys(patch)) origins[k] = "the requested change";
  validate(merged, { home, env: process.env, origins, fallbackOrigin: file });
  ensureDir(home, "the memsync folder");
  checkedWrite(file, `${JSON.stringify(merged, null, 2)}
`, { what: "the settings" });
}
async function readRawSettings(file) {
  const filepath = path2.resolve(file);
  let content;
  try {
    content = await fs.promises.readFile(filepath, { encoding: "utf-8" });
  } catch (err) {
    if (err.code === "ENOENT") return null;
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new SettingsError(`settings: cannot read ${file}: ${why}`);
  }
  if (content.trim() === "") return {};
  const text = content.charCodeAt(0) === 65279 ? content.slice(1) : content;
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(await describeJsonError(filepath, text, err));
  }
  if (!isPlainObject(value)) {
    throw new SettingsError(
      `settings: ${file} holds ${describeType(value)}; expected ${FORM.settings} such as {"remote": "git@github.com:you/memory.git"}`
    );
  }
  return value;
}
function describeType(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a ${typeof v}`;
}
async function describeJsonError(file, content, err) {
  const found = locateJsonError(content);
  if (found) {
    const { line, column } = lineColumn(content, found.offset);
    return `settings: ${file} is not valid JSON: ${found.reason} at line ${line}, column ${column}`;
  }
  const { defaultLoaders } = await import("./dist-XOJ4GO4F.mjs");
  try {
    defaultLoaders[".json"](file, content);
  } catch (e) {
    err = e;
  }
  const why = err instanceof Error ? err.message.split("\n").find((l) => l.trim() && !l.startsWith("JSON Error")) ?? err.message : String(err);
  return `settings: ${file} is not valid JSON: ${why}`;
}
function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
function applyEnv(raw, env, origins) {
  const out = {};
  for (const [k, v] of Object.entries(raw)) setOwn(out, k, v);
  for (const key of keysAt(SettingsSchema, [])) {
    const name = envVarName(key);
    const text = env[name]?.trim();
    if (text === void 0 || text === "") continue;
    setOwn(out, key, fromEnv(envKind(SettingsSchema, key), key, name, text));
    origins[key] = name;
  }
  return out;
}
function fromEnv(kind, key, name, text) {
  switch (kind) {
    case "string":
      return text;
    case "boolean":
      return parseEnvBoolean(text) ?? text;
    // the schema reports a bad one
    case "integer":
      return /^[+-]?\d+$/.test(text) ? Number(text) : text;
    case "list":
      if (text.startsWith("[")) return parseEnvJson(key, name, text, FORM.globListEnv);
      return text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    case "object": {
      const keys = keysAt(SettingsSchema, [key]);
      const shape = keys.length ? `with ${keys.join(", ")}` : `as the ${key} key of settings.json (settings.example.json)`;
      return parseEnvJson(key, name, text, `a JSON object ${shape}`);
    }
  }
}
function parseEnvJson(key, name, text, expected) {
  try {
    return JSON.parse(text);
  } catch {
    const found = locateJsonError(text);
    const where = found ? ` (${found.reason} at character ${found.offset + 1})` : "";
    throw new SettingsError(
      `settings: ${key} is ${showValue(text)} (from ${name}), which is not valid JSON${where}; expected ${expected}`
    );
  }
}
function validate(data, opts) {
  const schema = buildSchema({ home: () => opts.home, env: () => opts.env });
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = describeIssue(issues[0], data, opts);
  const more = issues.length - 1;
  throw new SettingsError(more > 0 ? `${first} (and ${more} more problem${more > 1 ? "s" : ""})` : first);
}
function describeIssue(issue, data, opts) {
  const p = issue.path.map((seg) => typeof seg === "symbol" ? String(seg) : seg);
  const top = typeof p[0] === "string" ? p[0] : void 0;
  if (issue.code === "unrecognized_keys") {
    const valid = keysAt(SettingsSchema, p);
    const key = issue.keys[0] ?? "";
    const origin2 = (p.length === 0 ? opts.origins[key] : top && opts.origins[top]) || opts.fallbackOrigin;
    const label2 = formatPath([...p, key]);
    const value2 = showValue(valueAt(data, [...p, key]));
    const guess = closestKey(key, valid);
    const others = issue.keys.length > 1 ? ` (also unknown: ${issue.keys.slice(1, 4).map((k) => JSON.stringify(k)).join(", ")})` : "";
    return `settings: unknown key ${JSON.stringify(label2)} = ${value2} (from ${origin2})${others}; ` + (guess ? `did you mean ${JSON.stringify(guess)}? ` : "") + `expected one of the keys${p.length ? ` of ${formatPath(p)}` : ""}: ${valid.join(", ")} (keys starting with "//" or "$" are comments)`;
  }
  const origin = top && opts.origins[top] || opts.fallbackOrigin;
  let expected = issue.message;
  if (top && opts.origins[top]?.startsWith("MEMSYNC_")) {
    if (expected === FORM.boolean) expected = FORM.booleanEnv;
    else if (expected === FORM.globList && p.length === 1) expected = FORM.globListEnv;
  }
  const params = issue.code === "custom" ? issue.params : void 0;
  if (params?.badKey) {
    const key = String(p[p.length - 1]);
    return `settings: ${formatPath(p.slice(0, -1))} has the key ${JSON.stringify(key)} (from ${origin}); expected ${expected}`;
  }
  const label = formatPath(p);
  const value = valueAt(data, p);
  if (value === void 0) return `settings: ${label} is missing (in ${origin}); expected ${expected}`;
  return `settings: ${label} is ${showValue(value)} (from ${origin}); expected ${expected}`;
}
function valueAt(data, p) {
  let cur = data;
  for (const seg of p) {
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return void 0;
    cur = cur[seg];
  }
  return cur;
}
function formatPath(p) {
  const segs = typeof p === "string" ? [p] : p;
  let out = "";
  for (const seg of segs) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += out ? `[${JSON.stringify(seg)}]` : JSON.stringify(seg);
  }
  return out || "(top level)";
}
function showValue(v) {
  let s;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
function closestKey(key, valid) {
  const lower = key.toLowerCase();
  let best;
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
  return lower.length >= 4 ? valid.find((cand) => cand.toLowerCase().startsWith(lower)) : void 0;
}
function editDistance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
function mergePatch(target, patch) {
  const out = {};
  for (const [k, v] of Object.entries(target)) setOwn(out, k, v);
  for (const [k, v] of Object.entries(patch)) {
    if (v === void 0 || v === null) {
      delete out[k];
    } else if (isPlainObject(v) && isPlainObject(out[k])) {
      setOwn(out, k, mergePatch(out[k], v));
    } else {
      setOwn(out, k, v);
    }
  }
  return out;
}

export {
  isValidBranchName,
  isCommentKey,
  SettingsSchema,
  settingsPath,
  loadSettings,
  defaultSettings,
  writeSettings
};
