import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { describeOsError, DiskFullError, osCode } from './osError.ts';

export interface CheckedWriteOptions {
  /** File mode for a new file (an existing file keeps its own). */
  mode?: number;
  /** False only for files whose loss costs time, never data (the scan cache). */
  fsync?: boolean;
  /** What is being written, for the error line ("the sync state"); default: the file. */
  what?: string;
}

/**
 * The temp name for `target`: short whatever the target's length (a 255-byte name stays storable),
 * in the same folder, and recognisable by the target it stands for (see `isTempFor`).
 */
export function tempNameFor(target: string): string {
  return `.memsync-${nameTag(path.basename(target))}-${crypto.randomBytes(4).toString('hex')}.tmp`;
}

/** Whether `name` is a temp file `checkedWrite` made for `target` (left by a killed process). */
export function isTempFor(target: string, name: string): boolean {
  return new RegExp(`^\\.memsync-${nameTag(path.basename(target))}-[0-9a-f]{8}\\.tmp$`).test(name);
}

/**
 * The name a live file is moved or linked aside under while memsync replaces or removes it (see
 * liveSwap): beside it, and naming what it should hold, so a leftover can be checked without a record.
 */
export function asideNameFor(target: string, expected: string): string {
  const tag = nameTag(path.basename(target));
  return `.memsync-${tag}-${expected.slice(0, 16)}-${crypto.randomBytes(4).toString('hex')}.aside`;
}

/** The start of the content id an aside name of `target` records, or null when `name` is not one. */
export function asideExpects(target: string, name: string): string | null {
  const m = new RegExp(`^\\.memsync-${nameTag(path.basename(target))}-([0-9a-f]{16})-[0-9a-f]{8}\\.aside$`).exec(name);
  return m ? m[1]! : null;
}

/** Whether `name` is any checkedWrite temp or aside name: never a memory file (not scanned, not published). */
export function isTempName(name: string): boolean {
  return /^\.memsync-[0-9a-f]{12}-([0-9a-f]{8}\.tmp|[0-9a-f]{16}-[0-9a-f]{8}\.aside)$/.test(name);
}

const nameTag = (name: string) => crypto.createHash('sha1').update(name).digest('hex').slice(0, 12);

/**
 * Writes `content` to `target` whole or not at all: into a temp file in the same folder, every byte
 * (a short write is continued, and one that writes nothing is a full disk), fsync'd, checked by size
 * and content, then renamed over the target. On any failure the temp file is removed, the old
 * target is untouched, and the error names the target (never the temp) and, for a full disk, the
 * folder and the bytes it needed. The caller makes the folder (after its containment check).
 */
export function checkedWrite(target: string, content: Buffer | string, opts: CheckedWriteOptions = {}): void {
  writeThen(target, content, opts, (tmp) => fs.renameSync(tmp, target));
}

/**
 * As checkedWrite, but the checked temp file is handed to `place`, which puts it in place (a live
 * file's guarded swap); a temp file `place` leaves where it is is removed. Returns what `place` does.
 */
export function writeThen<T>(
  target: string,
  content: Buffer | string,
  opts: CheckedWriteOptions,
  place: (tmp: string) => T,
): T {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const dir = path.dirname(target);
  const tmp = path.join(dir, tempNameFor(target));
  const what = opts.what ?? target;
  let fd: number | null = null;
  try {
    const old = statOrNull(target);
    fd = fs.openSync(tmp, 'wx+', old ? old.mode & 0o7777 : (opts.mode ?? 0o666));
    // As root (as write-file-atomic did), a file keeps its owner: memory stays the user's.
    if (old && process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) fs.fchownSync(fd, old.uid, old.gid);
    writeAll(fd, data);
    if (opts.fsync !== false) fs.fsyncSync(fd);
    verify(fd, data, target);
    fs.closeSync(fd);
    fd = null;
    return place(tmp);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    if (e instanceof MemsyncError) throw e;
    const code = osCode(e);
    if (code === 'ENOSPC' || code === 'EDQUOT') throw fullDisk(dir, what, data.length);
    throw describeOsError(what === target ? 'writing' : `writing ${what}`, target, e);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) {
    const n = fs.writeSync(fd, data, off, data.length - off, off);
    // A write that lands nothing without an error: the disk has no room left.
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    off += n;
  }
}

function verify(fd: number, data: Buffer, target: string): void {
  const size = fs.fstatSync(fd).size;
  const back = Buffer.alloc(size);
  for (let off = 0; off < size; ) {
    const n = fs.readSync(fd, back, off, size - off, off);
    if (n <= 0) break;
    off += n;
  }
  if (size !== data.length || !back.equals(data)) {
    throw new MemsyncError(
      `writing ${target}: the written file does not read back as written (${size} of ${data.length} bytes)`,
      'failure',
      'check the disk, then run the command again; the old file was kept',
    );
  }
}

function statOrNull(target: string): fs.Stats | null {
  try {
    return fs.statSync(target);
  } catch {
    return null;
  }
}

function fullDisk(dir: string, what: string, bytes: number): DiskFullError {
  let free = '';
  try {
    const s = fs.statfsSync(dir);
    free = `, ${s.bavail * s.bsize} free`;
  } catch {
    /* the space left is a courtesy */
  }
  return new DiskFullError(
    `writing ${what}: the disk is full: ${dir} needs ${bytes} bytes${free}; nothing was changed there`,
    'free some space on that disk, then run the command again',
    'ENOSPC',
  );
}
