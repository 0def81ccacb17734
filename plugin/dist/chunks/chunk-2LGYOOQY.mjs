import {
  underSyncLock
} from "./chunk-WTWOWLG3.mjs";
import {
  pruneDbBase,
  saveDbState,
  writeDbBase
} from "./chunk-BX63XATI.mjs";
import {
  applyRowActions,
  readIfUnchanged,
  recordingEffects,
  removeEmptyFolder
} from "./chunk-6KBHNJKF.mjs";
import {
  progress
} from "./chunk-D5GCV3EA.mjs";
import {
  containProblem,
  saveIdentityRecord
} from "./chunk-6LTTOJPG.mjs";
import {
  SCANNER_ID
} from "./chunk-EJMOQQBX.mjs";
import {
  restoreInto
} from "./chunk-BDS4TV5P.mjs";
import {
  ConflictSchema,
  markUnpublished,
  readRecord,
  safeJson,
  saveLastSync,
  saveMergedLive,
  saveState,
  stateDir
} from "./chunk-KVTL3BT4.mjs";
import {
  loadScanCache,
  refreshCache,
  saveScanCache
} from "./chunk-J6JDA4NY.mjs";
import {
  openLookaside,
  openRepo
} from "./chunk-YQ235AGW.mjs";
import {
  readOrNull
} from "./chunk-DO6IZNGO.mjs";
import {
  LAYOUT_FILE
} from "./chunk-Q54W4AKF.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  tmpDir
} from "./chunk-IAMV2BUG.mjs";
import {
  gitEnv,
  runGit
} from "./chunk-HKEN53EP.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import {
  array,
  boolean,
  literal,
  number,
  object,
  record,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  asideExpects,
  asideNameFor,
  checkedWrite,
  isTempFor,
  writeThen
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir,
  osCode
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/engine/effects/real.ts
import fsp2 from "node:fs/promises";
import path11 from "node:path";

// src/machine/liveWrite.ts
import fs3 from "node:fs";
import path3 from "node:path";

// src/machine/liveSwap.ts
import fs2 from "node:fs";
import path2 from "node:path";

// src/machine/conflictCopy.ts
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
var NAME_MAX = 255;
var HOST_MAX = 40;
var SUFFIX_MAX = 10 + HOST_MAX + 1 + 16;
function conflictCopyPath(livePath, host, when) {
  const { stem, ext } = copyParts(livePath);
  const safeHost = (host.replace(/[^A-Za-z0-9._-]/g, "-") || "remote").slice(0, HOST_MAX);
  const time = when.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return path.join(path.dirname(livePath), `${stem}.conflict-${safeHost}-${time}${ext}`);
}
function copyParts(livePath) {
  let ext = path.extname(livePath);
  if (Buffer.byteLength(ext) > 32) ext = "";
  const stem = path.basename(livePath).slice(0, path.basename(livePath).length - ext.length);
  const room = NAME_MAX - SUFFIX_MAX - Buffer.byteLength(ext);
  if (Buffer.byteLength(stem) <= room) return { stem, ext };
  const tag = createHash("sha1").update(stem).digest("hex").slice(0, 8);
  return { stem: `${truncateBytes(stem, room - 9)}~${tag}`, ext };
}
function truncateBytes(s, bytes) {
  let out = "";
  let used = 0;
  for (const ch of s) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}
async function removeCopyIfUntouched(c) {
  try {
    if (blobHash(fs.readFileSync(c.copy)) === c.copyHash) fs.rmSync(c.copy, { force: true });
  } catch {
  }
}
function findCopyOf(livePath, hash) {
  const dir = path.dirname(livePath);
  const { stem, ext } = copyParts(livePath);
  let names;
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  for (const n of names.sort()) {
    if (!n.startsWith(`${stem}.conflict-`) || !n.endsWith(ext)) continue;
    try {
      if (blobHash(fs.readFileSync(path.join(dir, n))) === hash) return path.join(dir, n);
    } catch {
    }
  }
  return null;
}

