import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { blobHash } from '../util/blobHash.ts';
import type { ConflictRecord } from './state.ts';

const NAME_MAX = 255;
/** `.conflict-` + host (at most HOST_MAX) + `-` + `20261123T101500Z`. */
const HOST_MAX = 40;
const SUFFIX_MAX = 10 + HOST_MAX + 1 + 16;

/**
 * `<name>.conflict-<host>-<time><ext>` beside the live file, e.g. `MEMORY.conflict-laptop-20261123T101500Z.md`.
 * A name too long to hold that within the file system's 255 bytes is shortened with a hash of it.
 */
export function conflictCopyPath(livePath: string, host: string, when: Date): string {
  const { stem, ext } = copyParts(livePath);
  const safeHost = (host.replace(/[^A-Za-z0-9._-]/g, '-') || 'remote').slice(0, HOST_MAX);
  const time = when
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return path.join(path.dirname(livePath), `${stem}.conflict-${safeHost}-${time}${ext}`);
}

/** The stem and extension a conflict copy of `livePath` is named with (the stem shortened to fit). */
function copyParts(livePath: string): { stem: string; ext: string } {
  let ext = path.extname(livePath);
  if (Buffer.byteLength(ext) > 32) ext = '';
  const stem = path.basename(livePath).slice(0, path.basename(livePath).length - ext.length);
  const room = NAME_MAX - SUFFIX_MAX - Buffer.byteLength(ext);
  if (Buffer.byteLength(stem) <= room) return { stem, ext };
  const tag = createHash('sha1').update(stem).digest('hex').slice(0, 8);
  return { stem: `${truncateBytes(stem, room - 9)}~${tag}`, ext };
}

/** The longest prefix of `s` that fits in `bytes` bytes of UTF-8, cut between code points. */
function truncateBytes(s: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** Removes a conflict copy unless the user edited it (then it is theirs to keep or delete). */
export async function removeCopyIfUntouched(c: ConflictRecord): Promise<void> {
  try {
    if (blobHash(fs.readFileSync(c.copy)) === c.copyHash) fs.rmSync(c.copy, { force: true });
  } catch {
    /* already gone */
  }
}

/**
 * An existing conflict copy of `livePath` holding exactly `hash`: a sync killed after writing a
 * copy but before recording it must not write a second copy of the same version.
 */
export function findCopyOf(livePath: string, hash: string): string | null {
  const dir = path.dirname(livePath);
  const { stem, ext } = copyParts(livePath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  for (const n of names.sort()) {
    if (!n.startsWith(`${stem}.conflict-`) || !n.endsWith(ext)) continue;
    try {
      if (blobHash(fs.readFileSync(path.join(dir, n))) === hash) return path.join(dir, n);
    } catch {
      /* vanished meanwhile */
    }
  }
  return null;
}
