/** The subset of better-sqlite3's API memsync uses, which every SQLite backend provides. */

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement<P extends unknown[] = unknown[]> {
  run(...params: P): RunResult;
  get(...params: P): unknown;
  all(...params: P): unknown[];
  iterate(...params: P): IterableIterator<unknown>;
  /** Rows as arrays of values in column order instead of objects. */
  raw(on?: boolean): this;
}

type Tx<F extends (...a: never[]) => unknown> = F & { immediate: F; deferred: F };

export interface Database {
  prepare<P extends unknown[] = unknown[]>(sql: string): Statement<P>;
  exec(sql: string): void;
  /** `PRAGMA <text>`: its rows (`[{integrity_check: 'ok'}]`). */
  pragma(text: string): unknown[];
  /** A function running `fn` in one transaction (a savepoint when nested); `.immediate` takes the write lock first. */
  transaction<F extends (...a: never[]) => unknown>(fn: F): Tx<F>;
  /** Copies the whole database into `file` through SQLite's online backup API. */
  backup(file: string): Promise<void>;
  close(): void;
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

export const BACKENDS = ['node', 'better-sqlite3', 'bun'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Backend {
  name: BackendName;
  open(file: string, opts: OpenOptions): Database;
}