// src/machine/liveSwap.ts
var NO_LINKS = /* @__PURE__ */ new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EMLINK", "EXDEV"]);
function link(from, to) {
  try {
    fs2.linkSync(from, to);
    return true;
  } catch (e) {
    const code = osCode(e) ?? "";
    if (code === "EEXIST" || code === "ENOENT") return false;
    if (NO_LINKS.has(code)) return "unsupported";
    throw e;
  }
}
var hashOf = (file3) => {
  const c = readOrNull(file3);
  return c === null ? null : blobHash(c);
};
function swapIn(staged, target, expected) {
  if (expected === null) {
    const linked2 = link(staged, target);
    if (linked2 === "unsupported") fs2.renameSync(staged, target);
    else if (!linked2) return "refused";
    else fs2.rmSync(staged, { force: true });
    return "swapped";
  }
  const aside = path2.join(path2.dirname(target), asideNameFor(target, expected));
  const linked = link(target, aside);
  if (!linked) return "refused";
  fs2.renameSync(staged, target);
  if (linked === "unsupported" || hashOf(aside) === expected) {
    fs2.rmSync(aside, { force: true });
    return "swapped";
  }
  return { aside };
}
function keepBeside(file3, target, host) {
  for (let s = 0; ; s++) {
    const copy = conflictCopyPath(target, host, new Date(Date.now() + s * 1e3));
    if (swapIn(file3, copy, null) === "swapped") return copy;
  }
}
function putBack(theirs, target, ours, host) {
  const r = swapIn(theirs, target, ours);
  if (r === "swapped") return;
  if (typeof r === "object") keepBeside(r.aside, target, host);
  else if (swapIn(theirs, target, null) !== "swapped") keepBeside(theirs, target, host);
}
function replaceLive(target, content, expected, host) {
  return writeThen(target, content, {}, (tmp) => {
    const r = swapIn(tmp, target, expected);
    if (typeof r !== "object") return r === "swapped";
    putBack(r.aside, target, blobHash(content), host);
    return false;
  });
}
function removeLive(target, expected, host) {
  const aside = path2.join(path2.dirname(target), asideNameFor(target, expected));
  try {
    fs2.renameSync(target, aside);
  } catch (e) {
    if (osCode(e) === "ENOENT") return false;
    throw e;
  }
  if (hashOf(aside) === expected) {
    fs2.rmSync(aside, { force: true });
    return true;
  }
  if (swapIn(aside, target, null) !== "swapped") keepBeside(aside, target, host);
  return false;
}
function recoverAside(target, name, host) {
  const expects = asideExpects(target, name);
  if (expects === null) return null;
  const aside = path2.join(path2.dirname(target), name);
  const a = fs2.lstatSync(aside, { throwIfNoEntry: false });
  const t = fs2.lstatSync(target, { throwIfNoEntry: false });
  if (!a) return null;
  if (t && t.ino === a.ino && t.dev === a.dev || hashOf(aside)?.startsWith(expects)) {
    fs2.rmSync(aside, { force: true });
    return null;
  }
  return swapIn(aside, target, null) === "swapped" ? null : keepBeside(aside, target, host);
}

