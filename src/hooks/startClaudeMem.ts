import path from 'node:path';
import { dbMarker } from '../claudeMem/changeMarker.ts';
import { sqliteAtHand } from '../claudeMem/sqlite/atHand.ts';
import { readJsonObject } from '../util/readJson.ts';

// SessionStart's short way with claude-mem's database synced: the sync's own test for a database with
// nothing to do (claudeMem/source.ts `settled`: the marker the last sync left, nothing open) read with
// plain fs, and the long way's notice (no SQLite here) ruled out without loading SQLite.

const isEmpty = (x: unknown) => !!x && typeof x === 'object' && Object.keys(x).length === 0;

/**
 * Why a sync could find something to do or say about claude-mem's database (`db`), or null when the
 * last sync left it settled, it has not changed since (size, mtime and headers of it and its -wal)
 * and a SQLite driver is at hand.
 */
export function claudeMemUnsettled(home: string, db: string, env: NodeJS.ProcessEnv): string | null {
  // The path is machine/state.ts's stateDir; importing it would pull zod into the hook.
  const s = readJsonObject(path.join(home, 'state', 'claude-mem.json'));
  if (s?.version !== 1 || typeof s.marker !== 'string') return "claude-mem's database was not left settled";
  // Conflicts, held deletions or secrets, a resolution or a pending note: the long way says or does it.
  const open =
    !isEmpty(s.rowConflicts) ||
    !isEmpty(s.heldDeletes ?? {}) ||
    !isEmpty(s.heldSecrets ?? []) ||
    ![undefined, null].includes(s.resolution as null) ||
    ![undefined, false].includes(s.confirmDeletes as false) ||
    ![undefined, null].includes(s.pending as null);
  if (open) return "claude-mem's database has something open";
  try {
    if (dbMarker(db) !== s.marker) return "claude-mem's database changed since the last sync";
  } catch {
    return "claude-mem's database could not be looked at";
  }
  return sqliteAtHand(env) ? null : 'no SQLite known to be at hand without loading one';
}
