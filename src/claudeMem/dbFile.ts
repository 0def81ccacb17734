/**
 * The database as one file: a consistent snapshot of it, a snapshot opened to read, and a snapshot
 * written back into the live database through SQLite's online backup API (never a file copy).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import { BUSY_TIMEOUT_MS, openDatabase, quoteId } from './snapshot.ts';
import { openSqlite, type Database } from './sqlite.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';

/**
 * A consistent copy of the live database (VACUUM INTO reads it in one transaction, WAL included),
 * holding no words of deleted rows.
 */
export function snapshotFile(dbPath: string, dir: string): Buffer {
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `claude-mem-snapshot-${process.pid}-${Date.now()}.db`);
  const db = openDatabase(dbPath);
  try {
    try {
      db.prepare('VACUUM INTO ?').run(out);
    } finally {
      db.close();
    }
    dropDeletedWords(out);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

/**
 * Rebuilds a snapshot's full-text indexes from their tables, then compacts it. An index keeps the
 * words of deleted rows (a prompt removed after the secret warning) until it is rebuilt, split into
 * terms where the secret scan cannot see a token whole; its tables are what the scan reads.
 */
function dropDeletedWords(file: string): void {
  const db = openDatabase(file);
  try {
    db.pragma('journal_mode = DELETE');
    const sql = `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts%'`;
    for (const { name } of db.prepare(sql).all() as { name: string }[]) {
      const t = quoteId(name);
      try {
        db.prepare(`INSERT INTO ${t}(${t}) VALUES ('rebuild')`).run();
      } catch {
        // An index without a table of its own to rebuild from (contentless): its deleted rows' words
        // go when its segments are merged.
        db.prepare(`INSERT INTO ${t}(${t}) VALUES ('optimize')`).run();
      }
    }
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}

/** Runs `fn` on a database snapshot (its bytes written to a temporary file, removed after). */
export function withSnapshot<T>(content: Buffer, dir: string, fn: (db: Database) => T): T {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `claude-mem-open-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  checkedWrite(file, content, { fsync: false, what: 'a copy of a database snapshot' });
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
    fs.rmSync(file, { force: true });
  }
}

/**
 * Writes a snapshot into the live database through SQLite's online backup API. It first waits up
 * to `busyMs` for claude-mem's write lock (a backup into a database another connection is writing
 * can end without an error and without a change), then checks that the live database now holds
 * the snapshot; when it does not, nothing is recorded and the caller hears "busy".
 */
export async function restoreInto(dbPath: string, content: Buffer, dir: string, busyMs = BUSY_TIMEOUT_MS) {
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, `claude-mem-restore-${process.pid}-${Date.now()}.db`);
  checkedWrite(src, content, { fsync: false, what: 'a copy of the database to restore' });
  const from = openSqlite(src, { readonly: true });
  try {
    if (fs.existsSync(dbPath)) waitForWriteLock(dbPath, busyMs);
    await from.backup(dbPath);
    if (contentDigest(dbPath) !== contentDigest(src)) {
      const what = 'another program wrote to it while memsync replaced it, so it was left as it is';
      throw new MemsyncError(`${dbPath} is busy: ${what}`, 'failure', 'the next sync tries again');
    }
  } finally {
    from.close();
    fs.rmSync(src, { force: true });
  }
}

/** Waits (up to `busyMs`) until no other connection holds the database's write lock. */
function waitForWriteLock(dbPath: string, busyMs: number): void {
  const db = openDatabase(dbPath, busyMs);
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } finally {
    db.close();
  }
}

/** A digest of a database's schema and rows (what a backup must carry over), whatever its page layout. */
function contentDigest(file: string): string {
  const db = openDatabase(file);
  const hash = createHash('sha256');
  try {
    db.exec('BEGIN');
    const sql = `SELECT name, sql FROM sqlite_master ORDER BY type, name`;
    const tables = db.prepare(sql).all() as { name: string; sql: string | null }[];
    for (const t of tables) {
      hash.update(`${t.name}\0${t.sql ?? ''}\0`);
      if (!t.sql?.startsWith('CREATE TABLE')) continue;
      for (const row of db.prepare(`SELECT * FROM ${quoteId(t.name)}`).all()) hash.update(JSON.stringify(row, plain));
    }
    db.exec('COMMIT');
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

const plain = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
