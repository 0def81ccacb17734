import {
  KIND_PREFIX,
  backupDir,
  verifyBackup
} from "./chunk-N2ZWQANH.mjs";
import {
  openSqlite
} from "./chunk-ASRBIQCE.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/sync/backupList.ts
import fs from "node:fs";
import path from "node:path";
var STAMP = /-(\d{8}T\d{9}Z)\.(?:tar\.gz(?:\.age)?|db)$/;
var ARCHIVE = new RegExp(`^(${Object.values(KIND_PREFIX).join("|")})-.+\\.tar\\.gz(\\.age)?$`);
var DB_COPY = /^claude-mem-before-.+\.db$/;
function kindOf(name) {
  if (DB_COPY.test(name)) return "database copy";
  const prefix = ARCHIVE.exec(name)?.[1];
  const kind = Object.entries(KIND_PREFIX).find(([, p]) => p === prefix)?.[0];
  return kind ?? null;
}
function timeOf(name, st) {
  const m = STAMP.exec(name)?.[1];
  if (!m) return st.mtime.toISOString();
  const [date, time] = [`${m.slice(0, 4)}-${m.slice(4, 6)}-${m.slice(6, 8)}`, m.slice(9)];
  return `${date}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.${time.slice(6, 9)}Z`;
}
function backupFiles(home, dirs = [backupDir(home)]) {
  const out = [];
  for (const dir of [...new Set(dirs.map((d) => path.resolve(d)))]) {
    let names;
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      const kind = kindOf(n);
      const file = path.join(dir, n);
      const st = kind ? fs.statSync(file, { throwIfNoEntry: false }) : void 0;
      if (!kind || !st?.isFile()) continue;
      const time = timeOf(n, st);
      out.push({ file, kind, bytes: st.size, time, key: `${time}\0${n}` });
    }
  }
  return out.sort((a, b) => a.key < b.key ? 1 : a.key > b.key ? -1 : 0).map(({ key: _key, ...l }) => l);
}
async function listBackups(home, dirs) {
  const out = [];
  for (const b of backupFiles(home, dirs)) {
    const problem = b.kind === "database copy" ? databaseProblem(b.file) : await archiveProblem(b.file, home);
    out.push(problem ? { ...b, verified: false, problem } : { ...b, verified: true });
  }
  return out;
}
async function archiveProblem(file, home) {
  try {
    await verifyBackup(file, home);
    return null;
  } catch (e) {
    return e.message.replace(`${file}: `, "");
  }
}
function databaseProblem(file) {
  try {
    const db = openSqlite(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma("quick_check");
      const first = rows[0]?.quick_check;
      return first === "ok" ? null : `SQLite's quick_check says: ${first ?? "nothing"}`;
    } finally {
      db.close();
    }
  } catch (e) {
    return `not a readable SQLite database (${e.message})`;
  }
}
function pruneBackups(home, keep) {
  if (!Number.isInteger(keep) || keep < 1)
    throw new UsageError(`--keep ${keep}: expected a whole number of at least 1`);
  const gone = backupFiles(home).filter((b) => b.kind !== "database copy").slice(keep).map((b) => b.file);
  for (const f of gone) fs.rmSync(f, { force: true });
  return gone;
}
function applyRetention(home, dir, kind, host, rule, at) {
  const prefix = `${KIND_PREFIX[kind]}-${host}-`;
  const mine = (n) => n.startsWith(prefix) && /^\d{8}T\d{9}Z\.tar\.gz(\.age)?$/.test(n.slice(prefix.length));
  const oldest = at.getTime() - rule.keepDays * 24 * 36e5;
  const gone = backupFiles(home, [dir]).filter((b) => b.kind === kind && mine(path.basename(b.file))).filter((b, i) => i >= rule.keep || i > 0 && Date.parse(b.time) < oldest).map((b) => b.file);
  for (const f of gone) fs.rmSync(f, { force: true });
  return gone;
}

export {
  listBackups,
  pruneBackups,
  applyRetention
};
