import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/safety/osError.ts
import fs from "node:fs";
import path from "node:path";
var CAUSES = {
  ENOSPC: ["the disk is full", "free some space on that disk, then run the command again"],
  EDQUOT: ["the disk quota is used up", "free some space in your quota, then run the command again"],
  EACCES: ["permission denied", "make it readable and writable by this user (ls -ld shows who owns it)"],
  EPERM: ["the operation is not permitted", "make it writable by this user, or remove its immutable flag"],
  EROFS: ["the file system is read-only", "remount it read-write, or point MEMSYNC_HOME elsewhere"],
  ENOTDIR: [
    "a part of the path is a file where a folder is expected",
    "move that file aside (memsync makes the folder again)"
  ],
  EISDIR: ["it is a folder where a file is expected", "move that folder aside"],
  EEXIST: ["something else is already there", "move it aside"],
  ENOENT: ["it, or a folder on its way, does not exist", "create the folder, or give a path in a folder that exists"],
  ENAMETOOLONG: ["the name is too long for this file system", "use a shorter name"],
  ELOOP: ["it goes through too many symbolic links (a loop?)", "fix or remove the link"],
  EIO: ["an input/output error (a failing disk?)", "check the disk (dmesg), then run the command again"],
  EMFILE: ["too many files are open", "raise the open-file limit (ulimit -n), then run the command again"],
  EBUSY: ["it is busy (in use by another program)", "close what uses it, then run the command again"]
};
var OsError = class extends MemsyncError {
  constructor(message, hint, code) {
    super(message, "failure", hint);
    this.code = code;
  }
  code;
};
var DiskFullError = class extends OsError {
};
function osCode(e) {
  const code = e?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : void 0;
}
function describeOsError(op, p, e) {
  const code = osCode(e);
  const said = e?.message ?? String(e);
  const unknown = [said, "run the command again; memsync.log has the details"];
  const [cause, todo] = code && CAUSES[code] || unknown;
  const where = code === "ENOTDIR" || code === "EEXIST" ? fileInTheWay(p) ?? p : p;
  const Kind = code === "ENOSPC" || code === "EDQUOT" ? DiskFullError : OsError;
  return new Kind(`${op} ${where}: ${cause}${code ? ` (${code})` : ""}`, todo, code);
}
function fileInTheWay(p) {
  for (let d = path.resolve(p); d !== path.dirname(d); d = path.dirname(d)) {
    try {
      if (!fs.statSync(d).isDirectory()) return d;
      return null;
    } catch {
    }
  }
  return null;
}
function ensureDir(dir, what) {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw describeOsError(`creating ${what}`, dir, e);
  }
}
var DOING = {
  open: "opening",
  read: "reading",
  write: "writing",
  mkdir: "creating the folder",
  mkdtemp: "creating a temp folder",
  rename: "renaming",
  unlink: "removing",
  rmdir: "removing the folder",
  rm: "removing",
  scandir: "reading the folder",
  stat: "looking at",
  lstat: "looking at",
  copyfile: "copying",
  symlink: "making a link at",
  chmod: "changing the mode of",
  access: "checking"
};
function asOsError(e) {
  const code = osCode(e);
  const err = e;
  if (!code || typeof err.path !== "string") return null;
  return describeOsError(DOING[err.syscall ?? ""] ?? err.syscall ?? "using", err.path, e);
}

export {
  DiskFullError,
  osCode,
  describeOsError,
  ensureDir,
  asOsError
};
