import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Settings } from '../config/settings.ts';
import { expandHome } from '../config/paths.ts';
import { projectIdentity } from './identity.ts';
import { identityCache, type IdentityCache } from './identityCache.ts';
import { claudeProjectKey } from './projectKey.ts';
import { autoMemoryOf, userLayer } from './claudeSettings.ts';
import { memoryGuards } from './memoryGuard.ts';
import { onDisk } from '../safety/contain.ts';
import { isDotGit } from '../safety/dotGit.ts';
import { isTempName } from '../safety/checkedWrite.ts';
import { AGENT_MEMORY, AUTO_MEMORY, USER_MEMORY } from './sourceNames.ts';

/**
 * A root pairs a folder on this machine with a folder on the remote. Everything memsync syncs is
 * a file under some root; a repository path belongs to the root with the longest matching prefix.
 */
export interface Root {
  /**
   * Which source this root comes from: `claude-auto-memory`, `claude-agent-memory`,
   * `claude-user-memory`, `files:<name>`.
   */
  source: string;
  /** Project identity for auto memory roots; the source name otherwise. */
  label: string;
  /** Repository folder, ending in `/`. */
  repoPrefix: string;
  /** Absolute live folder. */
  liveDir: string;
  include: string[];
  exclude: string[];
  /** Other checkouts' memory folders of the same project: they mirror `liveDir` (engine/mirrors.ts). */
  mirrors?: string[];
}

export { AGENT_MEMORY, AUTO_MEMORY, USER_MEMORY };

export interface RootsResult {
  roots: Root[];
  /** Notes for the log and for `doctor` (e.g. two checkouts of one project). */
  notes: string[];
}

/**
 * Builds the roots for this machine: auto memory of every project it knows (by identity),
 * auto memory folders it cannot identify (under `unmapped/`), user memory and plain file sources.
 * `identities` remembers identities between syncs (none given: each is read).
 */
export function buildRoots(
  settings: Settings,
  configDir: string,
  projectPaths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  identities: IdentityCache = identityCache(null),
): RootsResult {
  const roots: Root[] = [];
  const notes: string[] = [];
  const { sources } = settings;
  if (sources.claudeAutoMemory) {
    const auto = autoMemoryRoots(settings, configDir, projectPaths, env, identities);
    roots.push(...auto.roots);
    notes.push(...auto.notes);
  }
  if (sources.claudeUserMemory) {
    roots.push({
      source: USER_MEMORY,
      label: 'user',
      repoPrefix: 'user/',
      liveDir: configDir,
      include: ['CLAUDE.md', 'rules/**/*.md'],
      exclude: [],
    });
  }
  for (const f of sources.files) {
    roots.push({
      source: `files:${f.name}`,
      label: f.name,
      repoPrefix: `files/${f.name}/`,
      liveDir: path.resolve(expandHome(f.root)),
      include: f.include,
      exclude: f.exclude,
    });
  }
  roots.sort((a, b) => b.repoPrefix.length - a.repoPrefix.length || a.repoPrefix.localeCompare(b.repoPrefix));
  return { roots, notes };
}

const folder = (source: string, label: string, repoPrefix: string, liveDir: string): Root => ({
  source,
  label,
  repoPrefix,
  liveDir,
  include: ['**/*'],
  exclude: [],
});

/**
 * Claude Code's own memory: auto memory of every project this machine knows (by identity, in the
 * folder Claude Code uses for it: claudeSettings.ts), folders it cannot identify (under
 * `unmapped/`), a user-level `autoMemoryDirectory` shared by every project (once, as
 * `auto-memory/`), and subagents' user-scope and local-scope memory.
 */
