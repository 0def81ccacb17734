import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { readJsonObject } from '../util/readJson.ts';

// Light on purpose (node builtins only): the prompt hook reads this before every prompt.

/** What one live pull wrote into this machine's memory. */
export interface LiveChange {
  seq: number;
  /** When it was pulled (epoch ms). */
  at: number;
  /** The machines whose commits it brought. */
  hosts: string[];
  /** Live files it wrote or deleted. */
  paths: string[];
}

export interface ChangeLog {
  /** The last change's seq (0: none yet); it only grows. */
  seq: number;
  changes: LiveChange[];
}

/** A session that missed more than this many pulls is told the files' paths, not their history. */
const KEPT = 100;

const logFile = (home: string) => path.join(home, 'state', 'live', 'changes.json');

export function readChanges(home: string): ChangeLog {
  const v = readJsonObject(logFile(home));
  if (typeof v?.seq === 'number' && Array.isArray(v.changes)) return v as unknown as ChangeLog;
  // None yet, or damaged: nothing to hand over.
  return { seq: 0, changes: [] };
}

/** Adds a change (the live pull is its only writer, one at a time); returns its seq. */
export function recordChange(home: string, change: Omit<LiveChange, 'seq'>): number {
  const log = readChanges(home);
  const seq = log.seq + 1;
  const changes = [...log.changes, { seq, ...change }].slice(-KEPT);
  fs.mkdirSync(path.dirname(logFile(home)), { recursive: true });
  checkedWrite(logFile(home), JSON.stringify({ seq, changes }), { fsync: false, what: 'the live change log' });
  return seq;
}

/** The last live pull, for `memsync status`: when it ran, and what it brought (`failed`: why it did not finish). */
export interface LastPull {
  at: number;
  files: number;
  hosts: string[];
  failed?: string;
}

const lastFile = (home: string) => path.join(home, 'state', 'live', 'last-pull.json');

export function recordPull(home: string, pull: LastPull): void {
  fs.mkdirSync(path.dirname(lastFile(home)), { recursive: true });
  checkedWrite(lastFile(home), JSON.stringify(pull), { fsync: false, what: 'the last live pull' });
}

export function lastPull(home: string): LastPull | null {
  const v = readJsonObject(lastFile(home));
  const ok = typeof v?.at === 'number' && typeof v.files === 'number' && Array.isArray(v.hosts);
  return ok ? (v as unknown as LastPull) : null;
}

/** The last live pull in one line, for `memsync status`. */
export function lastPullLine(p: LastPull): string {
  const when = new Date(p.at).toISOString();
  if (p.failed) return `live pull: last at ${when}, did not finish: ${p.failed}`;
  const from = p.hosts.length ? ` from ${p.hosts.join(', ')}` : '';
  const brought = p.files ? `${p.files} file${p.files === 1 ? '' : 's'}${from}` : 'nothing new';
  return `live pull: last at ${when}, brought ${brought}`;
}
