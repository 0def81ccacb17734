import { isDotGit } from '../safety/dotGit.ts';

/** Names Windows reserves for devices, with or without an extension (CON, con.md, COM1.txt). */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
/** Characters a file name cannot hold on Windows (and so in a memory folder shared with one). */
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[\x00-\x1f\x7f<>:"|?*]/;
/** The longest file name (one segment) the common file systems take, in UTF-8 bytes. */
const MAX_NAME_BYTES = 255;

/**
 * Why a relative path from outside (a remote tree, an export, a backup) cannot be written under a
 * folder, or null when it is safe: no absolute path, `..`, `.` or empty segments, backslashes, NUL,
 * and every segment a name Claude Code can use on any system (no control or Windows-invalid
 * characters, no trailing dot or space, no reserved device name, at most 255 bytes), and no segment
 * that some system opens as `.git`.
 */
export function pathProblem(p: string): string | null {
  if (p === '') return 'empty path';
  if (p.includes('\\')) return 'backslash in path';
  if (p.includes('\0')) return 'NUL in path';
  if (p.startsWith('/')) return 'absolute path';
  const segs = p.split('/');
  if (segs.some((s) => s === '..')) return '".." in path';
  if (segs.some((s) => s === '' || s === '.')) return 'empty or "." segment in path';
  for (const s of segs) {
    const bad = BAD_CHAR.exec(s);
    if (bad)
      return (
        `the name "${printable(s)}" has ` +
        `${bad[0] < ' ' || bad[0] === '\x7f' ? 'a control character' : `"${bad[0]}"`}, which not every system allows ` +
        'in a file name'
      );
    if (/[. ]$/.test(s)) return `the name "${s}" ends with a dot or space, which Windows drops`;
    if (RESERVED.test(s)) return `the name "${s}" is reserved for a device on Windows`;
    if (Buffer.byteLength(s) > MAX_NAME_BYTES) return `a name is longer than ${MAX_NAME_BYTES} bytes`;
    if (isDotGit(s))
      return `"${printable(s)}" is a name git reads as .git: a repository must not be planted in a memory folder`;
  }
  return null;
}

/**
 * A path as a disk that folds case and Unicode normalization sees it (macOS, Windows): two paths
 * with one fold are one file there. NFC, as git on macOS precomposes names.
 */
export function foldName(p: string): string {
  return p.normalize('NFC').toLowerCase();
}

/** A name with its control characters shown as escapes, safe to print on one line. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
