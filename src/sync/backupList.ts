/**
 * The backups folder as a person reads it: every backup and every database copy memsync saved
 * there, each with its kind, time, size and whether it checks whole; and the deletions that keep
 * it small (`backup prune`, and the retention of scheduled and safety backups).
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { openSqlite } from '../claudeMem/sqlite.ts';
import { type BackupKind, backupDir, KIND_PREFIX, verifyBackup } from './backup.ts';

export type ListedKind = BackupKind | 'database copy';

export interface BackupListing {
  file: string;
  kind: ListedKind;
  bytes: number;
  time: string;
  /** Whether it checks whole (an archive: every file against its manifest; a database copy: SQLite's quick_check). */
  verified: boolean;
  /** Why it does not, when it does not. */
  problem?: string;
}

const STAMP = /-(\d{8}T\d{9}Z)\.(?:tar\.gz(?:\.age)?|db)$/;
const ARCHIVE = new RegExp(`^(${Object.values(KIND_PREFIX).join('|')})-.+\\.tar\\.gz(\\.age)?$`);
const DB_COPY = /^claude-mem-before-.+\.db$/;

function kindOf(name: string): ListedKind | null {
  if (DB_COPY.test(name)) return 'database copy';
  const prefix = ARCHIVE.exec(name)?.[1];
  const kind = Object.entries(KIND_PREFIX).find(([, p]) => p === prefix)?.[0];
  return (kind as BackupKind | undefined) ?? null;
}

/** The time in a name memsync gave (`...-20261207T201446123Z.tar.gz`), else the file's mtime. */
function timeOf(name: string, st: fs.Stats): string {
  const m = STAMP.exec(name)?.[1];
  if (!m) return st.mtime.toISOString();
  const [date, time] = [`${m.slice(0, 4)}-${m.slice(4, 6)}-${m.slice(6, 8)}`, m.slice(9)];
  return `${date}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.${time.slice(6, 9)}Z`;
}

/** Backups and database copies in `dirs` (default: the default folder), newest first, not yet verified. */
function backupFiles(home: string, dirs: string[] = [backupDir(home)]): Omit<BackupListing, 'verified'>[] {
  const out: (Omit<BackupListing, 'verified'> & { key: string })[] = [];
  for (const dir of [...new Set(dirs.map((d) => path.resolve(d)))]) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const kind = kindOf(n);
      const file = path.join(dir, n);
      const st = kind ? fs.statSync(file, { throwIfNoEntry: false }) : undefined;
      if (!kind || !st?.isFile()) continue;
      const time = timeOf(n, st);
      out.push({ file, kind, bytes: st.size, time, key: `${time}\0${n}` });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0)).map(({ key: _key, ...l }) => l);
}

/** Every backup and database copy in `dirs`, each checked whole (an encrypted one with `home`'s key). */
export async function listBackups(home: string, dirs?: string[]): Promise<BackupListing[]> {
  const out: BackupListing[] = [];
  for (const b of backupFiles(home, dirs)) {
    const problem = b.kind === 'database copy' ? databaseProblem(b.file) : await archiveProblem(b.file, home);
    out.push(problem ? { ...b, verified: false, problem } : { ...b, verified: true });
  }
  return out;
}

async function archiveProblem(file: string, home: string): Promise<string | null> {
  try {
    await verifyBackup(file, home);
    return null;
  } catch (e) {
    return (e as Error).message.replace(`${file}: `, '');
  }
}

function databaseProblem(file: string): string | null {
  try {
    const db = openSqlite(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('quick_check') as { quick_check?: string }[];
      const first = rows[0]?.quick_check;
      return first === 'ok' ? null : `SQLite's quick_check says: ${first ?? 'nothing'}`;
    } finally {
      db.close();
    }
  } catch (e) {
    return `not a readable SQLite database (${(e as Error).message})`;
  }
}

/** Deletes all but the newest `keep` backups of the default folder (any kind; database copies stay); returns them. */
export function pruneBackups(home: string, keep: number): string[] {
  if (!Number.isInteger(keep) || keep < 1)
    throw new UsageError(`--keep ${keep}: expected a whole number of at least 1`);
  const gone = backupFiles(home)
    .filter((b) => b.kind !== 'database copy')
    .slice(keep)
    .map((b) => b.file);
  for (const f of gone) fs.rmSync(f, { force: true });
  return gone;
}

/**
 * Retention for one kind made by memsync itself (scheduled or safety) and this host, in `dir`:
 * the newest `keep` stay, and of those, any older than `keepDays` goes but the newest. Backups made
 * by hand and database copies are never touched. Returns the deleted files.
 */
export function applyRetention(
  home: string,
  dir: string,
  kind: 'scheduled' | 'safety',
  host: string,
  rule: { keep: number; keepDays: number },
  at: Date,
): string[] {
  // This host's only: a folder may be shared by several machines (`--output` on a synced disk).
  const prefix = `${KIND_PREFIX[kind]}-${host}-`;
  const mine = (n: string) => n.startsWith(prefix) && /^\d{8}T\d{9}Z\.tar\.gz(\.age)?$/.test(n.slice(prefix.length));
  const oldest = at.getTime() - rule.keepDays * 24 * 3600_000;
  const gone = backupFiles(home, [dir])
    .filter((b) => b.kind === kind && mine(path.basename(b.file)))
    .filter((b, i) => i >= rule.keep || (i > 0 && Date.parse(b.time) < oldest))
    .map((b) => b.file);
  for (const f of gone) fs.rmSync(f, { force: true });
  return gone;
}
