/**
 * What waits for a folder on this machine, for people: restored files held until their project's
 * folder is known (machine/waitingStore.ts), and projects on the remote with no folder here yet.
 * Each group says what brings it in.
 */
import type { Context } from '../machine/context.ts';
import { hasWaiting, loadWaiting, waitingDir } from '../machine/waitingStore.ts';
import { placeOf } from '../sources/places.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { projectOutside, rootIndex, syncRoots, type SyncReport } from './engine.ts';
import type { Root } from '../sources/roots.ts';

export interface WaitGroup {
  /** A project's identity, `unmapped/<key>`, or a source's name. */
  name: string;
  kind: 'project' | 'folder' | 'source';
  files: number;
  bringsIn: string;
}

const PROJECT_HINT =
  'a session started in a checkout of it, memsync sync --project DIR, or a Claude Code transcript there';

/** The group a held path belongs to and what brings it in. */
export function waitGroupOf(p: string): Omit<WaitGroup, 'files'> {
  if (p.startsWith('unmapped/')) {
    const key = p.split('/')[1]!;
    return {
      name: `unmapped/${key}`,
      kind: 'folder',
      bringsIn: `a memory folder ${key} in Claude Code's projects folder here`,
    };
  }
  const place = placeOf(p);
  if (place?.project) return { name: place.project, kind: 'project', bringsIn: PROJECT_HINT };
  const source = place?.source ?? p.split('/')[0]!;
  const bringsIn = source.startsWith('files:')
    ? `a source named ${source.slice('files:'.length)} in settings.json (sources.files)`
    : `the source ${source} turned on in settings.json`;
  return { name: source, kind: 'source', bringsIn };
}

/** Paths grouped by what they wait for, with a count each, sorted by name. */
export function waitGroups(paths: readonly string[]): WaitGroup[] {
  const groups = new Map<string, WaitGroup>();
  for (const p of paths) {
    const g = waitGroupOf(p);
    const seen = groups.get(g.name);
    if (seen) seen.files++;
    else groups.set(g.name, { ...g, files: 1 });
  }
  return [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** What is held on this machine now, grouped. */
export function waitingHere(home: string): WaitGroup[] {
  return hasWaiting(home) ? waitGroups(Object.keys(loadWaiting(home))) : [];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 projects restored, waiting for their folders: ...", and a line per other group (`home`: where they are). */
export function waitingLines(groups: readonly WaitGroup[], home?: string): string[] {
  const projects = groups.filter((g) => g.kind === 'project');
  const kept = home ? `kept in ${waitingDir(home)}; ` : '';
  const lines = projects.length
    ? [
        `${plural(projects.length, 'project', 'projects')} restored, waiting for their folders: ` +
          `${projects.map((g) => g.name).join(', ')} (${kept}${PROJECT_HINT} brings its memory in)`,
      ]
    : [];
  for (const g of groups.filter((x) => x.kind !== 'project'))
    lines.push(`${g.name}: ${plural(g.files, 'restored file', 'restored files')} waiting for ${g.bringsIn}`);
  return lines;
}

/** Projects on the remote's tip this machine has no folder for (nor restored files waiting for one). */
export async function remoteOnlyProjects(
  ctx: Context,
  plan: Pick<SyncReport, 'remoteTip' | 'roots' | 'remoteOnly'>,
  held: readonly WaitGroup[],
): Promise<string[]> {
  if (!plan.remoteTip || !ctx.settings.sources.claudeAutoMemory) return [];
  const skip = new Set(held.map((g) => g.name));
  // What the round saw when it read the tip's tree; else the tip is the one this machine's store last synced.
  const found = plan.remoteOnly ?? (await unmappedProjects(ctx, plan.remoteTip, plan.roots));
  return found.filter((p) => !skip.has(p));
}

async function unmappedProjects(ctx: Context, tip: string, roots?: readonly Root[]): Promise<string[]> {
  // The roots a sync just resolved, when it did: resolving them again costs a stat of every project.
  const index = roots ? rootIndex(roots, ctx.settings.exclude) : (await syncRoots(ctx)).index;
  const entries = await openRepo(ctx).lsTree(tip, ['projects/']);
  const found = new Set<string>();
  for (const p of entries.keys()) {
    const project = projectOutside(index, p);
    if (project) found.add(project);
  }
  return [...found].sort();
}

/** The status line of projects only on the remote, with what brings them in. */
export function remoteOnlyLine(projects: readonly string[]): string[] {
  if (!projects.length) return [];
  return [
    `${plural(projects.length, 'project', 'projects')} on the remote with no folder on this machine: ` +
      `${projects.join(', ')} (${PROJECT_HINT} brings its memory in)`,
  ];
}
