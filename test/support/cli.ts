/**
 * Black-box machines for the issue-10 tests: every action goes through the built CLI
 * (dist/memsync.mjs) or the hooks exactly as hooks/hooks.json declares them, run by a shell
 * with CLAUDE_PLUGIN_ROOT set, JSON on stdin. The bundles are built from src/ into a temp plugin
 * root once per test process, so the tests always exercise the current sources (not a stale dist/).
 *
 * A machine may run as a non-root user (`setpriv`), so that a file made unreadable really is
 * unreadable to memsync (root ignores permissions).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT, gitTestEnv, tempDir, PLUGIN_ROOT, QUIET_TIMERS } from './machines.ts';
import { waitFor } from './hooks.ts';
import { sameProcess } from '../../src/util/alive.ts';
import { within } from '../../src/util/elapsed.ts';
import { claudeProjectKey } from '../../src/sources/projectKey.ts';

export const ORIGIN = 'git@github.com:acme/widget.git';
export const MEM = 'projects/github.com/acme/widget/memory';
export type HookEvent = 'SessionStart' | 'UserPromptSubmit' | 'Stop' | 'SessionEnd';
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let builtRoot: string | null = null;
const made: string[] = [];

/** A temp folder removed by cleanup() (machines and remotes of a run that passed). */
export function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

/** Removes what scratch() made so far (with its `.away` twin, for a remote taken offline). */
export function cleanup(): void {
  for (const d of made.splice(0)) for (const p of [d, `${d}.away`]) fs.rmSync(p, { recursive: true, force: true });
}

