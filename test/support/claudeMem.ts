import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Machine, REPO_ROOT, bareRemote } from './machines.ts';
import { writeSettings } from '../../src/config/settings.ts';
import { loadContext } from '../../src/machine/context.ts';
import { openSqlite, type Database } from '../../src/claudeMem/sqlite.ts';
import { confirmDbDeletes, resolveDatabase } from '../../src/claudeMem/resolveDb.ts';
import { realDbEffects } from '../../src/claudeMem/effects.ts';

/** The Bun binary of the `bun` npm package (its own bin shim is only filled in by a postinstall). */
export function bunBinary(): string {
  const candidates = [
    path.join(
      REPO_ROOT,
      'node_modules',
      '@oven',
      `bun-${process.platform}-${process.arch === 'x64' ? 'x64' : 'aarch64'}`,
      'bin',
      'bun',
    ),
    path.join(REPO_ROOT, 'node_modules', 'bun', 'bin', 'bun.exe'),
  ];
  const found = candidates.find((c) => fs.existsSync(c) && fs.statSync(c).size > 1_000_000);
  if (!found) throw new Error(`no Bun binary in node_modules (looked at ${candidates.join(', ')}): run npm ci`);
  return found;
}

/** A folder holding `bun` (a link to bunBinary()), to put on PATH as claude-mem's installer does. */
export function bunDir(): string {
  const dir = path.join(os.tmpdir(), `memsync-bun-${process.pid}`);
  if (!fs.existsSync(path.join(dir, 'bun'))) {
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(bunBinary(), path.join(dir, 'bun'));
  }
  return dir;
}

export type StoreAction =
  | { kind: 'session'; contentSessionId: string; memorySessionId: string; project: string; prompt: string }
  | { kind: 'prompt'; contentSessionId: string; promptNumber: number; text: string }
  | { kind: 'observation'; memorySessionId: string; project: string; promptNumber: number; observation: Observation }
  | {
      kind: 'summary';
      memorySessionId: string;
      project: string;
      promptNumber: number;
      summary: Record<string, string>;
    };

export interface Observation {
  type: string;
  title: string;
  subtitle: string;
  facts: string[];
  narrative: string;
  concepts: string[];
  files_read: string[];
  files_modified: string[];
}

export interface StoreContents {
  sessions: Record<string, unknown>[];
  observations: Record<string, unknown>[];
  summaries: Record<string, unknown>[];
  prompts: Record<string, unknown>[];
  /** memory_session_id -> observation titles, from getObservationsForSession. */
  perSession: Record<string, string[]>;
}

/**
 * Runs claude-mem's own SessionStore (npm package claude-mem) under Bun on a database: creates it
 * with every migration when missing, runs the actions, and with `read` returns every row through
 * the store's read methods.
 */
export function claudeMemStore(db: string, actions: StoreAction[], opts: { read?: boolean } = {}): StoreContents {
  fs.mkdirSync(path.dirname(db), { recursive: true });
  const out = execFileSync(bunBinary(), [STORE_SCRIPT], {
    input: JSON.stringify({ db, actions, read: !!opts.read }),
    env: storeEnv(db),
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8')) as StoreContents;
}

/** The same in the background, pausing between actions: a claude-mem worker writing while a sync runs. */
export function claudeMemWriter(db: string, actions: StoreAction[], pauseMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bunBinary(), [STORE_SCRIPT], { env: storeEnv(db), stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`claude-mem writer failed (${code}): ${stderr}`)),
    );
    child.stdin.end(JSON.stringify({ db, actions, pauseMs }));
  });
}

const STORE_SCRIPT = path.join(REPO_ROOT, 'test', 'support', 'claudeMemStore.cjs');

/** claude-mem keeps its logs in its data folder: the database's folder, never the real ~/.claude-mem. */
function storeEnv(db: string): NodeJS.ProcessEnv {
  const dataDir = path.dirname(db);
  return {
    ...process.env,
    HOME: path.dirname(dataDir),
    CLAUDE_MEM_DATA_DIR: dataDir,
    CLAUDE_MEM_PACKAGE: path.join(REPO_ROOT, 'node_modules', 'claude-mem'),
  };
}

