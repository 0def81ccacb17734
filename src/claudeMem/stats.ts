/** Row counts of claude-mem's database for `memsync stats`: live through SQLite, remote as of the last sync. */
import fs from 'node:fs';
import { tablePath } from './tables.ts';
import { loadDbState, readDbBase } from './dbState.ts';
import { DB_FILE_PATH } from './fileMode.ts';
import { openDatabase, quoteId } from './snapshot.ts';
import { SYNCED_TABLES } from './tables.ts';

export interface DbTableStats {
  /** The repository path the table (or, in file mode, the whole database) is kept at. */
  path: string;
  table: string;
  /** Rows this machine and the remote agreed on at the last sync (null in file mode). */
  remoteRows: number | null;
  liveRows: number | null;
}

export async function claudeMemStats(
  home: string,
  cfg: { path: string; mode: 'rows' | 'file' },
): Promise<DbTableStats[]> {
  const live = new Map<string, number>();
  if (fs.existsSync(cfg.path)) {
    const db = openDatabase(cfg.path);
    try {
      const present = new Set(
        (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map(
          (r) => r.name,
        ),
      );
      for (const s of SYNCED_TABLES)
        if (present.has(s.name))
          live.set(s.name, (db.prepare(`SELECT COUNT(*) AS n FROM ${quoteId(s.name)}`).get() as { n: number }).n);
    } finally {
      db.close();
    }
  }
  if (cfg.mode === 'file') {
    const total = live.size ? [...live.values()].reduce((a, b) => a + b, 0) : null;
    return [{ path: DB_FILE_PATH, table: '(whole database)', remoteRows: null, liveRows: total }];
  }
  const state = await loadDbState(home);
  const out: DbTableStats[] = [];
  for (const s of SYNCED_TABLES) {
    const p = tablePath(s.name);
    const id = state.base[p];
    const text = id ? (await readDbBase(home, id).catch(() => null))?.toString('utf8') : undefined;
    out.push({
      path: p,
      table: s.name,
      remoteRows: text === undefined ? null : countLines(text),
      liveRows: live.get(s.name) ?? null,
    });
  }
  return out;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
