import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  findBun
} from "./chunk-TXEA6ZX2.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/claudeMem/tables.ts
import { createHash } from "node:crypto";
var DB_PREFIX = "claude-mem/";
var tablePath = (table) => `${DB_PREFIX}${table}.jsonl`;
var SYNCED_TABLES = [
  {
    name: "sdk_sessions",
    identity: (r) => [r.platform_source ?? null, r.content_session_id ?? null],
    references: []
  },
  {
    name: "observations",
    identity: (r) => [r.memory_session_id ?? null, r.content_hash ?? observationHash(r)],
    references: []
  },
  {
    name: "session_summaries",
    identity: (r) => [r.memory_session_id ?? null, r.prompt_number ?? null, r.created_at_epoch ?? null],
    references: []
  },
  {
    name: "user_prompts",
    identity: (r) => [r.content_session_id ?? null, r.prompt_number ?? null],
    references: [
      {
        column: "session_db_id",
        table: "sdk_sessions",
        via: { column: "content_session_id", parent: "content_session_id" }
      }
    ]
  }
];
var LOCAL_TABLES = [/^pending_messages$/, /^sync_/, /^telegram_/, /^schema_versions$/, /^sqlite_/, /_fts(_.*)?$/];
function isLocalTable(name) {
  return LOCAL_TABLES.some((re) => re.test(name));
}
function observationHash(r) {
  const text = `${r.memory_session_id ?? ""}\0${r.title ?? ""}\0${r.narrative ?? ""}`;
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

// src/claudeMem/sqlite/better.ts
import { createRequire } from "node:module";
function betterSqlite() {
  let Sqlite;
  try {
    Sqlite = createRequire(import.meta.url)("better-sqlite3");
    new Sqlite(":memory:").close();
  } catch (e) {
    const code = e.code;
    return code === "MODULE_NOT_FOUND" ? "better-sqlite3 is not installed" : `better-sqlite3 does not load (${e.message.split("\n")[0]})`;
  }
  return {
    name: "better-sqlite3",
    open: (file, opts) => new Sqlite(file, opts)
  };
}

// src/claudeMem/sqlite/bun.ts
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

// src/claudeMem/sqlite/bunServer.ts
var BUN_SERVER = String.raw`
const { Database } = require('bun:sqlite');
let db = null;
const enc = (v) => (v instanceof Uint8Array ? { $b: Buffer.from(v).toString('base64') } : v);
const dec = (v) => (v && typeof v === 'object' && typeof v.$b === 'string' ? Buffer.from(v.$b, 'base64') : v);
const row = (r) => {
  if (r === undefined || r === null) return null;
  if (Array.isArray(r)) return r.map(enc);
  for (const k in r) r[k] = enc(r[k]);
  return r;
};
async function backup(dest) {
  const sqlite = require('node:sqlite');
  if (typeof sqlite.backup !== 'function') throw new Error('this bun has no SQLite backup API (upgrade bun)');
  const from = new sqlite.DatabaseSync(db.filename, { readOnly: true });
  try { await sqlite.backup(from, dest); } finally { from.close(); }
}
async function handle(m) {
  const p = (m.params || []).map(dec);
  switch (m.op) {
    case 'open':
      db = new Database(m.file, m.readonly ? { readonly: true } : { readwrite: true, create: !m.fileMustExist });
      return null;
    case 'exec': db.exec(m.sql); return null;
    case 'run': {
      const r = db.query(m.sql).run(...p);
      return { changes: r.changes, lastInsertRowid: Number(r.lastInsertRowid) };
    }
    case 'get': { const q = db.query(m.sql); return row(m.raw ? q.values(...p)[0] : q.get(...p)); }
    case 'all': { const q = db.query(m.sql); return (m.raw ? q.values(...p) : q.all(...p)).map(row); }
    case 'backup': await backup(m.dest); return null;
    case 'close': db.close(); db = null; return null;
    default: throw new Error('unknown request ' + m.op);
  }
}
let chain = Promise.resolve();
const lines = require('node:readline').createInterface({ input: process.stdin });
lines.on('line', (line) => {
  chain = chain.then(async () => {
    const m = JSON.parse(line);
    let out;
    try { out = { id: m.id, ok: true, result: await handle(m) }; }
    catch (e) { out = { id: m.id, ok: false, message: String((e && e.message) || e), code: e && e.code }; }
    process.stdout.write(JSON.stringify(out) + '\n');
  });
});
lines.on('close', () => chain.then(() => { try { if (db) db.close(); } catch {} process.exit(0); }));
`;
var BUN_WORKER = String.raw`
const { workerData, parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { bun, script, signal, port } = workerData;
const child = spawn(bun, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
let buf = '';
let err = '';
const reply = (m) => { port.postMessage(m); Atomics.store(signal, 0, 1); Atomics.notify(signal, 0); };
child.stdout.setEncoding('utf8');
child.stdout.on('data', (d) => {
  buf += d;
  for (let i; (i = buf.indexOf('\n')) >= 0; buf = buf.slice(i + 1)) reply(JSON.parse(buf.slice(0, i)));
});
child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
child.stdin.on('error', () => undefined);
child.on('error', (e) => reply({ id: -1, ok: false, message: 'bun could not be started (' + e.message + ')' }));
child.on('exit', (code, sig) => {
  const last = err.trim().split('\n').pop();
  reply({ id: -1, ok: false, message: 'bun exited (' + (sig || code) + ')' + (last ? ': ' + last : '') });
});
parentPort.on('message', (m) => child.stdin.write(JSON.stringify(m) + '\n'));
`;

// src/claudeMem/sqlite/transaction.ts
function transactionOf(db) {
  let depth = 0;
  return (fn) => {
    const run = (begin) => ((...args) => {
      const savepoint = depth > 0 ? `memsync_tx_${depth}` : null;
      db.exec(savepoint ? `SAVEPOINT ${savepoint}` : begin);
      depth++;
      try {
        const out = fn(...args);
        db.exec(savepoint ? `RELEASE ${savepoint}` : "COMMIT");
        return out;
      } catch (e) {
        if (!savepoint) db.exec("ROLLBACK");
        else for (const sql of [`ROLLBACK TO ${savepoint}`, `RELEASE ${savepoint}`]) db.exec(sql);
        throw e;
      } finally {
        depth--;
      }
    });
    return Object.assign(run("BEGIN"), { deferred: run("BEGIN DEFERRED"), immediate: run("BEGIN IMMEDIATE") });
  };
}

// src/claudeMem/sqlite/bun.ts
var ANSWER_MS = 12e4;
function bunSqlite() {
  const bun = findBun(process.env);
  if (!bun) return "bun is not on PATH";
  return { name: "bun", open: (file, opts) => open(bun, file, opts) };
}
function open(bun, file, opts) {
  const call = connect(bun);
  call({ op: "open", file, readonly: !!opts.readonly, fileMustExist: !!opts.fileMustExist || !!opts.readonly });
  const exec = (sql) => void call({ op: "exec", sql });
  return {
    prepare: (sql) => statement(call, sql),
    exec,
    pragma: (text) => rows(call({ op: "all", sql: `PRAGMA ${text}` })),
    transaction: transactionOf({ exec }),
    backup: async (dest) => void call({ op: "backup", dest }),
    close: () => {
      call({ op: "close" });
      call.end();
    }
  };
}
function statement(call, sql) {
  let raw = false;
  const q = (op, params) => call({ op, sql, params: params.map(param), raw });
  const s = {
    run: (...p) => q("run", p),
    get: (...p) => value(q("get", p)) ?? void 0,
    all: (...p) => rows(q("all", p)),
    *iterate(...p) {
      yield* rows(q("all", p));
    },
    raw(on = true) {
      raw = on;
      return s;
    }
  };
  return s;
}
var param = (v) => v instanceof Uint8Array ? { $b: Buffer.from(v).toString("base64") } : v;
var rows = (r) => r.map(value);
function value(r) {
  if (!r || typeof r !== "object") return r;
  const o = r;
  for (const k in o) {
    const v = o[k];
    if (v && typeof v === "object" && typeof v.$b === "string") o[k] = Buffer.from(v.$b, "base64");
  }
  return r;
}
function connect(bun) {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(BUN_WORKER, {
    eval: true,
    workerData: { bun, script: BUN_SERVER, signal, port: port2 },
    transferList: [port2]
  });
  worker.unref();
  let next = 0;
  let dead = null;
  const call = ((req) => {
    if (dead) throw new Error(dead);
    const id = ++next;
    Atomics.store(signal, 0, 0);
    worker.postMessage({ ...req, id });
    const answer = waitForAnswer(signal, port1, id);
    if (answer.id === -1) dead = answer.message ?? "bun stopped";
    if (!answer.ok) throw Object.assign(new Error(answer.message), answer.code ? { code: answer.code } : {});
    return answer.result;
  });
  call.end = () => {
    port1.close();
    void worker.terminate();
  };
  return call;
}
function waitForAnswer(signal, port, id) {
  for (; ; ) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const a = m.message;
      if (a.id === id || a.id === -1) return a;
    }
    if (Atomics.wait(signal, 0, 0, ANSWER_MS) === "timed-out") {
      return { id: -1, ok: false, message: `bun did not answer within ${ANSWER_MS / 1e3} s` };
    }
    Atomics.store(signal, 0, 0);
  }
}

