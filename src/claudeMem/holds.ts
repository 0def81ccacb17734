/**
 * Row deletions a merge decided that must not run as decided, pure (they change a RowMergeResult):
 * a session other rows still need is kept on both sides, and this machine's deletions of most of
 * a table are held until the user confirms, like a mass deletion of memory files.
 */
import { isMassDeletion } from '../reconcile/massDelete.ts';
import type { RowMergeResult } from './mergeRows.ts';

/** Below this many deletions in one table, a sync never holds them (rows are many more than files). */
const MASS_DELETE_MIN = 10;

/**
 * Keeps a row the merge would delete, on the side that deleted it: taken back into live (the
 * remote still has it) or published again (this machine still has it). Nothing is lost.
 */
export function keepRow(m: RowMergeResult, key: string): void {
  const d = m.deletes.get(key);
  if (!d) return;
  m.deletes.delete(key);
  if (d.where === 'live') {
    m.live = m.live.filter((op) => op.key !== key);
    m.remote.set(key, d.line);
    bump(m, 'deleteLive', 'publish');
  } else {
    m.live.push({ key, kind: 'upsert', line: d.line, prev: null });
    m.remote.set(key, d.line);
    bump(m, 'deleteRemote', 'take');
  }
  m.base.set(key, d.line);
}

/** Leaves deletions undone with their old base, so the next sync decides them again. */
export function holdDeletes(m: RowMergeResult, keys: readonly string[]): void {
  const live = new Set<string>();
  for (const key of keys) {
    const d = m.deletes.get(key)!;
    m.deletes.delete(key);
    if (d.where === 'live') live.add(key);
    else m.remote.set(key, d.line);
    if (d.base === null) m.base.delete(key);
    else m.base.set(key, d.base);
    bump(m, d.where === 'live' ? 'deleteLive' : 'deleteRemote', null);
  }
  if (live.size) m.live = m.live.filter((op) => !live.has(op.key));
}

/**
 * Holds this machine's deletions when they would remove more than `percent` of the table's rows
 * on the remote (and at least MASS_DELETE_MIN), by the rule of a mass deletion of memory files
 * (massDeletePercent): returns the rows held. Deletions coming from the remote were held (or
 * confirmed) where they were made.
 */
export function holdMassDeletes(m: RowMergeResult, remoteRows: number, percent: number): string[] {
  const held = [...m.deletes].filter(([, d]) => d.where === 'remote');
  if (!isMassDeletion(held.length, remoteRows, percent, MASS_DELETE_MIN)) return [];
  const lines = held.map(([, d]) => d.line);
  holdDeletes(
    m,
    held.map(([k]) => k),
  );
  return lines;
}

function bump(m: RowMergeResult, from: 'deleteLive' | 'deleteRemote', to: 'publish' | 'take' | null): void {
  m.counts[from] = (m.counts[from] ?? 1) - 1;
  if (!m.counts[from]) delete m.counts[from];
  if (to) m.counts[to] = (m.counts[to] ?? 0) + 1;
}
