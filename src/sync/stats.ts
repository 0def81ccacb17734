import fs from 'node:fs';
import { openRepo } from '../crypto/openRepo.ts';
import { longestFolderPrefix, type Root } from '../sources/roots.ts';
import type { Context } from '../machine/context.ts';
import { syncRoots } from './engine.ts';
import { fetchedTip } from './fetchedTip.ts';
import { scanLive } from '../machine/scan.ts';
import { loadHeader } from '../machine/state.ts';
import { loadScanCache } from '../machine/watch.ts';
import { claudeMemStats } from '../claudeMem/stats.ts';

/** How many commits of history the last-change and per-host figures look at. */
const STATS_HISTORY_LIMIT = 2000;

export interface StatsRow {
  source: string;
  /** Project identity for auto memory roots; the source name otherwise. */
  label: string;
  repoPrefix: string;
  remoteFiles: number;
  remoteBytes: number;
  liveFiles: number;
  liveBytes: number;
  /** The newest commit touching the prefix (within the history looked at), or null. */
  lastChange: { time: string; host: string } | null;
  /** Databases: rows on the remote (as of this machine's last sync) and live. */
  remoteRows?: number | null;
  liveRows?: number | null;
}

export interface StatsResult {
  sources: StatsRow[];
  /** Disk size of memsync's local repository (loose and packed objects), in bytes. */
  repositoryBytes: number;
  /** Each host (commit author) with its newest commit time on the remote, newest first. */
  hosts: { host: string; lastCommit: string }[];
  /** This machine's last successful sync. */
  lastSyncTime: string | null;
  /** True when the remote could not be reached and the last fetched tip is shown. */
  offline: boolean;
  notes: string[];
}

/** Per-root figures for the remote tip and this machine, the last change per root and the last commit per host. */
export async function getStats(ctx: Context): Promise<StatsResult> {
  const repo = openRepo(ctx);
  const notes: string[] = [];
  const { roots } = await syncRoots(ctx);
  const { tip, offline } = await fetchedTip(ctx, repo, notes, ctx.settings.pullTimeoutMs);
  const rows = new Map<string, StatsRow>(
    roots.map((r) => [
      r.repoPrefix,
      {
        source: r.source,
        label: r.label,
        repoPrefix: r.repoPrefix,
        remoteFiles: 0,
        remoteBytes: 0,
        liveFiles: 0,
        liveBytes: 0,
        lastChange: null,
      },
    ]),
  );
  const rowOf = (p: string): StatsRow | undefined => {
    const prefix = longestFolderPrefix(rows, p);
    return prefix === undefined ? undefined : rows.get(prefix);
  };

  // claude-mem's tables are files, not folders: each is a row of its own, found by its exact path.
  const dbRows = new Map<string, StatsRow>();
  const mem = ctx.settings.sources.claudeMem;
  if (mem.enabled) {
    for (const t of await claudeMemStats(ctx.home, mem)) {
      dbRows.set(t.path, {
        source: 'claudeMem',
        label: t.table,
        repoPrefix: t.path,
        remoteFiles: 0,
        remoteBytes: 0,
        liveFiles: 0,
        liveBytes: 0,
        lastChange: null,
        remoteRows: t.remoteRows,
        liveRows: t.liveRows,
      });
    }
  }
  const hosts = new Map<string, string>();
  if (tip) {
    // Only the files of rows: an encrypted store reads each file it sizes.
    const counted = (p: string) => (dbRows.get(p) ?? rowOf(p)) !== undefined;
    const [sizes, commits] = await Promise.all([
      repo.treeSizes(tip, counted),
      repo.changedPaths(tip, STATS_HISTORY_LIMIT),
    ]);
    for (const [p, bytes] of sizes) {
      const row = (dbRows.get(p) ?? rowOf(p))!;
      row.remoteFiles++;
      row.remoteBytes += bytes;
    }
    for (const c of commits) {
      if (!hosts.has(c.host)) hosts.set(c.host, c.time);
      for (const p of c.paths) {
        const row = dbRows.get(p) ?? rowOf(p);
        if (row && !row.lastChange) row.lastChange = { time: c.time, host: c.host };
      }
    }
    if (commits.length >= STATS_HISTORY_LIMIT)
      notes.push(`last changes and hosts are from the newest ${STATS_HISTORY_LIMIT} commits only`);
  }

  countLive(ctx.home, roots, ctx.settings.exclude, rows);
  const [repositoryBytes, header] = await Promise.all([repo.sizeOnDisk().catch(() => 0), loadHeader(ctx.home)]);
  return {
    sources: [...rows.values(), ...dbRows.values()],
    repositoryBytes,
    hosts: [...hosts].map(([host, lastCommit]) => ({ host, lastCommit })),
    lastSyncTime: header.lastSyncTime,
    offline,
    notes,
  };
}

/** Files and bytes a sync would take from each root's live folder on this machine. */
function countLive(
  home: string,
  roots: readonly Root[],
  exclude: readonly string[],
  rows: Map<string, StatsRow>,
): void {
  // The scan cache spares reading files that did not move since the last sync.
  const { files } = scanLive(roots, exclude, loadScanCache(home));
  for (const f of files.values()) {
    const row = rows.get(f.root.repoPrefix);
    if (!row) continue;
    let size: number;
    try {
      size = fs.statSync(f.livePath).size;
    } catch {
      continue;
    }
    row.liveFiles++;
    row.liveBytes += size;
  }
}

/** A compact table of the stats, for people. */
export function formatStats(s: StatsResult): string {
  const head = ['source', 'project', 'remote', 'live', 'last change'];
  const body = s.sources.map((r) => [
    r.source,
    r.label === r.source ? '-' : r.label,
    r.remoteRows !== undefined
      ? `${r.remoteRows ?? '-'} rows (${bytes(r.remoteBytes)})`
      : `${r.remoteFiles} (${bytes(r.remoteBytes)})`,
    r.liveRows !== undefined ? `${r.liveRows ?? '-'} rows` : `${r.liveFiles} (${bytes(r.liveBytes)})`,
    r.lastChange ? `${r.lastChange.time.slice(0, 16).replace('T', ' ')} ${r.lastChange.host}` : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = body.length ? [line(head), ...body.map(line)] : ['nothing synced on this machine yet'];
  lines.push('', `repository: ${bytes(s.repositoryBytes)}`, `last sync here: ${s.lastSyncTime ?? 'never'}`);
  if (s.hosts.length) lines.push('last commit per host:', ...s.hosts.map((h) => `  ${h.host}  ${h.lastCommit}`));
  for (const n of s.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