// src/claudeMem/sqlite/node.ts
import fs from "node:fs";
import { createRequire as createRequire2 } from "node:module";
function nodeSqlite() {
  const mod = load();
  if (typeof mod === "string") return mod;
  return { name: "node", open: (file, opts) => open2(mod, file, opts) };
}
function load() {
  const emit = process.emitWarning;
  process.emitWarning = ((w, ...rest) => {
    const text = typeof w === "string" ? w : w.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    emit.call(process, w, ...rest);
  });
  let mod;
  try {
    mod = createRequire2(import.meta.url)("node:sqlite");
  } catch {
    return `Node ${process.versions.node} has no built-in SQLite (node:sqlite needs Node 22.16 or later)`;
  } finally {
    process.emitWarning = emit;
  }
  const proto = mod.StatementSync?.prototype;
  if (typeof mod.backup !== "function" || typeof proto?.setReturnArrays !== "function" || typeof proto.iterate !== "function") {
    return `Node ${process.versions.node}'s node:sqlite lacks what memsync needs (Node 22.16 or later has it)`;
  }
  return mod;
}
function open2(mod, file, opts) {
  if ((opts.fileMustExist || opts.readonly) && !fs.existsSync(file)) throw new Error("unable to open database file");
  const db = new mod.DatabaseSync(file, { readOnly: !!opts.readonly });
  const exec = (sql) => db.exec(sql);
  return {
    prepare: (sql) => statement2(db.prepare(sql)),
    exec,
    pragma: (text) => db.prepare(`PRAGMA ${text}`).all().map(blobs),
    transaction: transactionOf({ exec }),
    backup: async (dest) => {
      await mod.backup(db, dest);
    },
    close: () => db.close()
  };
}
function statement2(st) {
  const params = (p) => p;
  const s = {
    run: (...p) => st.run(...params(p)),
    get: (...p) => blobs(st.get(...params(p))),
    all: (...p) => st.all(...params(p)).map(blobs),
    *iterate(...p) {
      for (const row of st.iterate(...params(p))) yield blobs(row);
    },
    raw(on = true) {
      st.setReturnArrays(on);
      return s;
    }
  };
  return s;
}
function blobs(row) {
  if (!row || typeof row !== "object") return row;
  const r = row;
  for (const k in r) {
    const v = r[k];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) r[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  return row;
}

// src/claudeMem/sqlite/types.ts
var BACKENDS = ["node", "better-sqlite3", "bun"];

// src/claudeMem/sqlite.ts
var PROBES = {
  node: nodeSqlite,
  "better-sqlite3": betterSqlite,
  bun: bunSqlite
};
var chosen;
function sqliteBackend(env = process.env) {
  chosen ??= choose(env);
  if (chosen instanceof MemsyncError) throw chosen;
  return chosen;
}
function sqliteAvailability(env = process.env) {
  try {
    return { name: sqliteBackend(env).name };
  } catch (e) {
    const err = e;
    return { missing: err.message, hint: err.hint ?? "" };
  }
}
function choose(env) {
  const forced = env.MEMSYNC_SQLITE?.trim();
  if (forced) {
    if (!BACKENDS.includes(forced)) {
      return new MemsyncError(
        `MEMSYNC_SQLITE is "${forced}", not one of ${BACKENDS.join(", ")}`,
        "usage",
        "unset it to let memsync choose"
      );
    }
    const b = PROBES[forced]();
    if (typeof b !== "string") return b;
    return new MemsyncError(
      `claude-mem's database cannot be opened with ${forced} (MEMSYNC_SQLITE): ${b}`,
      "failure",
      "unset MEMSYNC_SQLITE to let memsync choose"
    );
  }
  const why = [];
  for (const name of BACKENDS) {
    const b = PROBES[name]();
    if (typeof b !== "string") return b;
    why.push(b);
  }
  return new MemsyncError(
    `no SQLite memsync can use on this machine (${why.join("; ")})`,
    "failure",
    "install Node.js 22.16 or later (its SQLite is built in), or Bun (https://bun.sh), or set sources.claudeMem.enabled to false"
  );
}
function openSqlite(file, opts = {}) {
  return sqliteBackend().open(file, opts);
}

// src/claudeMem/rows.ts
import fs2 from "node:fs";
function serializeRow(spec, row, columns, refKey) {
  const out = {};
  const refs = spec.references;
  for (const c of columns) {
    if (c === "id") continue;
    const v = row[c];
    if (refs.length && refs.some((r) => r.column === c)) out[c] = v === null || v === void 0 ? null : refKey(c, v);
    else out[c] = Buffer.isBuffer(v) ? { $blob: v.toString("base64") } : typeof v === "bigint" ? Number(v) : v;
  }
  return out;
}
function keyOf(spec, obj, seen) {
  return numbered(JSON.stringify(spec.identity(obj)), seen);
}
function numbered(id, seen) {
  const n = seen.get(id) ?? 0;
  seen.set(id, n + 1);
  return n > 0 ? `${id.slice(0, -1)},${JSON.stringify(`#${n}`)}]` : id;
}
function tableBytes(rows2, kept) {
  const keys = [...rows2.keys()];
  for (const k of kept?.keys ?? []) keys.push(k);
  const values = keys.sort().map((k) => rows2.get(k) ?? kept.rows.get(k));
  const lines = kept?.lines;
  let size = 0;
  for (const v of values)
    size += (typeof v === "string" ? Buffer.byteLength(v) : lines.ends[v] - lines.starts[v]) + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let x = 0; x < values.length; ) {
    const v = values[x];
    if (typeof v === "string") {
      at += out.write(v, at);
      x++;
    } else {
      const { starts, ends } = lines;
      let last = v;
      while (x + 1 < values.length && values[x + 1] === last + 1 && starts[last + 1] === ends[last] + 1)
        last = values[++x];
      at += lines.bytes.copy(out, at, starts[v], ends[last]);
      x++;
    }
    out[at++] = 10;
  }
  return out;
}
function lineText(lines, i) {
  return lines.bytes.toString("utf8", lines.starts[i], lines.ends[i]);
}
function parseTableText(spec, file, where, like) {
  const own = !like && Buffer.isBuffer(file) ? { bytes: file, starts: [], ends: [], ids: [] } : null;
  const rows2 = /* @__PURE__ */ new Map();
  const seen = /* @__PURE__ */ new Map();
  let j = 0;
  let lineNo = 0;
  for (const [buf, start, end] of fileLines(file)) {
    lineNo++;
    if (start === end) continue;
    let value2;
    let id;
    if (like && j < like.ids.length && buf.compare(like.bytes, like.starts[j], like.ends[j], start, end) === 0) {
      value2 = j;
      id = like.ids[j];
      j++;
    } else {
      const line = buf.toString("utf8", start, end);
      id = identityOf(spec, line, `${where} line ${lineNo}`);
      value2 = line;
      if (like) {
        while (j < like.ids.length && like.ids[j] < id) j++;
        if (like.ids[j] === id) j++;
      }
    }
    if (own) {
      value2 = own.ids.length;
      own.starts.push(start);
      own.ends.push(end);
      own.ids.push(id);
    }
    rows2.set(numbered(id, seen), value2);
  }
  return { rows: rows2, lines: own };
}
function* fileLines(file) {
  if (Buffer.isBuffer(file)) {
    for (let start = 0; start < file.length; ) {
      let end = file.indexOf(10, start);
      if (end < 0) end = file.length;
      yield [file, start, end];
      start = end + 1;
    }
    return;
  }
  const fd = fs2.openSync(file.path, "r");
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let filled = 0;
    for (; ; ) {
      const n = fs2.readSync(fd, buf, filled, buf.length - filled, null);
      const total = filled + n;
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0 && end < total; end = buf.indexOf(10, start)) {
        yield [buf, start, end];
        start = end + 1;
      }
      if (n === 0) {
        if (start < total) yield [buf, start, total];
        return;
      }
      if (start === 0 && total === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      } else buf.copy(buf, 0, start, total);
      filled = total - start;
    }
  } finally {
    fs2.closeSync(fd);
  }
}
function identityOf(spec, line, where) {
  let obj;
  try {
    obj = JSON.parse(line);
  } catch {
    obj = void 0;
  }
  if (!obj || typeof obj !== "object" || Array.isArray(obj))
    throw new MemsyncError(
      `${where} is not a JSON object`,
      "failure",
      "the remote file is damaged; fix or revert it in the remote repository"
    );
  return JSON.stringify(spec.identity(obj));
}
function sqlValue(v) {
  if (v && typeof v === "object" && !Array.isArray(v) && typeof v.$blob === "string") {
    return Buffer.from(v.$blob, "base64");
  }
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v !== null && typeof v === "object") return JSON.stringify(v);
  return v;
}