function autoMemoryRoots(
  settings: Settings,
  configDir: string,
  projectPaths: readonly string[],
  env: NodeJS.ProcessEnv,
  identities: IdentityCache,
): RootsResult {
  const roots: Root[] = [folder(AGENT_MEMORY, 'agent-memory', 'agent-memory/', path.join(configDir, 'agent-memory'))];
  const notes = new Set<string>();
  const projectsDir = path.join(configDir, 'projects');
  const user = userLayer(configDir);
  const guards = memoryGuards(configDir, env);
  const memoryKeys = listMemoryKeys(projectsDir);
  const { projects, keys } = identifyProjects(settings, memoryKeys, projectPaths, notes, identities);
  const autoOf = (c: { root: string; main: string }) => {
    const a = autoMemoryOf(c.root, user, env, guards.project(c.root, c.main));
    for (const n of a.notes) notes.add(n);
    return a;
  };
  let shared: string | null = null;
  for (const [identity, checkout] of projects) {
    const { key, root, others } = checkout;
    const local = localAgentMemory(root, notes);
    if (local)
      roots.push(
        folder(AGENT_MEMORY, `${identity} (agent-memory-local)`, `projects/${identity}/agent-memory-local/`, local),
      );
    const auto = autoOf(checkout);
    if (!auto.enabled) continue;
    if (auto.scope === 'user') shared = auto.dir;
    const liveDirOf = (k: string, a: typeof auto) =>
      a.dir && a.scope !== 'user' ? a.dir : path.join(projectsDir, k, 'memory');
    const liveDir = liveDirOf(key, auto);
    const r = folder(AUTO_MEMORY, identity, `projects/${identity}/memory/`, liveDir);
    const mirrors =
      auto.scope === 'user'
        ? []
        : others.flatMap((o) => {
            const a = autoOf(o);
            return a.enabled ? [liveDirOf(o.key, a)] : [];
          });
    const distinct = [...new Set(mirrors)].filter((d) => d !== liveDir && d !== shared);
    roots.push(distinct.length ? { ...r, mirrors: distinct } : r);
  }
  // Folders no known project owns, and a user-level folder, follow the user-level settings.
  const fallback = autoMemoryOf(null, user, env, guards.user);
  for (const n of fallback.notes) notes.add(n);
  if (fallback.enabled && fallback.scope === 'user') shared = fallback.dir;
  // A user-level folder serves every project: its memory is not a project's, so it syncs once.
  if (shared) roots.push(folder(AUTO_MEMORY, 'auto-memory', 'auto-memory/', shared));
  if (!fallback.enabled) return { roots, notes: [...notes] };
  for (const key of memoryKeys) {
    if (!keys.has(key))
      roots.push(
        folder(AUTO_MEMORY, `unmapped/${key}`, `unmapped/${key}/memory/`, path.join(projectsDir, key, 'memory')),
      );
  }
  return { roots, notes: [...notes] };
}

/**
 * A project's local-scope agent memory, `<project>/.claude/agent-memory-local/`: null (with a note)
 * when a link on its way leads out of the project, as a cloned repository could commit one to `~/.ssh`.
 */
function localAgentMemory(root: string, notes: Set<string>): string | null {
  const dir = path.join(root, '.claude', 'agent-memory-local');
  // Most projects have no .claude folder: nothing there can lead outside (and resolving a missing
  // path costs a failed realpath per level, for every project on every sync).
  if (!fs.lstatSync(path.join(root, '.claude'), { throwIfNoEntry: false })) return dir;
  const rel = path.relative(onDisk(root), onDisk(dir));
  if (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel)) return dir;
  notes.add(
    `${dir} is refused: it is a link to ${onDisk(dir)}, outside the project; memsync neither reads nor writes ` +
      'it: make it a folder of the project',
  );
  return null;
}

/** Project identities of the known folders, each with its Claude Code key and git root; `keys`: every key they own. */
function identifyProjects(
  settings: Settings,
  memoryKeys: readonly string[],
  projectPaths: readonly string[],
  notes: Set<string>,
  identities: IdentityCache,
) {
  const localKeys = new Set(memoryKeys);
  /** `main`: the folder Claude Code files the memory under (a linked worktree's main checkout). */
  type Checkout = { key: string; hasMemory: boolean; root: string; main: string };
  const byIdentity = new Map<string, Checkout & { others: Checkout[] }>();
  const pinned = pinsOf(settings);
  const candidates = [...new Set([...projectPaths, ...Object.keys(pinned)].map((p) => path.resolve(p)))].sort();
  const keyOwners = new Map<string, string>();
  for (const dir of candidates) {
    const id = projectIdentity(dir, pinned, (root) => identities.origin(root));
    if (!id) continue;
    const main = identities.main(id.root);
    const key = claudeProjectKey(main);
    const prev = keyOwners.get(key);
    if (prev !== undefined && prev !== id.identity) {
      notes.add(`two projects share the Claude Code folder ${key} (${prev}, ${id.identity}); syncing it as ${prev}`);
      continue;
    }
    keyOwners.set(key, id.identity);
    const hasMemory = localKeys.has(key);
    const seen = byIdentity.get(id.identity);
    const here = { key, hasMemory, root: id.root, main };
    if (seen && seen.key !== key) {
      // Another checkout of one repository: the first that has memory syncs it (the primary, so
      // the live folder stays put); the others mirror it.
      const { others, ...primary } = seen;
      if (!seen.hasMemory && hasMemory) byIdentity.set(id.identity, { ...here, others: [...others, primary] });
      else others.push(here);
      continue;
    }
    if (!seen) byIdentity.set(id.identity, { ...here, others: [] });
  }
  const owned = [...byIdentity.values()].flatMap((v) => [v.key, ...v.others.map((o) => o.key)]);
  return { projects: byIdentity, keys: new Set(owned) };
}

