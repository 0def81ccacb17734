import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  ensureDir
} from "./chunk-WPONZTDY.mjs";

// src/machine/watch.ts
import fs from "node:fs";
import path from "node:path";

// src/machine/scanCacheFile.ts
var CACHE_VERSION = 3;
function serializeCache(cache) {
  const { dirs, files, stamps = {}, real = {} } = cache;
  const all = /* @__PURE__ */ new Set([...Object.keys(dirs), ...Object.keys(files), ...Object.keys(stamps), ...Object.keys(real)]);
  const header = { version: cache.version, seq: cache.seq, filters: cache.filters, liveIndex: cache.liveIndex };
  const out = [JSON.stringify({ ...header, folders: all.size })];
  for (const dir of all) {
    const line = [dirs[dir] ?? null, files[dir] ?? null, stamps[dir] ?? null, real[dir] ?? null];
    out.push(`${JSON.stringify(dir)}	${JSON.stringify(line)}`);
  }
  return `${out.join("\n")}
`;
}
function parseCache(text, version, keep) {
  if (!text.endsWith("\n")) return null;
  try {
    const lines = text.split("\n");
    const { folders, ...header } = JSON.parse(lines[0]);
    if (header.version !== version || folders !== lines.length - 2) return null;
    const cache = { ...header, version: header.version, dirs: {}, files: {}, stamps: {}, real: {} };
    for (let i = 1; i < lines.length - 1; i++) {
      const line = lines[i];
      const tab = line.indexOf("	");
      const dir = JSON.parse(line.slice(0, tab));
      if (keep && !keep(dir)) continue;
      const [mtime, files, stamp, real] = JSON.parse(line.slice(tab + 1));
      if (mtime !== null) cache.dirs[dir] = mtime;
      if (files !== null) cache.files[dir] = files;
      if (stamp !== null) cache.stamps[dir] = stamp;
      if (real !== null) cache.real[dir] = real;
    }
    return cache;
  } catch {
    return null;
  }
}

// src/machine/watch.ts
function emptyCache() {
  return { version: CACHE_VERSION, dirs: {}, files: {} };
}
var cacheFile = (home) => path.join(home, "state", "scan-cache");
var oldCacheFile = (home) => path.join(home, "state", "scan-cache.json");
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
  checkedWrite(target, serializeCache(cache), { fsync: false, what: "the scan cache" });
  fs.rmSync(oldCacheFile(home), { force: true });
}
function mtimeOrMissing(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}
function sessionScope(memDirs, configDir) {
  return { trees: [...memDirs, path.join(configDir, "rules")], dirs: [configDir] };
}
function liveChangedSince(home, extraDirs = [], scope) {
  const cache = readScanCache(home, scope);
  return !cache || changedSinceCache(cache, extraDirs, scope);
}
function readScanCache(home, scope) {
  let text;
  try {
    text = fs.readFileSync(cacheFile(home), "utf8");
  } catch {
    return null;
  }
  return parseCache(text, CACHE_VERSION, scope && ((dir) => inScope(scope, dir)));
}
var inScope = (scope, dir) => scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + path.sep));
function changedSinceCache(cache, extraDirs = [], scope) {
  const mine = (dir) => !scope || inScope(scope, dir);
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (mine(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!mine(dir)) continue;
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
  sessionScope,
  liveChangedSince,
  readScanCache,
  changedSinceCache,
  refreshCache
};