// src/claudeMem/snapshot.ts
var BUSY_TIMEOUT_MS = 5e3;
function openDatabase(file, busyMs = BUSY_TIMEOUT_MS) {
  const backend = sqliteBackend();
  try {
    const db = backend.open(file, { fileMustExist: true });
    db.pragma(`busy_timeout = ${busyMs}`);
    return db;
  } catch (e) {
    throw new MemsyncError(
      `cannot open the claude-mem database ${file}: ${e.message}`,
      "failure",
      "check sources.claudeMem.path in settings.json"
    );
  }
}
function readSnapshot(db, same) {
  return db.transaction(() => {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all().map(
      (r) => r.name
    );
    const present = new Set(names);
    const tables = /* @__PURE__ */ new Map();
    for (const spec of SYNCED_TABLES) {
      if (!present.has(spec.name)) continue;
      tables.set(spec.name, readTable(db, spec, tables, -Infinity, same));
    }
    const synced = new Set(SYNCED_TABLES.map((s) => s.name));
    const unknown = names.filter((n) => !synced.has(n) && !isLocalTable(n)).sort();
    return { tables, unknown };
  })();
}
function tableColumns(db, table) {
  return db.prepare(`PRAGMA table_info(${quoteId(table)})`).all().map((c) => c.name).sort();
}
function readTable(db, spec, tables, after = -Infinity, same) {
  const columns = tableColumns(db, spec.name);
  const t = { spec, columns, rows: /* @__PURE__ */ new Map(), same: /* @__PURE__ */ new Set(), ids: /* @__PURE__ */ new Map(), maxId: 0 };
  const seen = /* @__PURE__ */ new Map();
  const stmt = db.prepare(
    `SELECT id, ${columns.map(quoteId).join(", ")} FROM ${quoteId(spec.name)}${after > -Infinity ? " WHERE id > ?" : ""} ORDER BY id`
  ).raw(true);
  const refKey = refResolver(spec, tables);
  const row = {};
  for (const values of after > -Infinity ? stmt.iterate(after) : stmt.iterate()) {
    for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i + 1];
    const obj = serializeRow(spec, row, columns, refKey);
    const key = keyOf(spec, obj, seen);
    const id = Number(values[0]);
    const line = JSON.stringify(obj);
    if (same?.(spec.name, key, line)) t.same.add(key);
    else t.rows.set(key, line);
    t.ids.set(key, id);
    if (id > t.maxId) t.maxId = id;
  }
  return t;
}
function refResolver(spec, tables) {
  const byId = /* @__PURE__ */ new Map();
  return (column, id) => {
    const ref = spec.references.find((r) => r.column === column);
    let m = byId.get(ref.table);
    if (!m) {
      m = new Map([...tables.get(ref.table)?.ids ?? []].map(([k, i]) => [i, k]));
      byId.set(ref.table, m);
    }
    const key = m.get(Number(id));
    return key === void 0 ? null : JSON.parse(key);
  };
}
function quoteId(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

export {
  DB_PREFIX,
  tablePath,
  SYNCED_TABLES,
  isLocalTable,
  serializeRow,
  tableBytes,
  lineText,
  parseTableText,
  sqlValue,
  sqliteAvailability,
  openSqlite,
  BUSY_TIMEOUT_MS,
  openDatabase,
  readSnapshot,
  readTable,
  refResolver,
  quoteId
};
