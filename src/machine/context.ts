import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { claudeConfigDir, memsyncHome, repoDir } from '../config/paths.ts';
import { defaultSettings, loadSettings, settingsPath, writeSettings, type Settings } from '../config/settings.ts';
import { ensureRepo, initBareRemote } from '../store/bareRepo.ts';

/** Everything a command needs to know about this machine. */
export interface Context {
  home: string;
  configDir: string;
  settings: Settings;
  host: string;
  env: NodeJS.ProcessEnv;
}

export { repoDir } from '../config/paths.ts';
export const tmpDir = (home: string) => path.join(home, 'tmp');
const embeddedRemote = (home: string) => path.join(home, 'remote.git');

export interface InitResult {
  ctx: Context;
  /** True when this call created the settings (first run on this machine). */
  created: boolean;
}

/**
 * Sets up MEMSYNC_HOME: settings, the local repository and, when the remote is the embedded
 * default, a bare repository beside them. Running it again changes nothing (unless `remote` is given).
 */
export async function initMachine(env: NodeJS.ProcessEnv, remote?: string): Promise<InitResult> {
  const home = memsyncHome(env);
  await fs.mkdir(tmpDir(home), { recursive: true });
  let settings = await loadSettings(home, env);
  const created = settings === null;
  if (created) {
    const defaults = defaultSettings(home, env);
    await writeSettings(home, { remote: remote ?? defaults.remote, branch: defaults.branch });
  } else if (remote && remote !== settings!.remote) {
    await writeSettings(home, { remote });
  }
  settings = (await loadSettings(home, env))!;
  if (path.resolve(settings.remote) === embeddedRemote(home))
    await initBareRemote(embeddedRemote(home), settings.branch);
  const ctx = contextOf(home, settings, env);
  await ensureRepo(repoDir(home), ctx.host, settings.remote);
  return { ctx, created };
}

/** The context of a configured machine, or null when it has no settings yet. */
export async function loadContext(env: NodeJS.ProcessEnv): Promise<Context | null> {
  const home = memsyncHome(env);
  const settings = await loadSettings(home, env);
  return settings ? contextOf(home, settings, env) : null;
}

/** Loads the context, initializing the machine with the embedded default first if needed. */
export async function ensureContext(env: NodeJS.ProcessEnv): Promise<InitResult> {
  const ctx = await loadContext(env);
  // Settings written by hand before any init (settings.example.json copied) name the embedded
  // remote without it existing yet: it is made as init makes it.
  const unmade =
    ctx && path.resolve(ctx.settings.remote) === embeddedRemote(ctx.home) && !existsSync(ctx.settings.remote);
  return ctx && !unmade ? { ctx, created: false } : initMachine(env);
}

function contextOf(home: string, settings: Settings, env: NodeJS.ProcessEnv): Context {
  return { home, configDir: claudeConfigDir(env), settings, host: settings.hostname, env };
}

export { settingsPath };
