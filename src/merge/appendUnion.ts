/**
 * The commonest merge of an index file: both sides only added lines at its end (each machine learned
 * something), none of them the same line. Its union is the base, live's lines, then the remote's, as
 * `git merge-file --union` gives it; computed here, a round that goes again after another machine
 * pushed first starts no git for it.
 */

/**
 * The union when each side is the base with whole lines appended, the two sides share no added line,
 * and none ends as the base ends (git could then place the lines otherwise); else null (git merges).
 */
export function appendedUnion(local: string, base: string, remote: string): string | null {
  if (!local.startsWith(base) || !remote.startsWith(base) || !wholeLines(base)) return null;
  const mine = local.slice(base.length);
  const theirs = remote.slice(base.length);
  if (mine === '' || mine === theirs) return remote;
  if (theirs === '') return local;
  if (!wholeLines(mine) || !wholeLines(theirs)) return null;
  const added = new Set(lines(theirs));
  if (lines(mine).some((l) => added.has(l))) return null;
  const last = lines(base).at(-1);
  if (last !== undefined && (lines(mine).at(-1) === last || lines(theirs).at(-1) === last)) return null;
  return base + mine + theirs;
}

function wholeLines(s: string): boolean {
  return s === '' || s.endsWith('\n');
}

/** The lines of whole-line text, without their ends. */
function lines(s: string): string[] {
  return s === '' ? [] : s.slice(0, -1).split('\n');
}
