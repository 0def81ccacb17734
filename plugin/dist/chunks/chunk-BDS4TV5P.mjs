import {
  BUSY_TIMEOUT_MS,
  openDatabase,
  openSqlite,
  quoteId
} from "./chunk-ASRBIQCE.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/claudeMem/dbFile.ts
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
function snapshotFile(dbPath, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `claude-mem-snapshot-${process.pid}-${Date.now()}.db`);
  const db = openDatabase(dbPath);
  try {
    try {
      db.prepare("VACUUM INTO ?").run(out);
    } finally {
      db.close();
    }
    dropDeletedWords(out);
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(out, { force: true });
  }
}
function dropDeletedWords(file) {
  const db = openDatabase(file);
  try {
    db.pragma("journal_mode = DELETE");
    const sql = `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts%'`;
    for (const { name } of db.prepare(sql).all()) {
      const t = quoteId(name);
      try {
        db.prepare(`INSERT INTO ${t}(${t}) VALUES ('rebuild')`).run();
      } catch {
        db.prepare(`INSERT INTO ${t}(${t}) VALUES ('optimize')`).run();
      }
    }
    db.exec("VACUUM");
  } finally {
    db.close();
  }
}
function withSnapshot(content, dir, fn) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `claude-mem-open-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  checkedWrite(file, content, { fsync: false, what: "a copy of a database snapshot" });
  const db = openDatabase(file);
  try {
    return fn(db);
  } finally {
    db.close();
    fs.rmSync(file, { force: true });
  }
}
async function restoreInto(dbPath, content, dir, busyMs = BUSY_TIMEOUT_MS) {
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, `claude-mem-restore-${process.pid}-${Date.now()}.db`);
  checkedWrite(src, content, { fsync: false, what: "a copy of the database to restore" });
  const from = openSqlite(src, { readonly: true });
  try {
    if (fs.existsSync(dbPath)) waitForWriteLock(dbPath, busyMs);
    await from.backup(dbPath);
    if (contentDigest(dbPath) !== contentDigest(src)) {
      const what = "another program wrote to it while memsync replaced it, so it was left as it is";
      throw new MemsyncError(`${dbPath} is busy: ${what}`, "failure", "the next sync tries again");
    }
  } finally {
    from.close();
    fs.rmSync(src, { force: true });
  }
}
function waitForWriteLock(dbPath, busyMs) {
  const db = openDatabase(dbPath, busyMs);
  try {
    db.exec("BEGIN IMMEDIATE");
    db.exec("ROLLBACK");
  } finally {
    db.close();
  }
}
function contentDigest(file) {
  const db = openDatabase(file);
  const hash = createHash("sha256");
  try {
    db.exec("BEGIN");
    const sql = `SELECT name, sql FROM sqlite_master ORDER BY type, name`;
    const tables = db.prepare(sql).all();
    for (const t of tables) {
      hash.update(`${t.name}\0${t.sql ?? ""}\0`);
      if (!t.sql?.startsWith("CREATE TABLE")) continue;
      for (const row of db.prepare(`SELECT * FROM ${quoteId(t.name)}`).all()) hash.update(JSON.stringify(row, plain));
    }
    db.exec("COMMIT");
    return hash.digest("hex");
  } finally {
    db.close();
  }
}
var plain = (_k, v) => typeof v === "bigint" ? v.toString() : v;

export {
  snapshotFile,
  withSnapshot,
  restoreInto
};
