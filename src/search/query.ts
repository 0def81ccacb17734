/**
 * What a search asks for and how well a text answers it: the exact phrase ranks first, then every
 * word, then any word (case-insensitive); a `--regex` pattern matches or does not. Pure.
 */
import { UsageError } from '../errors.ts';

export type Query = { kind: 'words'; phrase: string; words: string[] } | { kind: 'regex'; pattern: RegExp };

/** How well a file answers: 0 the exact phrase (or the pattern), 1 every word, 2 some word. */
export type Rank = 0 | 1 | 2;

export interface LineHit {
  /** 1-based line number. */
  line: number;
  text: string;
}

export function parseQuery(text: string, regex: boolean): Query {
  if (!text.trim()) throw new UsageError('search: nothing to search for', 'give the text: memsync search TEXT');
  if (regex) {
    try {
      return { kind: 'regex', pattern: new RegExp(text, 'u') };
    } catch (e) {
      throw new UsageError(`search: --regex: ${(e as Error).message}`, 'fix the pattern (JavaScript syntax)');
    }
  }
  const phrase = text.trim().toLowerCase().replace(/\s+/g, ' ');
  // Words of one or two letters ("is", "a") would match nearly every file: they count only in the phrase.
  const all = [...new Set(phrase.split(' '))];
  const long = all.filter((w) => w.length > 2);
  return { kind: 'words', phrase, words: long.length ? long : all };
}

/** Lines shown for one hit, at most; the count of matching lines is kept whole. */
const LINES_SHOWN = 5;
const LINE_CHARS = 240;

/** How well a text answers, cheaply (no split into lines): its rank and how often it holds what ranked it. */
export interface Score {
  rank: Rank;
  /** Occurrences of the phrase (rank 0) or of the words found: more first within a rank. */
  count: number;
}

/** The score of `text`, or null when nothing in it matches. */
export function scoreText(text: string, q: Query): Score | null {
  if (q.kind === 'regex') return q.pattern.test(text) ? { rank: 0, count: 1 } : null;
  const lower = text.toLowerCase();
  const found = q.words.filter((w) => lower.includes(w));
  if (!found.length) return null;
  if (found.length < q.words.length) return { rank: 2, count: occurrences(lower, found) };
  // The phrase holds every word, so only a text with all of them is checked for it (across line breaks too).
  if (lower.includes(q.phrase)) return { rank: 0, count: occurrences(lower, [q.phrase]) };
  const flatText = flat(lower);
  if (flatText.includes(q.phrase)) return { rank: 0, count: occurrences(flatText, [q.phrase]) };
  return { rank: 1, count: occurrences(lower, found) };
}

function occurrences(text: string, needles: readonly string[]): number {
  let n = 0;
  for (const w of needles) for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) n++;
  return n;
}

/** The lines of `text` that answer at `rank` (the first few) and how many there are. */
export function matchingLines(text: string, q: Query, rank: Rank): { lines: LineHit[]; matched: number } {
  const lines: LineHit[] = [];
  let matched = 0;
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    if (!lineMatches(all[i]!, q, rank)) continue;
    matched++;
    if (lines.length < LINES_SHOWN) lines.push({ line: i + 1, text: clip(all[i]!) });
  }
  return { lines, matched };
}

/** A line worth showing: it holds the phrase when the file ranked by it, else any word. */
function lineMatches(line: string, q: Query, rank: Rank): boolean {
  if (q.kind === 'regex') return q.pattern.test(line);
  const lower = line.toLowerCase();
  if (rank === 0 && flat(lower).includes(q.phrase)) return true;
  return rank !== 0 && q.words.some((w) => lower.includes(w));
}

const flat = (s: string) => s.replace(/\s+/g, ' ');
const clip = (s: string) => (s.length > LINE_CHARS ? `${s.slice(0, LINE_CHARS - 1)}…` : s);
