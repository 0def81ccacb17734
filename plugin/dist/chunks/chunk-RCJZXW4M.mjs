import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/hooks/liveChanges.ts
import fs from "node:fs";
import path from "node:path";
var KEPT = 100;
var logFile = (home) => path.join(home, "state", "live", "changes.json");
function readChanges(home) {
  const v = readJsonObject(logFile(home));
  if (typeof v?.seq === "number" && Array.isArray(v.changes)) return v;
  return { seq: 0, changes: [] };
}
function recordChange(home, change) {
  const log = readChanges(home);
  const seq = log.seq + 1;
  const changes = [...log.changes, { seq, ...change }].slice(-KEPT);
  fs.mkdirSync(path.dirname(logFile(home)), { recursive: true });
  checkedWrite(logFile(home), JSON.stringify({ seq, changes }), { fsync: false, what: "the live change log" });
  return seq;
}
var lastFile = (home) => path.join(home, "state", "live", "last-pull.json");
function recordPull(home, pull) {
  fs.mkdirSync(path.dirname(lastFile(home)), { recursive: true });
  checkedWrite(lastFile(home), JSON.stringify(pull), { fsync: false, what: "the last live pull" });
}
function lastPull(home) {
  const v = readJsonObject(lastFile(home));
  const ok = typeof v?.at === "number" && typeof v.files === "number" && Array.isArray(v.hosts);
  return ok ? v : null;
}
function lastPullLine(p) {
  const when = new Date(p.at).toISOString();
  if (p.failed) return `live pull: last at ${when}, did not finish: ${p.failed}`;
  const from = p.hosts.length ? ` from ${p.hosts.join(", ")}` : "";
  const brought = p.files ? `${p.files} file${p.files === 1 ? "" : "s"}${from}` : "nothing new";
  return `live pull: last at ${when}, brought ${brought}`;
}

export {
  readChanges,
  recordChange,
  recordPull,
  lastPull,
  lastPullLine
};
