import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { initMachine, type Context } from '../../src/machine/context.ts';
import { runSync, type SyncOptions, type SyncReport } from '../../src/sync/engine.ts';
import { claudeProjectKey } from '../../src/sources/projectKey.ts';

/**
 * The temp folders this process made, removed when it exits, unless it failed (a failure's paths
 * are printed to look into) or MEMSYNC_TEST_KEEP=1 / BENCH_KEEP=1 ask to keep them.
 */
const made: string[] = [];
process.on('exit', (code) => {
  if (code || process.env.MEMSYNC_TEST_KEEP === '1' || process.env.BENCH_KEEP === '1') return;
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
});

// Tests never see the real home or git config.
const sandbox = tempDir('memsync-test-home-');
process.env.HOME = sandbox;
process.env.GIT_CONFIG_NOSYSTEM = '1';
delete process.env.CLAUDE_CONFIG_DIR;
delete process.env.MEMSYNC_HOME;

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
/** The plugin as Claude Code installs it (the marketplace's `./plugin`). */
export const PLUGIN_ROOT = path.join(REPO_ROOT, 'plugin');
/** The committed CLI bundle (`npm run build` refreshes it; dist.test.ts keeps it current). */
export const CLI = path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs');

export function tempDir(prefix = 'memsync-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A bare repository to act as the shared remote. */
export function bareRemote(dir = tempDir('memsync-remote-')): string {
  execFileSync('git', ['init', '--bare', '--quiet', dir], { env: gitTestEnv(dir) });
  return dir;
}

export function gitTestEnv(home: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
  };
}

/**
 * The live pull (started by SessionStart, running until the session ends) and the idle push run
 * on timers of their own: only the tests of them turn them on.
 */
export const QUIET_TIMERS = { MEMSYNC_LIVE_PULL_SECONDS: '0', MEMSYNC_IDLE_PUSH_SECONDS: '0' } as const;

/** A simulated machine: its own HOME, CLAUDE_CONFIG_DIR, MEMSYNC_HOME and host name. */
export class Machine {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  ctx!: Context;

  constructor(
    readonly name: string,
    readonly remote: string,
  ) {
    this.root = tempDir(`memsync-${name}-`);
    this.env = {
      ...process.env,
      HOME: path.join(this.root, 'home'),
      CLAUDE_CONFIG_DIR: path.join(this.root, 'home', '.claude'),
      MEMSYNC_HOME: path.join(this.root, 'home', '.memsync'),
      MEMSYNC_HOSTNAME: name,
      ...QUIET_TIMERS,
    };
    fs.mkdirSync(this.env.CLAUDE_CONFIG_DIR!, { recursive: true });
  }

  async init(): Promise<this> {
    this.ctx = (await initMachine(this.env, this.remote)).ctx;
    return this;
  }

  get configDir(): string {
    return this.env.CLAUDE_CONFIG_DIR!;
  }

  /** A checkout of a project on this machine with an origin remote (memory is keyed by its path). */
  checkout(origin: string, name = 'widget'): string {
    const dir = path.join(this.root, 'work', `${name}-${this.name}`);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '--quiet', dir], { env: gitTestEnv(this.root) });
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin], { env: gitTestEnv(this.root) });
    return dir;
  }

  /** Claude Code's auto memory folder for a project path. */
  memoryDir(projectDir: string): string {
    return path.join(this.configDir, 'projects', claudeProjectKey(projectDir), 'memory');
  }

  write(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }

  async sync(opts: Partial<SyncOptions> = {}): Promise<SyncReport> {
    return runSync(this.ctx, { mode: 'sync', ...opts });
  }

  /** Runs the real CLI in a child process. */
  cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return runCli(args, { ...this.env, ...extraEnv });
  }
}

/** The CLI in a child process; `via` runs `via args` instead (args then name the CLI themselves, e.g. setpriv). */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  via?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [cmd, argv] = via ? [via, args] : [process.execPath, [CLI, ...args]];
    const child = spawn(cmd, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every file under a folder, as relative path -> content. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile()) out[r] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** Files of the remote's branch tip, as path -> content. */
export function remoteFiles(remote: string, branch = 'main'): Record<string, string> {
  const env = gitTestEnv(remote);
  let list: string;
  try {
    list = execFileSync('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', '-z', branch], { env }).toString();
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const p of list.split('\0').filter(Boolean))
    out[p] = execFileSync('git', ['--git-dir', remote, 'show', `${branch}:${p}`], { env }).toString();
  return out;
}

/** Two machines on one fresh remote, each with a checkout of `origin` and its memory folder. */
export async function twoMachines(origin: string) {
  const remote = bareRemote();
  const a = await new Machine('laptop', remote).init();
  const b = await new Machine('desktop', remote).init();
  const pa = a.checkout(origin);
  const pb = b.checkout(origin);
  return { remote, a, b, pa, pb, memA: a.memoryDir(pa), memB: b.memoryDir(pb) };
}

/** Records in Claude Code's own file (`$CLAUDE_CONFIG_DIR/.claude.json`) that the user trusted `folder`. */
export function trustWorkspace(configDir: string, folder: string): void {
  const file = path.join(configDir, '.claude.json');
  const j = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  j.projects = { ...j.projects, [folder]: { hasTrustDialogAccepted: true } };
  fs.writeFileSync(file, JSON.stringify(j));
}
