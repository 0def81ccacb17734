import fs from 'node:fs';
import path from 'node:path';
import { blobHash } from '../util/blobHash.ts';
import type { ConflictRecord } from './state.ts';

/** `<name>.conflict-<host>-<time><ext>` beside the live file, e.g. `MEMORY.conflict-laptop-20261123T101500Z.md`. */
export function conflictCopyPath(livePath: string, host: string, when: Date): string {
  const ext = path.extname(livePath);
  const stem = livePath.slice(0, livePath.length - ext.length);
  const safeHost = host.replace(/[^A-Za-z0-9._-]/g, '-') || 'remote';
  const time = when.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stem}.conflict-${safeHost}-${time}${ext}`;
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
  const ext = path.extname(livePath);
  const stem = path.basename(livePath, ext);
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
