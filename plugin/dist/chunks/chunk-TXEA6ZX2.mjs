
// src/claudeMem/sqlite/atHand.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
function sqliteAtHand(env) {
  const forced = env.MEMSYNC_SQLITE?.trim();
  if (forced === "node") return nodeHasSqlite(env);
  if (forced === "bun") return findBun(env) !== null;
  if (forced) return false;
  return nodeHasSqlite(env) || findBun(env) !== null;
}
function nodeHasSqlite(env) {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const off = [...process.execArgv, env.NODE_OPTIONS ?? ""].some((a) => a.includes("--no-experimental-sqlite"));
  return (major > 22 || major === 22 && minor >= 16) && !off;
}
function findBun(env) {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  dirs.push(path.join(env.HOME || os.homedir(), ".bun", "bin"));
  for (const dir of dirs) {
    const file = path.join(dir, "bun");
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
    }
  }
  return null;
}

export {
  sqliteAtHand,
  findBun
};
