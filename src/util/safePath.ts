/**
 * Why a relative path from outside (a remote tree, an export, a backup) cannot be written under a
 * folder, or null when it is safe: no absolute path, `..`, `.` or empty segments, backslashes, NUL.
 */
export function pathProblem(p: string): string | null {
  if (p === '') return 'empty path';
  if (p.includes('\\')) return 'backslash in path';
  if (p.includes('\0')) return 'NUL in path';
  if (p.startsWith('/')) return 'absolute path';
  const segs = p.split('/');
  if (segs.some((s) => s === '..')) return '".." in path';
  if (segs.some((s) => s === '' || s === '.')) return 'empty or "." segment in path';
  return null;
}
