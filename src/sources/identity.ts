/**
 * Project identity: a portable name for a project, the same on every machine wherever the
 * repository is checked out (e.g. `github.com/acme/widget`, or `local/widget` for a project
 * without a usable remote). Identities are lowercase, safe relative paths: one or more
 * segments of `[a-z0-9._-]+`, never `.` or `..`.
 *
 * Everything here is plain file-system reading: no `git` process is spawned, so it is cheap
 * enough for hooks.
 */
// Synchronous reads on purpose: a sync identifies every known project each time, and a few
// small reads per project cost far less without an event-loop round trip for each.
import fs from 'node:fs';
import path from 'node:path';
import { claudeProjectKey } from './projectKey.ts';
import { autoMemoryOf, userLayer } from './claudeSettings.ts';
import { memoryGuards } from './memoryGuard.ts';

export interface ProjectIdentity {
  identity: string;
  /** The git repository root (nearest folder holding `.git`), else the folder asked about. */
  root: string;
  how: 'pinned' | 'origin' | 'marker';
}

/**
 * Builds a safe identity from raw `/`-separated text: lowercases it, maps every character
 * outside `[a-z0-9._-]` to `-`, drops empty segments (doubled or edge slashes). Returns null
 * when nothing is left or a segment is `.` or `..`.
 */
export function sanitizeIdentity(raw: string): string | null {
  const segments = raw
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/[^a-z0-9._-]/g, '-'));
  if (segments.length === 0) return null;
  if (segments.some((s) => s === '.' || s === '..')) return null;
  return segments.join('/');
}

const REMOTE_SCHEMES = new Set(['http', 'https', 'ssh', 'git', 'git+ssh', 'ssh+git', 'git+https', 'git+http']);

/**
 * `git@github.com:acme/widget.git`, `https://user:tok@github.com/acme/widget.git/`,
 * `ssh://git@github.com:22/acme/widget.git`, ... -> `github.com/acme/widget`.
 * Local paths and `file://` URLs (and anything unparseable) -> null: they do not name the
 * same repository on another machine.
 */
