import { checkedWrite } from '../safety/checkedWrite.ts';
import { sameProcess } from '../util/alive.ts';
import { readJsonObject } from '../util/readJson.ts';

// Light on purpose: the hooks read these before every prompt and at every session's start and end.

/** A background process the hooks started: its pid and start (startToRecord), pid 0 once it has ended. */
export interface PidStamp {
  pid: number;
  since: string | null;
}

function readPidStamp(file: string): PidStamp | null {
  const v = readJsonObject(file);
  return typeof v?.pid === 'number' && (typeof v.since === 'string' || v.since === null)
    ? (v as unknown as PidStamp)
    : null;
}

export function writePidStamp(file: string, s: PidStamp, what: string): void {
  checkedWrite(file, JSON.stringify(s), { fsync: false, what });
}

/** Whether the process a stamp names still runs (its pid alone may be another process's by now). */
export function stampRuns(file: string): boolean {
  const s = readPidStamp(file);
  return !!s && sameProcess(s.pid, s.since);
}

/** Whether this process is the one the stamp names. */
export function stampIsMine(file: string): boolean {
  return readPidStamp(file)?.pid === process.pid;
}

/** The process the stamp names marks itself ended on the way out. */
export function endMyStamp(file: string, what: string): void {
  if (stampIsMine(file)) writePidStamp(file, { pid: 0, since: null }, what);
}
