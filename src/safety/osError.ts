import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';

/** Causes in words and what to do, by errno code. */
const CAUSES: Record<string, [cause: string, todo: string]> = {
  ENOSPC: ['the disk is full', 'free some space on that disk, then run the command again'],
  EDQUOT: ['the disk quota is used up', 'free some space in your quota, then run the command again'],
  EACCES: ['permission denied', 'make it readable and writable by this user (ls -ld shows who owns it)'],
  EPERM: ['the operation is not permitted', 'make it writable by this user, or remove its immutable flag'],
  EROFS: ['the file system is read-only', 'remount it read-write, or point MEMSYNC_HOME elsewhere'],
  ENOTDIR: [
    'a part of the path is a file where a folder is expected',
    'move that file aside (memsync makes the folder again)',
  ],
  EISDIR: ['it is a folder where a file is expected', 'move that folder aside'],
  EEXIST: ['something else is already there', 'move it aside'],
  ENOENT: ['it, or a folder on its way, does not exist', 'create the folder, or give a path in a folder that exists'],
  ENAMETOOLONG: ['the name is too long for this file system', 'use a shorter name'],
  ELOOP: ['it goes through too many symbolic links (a loop?)', 'fix or remove the link'],
  EIO: ['an input/output error (a failing disk?)', 'check the disk (dmesg), then run the command again'],
  EMFILE: ['too many files are open', 'raise the open-file limit (ulimit -n), then run the command again'],
  EBUSY: ['it is busy (in use by another program)', 'close what uses it, then run the command again'],
};

/** An OS error as one line; `code` keeps the errno code for callers that decide by it (EISDIR: a folder in the way). */
class OsError extends MemsyncError {
  constructor(
    message: string,
    hint: string,
    readonly code: string | undefined,
  ) {
    super(message, 'failure', hint);
  }
}

/** A full disk (or quota): never to be read as "the remote is not reachable". */
export class DiskFullError extends OsError {}

/** The errno code of an error from node's fs or child_process, if it has one. */
export function osCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * One line a person can act on: what memsync was doing (`op`, e.g. "writing the sync state"), the
 * path, the cause in words, and (as the hint) what to do. For ENOTDIR the path named is the file
 * that stands where a folder should be.
 */
export function describeOsError(op: string, p: string, e: unknown): MemsyncError {
  const code = osCode(e);
  const said = (e as Error)?.message ?? String(e);
  const unknown: [string, string] = [said, 'run the command again; memsync.log has the details'];
  const [cause, todo] = (code && CAUSES[code]) || unknown;
  const where = code === 'ENOTDIR' || code === 'EEXIST' ? (fileInTheWay(p) ?? p) : p;
  const Kind = code === 'ENOSPC' || code === 'EDQUOT' ? DiskFullError : OsError;
  return new Kind(`${op} ${where}: ${cause}${code ? ` (${code})` : ''}`, todo, code);
}

/** The nearest existing ancestor-or-self of `p` that is not a folder (what blocks a mkdir or open). */
function fileInTheWay(p: string): string | null {
  for (let d = path.resolve(p); d !== path.dirname(d); d = path.dirname(d)) {
    try {
      if (!fs.statSync(d).isDirectory()) return d;
      return null;
    } catch {
      /* absent: look further up */
    }
  }
  return null;
}

/** Makes a folder memsync owns (state, locks, tmp), naming the path and the fix when it cannot. */
export function ensureDir(dir: string, what: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw describeOsError(`creating ${what}`, dir, e);
  }
}

const DOING: Record<string, string> = {
  open: 'opening',
  read: 'reading',
  write: 'writing',
  mkdir: 'creating the folder',
  mkdtemp: 'creating a temp folder',
  rename: 'renaming',
  unlink: 'removing',
  rmdir: 'removing the folder',
  rm: 'removing',
  scandir: 'reading the folder',
  stat: 'looking at',
  lstat: 'looking at',
  copyfile: 'copying',
  symlink: 'making a link at',
  chmod: 'changing the mode of',
  access: 'checking',
};

/** A raw OS error that reached a command's boundary, as the one line describeOsError gives; null for others. */
export function asOsError(e: unknown): MemsyncError | null {
  const code = osCode(e);
  const err = e as NodeJS.ErrnoException;
  if (!code || typeof err.path !== 'string') return null;
  return describeOsError(DOING[err.syscall ?? ''] ?? err.syscall ?? 'using', err.path, e);
}
