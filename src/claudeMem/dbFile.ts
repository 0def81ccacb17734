/**
 * The database as one file: a consistent snapshot of it, a snapshot opened to read, and a snapshot
 * written back into the live database through SQLite's online backup API (never a file copy).
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './snapshot.ts';
import { sqlite, type Database } from './sqlite.ts';

/** A consistent copy of the live database (VACUUM INTO reads it in one transaction, WAL included). */
export function snapshotFile(dbPath: string, dir: string): Buffer {
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `claude-mem-snapshot-${process.pid}-${Date.now()}.db`);
  const db = openDatabase(dbPath);
  try {
    db.prepare('VACUUM INTO ?').run(out);
    return fs.readFileSync(out);
  } finally {
    db.close();
    fs.rmSync(out, { force: true });
  }
}

/** Runs `fn` on a database snapshot (its bytes written to a temporary file, removed after). */
export function withSnapshot<T>(content: Buffer, dir: string, fn: (db: Database) => T): T {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `claude-mem-open-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  fs.writeFileSync(file, content);
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
    fs.rmSync(file, { force: true });
  }
}

/** Writes a snapshot into the live database through SQLite's online backup API. */
export async function restoreInto(dbPath: string, content: Buffer, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, `claude-mem-restore-${process.pid}-${Date.now()}.db`);
  fs.writeFileSync(src, content);
  const Sqlite = sqlite();
  const from = new Sqlite(src, { readonly: true });
  try {
    await from.backup(dbPath);
  } finally {
    from.close();
    fs.rmSync(src, { force: true });
  }
}
