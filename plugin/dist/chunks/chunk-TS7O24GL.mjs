import {
  withSnapshot
} from "./chunk-BDS4TV5P.mjs";
import {
  isLocalTable,
  quoteId,
  readSnapshot
} from "./chunk-ASRBIQCE.mjs";

// src/claudeMem/dropped.ts
function rowsOnlyIn(a, b, tmp) {
  const [x, y] = [a, b].map((content) => rowKeys(content, tmp));
  const out = {};
  for (const [table, keys] of x) {
    const other = y.get(table) ?? /* @__PURE__ */ new Set();
    let n = 0;
    for (const k of keys) if (!other.has(k)) n++;
    if (n) out[table] = n;
  }
  return out;
}
function rowKeys(content, tmp) {
  return withSnapshot(content, tmp, (db) => {
    const snap = readSnapshot(db);
    const out = new Map([...snap.tables].map(([n, t]) => [n, new Set(t.ids.keys())]));
    for (const name of snap.unknown) out.set(name, wholeRows(db, name));
    return out;
  });
}
function wholeRows(db, table) {
  if (isLocalTable(table)) return /* @__PURE__ */ new Set();
  const rows = db.prepare(`SELECT * FROM ${quoteId(table)}`).all();
  const plain = (_k, v) => typeof v === "bigint" ? Number(v) : v;
  return new Set(rows.map((r) => JSON.stringify(r, plain)));
}

export {
  rowsOnlyIn
};
