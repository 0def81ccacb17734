
// src/claudeMem/changeMarker.ts
import fs from "node:fs";
function dbMarker(file) {
  return [file, part(file, 24, 4), part(`${file}-wal`, 0, 32)].join("|");
}
function part(file, at, length) {
  let fd;
  try {
    fd = fs.openSync(file, "r");
  } catch (e) {
    if (e.code === "ENOENT") return "-";
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    const head = Buffer.alloc(length);
    const n = fs.readSync(fd, head, 0, length, at);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${head.subarray(0, n).toString("hex")}`;
  } finally {
    fs.closeSync(fd);
  }
}

export {
  dbMarker
};
