/**
 * File mode: the whole database as one snapshot on the remote, for databases memsync does not
 * understand (and to match claude-mem's own git sync). Diverged sides are a conflict the user
 * resolves by choosing one; taking the remote goes through SQLite's backup API into the live
 * database, never a file copy.
 */
import { decide, runsIn, type DecisionKind, type SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { blobHash } from '../util/blobHash.ts';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import type { DbReport, DbRound } from './report.ts';
import type { DbState } from './dbState.ts';
import type { DbEffects } from './effects.ts';
import { dbIdentity } from './dbIdentity.ts';
import { rowsOnlyIn } from './dropped.ts';
import { snapshotSecrets } from './fileSecrets.ts';
import { perTable, saveDatabase, saveLiveDatabase } from './savedCopy.ts';
import { snapshotFile } from './dbFile.ts';

export const DB_FILE_PATH = 'claude-mem/claude-mem.db';

export async function syncDatabaseFile(
  ctx: Context,
  repo: LocalRepo,
  state: DbState,
  remoteFiles: Map<string, string>,
  mode: SyncMode,
  fx: DbEffects,
  report: DbReport,
): Promise<DbRound> {
  const dbPath = ctx.settings.sources.claudeMem.path;
  const tmp = tmpDir(ctx.home);
  const snap = snapshotFile(dbPath, tmp);
  const liveHash = blobHash(snap);
  // A database replaced here is new against the remote: never published over it unasked.
  const replaced = state.source !== null && state.source !== dbIdentity(dbPath);
  const base = replaced ? null : (state.base[DB_FILE_PATH] ?? null);
  const remote = remoteFiles.get(DB_FILE_PATH) ?? null;
  // Live is compared with its own snapshot at the last agreement, the remote with the agreed blob.
  const lt = liveHash === state.fileLive && !replaced ? (base === null ? null : 'B') : 'L';
  const rt = remote === base ? (remote === null ? null : 'B') : remote === null ? null : 'R';
  const open = state.fileConflict ? (state.fileConflict.remote === remote ? rt : '#') : undefined;
  let kind = decide({ live: lt, base: base === null ? null : 'B', remote: rt, openConflict: open }).kind;
  if ((kind === 'merge' || kind === 'held') && state.resolution)
    kind = state.resolution === 'local' ? 'publish' : 'take';
  // A database is never deleted by a sync: a side without it simply has nothing to offer.
  if (kind === 'deleteLive' || kind === 'deleteRemote') kind = 'none';
  const held =
    kind === 'publish' && runsIn(kind, mode) && (await heldForSecrets(ctx.settings.secrets.allow, tmp, snap, report));
  if (held) kind = 'none';
  const conflict = kind === 'merge' || kind === 'held';
  reportDecision(report, kind, replaced);
  const treeChanges: DbRound['treeChanges'] = new Map();
  // Held for a secret, the user's choice waits for the publish it asked for.
  const resolution = mode === 'sync' && !held ? null : state.resolution;
  const heldSecrets = runsIn('publish', mode) ? report.secrets : state.heldSecrets;
  const next: DbState = { ...state, base: { ...state.base }, marker: null, resolution, pending: null, heldSecrets };
  const heldChanged = heldSecrets.join('\n') !== state.heldSecrets.join('\n');
  if (!(runsIn(kind, mode) || heldChanged)) return { treeChanges, report, commit: async () => undefined };
  if (kind === 'take') {
    const blob = (await repo.readBlobs([remote!])).get(remote!)!;
    report.notes.push(saveDropped(ctx, fx, 'live', snap, blob, state.resolution === 'remote' ? 'use-remote' : 'take'));
    await fx.replaceDatabase(dbPath, blob, ctx.settings.sources.claudeMem.busyTimeoutMs);
    report.applied = 1;
    next.base[DB_FILE_PATH] = remote!;
    next.fileLive = blobHash(snapshotFile(dbPath, tmp));
    next.fileConflict = null;
  } else if (kind === 'publish') {
    if (remote !== null && remote !== base) {
      const theirs = (await repo.readBlobs([remote])).get(remote)!;
      report.notes.push(saveDropped(ctx, fx, 'remote', theirs, snap, 'keep-local'));
    }
    const id = blobHash(snap);
    if (id !== remote) treeChanges.set(DB_FILE_PATH, snap);
    next.base[DB_FILE_PATH] = id;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (kind === 'agree') {
    next.base[DB_FILE_PATH] = remote!;
    next.fileLive = liveHash;
    next.fileConflict = null;
  } else if (conflict && !(state.fileConflict && state.fileConflict.remote === remote)) {
    next.fileConflict = { remote: remote!, since: new Date().toISOString(), rejectedPush: mode === 'push' };
  }
  if (kind !== 'none' && !conflict) next.source = dbIdentity(dbPath);
  report.notes = report.notes.filter(Boolean);
  return { treeChanges, report, commit: () => fx.saveDbState(next) };
}

/** The file's decision in the report: its counts, and a note for a replaced database or a conflict. */
function reportDecision(report: DbReport, kind: DecisionKind, replaced: boolean): void {
  const conflict = kind === 'merge' || kind === 'held';
  report.tables['claude-mem.db'] = {
    push: kind === 'publish' ? 1 : 0,
    pull: kind === 'take' ? 1 : 0,
    conflicts: conflict ? 1 : 0,
  };
  report.conflicts = conflict ? 1 : 0;
  if (replaced) {
    const why = "it is not published over the remote's without your choice";
    report.notes.push(
      `claude-mem: the database at ${report.path} is new on this machine (replaced or recreated): ${why}`,
    );
  }
  if (conflict) {
    report.rowConflicts.push({ table: 'claude-mem.db', identity: DB_FILE_PATH });
    report.notes.push(
      'claude-mem: the database changed here and on the remote; compare with memsync conflicts claude-mem, resolve ' +
        'with memsync resolve claude-mem --keep-local (or --force-push) or --use-remote (or --pull-first)',
    );
  }
}

/** Holds the publish of a snapshot with a secret in it (unless released): true when held. */
async function heldForSecrets(allow: readonly string[], tmp: string, snap: Buffer, report: DbReport): Promise<boolean> {
  if (allow.includes(DB_FILE_PATH)) return false;
  const found = await snapshotSecrets(snap, tmp);
  if (!found.length) return false;
  report.held = found.length;
  report.secrets.push(...found.map((f) => `${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`));
  for (const f of found.slice(0, 5)) {
    report.notes.push(`held back (secret): ${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`);
  }
  if (found.length > 5) report.notes.push(`held back (secret): ${found.length - 5} more findings in ${DB_FILE_PATH}`);
  const fix = `remove it in claude-mem, or if it is a false positive: memsync allow ${DB_FILE_PATH}`;
  report.notes.push(`claude-mem: the database is not published while it holds a secret; ${fix}`);
  return true;
}

/**
 * Before a whole database replaces another (live, or the remote's), the one replaced is saved in
 * the backups folder when it has rows the other lacks: the note names them and the copy ('' when none).
 */
function saveDropped(
  ctx: Context,
  fx: DbEffects,
  side: 'live' | 'remote',
  replaced: Buffer,
  by: Buffer,
  why: string,
): string {
  const dropped = rowsOnlyIn(replaced, by, tmpDir(ctx.home));
  if (!Object.keys(dropped).length && why === 'take') return '';
  const { home } = ctx;
  const file =
    side === 'live'
      ? saveLiveDatabase(home, ctx.settings.sources.claudeMem.path, fx, why)
      : saveDatabase(home, fx, `remote-${why}`, replaced);
  const whose = side === 'live' ? "this machine's database" : "the remote's database";
  const rows = perTable(dropped) || 'no';
  const back = `memsync backup restore ${file} --strategy merge brings them back`;
  const what = why === 'take' ? 'taking the remote' : `--${why}`;
  return `claude-mem: ${what} replaces ${whose}, dropping ${rows} rows only it had; it is saved as ${file} (${back})`;
}
