import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";
import {
  sameProcess
} from "./chunk-R7TBMKPK.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/hooks/pidStamp.ts
function readPidStamp(file) {
  const v = readJsonObject(file);
  return typeof v?.pid === "number" && (typeof v.since === "string" || v.since === null) ? v : null;
}
function writePidStamp(file, s, what) {
  checkedWrite(file, JSON.stringify(s), { fsync: false, what });
}
function stampRuns(file) {
  const s = readPidStamp(file);
  return !!s && sameProcess(s.pid, s.since);
}
function stampIsMine(file) {
  return readPidStamp(file)?.pid === process.pid;
}
function endMyStamp(file, what) {
  if (stampIsMine(file)) writePidStamp(file, { pid: 0, since: null }, what);
}

export {
  writePidStamp,
  stampRuns,
  stampIsMine,
  endMyStamp
};
