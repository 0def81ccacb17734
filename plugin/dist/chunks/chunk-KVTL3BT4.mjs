import {
  unpublishedFile
} from "./chunk-J6JDA4NY.mjs";
import {
  _enum,
  array,
  custom,
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

// src/machine/state.ts
import fs from "node:fs/promises";
import fsSync from "node:fs";
import path from "node:path";
var ConflictSchema = object({
  /** The remote version written beside live (null: the remote had deleted it). */
  remote: string().nullable(),
  livePath: string(),
  /** The conflict copy, and its content id when written (to tell whether the user edited it). */
  copy: string(),
  copyHash: string(),
  host: string(),
  since: string(),
  /**
   * A file and a folder of one name: the folder kept the path and the copy holds the file, which
   * came from this machine (`local`) or the remote. Only `resolve` ends it: the copy may hold the
   * file's only version.
   */
  shape: _enum(["local", "remote"]).optional(),
  /**
   * Two names a disk folds to one (case, Unicode normalization): the path that kept the name (its
   * live file is `livePath`); the copy holds this machine's file of the other name.
   */
  clash: string().optional()
});
function recordOf(ok) {
  return custom((v) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return false;
    for (const x of Object.values(v)) if (!ok(x)) return false;
    return true;
  });
}
var FindingSchema = object({ line: number().int(), rule: string(), masked: string() });
var HeaderSchema = object({
  version: literal(1),
  /** Bumped by every save; names the base file and tells the scan cache which state it matches. */
  seq: number().int().nonnegative(),
  /** The remote tip this machine last synced with. */
  remoteTip: string().nullable(),
  /**
   * The remote and branch that tip and the base belong to (absent in states written before they
   * were recorded: read as the remote in the settings). Against another remote the base is empty.
   */
  remoteUrl: string().optional(),
  branch: string().optional(),
  /** Live changes the last sync left unpublished (a pull, a file changed meanwhile): not "up to date". */
  unpublished: array(string()).default([]),
  /** What decided the mapped paths at the last sync: a change means the remote tree must be read again. */
  roots: array(string()),
  /** Per mapped path where the remote tip differs from base (null: absent on the remote). */
  pending: recordOf((v) => v === null || typeof v === "string"),
  conflicts: record(string(), ConflictSchema),
  /** Live files held back from publishing by the secret scan, with what was found. */
  held: record(string(), array(FindingSchema)).default({}),
  /** Live files not published because every other machine would refuse them (path -> why): not "up to date". */
  unusable: record(string(), string()).default({}),
  /** Mass deletions held until the user confirms them, per project or source folder (reconcile/massDelete.ts). */
  heldDeletes: record(string(), object({ label: string(), paths: array(string()), of: number().int() })).default({}),
  /** Remote entries refused at the remote tip (named again while the tip stays). */
  refused: array(object({ path: string(), reason: string() })).default([]),
  /** The project folders known at the last sync: a second copy of the registry (sources/registry.ts). */
  projects: array(string()).default([])
});
var BaseSchema = recordOf((v) => typeof v === "string");
function emptyState() {
  return {
    version: 1,
    seq: 0,
    remoteTip: null,
    roots: [],
    base: {},
    pending: {},
    conflicts: {},
    held: {},
    unusable: {},
    heldDeletes: {},
    refused: [],
    unpublished: [],
    projects: [],
    lastSyncTime: null
  };
}
function recordedProjects(home) {
  return loadHeader(home).then(
    (h) => h.projects,
    () => []
  );
}
function stateDir(home) {
  return path.join(home, "state");
}
var stateFile = (home) => path.join(stateDir(home), "sync-state.json");
var baseFile = (home, seq) => path.join(stateDir(home), `base-${seq}.json`);
var lastSyncFile = (home) => path.join(stateDir(home), "last-sync");
var damaged = (file) => new MemsyncError(
  `the sync state ${file} is damaged`,
  "failure",
  "move the state folder aside and run memsync sync: every file is then compared with the remote again and nothing is lost (differences become merges or conflicts)"
);
async function loadHeader(home) {
  let text;
  try {
    text = await fs.readFile(stateFile(home), "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return emptyState();
    throw e;
  }
  const parsed = HeaderSchema.safeParse(safeJson(text));
  if (!parsed.success) throw damaged(stateFile(home));
  const lastSyncTime = await fs.readFile(lastSyncFile(home), "utf8").then(
    (t) => t.trim() || null,
    () => null
  );
  return { ...parsed.data, lastSyncTime };
}
async function loadBase(home, header) {
  if (header.seq === 0) return {};
  const file = baseFile(home, header.seq);
  const parsed = BaseSchema.safeParse(safeJson(await fs.readFile(file, "utf8").catch(() => "")));
  if (!parsed.success) throw damaged(file);
  return parsed.data;
}
async function loadState(home) {
  const header = await loadHeader(home);
  return { ...header, base: await loadBase(home, header) };
}
async function saveState(home, state) {
  const { lastSyncTime, base, ...header } = state;
  const seq = header.seq + 1;
  ensureDir(stateDir(home), "the state folder");
  checkedWrite(baseFile(home, seq), JSON.stringify(base), { what: "the sync state" });
  checkedWrite(stateFile(home), JSON.stringify({ ...header, seq }), { what: "the sync state" });
  for (const n of await fs.readdir(stateDir(home))) {
    if (/^base-\d+\.json$/.test(n) && n !== `base-${seq}.json`)
      await fs.rm(path.join(stateDir(home), n), { force: true });
  }
  if (lastSyncTime)
    checkedWrite(lastSyncFile(home), `${lastSyncTime}
`, { fsync: false, what: "the time of the last sync" });
  return seq;
}
async function markUnpublished(home, why) {
  if (why === null) await fs.rm(unpublishedFile(home), { force: true });
  else {
    ensureDir(stateDir(home), "the state folder");
    checkedWrite(unpublishedFile(home), `${why}
`, { fsync: false, what: "the mark of unpublished changes" });
  }
}
var mergedLiveFile = (home) => path.join(stateDir(home), "merged-live.json");
async function saveMergedLive(home, merged) {
  if (!Object.keys(merged).length) return fs.rm(mergedLiveFile(home), { force: true });
  ensureDir(stateDir(home), "the state folder");
  checkedWrite(mergedLiveFile(home), JSON.stringify(merged), { what: "the record of merges written live" });
}
async function loadMergedLive(home) {
  const parsed = MergedLiveSchema.safeParse(
    safeJson(await fs.readFile(mergedLiveFile(home), "utf8").catch(() => "{}"))
  );
  return parsed.success ? parsed.data : {};
}
var MergedLiveSchema = record(string(), object({ live: string(), from: string() }));
async function saveLastSync(home, iso) {
  checkedWrite(lastSyncFile(home), `${iso}
`, { what: "the time of the last sync" });
}
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function readRecord(file, schema) {
  let text;
  try {
    text = fsSync.readFileSync(file, "utf8");
  } catch {
    return {};
  }
  const parsed = schema.safeParse(safeJson(text));
  return parsed.success ? parsed.data : {};
}

export {
  ConflictSchema,
  recordedProjects,
  stateDir,
  loadHeader,
  loadBase,
  loadState,
  saveState,
  markUnpublished,
  saveMergedLive,
  loadMergedLive,
  saveLastSync,
  safeJson,
  readRecord
};
