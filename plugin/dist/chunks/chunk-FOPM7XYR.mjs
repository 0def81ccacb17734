import {
  unpublishedFile
} from "./chunk-EE3IHE5Q.mjs";
import {
  external_exports
} from "./chunk-RJUM73A6.mjs";
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
var ConflictSchema = external_exports.object({
  /** The remote version written beside live (null: the remote had deleted it). */
  remote: external_exports.string().nullable(),
  livePath: external_exports.string(),
  /** The conflict copy, and its content id when written (to tell whether the user edited it). */
  copy: external_exports.string(),
  copyHash: external_exports.string(),
  host: external_exports.string(),
  since: external_exports.string(),
  /**
   * A file and a folder of one name: the folder kept the path and the copy holds the file, which
   * came from this machine (`local`) or the remote. Only `resolve` ends it: the copy may hold the
   * file's only version.
   */
  shape: external_exports.enum(["local", "remote"]).optional(),
  /**
   * Two names a disk folds to one (case, Unicode normalization): the path that kept the name (its
   * live file is `livePath`); the copy holds this machine's file of the other name.
   */
  clash: external_exports.string().optional()
});
function recordOf(ok) {
  return external_exports.custom((v) => {
    if (!v || typeof v !== "object" || Array.isArray(v)) return false;
    for (const x of Object.values(v)) if (!ok(x)) return false;
    return true;
  });
}
var FindingSchema = external_exports.object({ line: external_exports.number().int(), rule: external_exports.string(), masked: external_exports.string() });
var HeaderSchema = external_exports.object({
  version: external_exports.literal(1),
  /** Bumped by every save; names the base file and tells the scan cache which state it matches. */
  seq: external_exports.number().int().nonnegative(),
  /** The remote tip this machine last synced with. */
  remoteTip: external_exports.string().nullable(),
  /**
   * The remote and branch that tip and the base belong to (absent in states written before they
   * were recorded: read as the remote in the settings). Against another remote the base is empty.
   */
  remoteUrl: external_exports.string().optional(),
  branch: external_exports.string().optional(),
  /** Live changes the last sync left unpublished (a pull, a file changed meanwhile): not "up to date". */
  unpublished: external_exports.array(external_exports.string()).default([]),
  /** What decided the mapped paths at the last sync: a change means the remote tree must be read again. */
  roots: external_exports.array(external_exports.string()),
  /** Per mapped path where the remote tip differs from base (null: absent on the remote). */
  pending: recordOf((v) => v === null || typeof v === "string"),
  conflicts: external_exports.record(external_exports.string(), ConflictSchema),
  /** Live files held back from publishing by the secret scan, with what was found. */
  held: external_exports.record(external_exports.string(), external_exports.array(FindingSchema)).default({}),
  /** Live files not published because every other machine would refuse them (path -> why): not "up to date". */
  unusable: external_exports.record(external_exports.string(), external_exports.string()).default({}),
  /** Mass deletions held until the user confirms them, per project or source folder (reconcile/massDelete.ts). */
  heldDeletes: external_exports.record(external_exports.string(), external_exports.object({ label: external_exports.string(), paths: external_exports.array(external_exports.string()), of: external_exports.number().int() })).default({}),
  /** Remote entries refused at the remote tip (named again while the tip stays). */
  refused: external_exports.array(external_exports.object({ path: external_exports.string(), reason: external_exports.string() })).default([]),
  /** The project folders known at the last sync: a second copy of the registry (sources/registry.ts). */
  projects: external_exports.array(external_exports.string()).default([])
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
async function recordedProjects(home) {
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
var MergedLiveSchema = external_exports.record(external_exports.string(), external_exports.object({ live: external_exports.string(), from: external_exports.string() }));
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