/** The identities the user pinned (settings `projects`), by absolute folder. */
export function pinsOf(settings: Settings): Record<string, string> {
  return Object.fromEntries(Object.entries(settings.projects).map(([p, id]) => [path.resolve(expandHome(p)), id]));
}

/** Keys under `<config>/projects/` that hold a `memory/` folder. Transcripts are never looked at here. */
function listMemoryKeys(projectsDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(projectsDir);
  } catch {
    return [];
  }
  return names.filter((n) => {
    try {
      // No exception for the usual miss: thousands of keys hold transcripts only.
      return !!fs.statSync(path.join(projectsDir, n, 'memory'), { throwIfNoEntry: false })?.isDirectory();
    } catch {
      return false;
    }
  });
}

/**
 * The longest folder prefix (ending in `/`) of a repository path that is a key of `byPrefix`;
 * time follows the path's depth.
 */
export function longestFolderPrefix(byPrefix: ReadonlyMap<string, unknown>, p: string): string | undefined {
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
    if (byPrefix.has(p.slice(0, i + 1))) return p.slice(0, i + 1);
  }
  return undefined;
}

/** Conflict copies are never published: `<name>.conflict-<host>-<time><ext>`. */
const CONFLICT_COPY = /\.conflict-[A-Za-z0-9._-]+-\d{8}T\d{6}Z(\.[^./]*)?$/;

export function isConflictCopy(name: string): boolean {
  return CONFLICT_COPY.test(name);
}

/**
 * One compiled matcher per list of globs, kept for the process: every project's root has the same
 * lists, and compiling them again for each of 2,000 projects cost more than matching.
 */
const matchers = new Map<string, (p: string) => boolean>();
function matcherOf(globs: readonly string[]): (p: string) => boolean {
  if (!globs.length) return () => false;
  const key = JSON.stringify(globs);
  let m = matchers.get(key);
  if (!m) matchers.set(key, (m = picomatch([...globs], { dot: true })));
  return m;
}
const basesKept = new Map<string, string[]>();
/** The folders the globs start in (`memory/**` -> `memory`), kept as the matchers are. */
function basesOf(globs: readonly string[]): string[] {
  const key = JSON.stringify(globs);
  let b = basesKept.get(key);
  if (!b) basesKept.set(key, (b = globs.map((g) => picomatch.scan(g).base)));
  return b;
}

/** Decides which relative paths of a root are synced, combining the root's and the global globs. */
export function makeFilter(
  root: Root,
  globalExclude: readonly string[],
): { includes(rel: string): boolean; mayContain(relDir: string): boolean } {
  const everything = root.include.length === 1 && root.include[0] === '**/*';
  const inc = everything ? () => true : matcherOf(root.include);
  const exc = matcherOf(root.exclude);
  const globalExc = matcherOf(globalExclude);
  const bases = basesOf(root.include);
  return {
    includes(rel) {
      if (isConflictCopy(rel) || isTempName(rel.slice(rel.lastIndexOf('/') + 1))) return false;
      return inc(rel) && !exc(rel) && !globalExc(root.repoPrefix + rel) && !globalExc(rel);
    },
    // Only walk into folders an include pattern can reach (user memory must not walk projects/).
    mayContain(relDir) {
      if (isDotGit(relDir.slice(relDir.lastIndexOf('/') + 1))) return false;
      return bases.some(
        (b) => b === '' || b === '.' || b.startsWith(`${relDir}/`) || relDir === b || relDir.startsWith(`${b}/`),
      );
    },
  };
}
