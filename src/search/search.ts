/**
 * Search across every machine's memory as the remote holds it: the tip's files (whatever project,
 * whether or not this machine has it), claude-mem's rows in rows mode, and with `history` every
 * version ever published. Reads through the store, so an encrypted remote is searched decrypted.
 */
import type { LocalRepo } from '../store/repo.ts';
import { type LineHit, type Query, type Rank, matchText } from './query.ts';
import { CLAUDE_MEM, placeOf, placeWanted, remoteNames, type Place } from '../sources/places.ts';
import { checkNames } from '../sources/filterNames.ts';

export interface SearchOptions {
  projects: readonly string[];
  sources: readonly string[];
  history: boolean;
}

export interface SearchHit extends Place {
  path: string;
  rank: Rank;
  /** Matching lines (claude-mem: rows, as their text fields), the first few. */
  lines: LineHit[];
  matched: number;
  /** The machine and time of the commit that published this version. */
  host: string | null;
  time: string | null;
  /** An earlier version's commit (with `history`); null for the tip's. */
  version: string | null;
}

interface Candidate {
  path: string;
  place: Place;
  sha: string;
  version: string | null;
}

/** Hits, best first; `notes` gets what could not be searched. */
export async function searchRemote(
  repo: LocalRepo,
  tip: string,
  q: Query,
  opts: SearchOptions,
  notes: string[],
): Promise<SearchHit[]> {
  const { candidates, places } = await tipCandidates(repo, tip, opts);
  checkNames('search', remoteNames(places), opts.projects, opts.sources);
  const history = await repo.history(tip, null, null);
  if (opts.history) candidates.push(...(await olderVersions(repo, history, candidates, opts, notes)));
  const blobs = await repo.readBlobs(new Set(candidates.map((c) => c.sha)));
  const published = lastChanges(history);
  const hits: SearchHit[] = [];
  for (const c of candidates) {
    const content = blobs.get(c.sha);
    if (!content) continue;
    const m = matchText(readable(c, content), q);
    if (!m) continue;
    const when = c.version ? published.commits.get(c.version) : published.paths.get(c.path);
    hits.push({
      ...c.place,
      path: c.path,
      ...m,
      host: when?.host ?? null,
      time: when?.time ?? null,
      version: c.version,
    });
  }
  return hits.sort(byRank);
}

/** The tip's files the filters ask for, and the places of all of them (to check the filters' names). */
async function tipCandidates(repo: LocalRepo, tip: string, opts: SearchOptions) {
  const candidates: Candidate[] = [];
  const places: Place[] = [];
  for (const [p, e] of await repo.lsTree(tip)) {
    const place = placeOf(p);
    if (!place || e.mode.startsWith('12')) continue;
    places.push(place);
    if (placeWanted(place, opts.projects, opts.sources)) candidates.push({ path: p, place, sha: e.sha, version: null });
  }
  return { candidates, places };
}

type Published = { host: string; time: string };

/** Each path's last change and each commit's host and time, from the history (newest first). */
function lastChanges(history: Awaited<ReturnType<LocalRepo['history']>>) {
  const paths = new Map<string, Published>();
  const commits = new Map<string, Published>();
  for (const h of history) {
    commits.set(h.commit, { host: h.host, time: h.time });
    for (const { path } of h.paths) if (!paths.has(path)) paths.set(path, { host: h.host, time: h.time });
  }
  return { paths, commits };
}

/** Versions published before the tip's, each once, named by the oldest commit that holds it. */
async function olderVersions(
  repo: LocalRepo,
  history: Awaited<ReturnType<LocalRepo['history']>>,
  current: readonly Candidate[],
  opts: SearchOptions,
  notes: string[],
): Promise<Candidate[]> {
  const seen = new Set(current.map((c) => `${c.path}\0${c.sha}`));
  const found = new Map<string, Candidate>();
  // Versions sealed before this machine was a recipient stay unreadable to it: counted, not fatal.
  let sealed = 0;
  const unreadable = () => sealed++;
  for (const h of history) {
    const changed = h.paths.filter((x) => x.status !== 'D').map((x) => x.path);
    const wanted = changed.filter((p) => {
      const place = placeOf(p);
      return place && placeWanted(place, opts.projects, opts.sources);
    });
    if (!wanted.length) continue;
    const tree = await repo.lsTree(h.commit, wanted, { unreadable });
    for (const p of wanted) {
      const e = tree.get(p);
      const key = `${p}\0${e?.sha}`;
      if (!e || seen.has(key)) continue;
      found.set(key, { path: p, place: placeOf(p)!, sha: e.sha, version: h.commit });
    }
  }
  if (sealed)
    notes.push(
      `${sealed} stored ${sealed === 1 ? 'copy' : 'copies'} of earlier versions ${sealed === 1 ? 'is' : 'are'} ` +
        'encrypted to other machines only (sealed before this machine was added): not searched',
    );
  return [...found.values()];
}

/** The text a file is searched as: claude-mem's rows as their text fields, one row a line. */
function readable(c: Candidate, content: Buffer): string {
  const text = content.toString('utf8');
  if (c.place.source !== CLAUDE_MEM || !c.path.endsWith('.jsonl')) return text;
  return text
    .split('\n')
    .map((line) => {
      try {
        const row = JSON.parse(line) as Record<string, unknown>;
        return Object.entries(row)
          .filter(([, v]) => typeof v === 'string' && v !== '')
          .map(([k, v]) => `${k}: ${String(v).replace(/\s+/g, ' ')}`)
          .join(' | ');
      } catch {
        return line;
      }
    })
    .join('\n');
}

function byRank(a: SearchHit, b: SearchHit): number {
  return (
    a.rank - b.rank ||
    b.matched - a.matched ||
    (b.time ?? '').localeCompare(a.time ?? '') ||
    a.path.localeCompare(b.path) ||
    (a.version ? 1 : 0) - (b.version ? 1 : 0)
  );
}
