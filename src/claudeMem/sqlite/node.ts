/**
 * Node's built-in SQLite (`node:sqlite`; all memsync uses of it is in Node 22.16 and later). Node 22
 * flags it experimental and warns on load: that warning is kept out of the user's output.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { transactionOf } from './transaction.ts';
import type { Backend, Database, OpenOptions, RunResult, Statement } from './types.ts';

// node:sqlite's types are newer than the @types/node memsync builds with (Node 20): what is used here.
type Param = null | number | bigint | string | NodeJS.ArrayBufferView;
interface StatementSync {
  run(...p: Param[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...p: Param[]): unknown;
  all(...p: Param[]): unknown[];
  iterate(...p: Param[]): IterableIterator<unknown>;
  setReturnArrays(on: boolean): void;
}
interface DatabaseSync {
  prepare(sql: string): StatementSync;
  exec(sql: string): void;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (file: string, opts: { readOnly: boolean }) => DatabaseSync;
  StatementSync: { prototype: StatementSync };
  backup(db: DatabaseSync, dest: string): Promise<number>;
}

export function nodeSqlite(): Backend | string {
  const mod = load();
  if (typeof mod === 'string') return mod;
  return { name: 'node', open: (file, opts) => open(mod, file, opts) };
}

function load(): NodeSqlite | string {
  const emit = process.emitWarning;
  process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
    const text = typeof w === 'string' ? w : w.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emit as (...a: unknown[]) => void).call(process, w, ...rest);
  }) as typeof process.emitWarning;
  let mod: NodeSqlite;
  try {
    mod = createRequire(import.meta.url)('node:sqlite') as NodeSqlite;
  } catch {
    return `Node ${process.versions.node} has no built-in SQLite (node:sqlite needs Node 22.16 or later)`;
  } finally {
    process.emitWarning = emit;
  }
  // Rows as arrays (raw) and the backup API came later than node:sqlite itself.
  const proto = mod.StatementSync?.prototype as Partial<StatementSync> | undefined;
  if (
    typeof mod.backup !== 'function' ||
    typeof proto?.setReturnArrays !== 'function' ||
    typeof proto.iterate !== 'function'
  ) {
    return `Node ${process.versions.node}'s node:sqlite lacks what memsync needs (Node 22.16 or later has it)`;
  }
  return mod;
}

function open(mod: NodeSqlite, file: string, opts: OpenOptions): Database {
  // node:sqlite creates a missing file; better-sqlite3's fileMustExist refuses, with SQLite's words.
  if ((opts.fileMustExist || opts.readonly) && !fs.existsSync(file)) throw new Error('unable to open database file');
  const db = new mod.DatabaseSync(file, { readOnly: !!opts.readonly });
  const exec = (sql: string) => db.exec(sql);
  return {
    prepare: <P extends unknown[]>(sql: string) => statement<P>(db.prepare(sql)),
    exec,
    pragma: (text) => db.prepare(`PRAGMA ${text}`).all().map(blobs),
    transaction: transactionOf({ exec }),
    backup: async (dest) => {
      await mod.backup(db, dest);
    },
    close: () => db.close(),
  };
}

function statement<P extends unknown[]>(st: StatementSync): Statement<P> {
  const params = (p: P) => p as unknown as Param[];
  const s: Statement<P> = {
    run: (...p) => st.run(...params(p)) as RunResult,
    get: (...p) => blobs(st.get(...params(p))),
    all: (...p) => st.all(...params(p)).map(blobs),
    *iterate(...p) {
      for (const row of st.iterate(...params(p))) yield blobs(row);
    },
    raw(on = true) {
      st.setReturnArrays(on);
      return s;
    },
  };
  return s;
}

/** BLOBs as Buffers (node:sqlite gives Uint8Array; memsync's rows test Buffer.isBuffer). */
function blobs<T>(row: T): T {
  if (!row || typeof row !== 'object') return row;
  const r = row as Record<string, unknown>;
  for (const k in r) {
    const v = r[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}
