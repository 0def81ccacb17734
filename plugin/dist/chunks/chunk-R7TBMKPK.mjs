
// src/util/alive.ts
import fs from "node:fs";
function alive(pid) {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function processStart(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null;
    return `${bootId()}:${fields[19]}`;
  } catch {
    return null;
  }
}
var boot;
function bootId() {
  boot ??= fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return boot;
}
function startToRecord(pid) {
  return processStart(pid) ?? (fs.existsSync("/proc/self/stat") ? "gone" : null);
}
function sameProcess(pid, since) {
  if (!alive(pid)) return false;
  return since === null || processStart(pid) === since;
}

export {
  alive,
  startToRecord,
  sameProcess
};
