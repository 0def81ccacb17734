/**
 * Which source and project a path on the remote belongs to (the layout of sources/roots.ts and
 * claude-mem's folder), so a search can be narrowed and its hits named, and restored files waiting
 * for their folder grouped, without this machine knowing the project. Pure.
 */
import type { KnownNames } from './filterNames.ts';
import { AGENT_MEMORY, AUTO_MEMORY, USER_MEMORY } from './sourceNames.ts';

export const CLAUDE_MEM = 'claude-mem';

export interface Place {
  source: string;
  /** The project's identity (e.g. github.com/acme/widget) for project memory; null otherwise. */
  project: string | null;
}

/** The place of a remote path, or null for memsync's own files (the layout marker, recipients). */
export function placeOf(p: string): Place | null {
  if (p.startsWith('projects/')) {
    const m = /^projects\/(.+?)\/(memory|agent-memory-local)\//.exec(p);
    if (!m) return null;
    return { source: m[2] === 'memory' ? AUTO_MEMORY : AGENT_MEMORY, project: m[1]! };
  }
  const top = p.slice(0, p.indexOf('/') + 1);
  if (top === 'user/') return { source: USER_MEMORY, project: null };
  if (top === 'agent-memory/') return { source: AGENT_MEMORY, project: null };
  if (top === 'auto-memory/' || top === 'unmapped/') return { source: AUTO_MEMORY, project: null };
  if (top === 'claude-mem/') return { source: CLAUDE_MEM, project: null };
  if (top === 'files/') {
    const name = p.split('/')[1];
    return name ? { source: `files:${name}`, project: null } : null;
  }
  return null;
}

/** Whether a place is one the filters ask for (a `files:` source may be named without its prefix). */
export function placeWanted(place: Place, projects: readonly string[], sources: readonly string[]): boolean {
  if (projects.length && (!place.project || !projects.includes(place.project))) return false;
  return !sources.length || sources.some((s) => place.source === s || place.source === `files:${s}`);
}

/** The sources any remote may hold, whether or not this one does yet. */
const KNOWN_SOURCES = [AUTO_MEMORY, AGENT_MEMORY, USER_MEMORY, CLAUDE_MEM];

/** The projects and sources a search of these remote places can be narrowed to. */
export function remoteNames(places: readonly Place[]): KnownNames {
  return {
    project: places.flatMap((p) => (p.project ? [p.project] : [])),
    source: [...KNOWN_SOURCES, ...places.map((p) => p.source)],
    where: 'on the remote',
  };
}
