/**
 * The commonest merge of an index file: each side only added lines, in one block (a machine learned
 * something), and the two added no line in common. Its union is the base with both blocks where they
 * were added (live's first where both added at the same place), as `git merge-file --union` gives it;
 * computed here, a round that goes again after another machine pushed first starts no git for it.
 */

/** Where one side added its block of lines to the base, and the block. */
interface Insertion {
  at: number;
  block: string[];
}

/**
 * The union when each side is the base with one block of whole lines added at a single possible place
 * (a block that could sit one line up or down, git could place otherwise) and the two blocks share no
 * line; else null (git merges).
 */
export function insertedUnion(local: string, base: string, remote: string): string | null {
  if (local === base) return remote;
  if (remote === base || remote === local) return local;
  if (![local, base, remote].every(wholeLines)) return null;
  const b = lines(base);
  const mine = insertion(lines(local), b);
  const theirs = insertion(lines(remote), b);
  if (!mine || !theirs) return null;
  const added = new Set(theirs.block);
  if (mine.block.some((l) => added.has(l))) return null;
  const out = [...b];
  // The later place first, so the earlier one's index still holds; at the same place live's come first.
  const [first, second] = mine.at <= theirs.at ? [mine, theirs] : [theirs, mine];
  out.splice(second.at, 0, ...second.block);
  out.splice(first.at, 0, ...first.block);
  return out.map((l) => `${l}\n`).join('');
}

/** The one block `side` adds to `base` at one possible place, or null (not only an addition, or ambiguous). */
function insertion(side: string[], base: string[]): Insertion | null {
  if (side.length <= base.length) return null;
  let prefix = 0;
  while (prefix < base.length && side[prefix] === base[prefix]) prefix++;
  let suffix = 0;
  while (suffix < base.length && side[side.length - 1 - suffix] === base[base.length - 1 - suffix]) suffix++;
  // Exactly the base around it: less is not an addition only, more lets the block slide.
  if (prefix + suffix !== base.length) return null;
  return { at: prefix, block: side.slice(prefix, side.length - suffix) };
}

function wholeLines(s: string): boolean {
  return s === '' || s.endsWith('\n');
}

/** The lines of whole-line text, without their ends. */
function lines(s: string): string[] {
  return s === '' ? [] : s.slice(0, -1).split('\n');
}
