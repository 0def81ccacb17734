/**
 * What leaves memsync's folder as a file the user carries elsewhere (an export, a backup written
 * outside `MEMSYNC_HOME`) passes the secret scan as a push does: a file whose content or name holds
 * a secret not released, or a database holding one, is left out and named with the secret masked.
 */
import path from 'node:path';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import { heldFindings } from '../secrets/allow.ts';
import { secretsInNames } from '../secrets/names.ts';
import { snapshotSecrets } from '../claudeMem/fileSecrets.ts';
import { DB_FILE_PATH } from '../claudeMem/fileMode.ts';
import { heldList, heldWhere } from './engine.ts';

/** True when `file` (`-`: stdout) is outside memsync's own folder. */
export function leavesMemsync(home: string, file: string): boolean {
  const rel = path.relative(home, path.resolve(file));
  return file === '-' || rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
}

/** The entries that may leave, and one line per finding that holds one back (`allow`: secrets.allow). */
export async function withoutSecrets<T extends { path: string }>(
  allow: readonly string[],
  entries: T[],
  content: (e: T) => Buffer,
): Promise<{ kept: T[]; held: string[] }> {
  const names = await secretsInNames(entries.map((e) => e.path));
  const kept: T[] = [];
  const held: string[] = [];
  for (const e of entries) {
    const found = [...(names.get(e.path) ?? []), ...(await heldFindings(e.path, content(e), allow))];
    if (!found.length) kept.push(e);
    for (const h of heldList({ [e.path]: found }))
      held.push(`held back (secret): ${heldWhere(h)} ${h.rule} ${h.masked}`);
  }
  return { kept, held };
}

/** claude-mem's database snapshot, or null when it holds a secret (released as `memsync allow` releases a push). */
export async function databaseWithoutSecrets(ctx: Context, db: Buffer): Promise<{ db: Buffer | null; held: string[] }> {
  if (ctx.settings.secrets.allow.includes(DB_FILE_PATH)) return { db, held: [] };
  const found = await snapshotSecrets(db, tmpDir(ctx.home));
  const held = found.map((f) => `held back (secret): ${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`);
  return { db: found.length ? null : db, held };
}
