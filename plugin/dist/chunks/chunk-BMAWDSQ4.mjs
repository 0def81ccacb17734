import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
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
  try {
    const v = JSON.parse(fs.readFileSync(cacheFile(home), "utf8"));
    if (v && v.version === 2 && typeof v.dirs === "object" && typeof v.files === "object") return v;
  } catch {
  }
  return emptyCache();
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
  let cache;
  try {
    cache = JSON.parse(fs.readFileSync(cacheFile(home), "utf8"));
    if (cache.version !== 2) return true;
  } catch {
    return true;
  }
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
      const known = d in cache.dirs;
      cache.dirs[d] = mtimeOrMissing(d);
      if (known || path.dirname(d) === d) break;
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
  refreshCache
};
