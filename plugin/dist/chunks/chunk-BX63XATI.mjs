import {
  stateDir
} from "./chunk-KVTL3BT4.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  _enum,
  array,
  boolean,
  literal,
  number,
  object,
  record,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/claudeMem/dbState.ts
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
var DbStateSchema = object({
  version: literal(1),
  /** Repository path (claude-mem/...) -> blob id of what this machine and the remote last agreed on. */
  base: record(string(), string()),
  /** Rows mode: table -> identity -> the remote line that conflicted (null: deleted there). */
  rowConflicts: record(string(), record(string(), string().nullable())),
  /** File mode: the remote snapshot that conflicted with live, if a conflict is open. */
  fileConflict: object({ remote: string(), since: string(), rejectedPush: boolean() }).nullable(),
  /** Rows mode: each table's columns at the last sync, to tell columns a claude-mem upgrade added. */
  columns: record(string(), array(string())).default({}),
  /** File mode: the hash of this machine's snapshot when it last agreed with the remote. */
  fileLive: string().nullable().default(null),
  /**
   * Rows mode: the database's change marker (changeMarker.ts) when the last sync read it, wrote
   * nothing to it and left it agreeing with the remote; null when the next sync must read it.
   */
  marker: string().nullable().default(null),
  /** The user's choice for the open conflicts, carried out by the next sync. */
  resolution: _enum(["local", "remote"]).nullable(),
  /** The database file the base was agreed with (dbIdentity.ts); null before it was first recorded. */
  source: string().nullable().default(null),
  /** Rows mode: deletions held per table because they would remove most of it. */
  heldDeletes: record(string(), number()).default({}),
  /** The user confirmed the held deletions: the next sync carries them out. */
  confirmDeletes: boolean().default(false),
  /** Why the last sync left the database out (busy, damaged remote table); null when it took part. */
  pending: string().nullable().default(null),
  /** What the last publish held back for a secret (where, rule, masked), for the session-start line. */
  heldSecrets: array(string()).default([])
});
var file = (home) => path.join(stateDir(home), "claude-mem.json");
function emptyDbState() {
  return {
    version: 1,
    base: {},
    rowConflicts: {},
    fileConflict: null,
    fileLive: null,
    resolution: null,
    columns: {},
    marker: null,
    source: null,
    heldDeletes: {},
    confirmDeletes: false,
    pending: null,
    heldSecrets: []
  };
}
async function loadDbState(home) {
  let text;
  try {
    text = await fs.readFile(file(home), "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return emptyDbState();
    throw e;
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = void 0;
  }
  const parsed = DbStateSchema.safeParse(json);
  if (!parsed.success)
    throw new MemsyncError(
      `the claude-mem sync state ${file(home)} is damaged`,
      "failure",
      "move it aside and run memsync sync: every row is then compared with the remote again (differences become conflicts, nothing is lost)"
    );
  return parsed.data;
}
function saveDbState(home, state) {
  ensureDir(stateDir(home), "the state folder");
  checkedWrite(file(home), JSON.stringify(state), { what: "claude-mem's sync state" });
}
var baseDir = (home) => path.join(stateDir(home), "claude-mem-base");
async function readDbBase(home, id) {
  return fs.readFile(dbBasePath(home, id));
}
function dbBasePath(home, id) {
  const file2 = path.join(baseDir(home), id);
  if (!existsSync(file2))
    throw new MemsyncError(
      `the claude-mem base ${id} is missing from ${baseDir(home)}`,
      "failure",
      "move state/claude-mem.json aside and run memsync sync: rows are then compared with the remote again"
    );
  return file2;
}
function writeDbBase(home, content) {
  const id = blobHash(content);
  ensureDir(baseDir(home), "claude-mem's base folder");
  checkedWrite(path.join(baseDir(home), id), content, { what: "a claude-mem base" });
  return id;
}
async function pruneDbBase(home, state) {
  const keep = new Set(Object.values(state.base));
  const names = await fs.readdir(baseDir(home)).catch(() => []);
  for (const n of names) if (!keep.has(n)) await fs.rm(path.join(baseDir(home), n), { force: true });
}
function openDbConflicts(state) {
  let n = state.fileConflict ? 1 : 0;
  for (const t of Object.values(state.rowConflicts)) n += Object.keys(t).length;
  return n;
}

export {
  loadDbState,
  saveDbState,
  readDbBase,
  dbBasePath,
  writeDbBase,
  pruneDbBase,
  openDbConflicts
};
