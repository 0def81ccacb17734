import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { alive, sameProcess, startToRecord } from '../util/alive.ts';
import { within } from '../util/elapsed.ts';
import { readJsonObject } from '../util/readJson.ts';

// Light on purpose (node builtins only): the prompt hook reads this before every prompt.

/** What one open session has seen of this machine's memory (state/live/sessions/<session id>). */
export interface SessionMark {
  /** The last live change (changes.ts) handed to it, or there when it started. */
  seen: number;
  /** Its project's MEMORY.md lines as it last saw them: what is new in the index is told against them. */
  index?: string[];
  /** The Claude Code process the session runs in: gone, the session is over (killed, it ran no SessionEnd). */
  claude?: { pid: number; since: string | null };
}

/** A session with no prompt for this long counts as closed: the live pull stops for it. */
const SESSION_IDLE_MS = 30 * 60_000;

const sessionsDir = (home: string) => path.join(home, 'state', 'live', 'sessions');

/** The session's file, or null for an id that cannot be a file name (Claude Code's are UUIDs). */
function sessionFile(home: string, id: string | undefined): string | null {
  return id && /^[A-Za-z0-9_-]{1,128}$/.test(id) ? path.join(sessionsDir(home), id) : null;
}

export function readSession(home: string, id: string | undefined): SessionMark | null {
  const file = sessionFile(home, id);
  if (!file) return null;
  const v = readJsonObject(file);
  if (typeof v?.seen !== 'number') return null;
  const index = Array.isArray(v.index) ? v.index.filter((l: unknown) => typeof l === 'string') : undefined;
  const c = v.claude as SessionMark['claude'] | null | undefined;
  const claude = typeof c?.pid === 'number' && (typeof c.since === 'string' || c.since === null) ? c : undefined;
  return { seen: v.seen, index, claude };
}

/**
 * Records what the session has seen, and the Claude Code process it runs in (hooks get its pid as
 * CLAUDE_PID: seen with 2.1.332); its file's time is its last activity.
 */
export function writeSession(
  home: string,
  id: string | undefined,
  mark: Omit<SessionMark, 'claude'>,
  env: NodeJS.ProcessEnv,
): void {
  const file = sessionFile(home, id);
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const pid = Number(env.CLAUDE_PID);
  // A pid not running now is not Claude Code's (or not one this system shows): idle time alone decides.
  const claude = Number.isInteger(pid) && alive(pid) ? { pid, since: startToRecord(pid) } : undefined;
  checkedWrite(file, JSON.stringify({ ...mark, claude }), { fsync: false, what: 'the live session mark' });
}

/** A prompt: the session is active (one syscall, for the prompt hook's cost). */
export function touchSession(home: string, id: string | undefined): void {
  const file = sessionFile(home, id);
  const now = new Date();
  if (file) fs.utimesSync(file, now, now);
}

export function endSession(home: string, id: string | undefined): void {
  const file = sessionFile(home, id);
  if (file) fs.rmSync(file, { force: true });
}

/**
 * Whether any session is open: active within SESSION_IDLE_MS (ended ones have no file) and, where
 * its Claude Code process is known, that process still running.
 */
export function sessionsOpen(home: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(sessionsDir(home));
  } catch {
    return false;
  }
  return names.some((n) => {
    try {
      if (!within(fs.statSync(path.join(sessionsDir(home), n)).mtimeMs, SESSION_IDLE_MS)) return false;
      const claude = readSession(home, n)?.claude;
      return !claude || sameProcess(claude.pid, claude.since);
    } catch {
      return false;
    }
  });
}