// src/machine/liveWrite.ts
var journalFile = (home) => path3.join(stateDir(home), "writing.json");
var JournalSchema = object({ started: number(), targets: array(string().min(1)) });
async function createLiveWriter(at, targets) {
  const { home, host } = at;
  const journaled = [...targets];
  const started = Date.now();
  const writeJournal = () => {
    ensureDir(stateDir(home), "the state folder");
    checkedWrite(journalFile(home), JSON.stringify({ started, targets: journaled }), { what: "the write journal" });
  };
  if (journaled.length) writeJournal();
  const whole = (livePath, content) => {
    ensureDir(path3.dirname(livePath), "a memory folder");
    checkedWrite(livePath, content);
  };
  return {
    async write(livePath, content, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      if (expected === null && fs3.lstatSync(livePath, { throwIfNoEntry: false })?.isDirectory()) {
        if (!removeEmptyFolder(livePath)) return false;
      }
      ensureDir(path3.dirname(livePath), "a memory folder");
      return replaceLive(livePath, content, expected, host);
    },
    async remove(livePath, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      return removeLive(livePath, expected, host);
    },
    async create(livePath, content) {
      journaled.push(livePath);
      writeJournal();
      whole(livePath, content);
    },
    async done() {
      if (journaled.length) fs3.rmSync(journalFile(home), { force: true });
    }
  };
}
async function recoverInterruptedWrites(at, folders) {
  const file3 = journalFile(at.home);
  let text;
  try {
    text = fs3.readFileSync(file3, "utf8");
  } catch {
    return { removed: 0 };
  }
  const parsed = JournalSchema.safeParse(safeJson(text));
  const outside = parsed.success ? parsed.data.targets.find((t) => !insideSome(folders, t)) : void 0;
  if (!parsed.success || outside !== void 0) {
    const aside = `${file3}.set-aside-${Date.now()}`;
    fs3.renameSync(file3, aside);
    const why = parsed.success ? `it names ${outside}, outside the memory folders` : "it is damaged";
    const note2 = `the write journal was not acted on (${why}); it was moved to ${aside}: delete it once looked at`;
    return { removed: 0, note: note2 };
  }
  let removed = 0;
  const kept = [];
  for (const target of parsed.data.targets) {
    const r = recoverTarget(target, parsed.data.started, at.host);
    removed += r.removed;
    kept.push(...r.kept);
  }
  fs3.rmSync(file3, { force: true });
  if (!kept.length) return { removed };
  const note = `a sync that was stopped while writing left a version written meanwhile beside live: ${kept.join(", ")}: compare it with the live file, keep what you need, delete the copy`;
  return { removed, note };
}
function recoverTarget(target, started, host) {
  const out = { removed: 0, kept: [] };
  const dir = path3.dirname(target);
  let names;
  try {
    names = fs3.readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = path3.join(dir, n);
    try {
      if (asideExpects(target, n) !== null) {
        const copy = recoverAside(target, n, host);
        if (copy) out.kept.push(copy);
        else out.removed++;
      } else if (isTempFor(target, n) && fs3.statSync(p).mtimeMs >= started - 1e3) {
        fs3.rmSync(p, { force: true });
        out.removed++;
      }
    } catch {
    }
  }
  return out;
}
function insideSome(folders, target) {
  return folders.some((f) => containProblem(f, target) === null);
}

// src/machine/proposal.ts
function proposalBranch(host) {
  const name = host.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/\.{2,}/g, ".").replace(/^[.-]+|[.]+$/g, "").replace(/\.lock$/i, "-lock");
  return `memsync/${name || "host"}`;
}
var LAST_PROPOSAL = "refs/memsync/proposal";
async function pushProposal(repo, sharedTip, tree, message, timeoutMs) {
  const branch = proposalBranch(repo.host);
  const last = await repo.readRef(LAST_PROPOSAL);
  if (last) {
    const info = await repo.commitInfo(last);
    if (info.tree === tree && info.parent === sharedTip) return { branch, status: "unchanged", commit: last };
  }
  const onRemote = (await repo.remoteBranches(branch, timeoutMs)).get(branch) ?? null;
  if (onRemote !== null && onRemote !== last && !await onlyOurs(repo, sharedTip, onRemote, branch, timeoutMs)) {
    return {
      branch,
      status: "blocked",
      commit: null,
      note: `${branch} on the remote has commits this machine did not make (a reviewer's edit?); it was left as it is: merge or delete it, then sync again`
    };
  }
  const commit = await repo.commit(tree, sharedTip, message);
  if (await repo.setRemoteBranch(branch, commit, onRemote, timeoutMs) === "rejected") {
    return {
      branch,
      status: "blocked",
      commit: null,
      note: `${branch} changed on the remote while this machine pushed to it; sync again`
    };
  }
  await repo.writeRef(LAST_PROPOSAL, commit);
  return { branch, status: "pushed", commit };
}
async function onlyOurs(repo, sharedTip, tip, branch, timeoutMs) {
  await repo.fetchBranches([branch], timeoutMs);
  const authors = await repo.authorsBetween(sharedTip, tip);
  return authors.every((a) => a === repo.host);
}
async function outstandingProposal(repo, sharedTip) {
  const last = await repo.readRef(LAST_PROPOSAL);
  if (!last || !sharedTip || (await repo.commitInfo(last)).parent !== sharedTip) return [];
  const changes = await repo.changesSinceMergeBase(sharedTip, last);
  return [...changes?.keys() ?? []].filter((p) => p !== LAYOUT_FILE).sort();
}

