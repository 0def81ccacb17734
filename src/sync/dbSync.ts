/**
 * claude-mem's database in a sync round: reads a snapshot, reconciles it with the remote and the
 * base, writes the live database, and hands the engine the remote files to commit. Its state is
 * saved by `commit()` once the round's push has landed.
 */
import fs from 'node:fs';
import type { SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Context } from './context.ts';
import { applyOps } from '../claudeMem/apply.ts';
import { loadDbState, pruneDbBase, readDbBase, saveDbState, writeDbBase, type DbState } from '../claudeMem/dbState.ts';
import { mergeRows, type LiveOp } from '../claudeMem/mergeRows.ts';
import { parseTableText, tableText } from '../claudeMem/rows.ts';
import { openDatabase, readSnapshot } from '../claudeMem/snapshot.ts';
import { syncDatabaseFile } from '../claudeMem/fileMode.ts';

export const DB_PREFIX = 'claude-mem/';
export const tablePath = (table: string) => `${DB_PREFIX}${table}.jsonl`;

export interface TableCounts {
  /** Rows this machine would publish (new, changed or deleted here). */
  push: number;
  /** Rows this machine would take from the remote. */
  pull: number;
  conflicts: number;
}

export interface DbReport {
  mode: 'rows' | 'file';
  path: string;
  /** Per table, what the sync did (or, in a dry run, would do). */
  tables: Record<string, TableCounts>;
  /** Rows (or the file) written to the live database. */
  applied: number;
  conflicts: number;
  notes: string[];
}

export interface DbRound {
  treeChanges: Map<string, string | null>;
  report: DbReport;
  /** Records the new state: call once the round's push has landed (or nothing needed pushing). */
  commit(): Promise<void>;
}

/** One round for claude-mem's database, or null when it is not synced on this machine. */
export async function syncClaudeMem(ctx: Context, repo: LocalRepo, tip: string | null, mode: SyncMode, dryRun: boolean): Promise<DbRound | null> {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled) return null;
  const report: DbReport = { mode: cfg.mode, path: cfg.path, tables: {}, applied: 0, conflicts: 0, notes: [] };
  if (!fs.existsSync(cfg.path)) {
    report.notes.push(`claude-mem: no database at ${cfg.path}; nothing synced (start claude-mem once, or set sources.claudeMem.path)`);
    return { treeChanges: new Map(), report, commit: async () => undefined };
  }
  const state = await loadDbState(ctx.home);
  const remoteFiles = new Map<string, string>();
  if (tip) for (const [p, e] of await repo.lsTree(tip, [DB_PREFIX])) if (e.mode === '100644') remoteFiles.set(p, e.sha);
  if (cfg.mode === 'file') return syncDatabaseFile(ctx, repo, state, remoteFiles, mode, dryRun, report);
  return syncRows(ctx, repo, state, remoteFiles, mode, dryRun, report);
}

async function syncRows(
  ctx: Context,
  repo: LocalRepo,
  state: DbState,
  remoteFiles: Map<string, string>,
  mode: SyncMode,
  dryRun: boolean,
  report: DbReport,
): Promise<DbRound> {
  const db = openDatabase(ctx.settings.sources.claudeMem.path);
  try {
    const snap = readSnapshot(db);
    if (snap.unknown.length) report.notes.push(`claude-mem: tables memsync does not know are not synced: ${snap.unknown.join(', ')}`);
    const remoteBlobs = await repo.readBlobs([...snap.tables.keys()].map((t) => remoteFiles.get(tablePath(t))).filter((x): x is string => !!x));
    const ops = new Map<string, LiveOp[]>();
    const merged = new Map<string, ReturnType<typeof mergeRows>>();
    for (const [name, t] of snap.tables) {
      const p = tablePath(name);
      const baseId = state.base[p];
      const remoteId = remoteFiles.get(p);
      const base = baseId ? parseTableText(t.spec, (await readDbBase(ctx.home, baseId)).toString('utf8'), `base of ${p}`) : new Map<string, string>();
      const remote = remoteId ? parseTableText(t.spec, remoteBlobs.get(remoteId)!.toString('utf8'), p) : new Map<string, string>();
      const held = new Map(Object.entries(state.rowConflicts[name] ?? {}));
      const m = mergeRows({ base, live: t.rows, remote, held, resolution: state.resolution ?? undefined, mode });
      merged.set(name, m);
      ops.set(name, m.live);
      const c = m.counts;
      report.tables[name] = {
        push: (c.publish ?? 0) + (c.deleteRemote ?? 0) + (m.waiting.publish ?? 0) + (m.waiting.deleteRemote ?? 0),
        pull: (c.take ?? 0) + (c.deleteLive ?? 0) + (m.waiting.take ?? 0) + (m.waiting.deleteLive ?? 0),
        conflicts: m.conflicts.size,
      };
      report.conflicts += m.conflicts.size;
    }
    const treeChanges = new Map<string, string | null>();
    if (dryRun) return { treeChanges, report, commit: async () => undefined };

    const applied = applyOps(db, snap.tables, ops);
    report.applied = applied.applied;
    report.notes.push(...applied.notes);
    const next: DbState = { ...state, base: { ...state.base }, rowConflicts: {}, resolution: mode === 'sync' ? null : state.resolution };
    for (const [name, m] of merged) {
      const p = tablePath(name);
      const oldBase = m.base;
      // A live change that did not land keeps its old base, so the next sync decides it again.
      const skipped = applied.skipped.get(name);
      if (skipped?.size) {
        const prior = state.base[p] ? parseTableText(snap.tables.get(name)!.spec, (await readDbBase(ctx.home, state.base[p]!)).toString('utf8'), `base of ${p}`) : new Map<string, string>();
        for (const k of skipped) {
          const b = prior.get(k);
          if (b === undefined) oldBase.delete(k);
          else oldBase.set(k, b);
        }
      }
      const remoteText = Buffer.from(tableText(m.remote));
      if (mode !== 'pull' && blobHash(remoteText) !== (remoteFiles.get(p) ?? blobHash(Buffer.alloc(0)))) {
        treeChanges.set(p, await repo.writeBlob(remoteText));
      }
      next.base[p] = await writeDbBase(ctx.home, Buffer.from(tableText(oldBase)));
      if (m.conflicts.size) next.rowConflicts[name] = Object.fromEntries(m.conflicts);
    }
    return {
      treeChanges,
      report,
      async commit() {
        await saveDbState(ctx.home, next);
        await pruneDbBase(ctx.home, next);
      },
    };
  } finally {
    db.close();
  }
}