export function normalizeRemoteUrl(url: string): string | null {
  const u = url.trim();
  if (u === '') return null;

  let host: string;
  let repoPath: string;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(.*)$/s.exec(u);
  if (scheme) {
    if (!REMOTE_SCHEMES.has(scheme[1]!.toLowerCase())) return null; // file://, unknown helpers
    let rest = scheme[2]!;
    const hashAt = rest.search(/[?#]/);
    if (hashAt >= 0) rest = rest.slice(0, hashAt);
    const slash = rest.indexOf('/');
    let authority = slash >= 0 ? rest.slice(0, slash) : rest;
    repoPath = slash >= 0 ? rest.slice(slash + 1) : '';
    const at = authority.lastIndexOf('@');
    if (at >= 0) authority = authority.slice(at + 1); // credentials / ssh user
    if (authority.startsWith('[')) {
      // IPv6 literal: [::1] or [::1]:22
      const close = authority.indexOf(']');
      if (close < 0) return null;
      host = authority.slice(1, close);
    } else {
      const colon = authority.indexOf(':');
      if (colon >= 0) {
        const port = authority.slice(colon + 1);
        host = authority.slice(0, colon);
        // `ssh://git@host:acme/widget` is not valid URL syntax but is a common mistake for the
        // scp form; treat a non-numeric "port" as the first path segment.
        if (port !== '' && !/^\d+$/.test(port)) repoPath = `${port}/${repoPath}`;
      } else {
        host = authority;
      }
    }
    try {
      repoPath = decodeURIComponent(repoPath);
    } catch {
      /* keep it as written */
    }
  } else {
    // scp-like syntax `[user@]host:path`: git only reads it so when no `/` comes before the
    // first `:`; otherwise it is a local path.
    const scp = /^([^/:]+):(.*)$/s.exec(u);
    if (!scp) return null; // /srv/repo.git, ./repo, ../repo, repo
    const hostPart = scp[1]!;
    if (/^[A-Za-z]$/.test(hostPart)) return null; // Windows drive: C:\repos\widget, C:/repos
    host = hostPart.slice(hostPart.lastIndexOf('@') + 1);
    repoPath = scp[2]!;
  }

  if (host === '' || /\s/.test(host)) return null;
  let p = repoPath.toLowerCase().replace(/\\/g, '/');
  p = p.replace(/\/+$/, '');
  if (p.endsWith('.git')) p = p.slice(0, -4);
  p = p.replace(/\/+$/, '');
  if (p.split('/').every((s) => s === '')) return null; // a host alone names no repository
  // Validate the raw segments before sanitizing, so `a/../b` is refused rather than mapped.
  if (p.split('/').some((s) => s === '.' || s === '..')) return null;
  return sanitizeIdentity(`${host}/${p}`);
}

function statOrNull(p: string) {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

/** Nearest ancestor of `dir` (inclusive) that holds `.git` (a folder, or a file as in worktrees and submodules). */
export function findGitRoot(dir: string): string | null {
  let d = path.resolve(dir);
  for (;;) {
    const st = statOrNull(path.join(d, '.git'));
    if (st && (st.isDirectory() || st.isFile())) return d;
    const parent = path.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}

function readText(p: string): string | null {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

export interface GitDirs {
  gitDir: string;
  commonDir: string;
}

/**
 * The git folder for a work tree, following a `.git` file's `gitdir:` line.
 * Returns `{gitDir, commonDir}`: for a linked worktree `commonDir` (from `<gitDir>/commondir`)
 * is the main repository's git folder, which holds the shared `config`.
 */
export function resolveGitDirs(gitRoot: string): GitDirs | null {
  const dotGit = path.join(gitRoot, '.git');
  const st = statOrNull(dotGit);
  if (!st) return null;
  let gitDir = dotGit;
  if (st.isFile()) {
    const text = readText(dotGit);
    const m = text === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!m) return null;
    gitDir = path.resolve(gitRoot, m[1]!);
  } else if (!st.isDirectory()) {
    return null;
  }
  let commonDir = gitDir;
  const common = readText(path.join(gitDir, 'commondir'));
  if (common !== null && common.trim() !== '') commonDir = path.resolve(gitDir, common.trim());
  return { gitDir, commonDir };
}

/**
 * The folder whose key Claude Code files memory under: the git root, except for a linked
 * worktree, whose memory lives with its main checkout (read from the claude binary, 2.1.x).
 */
export function memoryRootOf(gitRoot: string): string {
  return memoryRootIn(gitRoot, resolveGitDirs(gitRoot));
}

/** memoryRootOf from git folders already resolved. */
export function memoryRootIn(gitRoot: string, dirs: GitDirs | null): string {
  if (dirs && dirs.commonDir !== dirs.gitDir && path.basename(dirs.commonDir) === '.git')
    return path.dirname(dirs.commonDir);
  return gitRoot;
}

/**
 * Where Claude Code keeps the auto memory of a session started in `dir`: `autoMemoryDirectory`, else its git root's
 * key.
 */
export function claudeMemoryDirOf(configDir: string, dir: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = findGitRoot(dir) ?? dir;
  const main = memoryRootOf(root);
  const custom = autoMemoryOf(root, userLayer(configDir), env, memoryGuards(configDir, env).project(root, main)).dir;
  return custom ?? path.join(configDir, 'projects', claudeProjectKey(main), 'memory');
}

/** `[remote "origin"] url` of the repository whose work tree is `gitRoot`; null when there is none. */
export function readOriginUrl(gitRoot: string): string | null {
  const dirs = resolveGitDirs(gitRoot);
  return dirs ? originUrlIn(dirs) : null;
}

/** The files the origin URL is read from, the worktree's own first. */
export const originConfigFiles = (dirs: GitDirs) => [
  path.join(dirs.gitDir, 'config.worktree'),
  path.join(dirs.commonDir, 'config'),
];

/** readOriginUrl from git folders already resolved. */
export function originUrlIn(dirs: GitDirs): string | null {
  // A worktree-specific config (extensions.worktreeConfig) overrides the shared one.
  for (const file of originConfigFiles(dirs)) {
    const text = readText(file);
    if (text === null) continue;
    const url = gitConfigValue(text, 'remote', 'origin', 'url');
    if (url !== null && url.trim() !== '') return url.trim();
  }
  return null;
}

/**
 * First value of `section "subsection" . key` in git-config text. Handles the parts of the
 * format that matter for a URL: case-insensitive section and key names, case-sensitive
 * subsection, the old `[section.subsection]` form, quotes, escapes, `#`/`;` comments and
 * backslash line continuations. Includes are not followed.
 */
export function gitConfigValue(text: string, section: string, subsection: string, key: string): string | null {
  const lines = text.split(/\r?\n/);
  let inTarget = false;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    let rest = line.replace(/^\s+/, '');
    if (rest.startsWith('[')) {
      const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(rest);
      if (!m) {
        inTarget = false;
        continue;
      }
      let sec = m[1]!;
      let sub: string | undefined = m[2]?.replace(/\\(.)/g, '$1');
      if (sub === undefined && sec.includes('.')) {
        // deprecated [remote.origin] form: subsection is lowercased by git
        const dot = sec.indexOf('.');
        sub = sec.slice(dot + 1).toLowerCase();
        sec = sec.slice(0, dot);
      }
      inTarget = sec.toLowerCase() === section.toLowerCase() && sub === subsection;
      rest = rest.slice(m[0].length).replace(/^\s+/, ''); // `[section] key = value` on one line
      if (rest === '') continue;
    }
    if (!inTarget) continue;
    if (rest === '' || rest.startsWith('#') || rest.startsWith(';')) continue;
    const km = /^([A-Za-z][A-Za-z0-9-]*)\s*(=?)(.*)$/s.exec(rest);
    if (!km || km[1]!.toLowerCase() !== key.toLowerCase()) {
      // skip continuation lines of a value we do not want
      while (/\\$/.test(line) && i + 1 < lines.length) line = lines[++i]!;
      continue;
    }
    if (km[2] === '') return 'true'; // bare key means boolean true
    let raw = km[3]!;
    while (raw.endsWith('\\') && !raw.endsWith('\\\\') && i + 1 < lines.length) {
      raw = raw.slice(0, -1) + lines[++i]!;
    }
    return parseConfigValue(raw);
  }
  return null;
}

function parseConfigValue(raw: string): string {
  let out = '';
  let inQuote = false;
  let pendingSpace = '';
  let started = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (!inQuote && (c === '#' || c === ';')) break;
    if (!inQuote && (c === ' ' || c === '\t')) {
      if (started) pendingSpace += c;
      continue;
    }
    out += pendingSpace;
    pendingSpace = '';
    started = true;
    if (c === '"') {
      inQuote = !inQuote;
      continue;
    }
    if (c === '\\' && i + 1 < raw.length) {
      const n = raw[++i]!;
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'b' ? '\b' : n;
      continue;
    }
    out += c;
  }
  return out;
}

// ---- marker files ----------------------------------------------------------------------

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))) {
    return s.slice(1, -1);
  }
  return s;
}

