import {
  progress
} from "./chunk-D5GCV3EA.mjs";
import {
  isDotGit,
  makeFilter
} from "./chunk-6LTTOJPG.mjs";
import {
  quoteId,
  readTable,
  refResolver,
  serializeRow
} from "./chunk-ASRBIQCE.mjs";
import {
  emptyCache
} from "./chunk-J6JDA4NY.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/engine/effects/recorder.ts
import path3 from "node:path";

// src/machine/scan.ts
import { createHash } from "node:crypto";
import fs2 from "node:fs";
import path2 from "node:path";

// src/machine/emptyFolder.ts
import fs from "node:fs";
import path from "node:path";
function filesUnder(dir) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (!e.isDirectory()) out.push(p);
      else if (!walk(p)) return false;
    }
    return true;
  };
  return walk("") ? out : null;
}
function removeEmptyFolder(dir) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) if (!e.isDirectory() || !removeEmptyFolder(path.join(dir, e.name))) return false;
  try {
    fs.rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

// src/machine/scan.ts
var RACY_MS = 2e3;
function scanLive(roots, globalExclude, previous, dirty = null) {
  const filters = createHash("sha1").update(JSON.stringify([roots.map((r) => [r.liveDir, r.repoPrefix, r.include, r.exclude]), globalExclude])).digest("hex");
  const w = {
    previous,
    cache: { ...emptyCache(), stamps: {}, real: {}, filters },
    // Other roots or filters: other files are listed, so every folder is listed again.
    dirty: previous.filters === filters ? dirty : null,
    children: null,
    now: Date.now(),
    changed: false,
    hashed: 0,
    seen: 0,
    progress: progress("scanning memory files"),
    claimed: /* @__PURE__ */ new Set(),
    claimedIn: /* @__PURE__ */ new Set(),
    localOnly: /* @__PURE__ */ new Map(),
    unreadable: /* @__PURE__ */ new Map(),
    links: [],
    listed: []
  };
  const realOf = realPaths();
  for (const root of roots) {
    walkDir(w, root, makeFilter(root, globalExclude), "", realOf(root.liveDir));
    w.claimed.add(root.liveDir);
    w.claimedIn.add(root.liveDir.slice(0, root.liveDir.lastIndexOf(path2.sep)));
  }
  w.progress.end();
  if (!w.changed)
    w.changed = previous.filters !== filters || Object.keys(previous.dirs).some((d) => !(d in w.cache.dirs));
  let files;
  const { listed, localOnly, cache, changed, hashed, unreadable, links } = w;
  return {
    get files() {
      files ??= filesOf(listed);
      return files;
    },
    localOnly,
    cache,
    changed,
    hashed,
    unreadable,
    links
  };
}
function walkDir(w, root, filter, relDir, real) {
  const abs = relDir ? path2.join(root.liveDir, relDir) : root.liveDir;
  const trust = trusted(w, abs, real);
  const listing = listDir(w, root, relDir, abs, trust);
  if (!listing) return;
  if (real !== abs) w.cache.real[abs] = real;
  if (w.previous.real?.[abs] !== w.cache.real[abs]) w.changed = true;
  const before = w.previous.files[abs] ?? {};
  const claims = w.claimedIn.has(abs);
  const found = run(w, { root, relDir, abs });
  const f = {
    root,
    filter,
    relDir,
    abs,
    real,
    before,
    trust,
    claims,
    names: [],
    fps: [],
    same: true,
    kept: 0,
    found
  };
  if (listing === SAME) {
    const noneDirty = w.dirty.size === 0;
    for (const name in before) {
      const old = before[name];
      if (old[4] && (noneDirty || !w.dirty.has(`${real}/${name}`))) keep(w, f, name, old);
      else addFile(w, f, name);
    }
    for (const name of childrenOf(w, abs)) addDir(w, f, name);
  } else
    for (const e of listing) {
      if (e.isDirectory()) addDir(w, f, e.name);
      else if (e.isFile()) addFile(w, f, e.name);
      else if (e.isSymbolicLink()) addLink(w, f, e.name);
    }
  if (f.kept !== Object.keys(before).length) {
    w.changed = true;
    f.same = false;
  }
  w.seen += f.names.length;
  w.progress.tick(w.seen);
  if (!f.names.length) return;
  if (f.same) w.cache.files[abs] = before;
  else {
    const here = {};
    for (let i = 0; i < f.names.length; i++) here[f.names[i]] = f.fps[i];
    w.cache.files[abs] = here;
  }
}
function trusted(w, abs, real) {
  return w.dirty !== null && (w.previous.real?.[abs] ?? abs) === real;
}
function run(w, f) {
  const r = { root: f.root, relDir: f.relDir, abs: f.abs, names: [], hashes: [] };
  w.listed.push(r);
  return r;
}
function addDir(w, f, name) {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  if (!f.filter.mayContain(rel) || f.claims && w.claimed.has(`${f.abs}${path2.sep}${name}`)) return;
  walkDir(w, f.root, f.filter, rel, `${f.real}/${name}`);
  f.found = run(w, f);
}
function addFile(w, f, name) {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  const livePath = `${f.abs}${path2.sep}${name}`;
  if (!f.filter.includes(rel) || f.claims && w.claimed.has(livePath)) return;
  const old = f.before[name];
  const fp = f.trust && old?.[4] && !w.dirty.has(`${f.real}/${name}`) ? old : scanFile(w, livePath, old, () => f.root.repoPrefix + rel);
  if (!fp) {
    delete w.cache.stamps[f.abs];
    return;
  }
  const racy = w.now - fp[1] <= RACY_MS || w.now - fp[2] <= RACY_MS;
  keep(w, f, name, fp, racy ? fp[5] ? [fp[0], fp[1], fp[2], fp[3], "", 1] : [fp[0], fp[1], fp[2], fp[3], ""] : fp);
}
function addLink(w, f, name) {
  const rel = f.relDir ? `${f.relDir}/${name}` : name;
  if (!(f.filter.includes(rel) || f.filter.mayContain(rel)) || f.claims && w.claimed.has(`${f.abs}${path2.sep}${name}`))
    return;
  w.links.push(f.root.repoPrefix + rel);
  delete w.cache.stamps[f.abs];
}
function keep(w, f, name, fp, cached = fp) {
  const old = f.before[name];
  f.names.push(name);
  f.fps.push(cached);
  if (cached !== old) f.same = false;
  if (old !== void 0) f.kept++;
  if (fp[5])
    w.localOnly.set(f.root.repoPrefix + (f.relDir ? `${f.relDir}/${name}` : name), `${f.abs}${path2.sep}${name}`);
  else {
    f.found.names.push(name);
    f.found.hashes.push(fp[4]);
  }
}
function childrenOf(w, abs) {
  if (!w.children) {
    w.children = /* @__PURE__ */ new Map();
    for (const [d, mtime] of Object.entries(w.previous.dirs)) {
      if (mtime === -1) continue;
      const at = d.lastIndexOf(path2.sep);
      const parent = d.slice(0, at);
      const list = w.children.get(parent);
      if (list) list.push(d.slice(at + 1));
      else w.children.set(parent, [d.slice(at + 1)]);
    }
  }
  return w.children.get(abs) ?? [];
}
var SAME = "same";
function listDir(w, root, relDir, abs, trust) {
  let entries;
  try {
    const st = fs2.statSync(abs, { throwIfNoEntry: false });
    if (!st) return missingDir(w, abs);
    w.cache.dirs[abs] = st.mtimeMs;
    if (w.previous.dirs[abs] !== st.mtimeMs) w.changed = true;
    const stamp = `${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    if (w.now - st.mtimeMs > RACY_MS && w.now - st.ctimeMs > RACY_MS) w.cache.stamps[abs] = stamp;
    if (w.previous.stamps?.[abs] !== w.cache.stamps[abs]) w.changed = true;
    if (trust && w.previous.stamps?.[abs] === stamp) return SAME;
    entries = fs2.readdirSync(abs, { withFileTypes: true });
  } catch (e) {
    if (isMissing(e)) return missingDir(w, abs);
    delete w.cache.stamps[abs];
    w.unreadable.set(root.repoPrefix + (relDir ? `${relDir}/` : ""), errorCode(e));
    w.cache.dirs[abs] ??= UNREADABLE;
    w.changed = true;
    return null;
  }
  return entries;
}
function missingDir(w, abs) {
  delete w.cache.stamps[abs];
  w.cache.dirs[abs] = -1;
  if (w.previous.dirs[abs] !== -1) w.changed = true;
  return null;
}
function realPaths() {
  const memo2 = /* @__PURE__ */ new Map();
  const realOf = (dir) => {
    let real = memo2.get(dir);
    if (real !== void 0) return real;
    const parent = path2.dirname(dir);
    if (parent === dir) real = dir;
    else if (fs2.lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink()) real = realpathOr(dir);
    else real = path2.join(realOf(parent), path2.basename(dir));
    memo2.set(dir, real);
    return real;
  };
  return realOf;
}
function realpathOr(dir) {
  try {
    return fs2.realpathSync.native(dir);
  } catch {
    return dir;
  }
}
function scanFile(w, livePath, old, key) {
  let st;
  try {
    st = fs2.lstatSync(livePath);
  } catch (err) {
    return notRead(w, err, key);
  }
  if (!st.isFile()) return notRead(w, { code: "ENOTFILE" }, key);
  if (old?.[4] && old[0] === st.size && old[1] === st.mtimeMs && old[2] === st.ctimeMs && old[3] === st.ino) return old;
  let content;
  try {
    content = fs2.readFileSync(livePath);
  } catch (err) {
    return notRead(w, err, key);
  }
  w.hashed++;
  w.changed = true;
  const hash = blobHash(content);
  return isLocalOnly(content) ? [st.size, st.mtimeMs, st.ctimeMs, st.ino, hash, 1] : [st.size, st.mtimeMs, st.ctimeMs, st.ino, hash];
}
function notRead(w, err, key) {
  if (!isMissing(err)) {
    w.unreadable.set(key(), errorCode(err));
    w.changed = true;
  }
  return null;
}
function filesOf(listed) {
  const files = /* @__PURE__ */ new Map();
  for (const { root, relDir, abs, names, hashes } of listed) {
    const prefix = root.repoPrefix + (relDir ? `${relDir}/` : "");
    for (let i = 0; i < names.length; i++)
      files.set(prefix + names[i], { livePath: `${abs}${path2.sep}${names[i]}`, hash: hashes[i], root });
  }
  return files;
}
var UNREADABLE = -2;
function isMissing(e) {
  const code = e.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
function errorCode(e) {
  return e.code ?? "unknown error";
}
function isLocalOnly(content) {
  const head = content.subarray(0, 4096).toString("utf8");
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(head);
  return !!fm && /^sync\s*:\s*["']?(false|no|off)["']?\s*$/im.test(fm[1]);
}
function readIfUnchanged(livePath, expected) {
  let content;
  try {
    content = fs2.readFileSync(livePath);
  } catch (e) {
    const code = e.code;
    if (code === "EISDIR") {
      const folder = filesUnder(livePath);
      if (folder && !folder.length) return { ok: expected === null, content: null };
      return { ok: false, content: null, folder: folder ?? void 0 };
    }
    if (code !== "ENOENT") return { ok: false, content: null };
    content = null;
  }
  const actual = content === null ? null : blobHash(content);
  return { ok: actual === expected, content };
}

// src/util/safePath.ts
var RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
var BAD_CHAR = /[\x00-\x1f\x7f<>:"|?*]/;
var MAX_NAME_BYTES = 255;
function pathProblem(p) {
  if (p === "") return "empty path";
  if (p.includes("\\")) return "backslash in path";
  if (p.includes("\0")) return "NUL in path";
  if (p.startsWith("/")) return "absolute path";
  const segs = p.split("/");
  if (segs.some((s) => s === "..")) return '".." in path';
  if (segs.some((s) => s === "" || s === ".")) return 'empty or "." segment in path';
  for (const s of segs) {
    const bad = BAD_CHAR.exec(s);
    if (bad)
      return `the name "${printable(s)}" has ${bad[0] < " " || bad[0] === "\x7F" ? "a control character" : `"${bad[0]}"`}, which not every system allows in a file name`;
    if (/[. ]$/.test(s)) return `the name "${s}" ends with a dot or space, which Windows drops`;
    if (RESERVED.test(s)) return `the name "${s}" is reserved for a device on Windows`;
    if (Buffer.byteLength(s) > MAX_NAME_BYTES) return `a name is longer than ${MAX_NAME_BYTES} bytes`;
    if (isDotGit(s))
      return `"${printable(s)}" is a name git reads as .git: a repository must not be planted in a memory folder`;
  }
  return null;
}
function foldName(p) {
  return p.normalize("NFC").toLowerCase();
}
function printable(s) {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

// src/claudeMem/apply.ts
function applyRowActions(db, tables, actions) {
  if (!actions.length) return emptyResult();
  db.exec("PRAGMA foreign_keys = ON");
  return db.transaction(() => {
    const result = runActions(tables, actions, sqlStore(db, tables));
    rebuildFts(db, result.changed);
    checkIntegrity(db, result.changed);
    return result;
  }).immediate();
}
function emptyResult() {
  return { skipped: /* @__PURE__ */ new Map(), applied: 0, notes: [], changed: /* @__PURE__ */ new Set() };
}
function runActions(tables, actions, store) {
  const result = emptyResult();
  for (const a of actions) {
    const t = tables.get(a.table);
    let skipped = result.skipped.get(a.table);
    if (!skipped) {
      result.skipped.set(a.table, skipped = /* @__PURE__ */ new Set());
      store.begin(t);
    }
    try {
      const did = runAction(tables, t, a, store, result.notes);
      if (did === "skipped") skipped.add(a.key);
      else if (did === "applied") {
        result.applied++;
        result.changed.add(a.table);
      }
    } catch (e) {
      if (!(e instanceof Error) || !/constraint/i.test(e.message)) throw e;
      result.notes.push(
        `claude-mem: ${a.table} row ${a.key} was refused by the database (${e.message}); left for a later sync`
      );
      skipped.add(a.key);
    }
  }
  return result;
}
function runAction(tables, t, a, store, notes) {
  const id = t.ids.get(a.key);
  if (a.kind === "delete") {
    const now = id === void 0 ? null : store.current(t, id);
    if (now === null) return "done";
    if (now !== a.prev) return "skipped";
    store.delete(t, id);
    t.ids.delete(a.key);
    return "applied";
  }
  const values = resolveValues(tables, a.values, store);
  if (!values) {
    notes.push(`claude-mem: ${a.table} row ${a.key} refers to a row this machine does not have; left for a later sync`);
    return "skipped";
  }
  const [columns, args] = [values.map(([c]) => c), values.map(([, v]) => v)];
  if (a.kind === "insert") {
    if (id !== void 0) return store.current(t, id) === a.line ? "done" : "skipped";
    t.ids.set(a.key, store.insert(t, columns, args));
    return "applied";
  }
  if (id === void 0 || store.current(t, id) !== a.prev) return "skipped";
  store.update(t, id, columns, args);
  return "applied";
}
function resolveValues(tables, values, store) {
  const out = [];
  for (const [c, v] of values) {
    if ("value" in v) out.push([c, v.value]);
    else if ("via" in v) out.push([c, store.parentId(v.via) ?? null]);
    else {
      const id = tables.get(v.ref)?.ids.get(v.key);
      if (id === void 0) return null;
      out.push([c, id]);
    }
  }
  return out;
}
function sqlStore(db, tables) {
  const statements = /* @__PURE__ */ new Map();
  const prepare = (sql) => {
    let st = statements.get(sql);
    if (!st) statements.set(sql, st = db.prepare(sql));
    return st;
  };
  const resolvers = /* @__PURE__ */ new Map();
  return {
    begin(t) {
      const fresh = readTable(db, t.spec, tables, t.maxId);
      for (const [k, id] of fresh.ids) t.ids.set(k, id);
      resolvers.set(t.spec.name, refResolver(t.spec, tables));
    },
    current(t, id) {
      const row = prepare(`SELECT * FROM ${quoteId(t.spec.name)} WHERE id = ?`).get(id);
      return row ? JSON.stringify(serializeRow(t.spec, row, t.columns, resolvers.get(t.spec.name))) : null;
    },
    parentId({ table, parent, value }) {
      const sql = `SELECT id FROM ${quoteId(table)} WHERE ${quoteId(parent)} = ? ORDER BY id LIMIT 1`;
      return prepare(sql).get(value)?.id;
    },
    insert(t, columns, values) {
      const sql = `INSERT INTO ${quoteId(t.spec.name)} (${columns.map(quoteId).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
      return Number(prepare(sql).run(...values).lastInsertRowid);
    },
    update(t, id, columns, values) {
      const set = columns.map((c) => `${quoteId(c)} = ?`).join(", ");
      prepare(`UPDATE ${quoteId(t.spec.name)} SET ${set} WHERE id = ?`).run(...values, id);
    },
    delete(t, id) {
      prepare(`DELETE FROM ${quoteId(t.spec.name)} WHERE id = ?`).run(id);
    }
  };
}
function checkIntegrity(db, changed) {
  const problems = [];
  for (const name of changed) {
    const rows = db.pragma(`quick_check(${quoteId(name)})`);
    problems.push(...rows.map((r) => r.quick_check).filter((r) => r !== "ok"));
  }
  if (!problems.length) return;
  throw new MemsyncError(
    `the claude-mem database failed its integrity check after merging (${problems.slice(0, 3).join("; ")}); nothing was changed`,
    "failure",
    "run PRAGMA integrity_check on it and report the problem"
  );
}
function rebuildFts(db, changed) {
  if (!changed.size) return;
  const fts = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`).all();
  const triggers = db.prepare(`SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`).all();
  for (const { name, sql } of fts) {
    const content = /content\s*=\s*['"]?([\w]+)/i.exec(sql)?.[1];
    if (content && !changed.has(content)) continue;
    if (content && keptByTriggers(triggers, content, name)) continue;
    db.prepare(`INSERT INTO ${quoteId(name)}(${quoteId(name)}) VALUES('rebuild')`).run();
  }
}
function keptByTriggers(triggers, table, fts) {
  const on = triggers.filter((t) => t.tbl_name === table && t.sql?.includes(fts)).map((t) => t.sql.toUpperCase());
  return ["INSERT", "UPDATE", "DELETE"].every(
    (e) => on.some((sql) => new RegExp(`(AFTER|BEFORE)\\s+${e}\\b`).test(sql))
  );
}

// src/claudeMem/preview.ts
function previewRowActions(db, tables, actions) {
  if (!actions.length) return emptyResult();
  const sim = new Map([...tables].map(([n, t]) => [n, { ...t, ids: new Map(t.ids) }]));
  return db.transaction(() => runActions(sim, actions, readingStore(db, sim))).deferred();
}
function readingStore(db, tables) {
  const rows = planRows(db);
  const resolvers = /* @__PURE__ */ new Map();
  let nextId = 2 ** 52;
  return {
    begin(t) {
      const fresh = readTable(db, t.spec, tables, t.maxId);
      for (const [k, id] of fresh.ids) t.ids.set(k, id);
      resolvers.set(t.spec.name, refResolver(t.spec, tables));
    },
    current(t, id) {
      const row = rows.byId(t.spec.name, id);
      return row ? JSON.stringify(serializeRow(t.spec, row, t.columns, resolvers.get(t.spec.name))) : null;
    },
    parentId: ({ table, parent, value }) => rows.find(table, [parent], [value])[0],
    insert(t, columns, values) {
      const id = nextId++;
      const row = withValues({ ...Object.fromEntries(t.columns.map((c) => [c, null])), id }, columns, values);
      rows.check(t.spec.name, row, null);
      rows.written(t.spec.name).set(id, row);
      return id;
    },
    update(t, id, columns, values) {
      const row = withValues({ ...rows.byId(t.spec.name, id) }, columns, values);
      rows.check(t.spec.name, row, id);
      rows.written(t.spec.name).set(id, row);
    },
    delete(t, id) {
      rows.written(t.spec.name).set(id, null);
    }
  };
}
function planRows(db) {
  const writes = /* @__PURE__ */ new Map();
  const written = (table) => {
    let m = writes.get(table);
    if (!m) writes.set(table, m = /* @__PURE__ */ new Map());
    return m;
  };
  const rules = memo((table) => tableRules(db, table));
  const byId = (table, id) => {
    const w = written(table);
    if (w.has(id)) return w.get(id);
    const row = db.prepare(`SELECT * FROM ${quoteId(table)} WHERE id = ?`).get(id);
    return row && alive(table, row) ? row : null;
  };
  const alive = (table, row) => rules(table).foreignKeys.every(
    (fk) => !fk.cascade || !complete(fk.from, row) || has(fk.table, fk.to, row, fk.from)
  );
  const find = (table, columns, values, where = null) => {
    if (values.some((v) => v === null || v === void 0)) return [];
    const match = columns.map((c) => `${quoteId(c)} IS ?`).join(" AND ");
    const sql = `SELECT * FROM ${quoteId(table)} WHERE ${match}${where ? ` AND (${where})` : ""} ORDER BY id`;
    const w = written(table);
    const ids = db.prepare(sql).all(...values).filter((r) => !w.has(Number(r.id)) && alive(table, r)).map((r) => Number(r.id));
    for (const [id, r] of w) if (r && columns.every((c, i) => same(r[c], values[i]))) ids.push(id);
    return ids.sort((a, b) => a - b);
  };
  const has = (table, columns, row, from) => find(table, columns, pick(from, row)).length > 0;
  const check = (table, row, self) => {
    const r = rules(table);
    for (const c of r.notNull) if (row[c] === null) throw new Error(`NOT NULL constraint failed: ${table}.${c}`);
    for (const fk of r.foreignKeys)
      if (complete(fk.from, row) && !has(fk.table, fk.to, row, fk.from))
        throw new Error("FOREIGN KEY constraint failed");
    for (const u of r.unique)
      if (find(table, u.columns, pick(u.columns, row), u.where).some((id) => id !== self))
        throw new Error(`UNIQUE constraint failed: ${u.columns.map((c) => `${table}.${c}`).join(", ")}`);
  };
  return { written, byId, find, check };
}
function withValues(row, columns, values) {
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
  return row;
}
function tableRules(db, table) {
  const q = quoteId(table);
  const keys = /* @__PURE__ */ new Map();
  for (const fk of db.pragma(`foreign_key_list(${q})`)) {
    const id = Number(fk.id);
    if (!keys.has(id)) keys.set(id, { table: String(fk.table), from: [], to: [], cascade: fk.on_delete === "CASCADE" });
    keys.get(id).from.push(String(fk.from));
    keys.get(id).to.push(fk.to === null ? "id" : String(fk.to));
  }
  const unique = [];
  for (const ix of db.pragma(`index_list(${q})`)) {
    if (!Number(ix.unique) || ix.origin === "pk") continue;
    const columns = db.pragma(`index_info(${quoteId(String(ix.name))})`).map((c) => c.name);
    if (columns.some((c) => c === null)) continue;
    const sql = Number(ix.partial) ? db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(ix.name)?.sql ?? "" : "";
    const where = /\bWHERE\b([\s\S]*)$/i.exec(sql)?.[1]?.trim() ?? null;
    unique.push({ name: String(ix.name), columns, where });
  }
  const notNull = db.pragma(`table_info(${q})`).filter((c) => Number(c.notnull) && c.dflt_value === null && !Number(c.pk)).map((c) => String(c.name));
  return { foreignKeys: [...keys.values()], unique, notNull };
}
var complete = (columns, row) => columns.every((c) => row[c] !== null && row[c] !== void 0);
var pick = (columns, row) => columns.map((c) => row[c]);
function same(a, b) {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  const numeric = (v) => typeof v === "number" || typeof v === "bigint";
  if (numeric(a) && numeric(b)) return Number(a) === Number(b);
  return a === b;
}
function memo(fn) {
  const seen = /* @__PURE__ */ new Map();
  return (key) => {
    if (!seen.has(key)) seen.set(key, fn(key));
    return seen.get(key);
  };
}

// src/engine/effects/recorder.ts
function recordingEffects() {
  const recorded = [];
  const note = (op, target) => void recorded.push({ op, target });
  const removed = /* @__PURE__ */ new Set();
  const removedFolded = /* @__PURE__ */ new Map();
  const written = /* @__PURE__ */ new Map();
  const readLive = (livePath, expected) => {
    if (!written.has(livePath)) return readIfUnchanged(livePath, expected);
    const content = written.get(livePath);
    return { ok: (content && blobHash(content)) === expected, content };
  };
  const foldRemoved = (livePath) => {
    const held = removedFolded.has(foldName(livePath)) ? readIfUnchanged(livePath, null).content : null;
    return held !== null && removedFolded.get(foldName(livePath)) === blobHash(held);
  };
  const unchanged = (livePath, expected) => readLive(livePath, expected).ok || expected === null && (emptiedBy(livePath, removed) || underRemoved(livePath, removed) || foldRemoved(livePath));
  return {
    ...recordingDbEffects(recorded),
    answersPush: false,
    ...recordingMirrorEffects(note),
    noteMergedLive: async () => void 0,
    readLive,
    beginLiveWrites: async () => void 0,
    async writeLive(livePath, content, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) {
        note("writeLive", livePath);
        written.set(livePath, content);
      }
      return ok;
    },
    async removeLive(livePath, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) {
        note("removeLive", livePath);
        removed.add(livePath);
        removedFolded.set(foldName(livePath), expected);
        written.set(livePath, null);
      }
      return ok;
    },
    noteOpenedConflict: async () => void 0,
    createCopy: async (copyPath) => note("createCopy", copyPath),
    async removeCopyIfUntouched(c) {
      if (readIfUnchanged(c.copy, c.copyHash).ok) note("removeCopy", c.copy);
    },
    endLiveWrites: async () => void 0,
    async publish(_tip, changes) {
      note("publish", [...changes.keys()].join(","));
      return { pushed: true, commit: null };
    },
    async propose(_tip, changes) {
      note("propose", [...changes.keys()].join(","));
      return null;
    },
    async deleteBranch(name) {
      note("deleteBranch", name);
      return "pushed";
    },
    ...recordingRecords(note)
  };
}
function recordingRecords(note) {
  return {
    keepRef: async (name) => note("keepRef", name),
    rememberProjects: async () => void 0,
    rememberHostChecked: async () => void 0,
    saveIdentities: async () => void 0,
    holdWaiting: eachPath(note, "holdWaiting"),
    releaseWaiting: eachPath(note, "releaseWaiting"),
    recoverInterruptedWrites: async () => void 0,
    refreshMirrors: async () => note("refreshMirrors", "memory folders from their primaries"),
    async saveState() {
      note("saveState", "state");
      return -1;
    },
    saveLastSync: async () => void 0,
    saveScanCache: async () => void 0,
    markUnpublished: async () => void 0,
    tidyStore: async () => void 0
  };
}
function eachPath(note, op) {
  return async (xs) => {
    for (const x of xs) note(op, x.path);
  };
}
function recordingMirrorEffects(note) {
  return {
    async writeMirror(target, _content, expected) {
      const ok = readIfUnchanged(target, expected).ok;
      if (ok) note("writeMirror", target);
      return ok;
    },
    async removeMirror(target, expected) {
      const ok = readIfUnchanged(target, expected).ok;
      if (ok) note("removeMirror", target);
      return ok;
    },
    saveMirrorRecord: async () => note("saveMirrorRecord", "mirrors"),
    refreshScanCache: async () => void 0
  };
}
var WOULD = {
  writeLive: "write",
  removeLive: "remove",
  createCopy: "write beside live",
  removeCopy: "remove the untouched conflict copy",
  publish: "publish",
  propose: "propose",
  deleteBranch: "delete the remote branch",
  keepRef: "keep the commit under",
  saveState: "record the sync",
  refreshMirrors: "refresh other checkouts' copies of",
  writeMirror: "write another checkout's",
  removeMirror: "remove another checkout's",
  saveMirrorRecord: "record what the other checkouts' folders hold:",
  holdWaiting: "keep until its project's folder is known here:",
  releaseWaiting: "forget the kept copy (now in place) of",
  writeRows: "write rows of",
  replaceDatabase: "replace the database",
  saveBackup: "save the live database as",
  writeDbBase: "keep the base text",
  saveDbState: "record the state of",
  pruneDbBase: "drop base texts no longer needed by"
};
function formatRecorded(recorded) {
  if (!recorded) return [];
  const head = recorded.length ? "dry run: nothing changed; the real run would:" : "dry run: the real run changes nothing";
  return [head, ...recorded.map((r) => `  would ${WOULD[r.op]} ${r.target}`)];
}
function recordingDbEffects(recorded = []) {
  const note = (op, target) => void recorded.push({ op, target });
  return {
    said: (_done, planned) => planned,
    leftOut: (pending) => pending ?? void 0,
    recorded,
    applyRows(db, tables, actions, target) {
      const result = previewRowActions(db, tables, actions);
      for (const a of actions)
        if (!result.skipped.get(a.table)?.has(a.key)) note("writeRows", `${target}: ${a.kind} ${a.table} ${a.key}`);
      return result;
    },
    replaceDatabase: async (dbPath) => note("replaceDatabase", dbPath),
    saveBackup: (file) => note("saveBackup", file),
    async writeDbBase(content) {
      const id = blobHash(content);
      note("writeDbBase", id);
      return id;
    },
    saveDbState: async () => note("saveDbState", "claude-mem"),
    pruneDbBase: async () => note("pruneDbBase", "claude-mem")
  };
}
function emptiedBy(dir, removed) {
  const files = filesUnder(dir);
  return files?.every((f) => removed.has(path3.join(dir, f))) ?? false;
}
function underRemoved(p, removed) {
  for (let d = path3.dirname(p); d !== path3.dirname(d); d = path3.dirname(d)) if (removed.has(d)) return true;
  return false;
}

export {
  pathProblem,
  foldName,
  printable,
  removeEmptyFolder,
  scanLive,
  isLocalOnly,
  readIfUnchanged,
  applyRowActions,
  recordingEffects,
  formatRecorded,
  recordingDbEffects
};
