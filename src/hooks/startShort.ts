import fs from 'node:fs';
import path from 'node:path';
import { envVarName } from '../config/envValues.ts';
import { claudeConfigDir, expandHome, memsyncHome } from '../config/paths.ts';
import { claudeMemoryDirOf } from '../sources/identity.ts';
import { gitEnv, runGit } from '../store/gitRun.ts';
import { networkRun, userNetworkConfig } from '../store/netEnv.ts';
import { changedSinceCache, hasUnpublished, readScanCache, sessionScope, type WatchScope } from '../machine/watch.ts';
import type { ScanCache } from '../machine/scanCacheFile.ts';
import { readJsonObject } from '../util/readJson.ts';
import { hookToggles } from './toggles.ts';
import { claudeMemUnsettled } from './startClaudeMem.ts';
import { recipientsAgreed } from './startRecipients.ts';
import type { HookInput } from './input.ts';
import { indexBudgetLine } from './indexLine.ts';
import type { HookOutput } from './output.ts';

// SessionStart's short way: when local state proves nothing is unpublished here and one
// `git ls-remote` shows the remote still at the tip this machine last synced, the session starts
// without loading the sync engine. Read with plain fs and JSON (no settings validation): anything
// unexpected sends SessionStart the long way, where the sync reads and reports it.

/** What the short way compares: the remote and branch the last sync used, and the tip it left. */
export interface LastSync {
  url: string;
  branch: string;
  tip: string;
  /** pullTimeoutMs, for the one git call. */
  budget: number;
  /** An encrypted remote: the recipients check must pass at the tip (startRecipients.ts). */
  recipients: boolean;
}

/** Everything the decision reads, gathered by readLocal. */
export interface LocalView {
  settings: Record<string, unknown> | null;
  /** settings.json changed after the last sync ended (or none ended). */
  settingsNewer: boolean;
  state: Record<string, unknown> | null;
  cache: ScanCache | null;
  unpublished: boolean;
  /** Why claude-mem's database, synced here, may have news or notices (startClaudeMem.ts); null: none. */
  claudeMem: string | null;
  pullOnStart: boolean;
  /** The session's project (resolved cwd) and whether a sync has learned it; null: no project. */
  project: { known: boolean } | null;
  /** The session's memory folder, watched even when the last sync did not know it. */
  memDir: string | null;
  /**
   * Where the session writes (as the Stop hook looks), the part of the scan cache read: with the
   * remote where it was, a pull would take nothing, and SessionEnd, which looks everywhere,
   * publishes a change elsewhere.
   */
  scope: WatchScope;
  env: NodeJS.ProcessEnv;
  home: string;
}

/** The remote tip to compare with, or why SessionStart must take the long way (the sync). */
function shortWayOrWhy(v: LocalView): LastSync | string {
  const { settings, state } = v;
  if (!settings || !state) return 'no settings or sync state';
  if (!v.pullOnStart) return 'the pull at session start is off';
  // A setting changed since the last sync (the remote, a bad value) is the sync's to read and report.
  if (v.settingsNewer) return 'settings changed since the last sync';
  const get = (key: string) => v.env[envVarName(key)] || settings[key];
  // Every role pulls the shared branch at session start (a contributor's proposals are pushed later).
  if (!['peer', 'contributor', 'consumer', undefined].includes(get('role') as string)) return 'an unknown role';
  const encryption = get('encryption');
  if (![undefined, 'none', 'age'].includes(encryption as string)) return 'an unknown encryption setting';
  const remote = get('remote');
  const url = typeof remote === 'string' ? expandHome(remote, v.env) : path.join(v.home, 'remote.git');
  const branch = (get('branch') as string | undefined) ?? 'main';
  if (typeof state.remoteTip !== 'string') return 'no remote tip recorded';
  if (state.remoteUrl !== url || (state.branch ?? 'main') !== branch) return 'the remote or branch changed';
  // What the user must hear (conflicts, held files) and what is left to publish: the long way says it.
  for (const key of ['conflicts', 'held', 'heldDeletes', 'unusable', 'pending'] as const) {
    const x = state[key];
    if (x && typeof x === 'object' && Object.keys(x).length) return `open ${key} in the sync state`;
  }
  if (!Array.isArray(state.unpublished) || state.unpublished.length || v.unpublished) return 'left unpublished';
  if (v.claudeMem) return v.claudeMem;
  if (v.project && !v.project.known) return 'a project no sync has learned';
  if (!v.cache || v.cache.seq !== state.seq) return 'no scan of the last sync';
  if (changedSinceCache(v.cache, v.memDir ? [v.memDir] : [], v.scope)) return 'memory changed since the last sync';
  const pull = Number(get('pullTimeoutMs') ?? 5000);
  const budget = Number.isInteger(pull) && pull > 0 ? pull : 5000;
  return { url, branch, tip: state.remoteTip, recipients: encryption === 'age', budget };
}

