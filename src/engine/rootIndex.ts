import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { buildRoots, longestFolderPrefix, makeFilter, type Root } from '../sources/roots.ts';
import { loadRegistry } from '../sources/registry.ts';
import { recordedProjects } from '../machine/state.ts';
import { projectPathsFromTranscripts } from '../sources/discover.ts';
import { identityCache, loadIdentityRecord, type IdentityRecord } from '../sources/identityCache.ts';
import { pathProblem } from '../util/safePath.ts';
import { hasWaiting } from '../machine/waitingStore.ts';
import { placeOf } from '../sources/places.ts';
import type { Context } from '../machine/context.ts';

/**
 * Project folders this machine knows: the registry (and the state's copy of it), this call's, and (when a
 * memory folder is still unidentified, restored files wait for their folder, or `transcripts` asks) transcripts.
 * `identities`: the record of project identities to save when it `changed` (only a sync saves it).
 */
export async function resolveRoots(
  ctx: Context,
  extra: string[],
  transcripts = false,
): Promise<{
  roots: Root[];
  notes: string[];
  paths: string[];
  unseen: string[];
  identities: { record: IdentityRecord; changed: boolean };
}> {
  const known = await loadRegistry(ctx.home);
  const given = extra.map((p) => path.resolve(p));
  // The state's copy: a project stays mapped when the registry was lost or damaged.
  let paths = [...new Set([...known, ...(await recordedProjects(ctx.home)), ...given])];
  const identities = identityCache(loadIdentityRecord(ctx.home));
  let built = buildRoots(ctx.settings, ctx.configDir, paths, ctx.env, identities);
  const unmapped = built.roots.some((r) => r.repoPrefix.startsWith('unmapped/'));
  if (ctx.settings.sources.claudeAutoMemory && (unmapped || transcripts || hasWaiting(ctx.home))) {
    const seen = await projectPathsFromTranscripts(ctx.configDir);
    const have = new Set(paths);
    const fresh = seen.filter((p) => !have.has(p));
    if (fresh.length) {
      paths = [...paths, ...fresh];
      built = buildRoots(ctx.settings, ctx.configDir, paths, ctx.env, identities);
    }
  }
  // Only new folders are to be remembered: remembering re-reads the registry, read above already.
  const knownSet = new Set(known);
  const unseen = paths.filter((p) => !knownSet.has(p));
  return { ...built, paths: paths.sort(), unseen, identities: identities.result() };
}

export interface RootIndex {
  /** The synced folder prefix a repository path is under, whatever its name holds. */
  under(p: string): string | undefined;
  /** The root and relative path of a repository path, if this machine syncs it. */
  lookup(p: string): { root: Root; rel: string } | undefined;
  maps(p: string): boolean;
  livePath(p: string): string;
}

/** Finds the root of a repository path by its folder prefixes, in time proportional to its depth. */
export function rootIndex(roots: readonly Root[], globalExclude: readonly string[]): RootIndex {
  const byPrefix = new Map(roots.map((r) => [r.repoPrefix, { root: r, filter: makeFilter(r, globalExclude) }]));
  const lookup = (p: string) => {
    const prefix = longestFolderPrefix(byPrefix, p);
    if (prefix === undefined) return undefined;
    const hit = byPrefix.get(prefix)!;
    const rel = p.slice(prefix.length);
    // A remote path must stay inside its folder.
    if (pathProblem(rel) !== null || !hit.filter.includes(rel)) return undefined;
    return { root: hit.root, rel };
  };
  return {
    under: (p) => longestFolderPrefix(byPrefix, p),
    lookup,
    maps: (p) => lookup(p) !== undefined,
    livePath(p) {
      const hit = lookup(p);
      if (!hit) throw new MemsyncError(`internal: ${p} is not under any synced folder`);
      return path.join(hit.root.liveDir, ...hit.rel.split('/'));
    },
  };
}

/** The project a remote path belongs to when no folder here holds it (status names those). */
export function projectOutside(index: RootIndex, p: string): string | undefined {
  return index.under(p) === undefined ? (placeOf(p)?.project ?? undefined) : undefined;
}

/**
 * The roots and index a sync would use on this machine, for commands that map paths without
 * syncing (log, restore). Read-only: it does not remember projects.
 */
export async function syncRoots(ctx: Context): Promise<{ roots: Root[]; index: RootIndex }> {
  const { roots } = await resolveRoots(ctx, []);
  return { roots, index: rootIndex(roots, ctx.settings.exclude) };
}

/**
 * The repository path of a live file or folder on this machine (the root with the longest live
 * folder holding it), or undefined when no synced folder holds it. A folder maps to a prefix.
 */
export function repoPathOfLive(roots: readonly Root[], livePath: string): string | undefined {
  const abs = path.resolve(livePath);
  let best: { root: Root; rel: string } | undefined;
  for (const r of roots) {
    const rel = path.relative(r.liveDir, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || r.liveDir.length > best.root.liveDir.length) best = { root: r, rel };
  }
  if (!best) return undefined;
  const rel = best.rel.split(path.sep).join('/');
  return rel ? best.root.repoPrefix + rel : best.root.repoPrefix.replace(/\/$/, '');
}