export function observation(title: string, narrative = `narrative of ${title}`): Observation {
  return {
    type: 'discovery',
    title,
    subtitle: `sub ${title}`,
    facts: [`fact ${title}`],
    narrative,
    concepts: ['c'],
    files_read: ['a.ts'],
    files_modified: [],
  };
}

/** One session (`memory-1`, project `widget`), and the observations made in it. */
export function oneSession(...titles: string[]): StoreAction[] {
  return [
    { kind: 'session', contentSessionId: 'content-1', memorySessionId: 'memory-1', project: 'widget', prompt: 'p' },
    ...titles.map((t) => observedIn('memory-1', t)),
  ];
}

/** An observation made at the first prompt of the session `memorySessionId` (project `widget`). */
export function observedIn(memorySessionId: string, title: string, narrative?: string): StoreAction {
  return {
    kind: 'observation',
    memorySessionId,
    project: 'widget',
    promptNumber: 1,
    observation: observation(title, narrative),
  };
}

/** A machine syncing claude-mem's database (at its default place under the machine's HOME). */
export async function memMachine(
  name: string,
  remote: string,
  mode: 'rows' | 'file' = 'rows',
): Promise<Machine & { db: string }> {
  const m = await new Machine(name, remote).init();
  await writeSettings(m.env.MEMSYNC_HOME!, { sources: { claudeMem: { enabled: true, mode } } });
  m.ctx = (await loadContext(m.env))!;
  return Object.assign(m, { db: path.join(m.env.HOME!, '.claude-mem', 'claude-mem.db') });
}

/** Machines a and b on a new remote, each database written with its actions (a: one session of work; b: empty). */
export async function memPair(
  aActions: StoreAction[] = work('a', 1),
  bActions: StoreAction[] = [],
  mode: 'rows' | 'file' = 'rows',
) {
  const remote = bareRemote();
  const a = await memMachine('a', remote, mode);
  const b = await memMachine('b', remote, mode);
  claudeMemStore(a.db, aActions);
  claudeMemStore(b.db, bActions);
  return { remote, a, b };
}

/** A machine's own claude-mem work: sessions with prompts, observations and a summary. */
export function work(tag: string, sessions = 2): StoreAction[] {
  const out: StoreAction[] = [];
  for (let s = 0; s < sessions; s++) {
    const cs = `content-${tag}-${s}`;
    const ms = `memory-${tag}-${s}`;
    out.push({
      kind: 'session',
      contentSessionId: cs,
      memorySessionId: ms,
      project: 'widget',
      prompt: `first prompt ${tag}${s}`,
    });
    out.push({ kind: 'prompt', contentSessionId: cs, promptNumber: 2, text: `second prompt ${tag}${s}` });
    for (let o = 0; o < 3; o++)
      out.push({
        kind: 'observation',
        memorySessionId: ms,
        project: 'widget',
        promptNumber: 1,
        observation: observation(`obs ${tag}${s}.${o}`),
      });
    out.push({
      kind: 'summary',
      memorySessionId: ms,
      project: 'widget',
      promptNumber: 2,
      summary: {
        request: `req ${tag}${s}`,
        investigated: 'i',
        learned: 'l',
        completed: 'c',
        next_steps: 'n',
        notes: '',
      },
    });
  }
  return out;
}

export const read = (db: string): StoreContents => claudeMemStore(db, [], { read: true });
export const titles = (c: StoreContents) => c.observations.map((o) => o.title as string).sort();

export function sql<T>(db: string, fn: (d: Database) => T): T {
  const d = openSqlite(db);
  d.pragma('busy_timeout = 5000');
  try {
    return fn(d);
  } finally {
    d.close();
  }
}

/** `memsync resolve claude-mem --keep-local|--use-remote`'s record, made in process (real effects). */
export function resolveDb(m: { ctx: { home: string } }, how: 'local' | 'remote'): Promise<number> {
  return resolveDatabase(m.ctx.home, how, realDbEffects(m.ctx.home));
}

/** `memsync resolve claude-mem --confirm-deletes`'s record, made in process (real effects). */
export function confirmDb(m: { ctx: { home: string } }): Promise<number> {
  return confirmDbDeletes(m.ctx.home, realDbEffects(m.ctx.home));
}