/** A plugin root holding this checkout's plugin/hooks/ and bin/ and a fresh build of dist/ (once per process). */
export function pluginRoot(): string {
  if (builtRoot) return builtRoot;
  const dir = tempDir('memsync-plugin-');
  fs.chmodSync(dir, 0o755);
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.mjs'), path.join(dir, 'dist')], {
    stdio: 'pipe',
  });
  // Every file of hooks/: hooks.json and the launcher its commands run (run.sh).
  fs.cpSync(path.join(PLUGIN_ROOT, 'hooks'), path.join(dir, 'hooks'), { recursive: true });
  for (const f of fs.readdirSync(path.join(dir, 'hooks'))) fs.chmodSync(path.join(dir, 'hooks', f), 0o644);
  fs.chmodSync(path.join(dir, 'hooks'), 0o755);
  fs.cpSync(path.join(PLUGIN_ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  // better-sqlite3 stays external to the bundle: resolve it from the checkout's node_modules.
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  // Readable by a non-root machine: files 644, folders (dist/ and its chunks/) 755.
  fs.chmodSync(path.join(dir, 'dist'), 0o755);
  for (const e of fs.readdirSync(path.join(dir, 'dist'), { recursive: true, withFileTypes: true }))
    fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  builtRoot = dir;
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The command Claude Code runs for an event, and its timeout in seconds, from hooks/hooks.json. */
export function hookCommand(event: HookEvent): { command: string; timeout: number } {
  const hooks = JSON.parse(fs.readFileSync(path.join(PLUGIN_ROOT, 'hooks', 'hooks.json'), 'utf8')).hooks;
  const h = hooks[event]?.[0]?.hooks?.[0];
  if (!h?.command) throw new Error(`hooks/hooks.json has no command for ${event}`);
  return { command: h.command, timeout: h.timeout ?? 60 };
}

/** A bare repository any test user can push to (one machine may run as a non-root user). */
export function sharedBareRemote(dir = scratch('memsync-remote-')): string {
  execFileSync('git', ['init', '--bare', '--quiet', '--shared=0777', dir], { env: gitTestEnv(dir) });
  fs.chmodSync(dir, 0o777);
  return dir;
}

/** A machine set up with `memsync init --remote REMOTE` through the built CLI (throws when init fails). */
export async function initedMachine(
  name: string,
  remote: string,
  opts: ConstructorParameters<typeof CliMachine>[1] = {},
): Promise<CliMachine> {
  pluginRoot();
  const m = new CliMachine(name, opts);
  const r = await m.cli(['init', '--remote', remote]);
  if (r.code !== 0) throw new Error(`init ${name}: exit ${r.code}: ${r.stderr}`);
  return m;
}

export class CliMachine {
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly project: string;
  /** Non-root user id this machine's processes run as, if any. */
  readonly uid: number | null;

  constructor(
    readonly name: string,
    opts: { uid?: number; origin?: string; extraEnv?: NodeJS.ProcessEnv; transcript?: boolean } = {},
  ) {
    this.uid = opts.uid ?? null;
    this.root = scratch(`memsync-${name}-`);
    const home = path.join(this.root, 'home');
    this.env = {
      PATH: process.env.PATH,
      HOME: home,
      CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
      MEMSYNC_HOME: path.join(home, '.memsync'),
      MEMSYNC_HOSTNAME: name,
      ...QUIET_TIMERS,
      GIT_CONFIG_NOSYSTEM: '1',
      ...opts.extraEnv,
    };
    fs.mkdirSync(this.env.CLAUDE_CONFIG_DIR!, { recursive: true });
    // A user who is not the remote's owner needs git's consent to use it (not an identity).
    if (this.uid !== null) fs.writeFileSync(path.join(home, '.gitconfig'), '[safe]\n\tdirectory = *\n');
    this.project = path.join(home, 'work', 'widget');
    fs.mkdirSync(this.project, { recursive: true });
    execFileSync('git', ['init', '--quiet', this.project], { env: gitTestEnv(this.root) });
    execFileSync('git', ['-C', this.project, 'remote', 'add', 'origin', opts.origin ?? ORIGIN], {
      env: gitTestEnv(this.root),
    });
    // Claude Code's transcript of a session in the project: how memsync learns where it is.
    if (opts.transcript !== false) {
      fs.mkdirSync(path.dirname(this.transcript), { recursive: true });
      fs.writeFileSync(
        this.transcript,
        `${JSON.stringify({ type: 'user', cwd: this.project, sessionId: 'model-session' })}\n`,
      );
    }
    this.own();
  }

  get transcript(): string {
    return path.join(path.dirname(this.memDir), 'model-session.jsonl');
  }

  get home(): string {
    return this.env.MEMSYNC_HOME!;
  }

  /** Claude Code's auto memory folder of the project on this machine. */
  get memDir(): string {
    return path.join(this.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(this.project), 'memory');
  }

  /** Gives the machine's files to its user after the test (root) wrote some. */
  own(): void {
    if (this.uid !== null) execFileSync('chown', ['-R', `${this.uid}:${this.uid}`, this.root]);
    if (this.uid !== null) fs.chmodSync(this.root, 0o755);
  }

  private argv(cmd: string[]): [string, string[]] {
    if (this.uid === null) return [cmd[0]!, cmd.slice(1)];
    return ['setpriv', [`--reuid=${this.uid}`, `--regid=${this.uid}`, '--clear-groups', '--', ...cmd]];
  }

  /** Runs in the home folder (a hook runs in the project, as Claude Code runs it: see hook()). */
  spawn(cmd: string[], extraEnv: NodeJS.ProcessEnv = {}, detached = false, cwd = this.env.HOME!): ChildProcess {
    const [file, args] = this.argv(cmd);
    return spawn(file, args, { env: { ...this.env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'], cwd, detached });
  }

  private collect(child: ChildProcess, input?: string): Promise<Run> {
    return new Promise((resolve) => {
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr }));
      child.stdin!.end(input ?? '');
    });
  }

  /** `memsync ARGS` through the built CLI. */
  cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
    return this.collect(
      this.spawn([process.execPath, path.join(pluginRoot(), 'dist', 'memsync.mjs'), ...args], extraEnv),
    );
  }

  /** `memsync ARGS --json`, parsed (null when stdout is not one JSON document). */
  async json(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run & { data: any }> {
    const r = await this.cli([...args, '--json'], extraEnv);
    let data: any = null;
    try {
      data = JSON.parse(r.stdout);
    } catch {
      data = null;
    }
    return { ...r, data };
  }

  /** A hook as Claude Code runs it (hooks.json's command in a shell, JSON on stdin); waits for its background push. */
  async hook(event: HookEvent, extra: object = {}, env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const { command } = hookCommand(event);
    const input = {
      session_id: 'model-session',
      transcript_path: this.transcript,
      cwd: this.project,
      hook_event_name: event,
      ...extra,
    };
    const r = await this.collect(
      this.spawn(['sh', '-c', command], { CLAUDE_PLUGIN_ROOT: pluginRoot(), ...env }, false, this.project),
      JSON.stringify(input),
    );
    await this.waitQuiet();
    return r;
  }

  /** Whether the background push the stamp names runs (its pid alone may be another process's by now). */
  private bgRunning(): boolean {
    try {
      const v = JSON.parse(fs.readFileSync(path.join(this.home, 'state', 'bg-push.json'), 'utf8'));
      return typeof v.pid === 'number' && sameProcess(v.pid, v.since ?? null);
    } catch {
      return false;
    }
  }

  /**
   * True while a sync holds this machine's lock (a killed holder's lock counts until it is stale;
   * one from a clock since set back does not).
   */
  lockHeld(staleMs = 10_500): boolean {
    try {
      return within(fs.statSync(path.join(this.home, 'locks', 'sync.lock')).mtimeMs, staleMs);
    } catch {
      return false;
    }
  }

  /** Waits for this machine's background push to exit and its sync lock to be free. */
  async waitQuiet(): Promise<void> {
    await waitFor(() => !this.bgRunning(), 120_000); // the background push has exited
    await waitFor(() => !this.lockHeld(), 120_000); // and the sync lock is free
  }

  /**
   * Starts `memsync sync` and SIGKILLs it (with its git children, half the time) `delayMs` after it
   * started (anywhere from start-up to the push), unless it finished first; then waits, as time
   * would, for a lock it left to go stale.
   */
  async killedSync(delayMs: number, group: boolean): Promise<'killed' | 'finished'> {
    const child = this.spawn([process.execPath, path.join(pluginRoot(), 'dist', 'memsync.mjs'), 'sync'], {}, true);
    const done = this.collect(child);
    let exited = false;
    void done.then(() => (exited = true));
    await new Promise((r) => setTimeout(r, delayMs));
    let outcome: 'killed' | 'finished' = 'finished';
    if (!exited) {
      outcome = 'killed';
      try {
        process.kill(group ? -child.pid! : child.pid!, 'SIGKILL');
      } catch {
        outcome = 'finished';
      }
    }
    await done;
    await this.waitQuiet();
    return outcome;
  }

  /** `memsync sync --json` with `act` done `delayMs` after it started (a session writing meanwhile). */
  async syncWhile(delayMs: number, act: () => void): Promise<Run> {
    const done = this.collect(this.spawn([process.execPath, path.join(pluginRoot(), 'dist', 'memsync.mjs'), 'sync']));
    await new Promise((r) => setTimeout(r, delayMs));
    act();
    const r = await done;
    await this.waitQuiet();
    return r;
  }

  /** Another repository on this machine (origin git@github.com:acme/NAME.git) under the home folder. */
  repository(name: string): string {
    const dir = path.join(this.env.HOME!, 'work', name);
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '--quiet', dir], { env: gitTestEnv(this.root) });
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', `git@github.com:acme/${name}.git`], {
      env: gitTestEnv(this.root),
    });
    this.own();
    return dir;
  }

  write(rel: string, content: string): void {
    const file = path.join(this.memDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    this.own();
  }
}

/** Every line of every version of every file in a repository's history (all refs). */
export function historyLines(gitDir: string, into = new Set<string>()): Set<string> {
  if (!fs.existsSync(gitDir)) return into;
  let out = '';
  try {
    out = execFileSync(
      'git',
      ['--git-dir', gitDir, 'log', '--all', '-p', '--format=', '--no-renames', '--no-color', '-U0'],
      {
        env: gitTestEnv(gitDir),
        maxBuffer: 256 * 1024 * 1024,
      },
    ).toString();
  } catch {
    return into;
  }
  for (const l of out.split('\n')) if (l.startsWith('+') && !l.startsWith('+++')) into.add(l.slice(1));
  return into;
}

/** The command a stopped sync prints to continue (adopting a rewritten remote), as argv; null if none. */
export function continueCommand(text: string): string[] | null {
  const found = /`memsync ([^`]+)`/.exec(text) ?? /\bmemsync ((?:adopt|sync --adopt)[\w-]*(?: --?[\w-]+)*)/.exec(text);
  const cmd = found?.[1]?.trim();
  if (!cmd || /^(sync|status|doctor|conflicts)$/.test(cmd) || /\b(PATH|URL)\b/.test(cmd)) return null;
  return cmd.split(/\s+/);
}
