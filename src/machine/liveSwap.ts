import fs from 'node:fs';
import path from 'node:path';
import { asideExpects, asideNameFor, writeThen } from '../safety/checkedWrite.ts';
import { osCode } from '../safety/osError.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { conflictCopyPath } from './conflictCopy.ts';

/**
 * The guarded swap every live write and removal goes through. A session may write a live file at
 * any moment, also between memsync's compare and its rename: a plain rename would drop that write
 * with the inode it went to. So the live file is first hard-linked (or, to remove it, renamed)
 * aside, the new file renamed in, and what was set aside compared with what the scan saw. If it
 * differs, someone wrote in the window: their version goes back live (this change waits for the
 * next sync, which sees their edit), or, if that place was taken meanwhile too, beside it as a
 * conflict copy. A write that opened the old file before the swap and lands after the compare is
 * the one case left (microseconds, against the whole write before).
 */

/** `staged` in place: the file it replaced held `expected`, was not there (`refused`), or was written (`aside`). */
type Swap = 'swapped' | 'refused' | { aside: string };

/** Errors of a file system without hard links: there, the plain rename (and its window) stays. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/** Links `from` as `to`; false when `to` is taken (EEXIST) or `from` is gone (ENOENT). */
function link(from: string, to: string): boolean | 'unsupported' {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (e) {
    const code = osCode(e) ?? '';
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    if (NO_LINKS.has(code)) return 'unsupported';
    throw e;
  }
}

const hashOf = (file: string) => {
  const c = readOrNull(file);
  return c === null ? null : blobHash(c);
};

/** Moves `staged` to `target` if `target` holds `expected` (null: nothing, never replaced). */
function swapIn(staged: string, target: string, expected: string | null): Swap {
  if (expected === null) {
    const linked = link(staged, target);
    if (linked === 'unsupported') fs.renameSync(staged, target);
    else if (!linked) return 'refused';
    else fs.rmSync(staged, { force: true });
    return 'swapped';
  }
  const aside = path.join(path.dirname(target), asideNameFor(target, expected));
  const linked = link(target, aside);
  if (!linked) return 'refused';
  fs.renameSync(staged, target);
  if (linked === 'unsupported' || hashOf(aside) === expected) {
    fs.rmSync(aside, { force: true });
    return 'swapped';
  }
  return { aside };
}

/** Keeps a version someone wrote in the window beside `target`, under a conflict copy's name; returns it. */
function keepBeside(file: string, target: string, host: string): string {
  for (let s = 0; ; s++) {
    const copy = conflictCopyPath(target, host, new Date(Date.now() + s * 1000));
    if (swapIn(file, copy, null) === 'swapped') return copy;
  }
}

/** Puts `theirs` (written in the window) back at `target`, where memsync just put a file holding `ours`. */
function putBack(theirs: string, target: string, ours: string, host: string): void {
  const r = swapIn(theirs, target, ours);
  if (r === 'swapped') return;
  // Written too (both kept), or removed meanwhile (theirs goes back if the place is still free).
  if (typeof r === 'object') keepBeside(r.aside, target, host);
  else if (swapIn(theirs, target, null) !== 'swapped') keepBeside(theirs, target, host);
}

/**
 * Replaces `target` with `content` (checkedWrite's whole write) if it holds `expected` (null:
 * absent) until the swap itself. False: it changed, and stays as it was changed.
 */
export function replaceLive(target: string, content: Buffer, expected: string | null, host: string): boolean {
  return writeThen(target, content, {}, (tmp) => {
    const r = swapIn(tmp, target, expected);
    if (typeof r !== 'object') return r === 'swapped';
    putBack(r.aside, target, blobHash(content), host);
    return false;
  });
}

/** Removes `target` if it holds `expected` until it is moved aside. False: it changed, and stays. */
export function removeLive(target: string, expected: string, host: string): boolean {
  const aside = path.join(path.dirname(target), asideNameFor(target, expected));
  try {
    fs.renameSync(target, aside);
  } catch (e) {
    if (osCode(e) === 'ENOENT') return false;
    throw e;
  }
  if (hashOf(aside) === expected) {
    fs.rmSync(aside, { force: true });
    return true;
  }
  if (swapIn(aside, target, null) !== 'swapped') keepBeside(aside, target, host);
  return false;
}

/**
 * A file a killed process left set aside from `target` (`name` in its folder): the live file itself
 * or what its name says it held goes; anything else was written in the window and goes back live,
 * or beside it as a conflict copy (returned).
 */
export function recoverAside(target: string, name: string, host: string): string | null {
  const expects = asideExpects(target, name);
  if (expects === null) return null;
  const aside = path.join(path.dirname(target), name);
  const a = fs.lstatSync(aside, { throwIfNoEntry: false });
  const t = fs.lstatSync(target, { throwIfNoEntry: false });
  if (!a) return null;
  if ((t && t.ino === a.ino && t.dev === a.dev) || hashOf(aside)?.startsWith(expects)) {
    fs.rmSync(aside, { force: true });
    return null;
  }
  return swapIn(aside, target, null) === 'swapped' ? null : keepBeside(aside, target, host);
}
