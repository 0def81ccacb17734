/**
 * Code points HFS+ ignores in file names (git's utf8.c `next_hfs_char`): a name holding them
 * opens the same file as the name without them, so `.g\u200cit` is `.git` there.
 */
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * Whether a path segment is, on some system, the name `.git`: any case; with trailing dots or
 * spaces, or an NTFS stream (`.git::$INDEX_ALLOCATION`), or the 8.3 short name `git~1` (git's
 * path.c `is_ntfs_dotgit`); or with HFS+ ignorable code points (`is_hfs_dotgit`). Such a segment
 * would let a remote plant a repository (and its config's commands) inside a memory folder.
 */
export function isDotGit(segment: string): boolean {
  const ntfs = segment
    .toLowerCase()
    .replace(/:.*$/, '')
    .replace(/[. ]+$/, '');
  if (ntfs === '.git' || ntfs === 'git~1') return true;
  return segment.replace(HFS_IGNORABLE, '').toLowerCase() === '.git';
}
