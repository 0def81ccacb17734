/**
 * Search across every machine's memory as the remote holds it: the tip's files (whatever project,
 * whether or not this machine has it), claude-mem's rows in rows mode, and with `history` every
 * version ever published. Reads through the store, so an encrypted remote is searched decrypted.
 */
import type { LocalRepo } from '../store/repo.ts';
import { type LineHit, type Query, type Rank, type Score, matchingLines, scoreText } from './query.ts';
import { CLAUDE_MEM, placeOf, placeWanted, remoteNames, type Place } from '../sources/places.ts';
import { checkNames } from '../sources/filterNames.ts';

export interface SearchOptions {
  projects: readonly string[];
  sources: readonly string[];
  history: boolean;
  /** The best this many hits are returned whole (0: all); the rest are only counted. */
  limit: number;
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

/** The best hits, best first, and how many there are in all; `notes` gets what could not be searched. */
export async function searchRemote(
  repo: LocalRepo,
  tip: string,
  q: Query,
  opts: SearchOptions,
  notes: string[],
): Promise<{ hits: SearchHit[]; total: number }> {
  const { candidates, places } = await tipCandidates(repo, tip, opts);
  const filtered = opts.projects.length || opts.sources.length;
  if (filtered) checkNames('search', remoteNames(places), opts.projects, opts.sources);
  // git's log runs while the files are read and scored (two cores, two processes).
  const history = repo.history(tip, null, null);
  history.catch(() => undefined);
  if (opts.history) candidates.push(...(await olderVersions(repo, tip, candidates, opts, notes)));
  const scores = await scoreAll(repo, candidates, q);
  const published = lastChanges(await history);
  const scored: Scored[] = [];
  for (const c of candidates) {
    const score = scores.get(c);
    if (!score) continue;
    const when = c.version ? published.commits.get(c.version) : published.paths.get(c.path);
    scored.push({ c, score, host: when?.host ?? null, time: when?.time ?? null });
  }
  const best = scored.sort(byRank).slice(0, opts.limit || scored.length);
  // Lines are found only for the hits shown (read again: with a common word every file is a hit).
  const texts = await repo.readBlobs(best.map(({ c }) => c.sha));
  const hits = best.map(({ c, score, host, time }) => ({
    ...c.place,
    path: c.path,
    rank: score.rank,
    ...matchingLines(readable(c, texts.get(c.sha)!), q, score.rank),
    host,
    time,
    version: c.version,
  }));
  return { hits, total: scored.length };
}

/** Each candidate's score, the files scored as git streams them (none held). */
async function scoreAll(repo: LocalRepo, candidates: readonly Candidate[], q: Query): Promise<Map<Candidate, Score>> {
  const bySha = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const same = bySha.get(c.sha);
    if (same) same.push(c);
    else bySha.set(c.sha, [c]);
  }
  const scores = new Map<Candidate, Score>();
  await repo.eachBlob(bySha.keys(), (sha, content) => {
    for (const c of bySha.get(sha) ?? []) {
      const score = scoreText(readable(c, content), q);
      if (score) scores.set(c, score);
    }
  });
  return scores;
}

interface Scored {
  c: Candidate;
  score: Score;
  host: string | null;
  time: string | null;
}

/** The tip's files the filters ask for, and the places of all of them (to check the filters' names). */
async function tipCandidates(repo: LocalRepo, tip: string, opts: SearchOptions) {
  const candidates: Candidate[] = [];
  const places: Place[] = [];
  // A path's place is its folder's: worked out once per folder (200 of them for 20,000 files).
  const byFolder = new Map<string, Place | null>();
  for (const [p, e] of await repo.lsTree(tip)) {
    const folder = p.slice(0, p.lastIndexOf('/') + 1);
    let place = byFolder.get(folder);
    if (place === undefined) byFolder.set(folder, (place = placeOf(p)));
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

/** Versions published before the tip's, each once, named by the oldest commit that wrote it (one git log). */
async function olderVersions(
  repo: LocalRepo,
  tip: string,
  current: readonly Candidate[],
  opts: SearchOptions,
  notes: string[],
): Promise<Candidate[]> {
  const seen = new Set(current.map((c) => `${c.path}\0${c.sha}`));
  const found = new Map<string, Candidate>();
  // Versions sealed before this machine was a recipient stay unreadable to it: counted, not fatal.
  let sealed = 0;
  const keep = (p: string) => {
    const place = placeOf(p);
    return !!place && placeWanted(place, opts.projects, opts.sources);
  };
  for (const v of await repo.versions(tip, { keep, unreadable: () => sealed++ })) {
    const key = `${v.path}\0${v.sha}`;
    if (!seen.has(key)) found.set(key, { path: v.path, place: placeOf(v.path)!, sha: v.sha, version: v.commit });
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

/** The phrase, every word, some word; within a rank the more often, then the newer, then by path. */
function byRank(a: Scored, b: Scored): number {
  return (
    a.score.rank - b.score.rank ||
    b.score.count - a.score.count ||
    order(b.time ?? '', a.time ?? '') ||
    order(a.c.path, b.c.path) ||
    (a.c.version ? 1 : 0) - (b.c.version ? 1 : 0)
  );
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
