import {
  quoteId,
  readTable,
  refResolver,
  serializeRow
} from "./chunk-ASRBIQCE.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

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

export {
  applyRowActions,
  emptyResult,
  runActions
};