function yamlTopLevelName(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const m = /^name:[ \t]*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[1]!.trim();
    if (v.startsWith('"') || v.startsWith("'")) {
      const q = v[0]!;
      const end = v.indexOf(q, 1);
      v = end > 0 ? v.slice(1, end) : v.slice(1);
    } else {
      v = v.replace(/\s+#.*$/, '').trim();
      if (/^[|>&*!]/.test(v)) return null; // block scalars, anchors, tags: not a plain name
    }
    return v || null;
  }
  return null;
}

/** `name = "..."` in one of `tables` (first table listed wins), from simple TOML. */
function tomlName(text: string, tables: string[]): string | null {
  const found = new Map<string, string>();
  let table = '';
  for (const line of text.split(/\r?\n/)) {
    const t = /^\s*(\[\[?)\s*([^\][]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (t) {
      // `[[array]]` tables (e.g. `[[bin]]`) never hold the project name
      table = t[1] === '[[' ? '' : t[2]!.replace(/\s*\.\s*/g, '.').replace(/["']/g, '');
      continue;
    }
    if (!tables.includes(table) || found.has(table)) continue;
    const m = /^\s*name\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*')/.exec(line);
    if (m) found.set(table, m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[1]!.slice(1, -1));
  }
  for (const t of tables) {
    const v = found.get(t);
    if (v) return v;
  }
  return null;
}

type MarkerReader = (text: string) => string | null;

const MARKERS: Array<[string, MarkerReader]> = [
  ['agent.yml', yamlTopLevelName],
  ['agent.yaml', yamlTopLevelName],
  [
    'package.json',
    (text) => {
      try {
        const j: unknown = JSON.parse(text);
        const name = j && typeof j === 'object' ? (j as Record<string, unknown>).name : undefined;
        return typeof name === 'string' ? name.replace(/^@/, '') : null;
      } catch {
        return null;
      }
    },
  ],
  ['Cargo.toml', (text) => tomlName(text, ['package'])],
  ['pyproject.toml', (text) => tomlName(text, ['project', 'tool.poetry'])],
  [
    'go.mod',
    (text) => {
      for (const line of text.split(/\r?\n/)) {
        const m = /^\s*module\s+(.+?)\s*(\/\/.*)?$/.exec(line);
        if (m) return unquote(m[1]!).replace(/^`|`$/g, '') || null;
      }
      return null;
    },
  ],
];

/** `local/<name>` from the first marker file in `root` that names the project. */
function markerIdentity(root: string): string | null {
  for (const [file, read] of MARKERS) {
    const text = readText(path.join(root, file));
    if (text === null) continue;
    const name = read(text);
    if (!name) continue;
    const id = sanitizeIdentity(`local/${name}`);
    if (id !== null && id !== 'local') return id;
  }
  return null;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The identity from the normalized `origin` URL of the work tree at `gitRoot`, read each time. */
function originIdentity(gitRoot: string): string | null {
  const url = readOriginUrl(gitRoot);
  return url === null ? null : normalizeRemoteUrl(url);
}

/**
 * Who `dir` belongs to. `root` is the git root (or `dir` outside git). Order: a pinned
 * identity for `root` (or, failing that, `dir`); the normalized `origin` URL; a name from a
 * marker file in `root`; `local/<basename>` for a git repository; else null. `origin` reads the
 * identity from a work tree's origin (identityCache.ts remembers it between syncs).
 */
export function projectIdentity(
  dir: string,
  pinned: Record<string, string>,
  origin: (gitRoot: string) => string | null = originIdentity,
): ProjectIdentity | null {
  const absDir = path.resolve(dir);
  const gitRoot = findGitRoot(absDir);
  const root = gitRoot ?? absDir;

  const pins = new Map<string, string>();
  for (const [k, v] of Object.entries(pinned)) {
    if (!path.isAbsolute(k)) continue;
    const id = sanitizeIdentity(v);
    if (id !== null) pins.set(path.resolve(k), id);
  }
  if (pins.size > 0) {
    for (const candidate of [root, realpathOr(root), absDir, realpathOr(absDir)]) {
      const id = pins.get(candidate);
      if (id !== undefined) return { identity: id, root, how: 'pinned' };
    }
  }

  if (gitRoot !== null) {
    const id = origin(gitRoot);
    if (id !== null) return { identity: id, root, how: 'origin' };
  }

  const marker = markerIdentity(root);
  if (marker !== null) return { identity: marker, root, how: 'marker' };

  if (gitRoot !== null) {
    const id = sanitizeIdentity(`local/${path.basename(root)}`);
    if (id !== null && id !== 'local') return { identity: id, root, how: 'marker' };
  }
  return null;
}
