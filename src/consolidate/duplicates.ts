/**
 * Duplicate memories in one memory folder (`memsync consolidate`). A union merge keeps every line
 * two machines added, so the same memory learned twice shows up twice, and the index grows past
 * what Claude Code reads. Pure: text in, findings and the safe rewrite out.
 *
 * Two index lines (or two memory files' bodies, front matter left out) are *exact* duplicates when
 * they are equal after lowercasing and collapsing whitespace, and *near* duplicates when their
 * similarity is at least NEAR_DUPLICATE: the Dice coefficient of their sets of character trigrams
 * (2·|A∩B| / (|A|+|B|)) over their words (lowercased, punctuation left out), which is 1 for texts
 * that differ only in punctuation and falls quickly as wording differs; 0.8 pairs "run make twice"
 * with "Run `make` twice." and keeps "run the tests" apart from "run the lints".
 */
import { splitFrontMatter } from '../merge/frontMatter.ts';

export const NEAR_DUPLICATE = 0.8;

export const normalize = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Near duplicates are compared on words alone: punctuation and markup (`**`, backquotes) are left out. */
const words = (s: string) => normalize(s.replace(/[^\p{L}\p{N}]+/gu, ' '));

function trigrams(s: string): Set<string> {
  const t = ` ${words(s)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}

/** Dice coefficient of the character trigrams of two texts (normalized first). */
export function similarity(a: string, b: string): number {
  return dice(trigrams(a), trigrams(b));
}

function dice(x: Set<string>, y: Set<string>): number {
  if (!x.size && !y.size) return 1;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

export interface Exact<T> {
  keep: T;
  drop: T[];
}
export interface Near<T> {
  a: T;
  b: T;
  score: number;
}

/** Groups equal keys (first one kept) and pairs of near ones among the rest. */
function findDuplicates<T>(items: { id: T; text: string }[]): { exact: Exact<T>[]; near: Near<T>[] } {
  const groups = new Map<string, T[]>();
  for (const it of items) groups.set(normalize(it.text), [...(groups.get(normalize(it.text)) ?? []), it.id]);
  const exact = [...groups.values()].filter((g) => g.length > 1).map(([keep, ...drop]) => ({ keep: keep!, drop }));
  const firsts = items
    .filter((it) => groups.get(normalize(it.text))![0] === it.id)
    .map((it) => ({ ...it, grams: trigrams(it.text) }));
  const near: Near<T>[] = [];
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      const score = dice(firsts[i]!.grams, firsts[j]!.grams);
      if (score < NEAR_DUPLICATE) continue;
      near.push({ a: firsts[i]!.id, b: firsts[j]!.id, score: Math.round(score * 100) / 100 });
    }
  }
  return { exact, near };
}

export interface FolderFindings {
  /** Index lines by number (1-based). */
  lines: { exact: Exact<number>[]; near: Near<number>[] };
  /** Memory files by path inside the folder. */
  files: { exact: Exact<string>[]; near: Near<string>[] };
}

/** The safe part: exact duplicates removed, links to a removed file pointed at the one kept. */
export interface Rewrite {
  /** The new MEMORY.md, or null when it stays as it is. */
  index: string | null;
  remove: string[];
}

const isEntry = (line: string) => normalize(line) !== '' && !/^#/.test(line.trim());
const body = (text: string) => splitFrontMatter(text)?.body ?? text;

/** Findings and the safe rewrite of one memory folder: its MEMORY.md (null: none) and its other memory files. */
export function consolidateFolder(
  index: string | null,
  files: ReadonlyMap<string, string>,
): { findings: FolderFindings; rewrite: Rewrite } {
  const lines = index === null ? [] : index.split('\n');
  const lineFindings = findDuplicates(lines.map((text, i) => ({ id: i + 1, text })).filter((l) => isEntry(l.text)));
  // Files the index links come first, so the one kept is the one Claude Code already finds.
  const linked = (name: string) => (index ?? '').indexOf(`](${name})`);
  const order = [...files.keys()]
    .filter((n) => normalize(body(files.get(n)!)) !== '')
    .sort((a, b) => rank(linked(a)) - rank(linked(b)) || (a < b ? -1 : 1));
  const fileFindings = findDuplicates(order.map((n) => ({ id: n, text: body(files.get(n)!) })));
  return { findings: { lines: lineFindings, files: fileFindings }, rewrite: rewriteIndex(index, fileFindings.exact) };
}

const rank = (at: number) => (at < 0 ? Number.MAX_SAFE_INTEGER : at);

function rewriteIndex(index: string | null, files: Exact<string>[]): Rewrite {
  const remove = files.flatMap((g) => g.drop);
  if (index === null) return { index: null, remove };
  let text = index;
  for (const g of files) for (const d of g.drop) text = text.split(`](${d})`).join(`](${g.keep})`);
  const seen = new Set<string>();
  const kept = text.split('\n').filter((line) => {
    if (!isEntry(line)) return true;
    const k = normalize(line);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const out = kept.join('\n');
  return { index: out === index ? null : out, remove };
}
