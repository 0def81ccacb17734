import path from 'node:path';
import type { TreeEntry } from '../store/repo.ts';
import { foldName, pathProblem, printable } from '../util/safePath.ts';

/** A remote entry memsync will not write, and why (one line, safe to print). */
export interface Refusal {
  path: string;
  reason: string;
}

export interface RemoteIndex {
  /** The synced folder prefix a repository path is under, whatever its name holds. */
  under(p: string): string | undefined;
  /** Whether a path with a safe name is synced by this machine (the include/exclude globs). */
  maps(p: string): boolean;
}

/**
 * The remote is untrusted input. Of a tip's entries under this machine's synced folders, keeps
 * the regular files with usable names within the size limit and refuses the rest, naming each:
 * unsafe or unusable names (absolute, `..`, characters or names some system cannot hold),
 * symbolic links, submodules and other non-files, files over `maxBytes`, and names that differ
 * only in case or Unicode normalization (all of them: which one is meant cannot be told, and on a
 * disk that folds them they would overwrite each other). A refused path is read as unchanged (its base), so refusing
 * never deletes anything here; the rest of the sync goes on.
 */
export function screenRemote(
  entries: Iterable<[string, TreeEntry]>,
  index: RemoteIndex,
  base: ReadonlyMap<string, string>,
  maxBytes: number,
): { files: Map<string, string>; refused: Refusal[] } {
  const files = new Map<string, string>();
  const refusedAt = new Map<string, string>();
  /** Refused paths: read as their base, so refusing never deletes or changes anything here. */
  const keepBase = new Set<string>();
  const byFolded = new Map<string, string[]>();
  for (const [p, e] of entries) {
    const prefix = index.under(p);
    if (prefix === undefined) continue;
    const nameProblem = pathProblem(p.slice(prefix.length));
    if (nameProblem === null && !index.maps(p)) continue; // excluded by the user's globs
    const problem =
      nameProblem ??
      modeProblem(e.mode) ??
      (e.size !== undefined && e.size > maxBytes
        ? `${e.size} bytes, over the ${maxBytes}-byte limit (maxFileBytes)`
        : null);
    if (problem) {
      // What this machine already agreed on with the remote is not news.
      if (base.get(p) !== e.sha) refusedAt.set(p, problem);
      keepBase.add(p);
      continue;
    }
    files.set(p, e.sha);
    const folded = foldName(p);
    byFolded.set(folded, [...(byFolded.get(folded) ?? []), p]);
  }
  // A file that is also a folder of another entry (a hand-made tree can hold both names).
  for (const p of files.keys()) {
    for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
      const folder = p.slice(0, i);
      if (!byFolded.has(foldName(folder))) continue;
      for (const q of [p, ...byFolded.get(foldName(folder))!]) {
        refusedAt.set(
          q,
          `a file and a folder have the same name (${printable(folder.slice(folder.lastIndexOf('/') + 1))})`,
        );
        keepBase.add(q);
      }
    }
  }
  for (const group of byFolded.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      const others = group.filter((q) => q !== p).map((q) => path.posix.basename(q));
      if (base.get(p) !== files.get(p)) refusedAt.set(p, `${SAME_NAME} ${others.map(printable).join(', ')}`);
      keepBase.add(p);
    }
  }
  for (const p of keepBase) {
    const b = base.get(p);
    if (b === undefined || !index.maps(p)) files.delete(p);
    else files.set(p, b);
  }
  const refused = [...refusedAt].map(([p, reason]) => ({ path: printable(p), reason }));
  return { files, refused: refused.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

/** Why two names are one on a disk that folds them (macOS, Windows). */
const SAME_NAME = 'its name differs only in case or Unicode normalization from';

function modeProblem(mode: string): string | null {
  if (mode === '100644' || mode === '100755') return null;
  if (mode === '120000') return 'a symbolic link';
  if (mode === 'commit:160000') return 'a submodule (gitlink)';
  return `not a regular file (git mode ${mode})`;
}

/** Files memsync treats as text: they must be valid UTF-8 before they are written live. */
const TEXT = /\.(?:md|markdown|mdx|txt|json|jsonl|ya?ml|toml)$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function textProblem(p: string, content: Buffer): string | null {
  if (!TEXT.test(p)) return null;
  try {
    utf8.decode(content);
    return null;
  } catch {
    return 'not valid UTF-8 (a text file is expected here)';
  }
}
