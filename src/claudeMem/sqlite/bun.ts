/**
 * Bun's SQLite (bun:sqlite), for a machine with neither a Node that has it built in nor a built
 * better-sqlite3, but with `bun` (claude-mem runs on Bun). memsync's SQLite calls are synchronous:
 * each database is a `bun` subprocess answering JSON lines, reached through a worker thread while
 * this thread waits (Atomics.wait), so transactions and statements behave as in the other backends.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { BUN_SERVER, BUN_WORKER } from './bunServer.ts';
import { findBun } from './atHand.ts';
import { transactionOf } from './transaction.ts';
import type { Backend, Database, OpenOptions, RunResult, Statement } from './types.ts';

/** Longer than any busy timeout memsync sets: a bun that does not answer by then is stuck. */
const ANSWER_MS = 120_000;

export function bunSqlite(): Backend | string {
  const bun = findBun(process.env);
  if (!bun) return 'bun is not on PATH';
  return { name: 'bun', open: (file, opts) => open(bun, file, opts) };
}

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  message?: string;
  code?: string;
}

type Request = { op: string; sql?: string; params?: unknown[]; raw?: boolean; [k: string]: unknown };

function open(bun: string, file: string, opts: OpenOptions): Database {
  const call = connect(bun);
  call({ op: 'open', file, readonly: !!opts.readonly, fileMustExist: !!opts.fileMustExist || !!opts.readonly });
  const exec = (sql: string) => void call({ op: 'exec', sql });
  return {
    prepare: <P extends unknown[]>(sql: string) => statement<P>(call, sql),
    exec,
    pragma: (text) => rows(call({ op: 'all', sql: `PRAGMA ${text}` })),
    transaction: transactionOf({ exec }),
    backup: async (dest) => void call({ op: 'backup', dest }),
    close: () => {
      call({ op: 'close' });
      call.end();
    },
  };
}

function statement<P extends unknown[]>(call: Call, sql: string): Statement<P> {
  let raw = false;
  const q = (op: string, params: unknown[]) => call({ op, sql, params: params.map(param), raw });
  const s: Statement<P> = {
    run: (...p) => q('run', p) as RunResult,
    get: (...p) => value(q('get', p)) ?? undefined,
    all: (...p) => rows(q('all', p)),
    *iterate(...p) {
      yield* rows(q('all', p));
    },
    raw(on = true) {
      raw = on;
      return s;
    },
  };
  return s;
}

const param = (v: unknown) => (v instanceof Uint8Array ? { $b: Buffer.from(v).toString('base64') } : v);
const rows = (r: unknown) => (r as unknown[]).map(value);

function value(r: unknown): unknown {
  if (!r || typeof r !== 'object') return r;
  const o = r as Record<string, unknown>;
  for (const k in o) {
    const v = o[k] as { $b?: unknown } | null;
    if (v && typeof v === 'object' && typeof v.$b === 'string') o[k] = Buffer.from(v.$b, 'base64');
  }
  return r;
}

type Call = ((req: Request) => unknown) & { end(): void };

/** One bun process; `call` sends a request and blocks this thread until its answer arrives. */
function connect(bun: string): Call {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(BUN_WORKER, {
    eval: true,
    workerData: { bun, script: BUN_SERVER, signal, port: port2 },
    transferList: [port2],
  });
  worker.unref();
  let next = 0;
  let dead: string | null = null;
  const call = ((req: Request) => {
    if (dead) throw new Error(dead);
    const id = ++next;
    Atomics.store(signal, 0, 0);
    worker.postMessage({ ...req, id });
    const answer = waitForAnswer(signal, port1, id);
    if (answer.id === -1) dead = answer.message ?? 'bun stopped';
    if (!answer.ok) throw Object.assign(new Error(answer.message), answer.code ? { code: answer.code } : {});
    return answer.result;
  }) as Call;
  call.end = () => {
    port1.close();
    void worker.terminate();
  };
  return call;
}

function waitForAnswer(signal: Int32Array, port: MessagePort, id: number): Answer {
  for (;;) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const a = m.message as Answer;
      if (a.id === id || a.id === -1) return a;
    }
    if (Atomics.wait(signal, 0, 0, ANSWER_MS) === 'timed-out') {
      return { id: -1, ok: false, message: `bun did not answer within ${ANSWER_MS / 1000} s` };
    }
    Atomics.store(signal, 0, 0);
  }
}