// src/sources/registry.ts
import { promises as fs4 } from "node:fs";
import path4 from "node:path";
var RegistryFile = object({
  version: literal(1),
  paths: array(string())
});
function registryFile(home) {
  return path4.join(home, "projects.json");
}
var legacyFile = (home) => path4.join(home, "state", "projects.json");
async function loadRegistry(home) {
  const all = [...await readList(registryFile(home)), ...await readList(legacyFile(home))];
  return [...new Set(all.filter((p) => path4.isAbsolute(p)).map((p) => path4.resolve(p)))].sort();
}
async function readList(file3) {
  let text;
  try {
    text = await fs4.readFile(file3, "utf8");
  } catch {
    return [];
  }
  try {
    return RegistryFile.parse(JSON.parse(text)).paths;
  } catch {
    const stamp = (/* @__PURE__ */ new Date()).toISOString().replace(/[:.]/g, "-");
    await fs4.rename(file3, `${file3}.corrupt-${stamp}`).catch(() => {
    });
    return [];
  }
}
async function rememberProjects(home, paths2) {
  const current = await loadRegistry(home);
  const all = new Set(current);
  let changed = false;
  for (const p of paths2) {
    if (typeof p !== "string" || p.trim() === "") continue;
    const abs = path4.resolve(p);
    if (abs === path4.parse(abs).root) continue;
    if (!all.has(abs)) {
      all.add(abs);
      changed = true;
    }
  }
  if (!changed) return false;
  const file3 = registryFile(home);
  ensureDir(path4.dirname(file3), "memsync's folder");
  const body = { version: 1, paths: [...all].sort() };
  checkedWrite(file3, `${JSON.stringify(body, null, 2)}
`, { what: "the list of projects" });
  return true;
}

// src/secrets/hostChecked.ts
import fs5 from "node:fs";
import path5 from "node:path";
var file = (home) => path5.join(home, "state", "host-checked");
var keyOf = (host) => `${JSON.stringify([SCANNER_ID, host])}
`;
function hostChecked(home, host) {
  try {
    return fs5.readFileSync(file(home), "utf8") === keyOf(host);
  } catch {
    return false;
  }
}
function saveHostChecked(home, host) {
  try {
    ensureDir(path5.dirname(file(home)), "the state folder");
    checkedWrite(file(home), keyOf(host), { fsync: false, what: "the host-name check" });
  } catch {
  }
}

// src/machine/mirrorRecord.ts
import path6 from "node:path";
var RecordSchema = record(string(), record(string(), record(string(), string())));
var recordFile = (home) => path6.join(stateDir(home), "mirrors.json");
function loadMirrorRecord(home) {
  return readRecord(recordFile(home), RecordSchema);
}
function saveMirrorRecord(home, record2) {
  ensureDir(stateDir(home), "the state folder");
  checkedWrite(recordFile(home), JSON.stringify(record2), { what: "the record of other checkouts" });
}

