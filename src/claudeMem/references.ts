/**
 * References between synced tables after a merge, pure: a session that one side deleted while
 * rows of it were added or kept elsewhere stays (an edit beats a delete, for a session's rows
 * too), so no machine is left with rows pointing at a session it does not have.
 */
import type { RowMergeResult } from './mergeRows.ts';

/** The sessions a merge deletes, by the columns other tables refer to them with. */
export interface DeletedSessions {
  keys: ReadonlySet<string>;
  byMemoryId: ReadonlyMap<string, string>;
  byContentId: ReadonlyMap<string, string>;
}

/** The sessions `m` (the sdk_sessions merge) deletes; null when it deletes none. */
export function deletedSessions(m: RowMergeResult): DeletedSessions | null {
  if (!m.deletes.size) return null;
  const byMemoryId = new Map<string, string>();
  const byContentId = new Map<string, string>();
  for (const [key, d] of m.deletes) {
    const row = JSON.parse(d.line) as Record<string, unknown>;
    if (typeof row.memory_session_id === 'string') byMemoryId.set(row.memory_session_id, key);
    if (typeof row.content_session_id === 'string') byContentId.set(row.content_session_id, key);
  }
  return { keys: new Set(m.deletes.keys()), byMemoryId, byContentId };
}

/** The rows of a table that exist after the merge (non-deleted live rows, rows taken, the merged remote). */
export function* survivors(m: RowMergeResult, live: ReadonlyMap<string, string>): Generator<string> {
  yield* m.remote.values();
  for (const [k, line] of live) if (m.deletes.get(k)?.where !== 'live') yield line;
  for (const op of m.live) if (op.kind === 'upsert') yield op.line;
}

/** Adds to `hits` the deleted sessions that rows of a child table refer to. */
export function referencedSessions(
  deleted: DeletedSessions,
  table: string,
  lines: Iterable<string>,
  hits: Set<string>,
): void {
  for (const line of lines) {
    const row = JSON.parse(line) as Record<string, unknown>;
    const ids: (string | undefined)[] = [];
    if (table === 'user_prompts') {
      ids.push(Array.isArray(row.session_db_id) ? JSON.stringify(row.session_db_id) : undefined);
      if (typeof row.content_session_id === 'string') ids.push(deleted.byContentId.get(row.content_session_id));
    } else if (typeof row.memory_session_id === 'string') ids.push(deleted.byMemoryId.get(row.memory_session_id));
    for (const id of ids) if (id !== undefined && deleted.keys.has(id)) hits.add(id);
  }
}