/** Reads what shortWayOrWhy decides on. */
function readLocal(home: string, env: NodeJS.ProcessEnv, cwd: string | undefined, memDir: string | null): LocalView {
  const settingsFile = path.join(home, 'settings.json');
  const stateFile = path.join(home, 'state', 'sync-state.json');
  const settings = readJsonObject(settingsFile);
  const t = hookToggles(settings ?? {}, env);
  const project = cwd ? path.resolve(cwd) : null;
  const registry = readJsonObject(path.join(home, 'projects.json'))?.paths;
  const state = readJsonObject(stateFile);
  const listed = (x: unknown) => Array.isArray(x) && x.includes(project);
  const scope = sessionScope(memDir ? [memDir] : [], claudeConfigDir(env));
  return {
    settings,
    // Every sync that ends writes its time (machine/state.ts), the sync state only when something changed.
    settingsNewer: mtimeOf(settingsFile) >= mtimeOf(path.join(home, 'state', 'last-sync'), Number.NEGATIVE_INFINITY),
    state,
    cache: readScanCache(home, scope),
    unpublished: hasUnpublished(home),
    claudeMem: t.claudeMemDb === null ? null : claudeMemUnsettled(home, t.claudeMemDb, env),
    pullOnStart: t.autoSync && t.pullOnStart,
    project: project ? { known: listed(registry) || listed(state?.projects) } : null,
    memDir,
    scope,
    env,
    home,
  };
}

/** A file's mtime; `missing` when it cannot be read. */
function mtimeOf(file: string, missing = Number.POSITIVE_INFINITY): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return missing;
  }
}

/**
 * SessionStart's short way: its output when nothing is new, else why the sync must run (a remote
 * that did not answer in time too: the long way then says so and hands it to a background sync).
 */
export async function shortStart(input: HookInput, env: NodeJS.ProcessEnv): Promise<HookOutput | string> {
  const home = memsyncHome(env);
  const cwd = input.cwd && fs.existsSync(input.cwd) ? path.resolve(input.cwd) : undefined;
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const last = shortWayOrWhy(readLocal(home, env, cwd, memDir));
  if (typeof last === 'string') return last;
  const started = performance.now();
  // Each git call within half the budget; the recipients are read locally while the remote answers.
  const timeoutMs = Math.max(200, Math.floor(last.budget / 2));
  const [tip, agreed] = await Promise.all([
    remoteTip(last, timeoutMs),
    !last.recipients || recipientsAgreed(home, last.tip, timeoutMs),
  ]);
  if (tip !== last.tip) return tip === null ? 'no answer from the remote, or no such branch' : 'the remote moved';
  if (!agreed) return "encrypted: the recipients check needs the sync (the list, this machine's key or pin)";
  return {
    log: `short way: the remote is at the last synced tip (${Math.round(performance.now() - started)} ms)`,
    conflictsLine: memDir ? indexBudgetLine(memDir) : undefined,
  };
}

/** The branch's tip on the remote (one `git ls-remote`), or null. */
async function remoteTip(last: LastSync, timeoutMs: number): Promise<string | null> {
  try {
    const base = gitEnv('memsync');
    const { env, config } = await networkRun(base, timeoutMs, { user: userNetworkConfig(base, last.url) });
    const ref = `refs/heads/${last.branch}`;
    const r = await runGit([...config, 'ls-remote', '--', last.url, ref], { env, timeoutMs, okCodes: [2, 128] });
    if (r.code !== 0) return null;
    const line = r.stdout
      .toString()
      .split('\n')
      .find((l) => l.endsWith(`\t${ref}`));
    return line ? line.slice(0, line.indexOf('\t')) : null;
  } catch {
    return null;
  }
}
