/**
 * The two small programs behind the bun backend, as source text: the server bun runs (bun:sqlite,
 * one JSON request per line on stdin, one answer per line on stdout), and the worker thread that
 * talks to it so that memsync's synchronous SQLite calls can wait for an answer (Atomics.wait).
 */

/** Run by `bun -e`. BLOBs cross as `{"$b": base64}`. */
export const BUN_SERVER = String.raw`
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

/** Run in a worker thread (CommonJS, eval): relays requests to bun and wakes the waiting thread. */
export const BUN_WORKER = String.raw`
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