// src/machine/waitingStore.ts
import fs6 from "node:fs";
import path7 from "node:path";
var VersionSchema = object({
  /** The content's blob id (its file under `files/`). */
  sha: string().regex(/^[0-9a-f]{40}$/),
  /** Where it came from, for conflict copies' names and for people. */
  host: string(),
  at: string(),
  /** `--strategy skip`: an existing live file is kept; else it is merged (never overwritten). */
  keepLive: boolean()
});
var RecordSchema2 = object({ version: literal(1), files: record(string(), array(VersionSchema)) });
var waitingDir = (home) => path7.join(home, "waiting");
var recordFile2 = (home) => path7.join(waitingDir(home), "held.json");
var contentFile = (home, sha) => path7.join(waitingDir(home), "files", sha);
function hasWaiting(home) {
  return fs6.existsSync(recordFile2(home));
}
function loadWaiting(home) {
  let text;
  try {
    text = fs6.readFileSync(recordFile2(home), "utf8");
  } catch {
    return {};
  }
  const parsed = RecordSchema2.safeParse(safeJson(text));
  if (!parsed.success)
    throw new MemsyncError(
      `the record of restored files waiting for their folders, ${recordFile2(home)}, is damaged`,
      "failure",
      `their contents are in ${path7.join(waitingDir(home), "files")} (named by blob id); move the record aside and restore the backup or import again`
    );
  return parsed.data.files;
}
function holdWaiting(home, items) {
  const files = loadWaiting(home);
  for (const { path: p, version, content } of items) {
    const held = files[p] ?? [];
    if (held.some((v) => v.sha === version.sha)) continue;
    const file3 = contentFile(home, version.sha);
    ensureDir(path7.dirname(file3), "the folder of restored files waiting for their folders");
    if (readWaiting(home, version.sha) === null) checkedWrite(file3, content, { what: "a restored file" });
    files[p] = [...held, version];
  }
  saveWaiting(home, files);
}
function releaseWaiting(home, done) {
  const files = loadWaiting(home);
  for (const { path: p, sha } of done) {
    const left = (files[p] ?? []).filter((v) => v.sha !== sha);
    if (left.length) files[p] = left;
    else delete files[p];
  }
  saveWaiting(home, files);
  const named = new Set(Object.values(files).flatMap((vs) => vs.map((v) => v.sha)));
  for (const { sha } of done) if (!named.has(sha)) fs6.rmSync(contentFile(home, sha), { force: true });
  if (!Object.keys(files).length) fs6.rmSync(waitingDir(home), { recursive: true, force: true });
}
function readWaiting(home, sha) {
  try {
    const content = fs6.readFileSync(contentFile(home, sha));
    return blobHash(content) === sha ? content : null;
  } catch {
    return null;
  }
}
function saveWaiting(home, files) {
  if (!Object.keys(files).length) {
    fs6.rmSync(recordFile2(home), { force: true });
    return;
  }
  ensureDir(waitingDir(home), "the folder of restored files waiting for their folders");
  checkedWrite(recordFile2(home), `${JSON.stringify({ version: 1, files }, null, 1)}
`, {
    what: "the record of restored files waiting for their folders"
  });
}

