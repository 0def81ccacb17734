import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir
} from "./chunk-WPONZTDY.mjs";

// src/machine/watch.ts
import fs from "node:fs";
import path from "node:path";
function emptyCache() {
  return { version: 2, dirs: {}, files: {} };
}
var cacheFile = (home) => path.join(home, "state", "scan-cache.json");
var unpublishedFile = (home) => path.join(home, "state", "unpublished");
function hasUnpublished(home) {
  return fs.existsSync(unpublishedFile(home));
}
function loadScanCache(home) {
  return readScanCache(home) ?? emptyCache();
}
function saveScanCache(home, cache) {
  const target = cacheFile(home);
  ensureDir(path.dirname(target), "the state folder");
  checkedWrite(target, JSON.stringify(cache), { fsync: false, what: "the scan cache" });
}
function mtimeOrMissing(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}
function liveChangedSince(home, extraDirs = [], scope) {
  const cache = readScanCache(home);
  return !cache || changedSinceCache(cache, extraDirs, scope);
}
function readScanCache(home) {
  const v = readJsonObject(cacheFile(home));
  const ok = v?.version === 2 && typeof v.dirs === "object" && typeof v.files === "object";
  return ok ? v : null;
}
function changedSinceCache(cache, extraDirs = [], scope) {
  const inScope = (dir) => !scope || scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + path.sep));
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (inScope(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!inScope(dir)) continue;
    for (const [name, [size, mtime]] of Object.entries(names)) {
      try {
        const st = fs.statSync(path.join(dir, name));
        if (st.size !== size || st.mtimeMs !== mtime) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}
function refreshCache(cache, paths) {
  for (const p of paths) {
    const dir = path.dirname(p);
    const name = path.basename(p);
    try {
      const st = fs.statSync(p);
      (cache.files[dir] ??= {})[name] = [st.size, st.mtimeMs, st.ctimeMs, st.ino, ""];
    } catch {
      if (cache.files[dir]) delete cache.files[dir][name];
    }
    for (let d = dir; ; d = path.dirname(d)) {
      const was = cache.dirs[d];
      cache.dirs[d] = mtimeOrMissing(d);
      if (was !== void 0 && was !== -1 || path.dirname(d) === d) break;
    }
  }
}

export {
  emptyCache,
  unpublishedFile,
  hasUnpublished,
  loadScanCache,
  saveScanCache,
  liveChangedSince,
  readScanCache,
  changedSinceCache,
  refreshCache
};
