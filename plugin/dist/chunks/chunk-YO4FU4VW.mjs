import {
  DiskFullError,
  describeOsError,
  osCode
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/safety/checkedWrite.ts
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
function tempNameFor(target) {
  return `.memsync-${nameTag(path.basename(target))}-${crypto.randomBytes(4).toString("hex")}.tmp`;
}
function isTempFor(target, name) {
  return new RegExp(`^\\.memsync-${nameTag(path.basename(target))}-[0-9a-f]{8}\\.tmp$`).test(name);
}
function asideNameFor(target, expected) {
  const tag = nameTag(path.basename(target));
  return `.memsync-${tag}-${expected.slice(0, 16)}-${crypto.randomBytes(4).toString("hex")}.aside`;
}
function asideExpects(target, name) {
  const m = new RegExp(`^\\.memsync-${nameTag(path.basename(target))}-([0-9a-f]{16})-[0-9a-f]{8}\\.aside$`).exec(name);
  return m ? m[1] : null;
}
function isTempName(name) {
  return /^\.memsync-[0-9a-f]{12}-([0-9a-f]{8}\.tmp|[0-9a-f]{16}-[0-9a-f]{8}\.aside)$/.test(name);
}
var nameTag = (name) => crypto.createHash("sha1").update(name).digest("hex").slice(0, 12);
function checkedWrite(target, content, opts = {}) {
  writeThen(target, content, opts, (tmp) => fs.renameSync(tmp, target));
}
function writeThen(target, content, opts, place) {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const dir = path.dirname(target);
  const tmp = path.join(dir, tempNameFor(target));
  const what = opts.what ?? target;
  let fd = null;
  try {
    const old = statOrNull(target);
    fd = fs.openSync(tmp, "wx+", old ? old.mode & 4095 : opts.mode ?? 438);
    if (old && process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) fs.fchownSync(fd, old.uid, old.gid);
    writeAll(fd, data);
    if (opts.fsync !== false) fs.fsyncSync(fd);
    verify(fd, data, target);
    fs.closeSync(fd);
    fd = null;
    return place(tmp);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    if (e instanceof MemsyncError) throw e;
    const code = osCode(e);
    if (code === "ENOSPC" || code === "EDQUOT") throw fullDisk(dir, what, data.length);
    throw describeOsError(what === target ? "writing" : `writing ${what}`, target, e);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
function writeAll(fd, data) {
  for (let off = 0; off < data.length; ) {
    const n = fs.writeSync(fd, data, off, data.length - off, off);
    if (n <= 0) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
    off += n;
  }
}
function verify(fd, data, target) {
  const size = fs.fstatSync(fd).size;
  const back = Buffer.alloc(size);
  for (let off = 0; off < size; ) {
    const n = fs.readSync(fd, back, off, size - off, off);
    if (n <= 0) break;
    off += n;
  }
  if (size !== data.length || !back.equals(data)) {
    throw new MemsyncError(
      `writing ${target}: the written file does not read back as written (${size} of ${data.length} bytes)`,
      "failure",
      "check the disk, then run the command again; the old file was kept"
    );
  }
}
function statOrNull(target) {
  try {
    return fs.statSync(target);
  } catch {
    return null;
  }
}
function fullDisk(dir, what, bytes) {
  let free = "";
  try {
    const s = fs.statfsSync(dir);
    free = `, ${s.bavail * s.bsize} free`;
  } catch {
  }
  return new DiskFullError(
    `writing ${what}: the disk is full: ${dir} needs ${bytes} bytes${free}; nothing was changed there`,
    "free some space on that disk, then run the command again",
    "ENOSPC"
  );
}

export {
  isTempFor,
  asideNameFor,
  asideExpects,
  isTempName,
  checkedWrite,
  writeThen
};