// src/machine/liveIndex.ts
import fs7 from "node:fs";
import path8 from "node:path";
var gitDir = (home) => path8.join(stateDir(home), "live.git");
var indexFile = (home) => path8.join(stateDir(home), "live-index");
var CONFIG = ["fsmonitor=false", "untrackedCache=false", "splitIndex=false", "precomposeUnicode=false"].flatMap(
  (c) => ["-c", `core.${c}`]
);
var CHECK_MS = 5e3;
var UPDATE_MS = 6e4;
function env(home) {
  return {
    ...plainEnv(),
    GIT_DIR: gitDir(home),
    GIT_INDEX_FILE: indexFile(home),
    // Paths in the index are absolute ones without the leading slash.
    GIT_WORK_TREE: "/",
    GIT_OPTIONAL_LOCKS: "0"
  };
}
var plainEnv = () => gitEnv("memsync", { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" });
function identity(home) {
  try {
    const st = fs7.statSync(indexFile(home));
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch {
    return null;
  }
}
function startLiveCheck(home) {
  const id = identity(home);
  const answer = id === null ? Promise.resolve(null) : runGit([...CONFIG, "diff-files", "--name-only", "-z"], { env: env(home), cwd: "/", timeoutMs: CHECK_MS }).then((r) => r.stderr ? null : new Set(paths(r.stdout))).catch(() => null);
  const matches = (cache) => id !== null && cache.liveIndex === id;
  return {
    matches,
    // A dry run holds no lock: an index a sync rewrote meanwhile answers for another cache.
    dirty: async (cache) => matches(cache) && await answer && identity(home) === id ? answer : null
  };
}
function paths(out) {
  const text = out.toString("utf8");
  return text ? text.split("\0").filter(Boolean).map((p) => `/${p}`) : [];
}
async function updateLiveIndex(home, cache, indexed) {
  try {
    const fresh = !indexed || identity(home) === null;
    if (fresh) {
      fs7.rmSync(indexFile(home), { force: true });
      if (!fs7.existsSync(path8.join(gitDir(home), "HEAD")))
        await runGit(["init", "--quiet", "--bare", gitDir(home)], { env: plainEnv() });
    }
    const lines = fresh ? allLines(cache) : changedLines(cache, indexed);
    if (lines.length) {
      const opts = { env: env(home), cwd: "/", timeoutMs: UPDATE_MS };
      const set = await runGit([...CONFIG, "update-index", "-z", "--index-info"], { ...opts, input: lines.join("") });
      if (set.stderr) return void 0;
      await runGit([...CONFIG, "update-index", "-q", "--refresh"], { ...opts, okCodes: [1] });
    }
  } catch {
    return void 0;
  }
  return identity(home) ?? void 0;
}
var NO_ID = "0".repeat(40);
var realOf = (cache, dir) => cache.real?.[dir] ?? dir;
var entry = (real, name, fp) => `100644 ${fp[4]}	${real.slice(1)}/${name}\0`;
var removal = (real, name) => `0 ${NO_ID}	${real.slice(1)}/${name}\0`;
function allLines(cache) {
  const out = [];
  for (const [dir, names] of Object.entries(cache.files)) {
    const real = realOf(cache, dir);
    for (const [name, fp] of Object.entries(names)) if (fp[4]) out.push(entry(real, name, fp));
  }
  return out;
}
function changedLines(cache, indexed) {
  const added = [];
  const gone = [];
  for (const [dir, names] of Object.entries(cache.files)) {
    const before = indexed.files[dir] ?? {};
    const real = realOf(cache, dir);
    const was = realOf(indexed, dir);
    if (names === before && real === was) continue;
    const moved = real !== was;
    for (const [name, fp] of Object.entries(names))
      if (fp[4] && (moved || fp !== before[name])) added.push(entry(real, name, fp));
    for (const name of Object.keys(before)) if (moved || !(name in names)) gone.push([was, name]);
  }
  for (const [dir, names] of Object.entries(indexed.files))
    if (!(dir in cache.files)) for (const name of Object.keys(names)) gone.push([realOf(indexed, dir), name]);
  if (!gone.length) return added;
  const held = /* @__PURE__ */ new Set();
  for (const [dir, names] of Object.entries(cache.files))
    for (const [name, fp] of Object.entries(names)) if (fp[4]) held.add(`${realOf(cache, dir)}/${name}`);
  return [...gone.filter(([real, name]) => !held.has(`${real}/${name}`)).map(([r, n]) => removal(r, n)), ...added];
}

// src/machine/openedConflicts.ts
import fs8 from "node:fs";
import path9 from "node:path";
var file2 = (home) => path9.join(stateDir(home), "opened-conflicts.json");
var Schema = record(string(), ConflictSchema);
function loadOpenedConflicts(home) {
  return readRecord(file2(home), Schema);
}
function noteOpenedConflict(home, p, record2) {
  ensureDir(stateDir(home), "the state folder");
  const all = { ...loadOpenedConflicts(home), [p]: record2 };
  checkedWrite(file2(home), JSON.stringify(all), { what: "the record of conflicts being opened" });
}
function forgetOpenedConflicts(home) {
  fs8.rmSync(file2(home), { force: true });
}

// src/claudeMem/effects.ts
import fs9 from "node:fs";
import fsp from "node:fs/promises";
import path10 from "node:path";
function realDbEffects(home) {
  return {
    said: (done) => done,
    leftOut: () => void 0,
    applyRows: (db, tables, actions) => applyRowActions(db, tables, actions),
    async replaceDatabase(dbPath, content, busyMs) {
      await fsp.mkdir(path10.dirname(dbPath), { recursive: true });
      await restoreInto(dbPath, content, tmpDir(home), busyMs);
    },
    saveBackup: (file3, content) => writeBackup(file3, content()),
    writeDbBase: async (content) => writeDbBase(home, content),
    saveDbState: async (next) => saveDbState(home, next),
    pruneDbBase: (next) => pruneDbBase(home, next)
  };
}
function writeBackup(file3, content) {
  fs9.mkdirSync(path10.dirname(file3), { recursive: true });
  checkedWrite(file3, content, { what: "the copy of the database before a change that drops rows" });
}

// src/engine/effects/real.ts
async function treeOf(repo, tip, changes) {
  const ids = /* @__PURE__ */ new Map();
  const line = progress("storing files for the remote");
  for (const [p, c] of changes) {
    ids.set(p, c === null || typeof c === "string" ? c : await repo.writeBlob(c));
    line.tick(ids.size, changes.size);
  }
  line.end();
  return repo.buildTree(tip, ids);
}
function realEffects(ctx, repo, lock, timeoutMs) {
  let writer = null;
  const live = () => {
    if (!writer) throw new MemsyncError("internal: a live write outside beginLiveWrites");
    return writer;
  };
  const tree = (tip, changes) => treeOf(repo, tip, changes);
  const stillOurs = (what) => {
    if (lock.compromised())
      throw new MemsyncError(
        `another process took over the sync lock; stopping before ${what}`,
        "failure",
        "run memsync sync again"
      );
  };
  return {
    ...realDbEffects(ctx.home),
    answersPush: true,
    ...realMirrorEffects(ctx),
    noteMergedLive: (merged) => saveMergedLive(ctx.home, merged),
    readLive: readIfUnchanged,
    async beginLiveWrites(targets) {
      writer = await createLiveWriter(ctx, targets);
    },
    async writeLive(livePath, content, expected) {
      try {
        return await live().write(livePath, content, expected);
      } catch (e) {
        if (["EISDIR", "ENOTDIR", "EEXIST", "ENOTEMPTY"].includes(e.code ?? ""))
          return false;
        throw e;
      }
    },
    async removeLive(livePath, expected, stopAt) {
      if (!await live().remove(livePath, expected)) return false;
      await pruneEmptyFolders(path11.dirname(livePath), stopAt);
      return true;
    },
    async noteOpenedConflict(p, record2) {
      if (p === null) forgetOpenedConflicts(ctx.home);
      else noteOpenedConflict(ctx.home, p, record2);
    },
    createCopy: (copyPath, content) => live().create(copyPath, content),
    removeCopyIfUntouched: (c) => removeCopyIfUntouched(c),
    async endLiveWrites() {
      await writer?.done();
      writer = null;
    },
    async publish(tip, changes, message) {
      const commit = await repo.commit(await tree(tip, changes), tip, message);
      stillOurs("pushing");
      return await repo.push(commit, tip, timeoutMs) === "pushed" ? { pushed: true, commit } : { pushed: false };
    },
    async propose(tip, changes, message) {
      return pushProposal(repo, tip, await tree(tip, changes), message, timeoutMs);
    },
    deleteBranch: (name, tip) => repo.setRemoteBranch(name, null, tip, timeoutMs),
    keepRef: (name, commit) => repo.writeRef(name, commit),
    ...realMachineRecords(ctx),
    holdWaiting: async (items) => holdWaiting(ctx.home, items),
    releaseWaiting: async (done) => releaseWaiting(ctx.home, done),
    recoverInterruptedWrites: async (folders) => (await recoverInterruptedWrites(ctx, folders)).note,
    refreshMirrors: async (refresh) => refresh(),
    async saveState(next) {
      stillOurs("recording the sync");
      return saveState(ctx.home, next);
    },
    saveLastSync: (iso) => saveLastSync(ctx.home, iso),
    async saveScanCache(cache, indexed) {
      const id = await updateLiveIndex(ctx.home, cache, indexed);
      saveScanCache(ctx.home, id ? { ...cache, liveIndex: id } : { ...cache, liveIndex: void 0 });
    },
    markUnpublished: (why) => markUnpublished(ctx.home, why),
    // Upkeep only: a pack that cannot be made now is made by a later sync; the log says why not.
    tidyStore: () => repo.tidy(timeoutMs).then(ignore, (e) => logLine(ctx.home, "store packing skipped", e))
  };
}
var ignore = () => void 0;
function realMachineRecords(ctx) {
  return {
    rememberProjects: async (paths2) => void await rememberProjects(ctx.home, [...paths2]),
    rememberHostChecked: async () => saveHostChecked(ctx.home, ctx.host),
    saveIdentities: async (record2) => saveIdentityRecord(ctx.home, record2)
  };
}
function realMirrorEffects(ctx) {
  return {
    async writeMirror(target, content, expected) {
      await fsp2.mkdir(path11.dirname(target), { recursive: true });
      return replaceLive(target, content, expected, ctx.host);
    },
    removeMirror: async (target, expected) => removeLive(target, expected, ctx.host),
    saveMirrorRecord: async (record2) => saveMirrorRecord(ctx.home, record2),
    async refreshScanCache(files) {
      const cache = loadScanCache(ctx.home);
      if (!Object.keys(cache.dirs).length) return;
      refreshCache(cache, files);
      saveScanCache(ctx.home, cache);
    }
  };
}
async function pruneEmptyFolders(dir, stopAt) {
  const root = path11.resolve(stopAt);
  for (let d = path11.resolve(dir); d !== root && d.startsWith(root + path11.sep); d = path11.dirname(d)) {
    try {
      await fsp2.rmdir(d);
    } catch {
      return;
    }
  }
}

// src/engine/effects/seam.ts
async function throughSeam(ctx, opts, work) {
  if (opts.dryRun) {
    const look = await openLookaside(ctx);
    try {
      const fx = recordingEffects();
      return await work({ fx, repo: look.repo, recorded: fx.recorded });
    } finally {
      await look.close();
    }
  }
  return underSyncLock(ctx.home, opts.lockWaitMs ?? 6e4, async (lock) => {
    const repo = openRepo(ctx);
    try {
      await repo.ensure(ctx.settings.remote);
      const timeout = opts.budget?.() ?? ctx.settings.networkTimeoutMs;
      return await work({ fx: realEffects(ctx, repo, lock, timeout), repo, recorded: null });
    } finally {
      repo.close();
    }
  });
}
async function withEffects(ctx, dryRun, work) {
  return throughSeam(ctx, { dryRun }, async ({ fx, repo, recorded }) => ({ value: await work(fx, repo), recorded }));
}

export {
  loadOpenedConflicts,
  startLiveCheck,
  loadRegistry,
  waitingDir,
  hasWaiting,
  loadWaiting,
  readWaiting,
  conflictCopyPath,
  findCopyOf,
  loadMirrorRecord,
  proposalBranch,
  outstandingProposal,
  hostChecked,
  throughSeam,
  withEffects
};
