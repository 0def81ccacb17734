import { childProcess } from '../util/childProcess.ts';
import { MemsyncError } from '../errors.ts';
import { describeOsError } from '../safety/osError.ts';

/**
 * Environment for every git process memsync starts. memsync's commits must not depend on the
 * user's git identity or config (a fresh machine has none), and git must never prompt. What talks
 * to the remote adds the user's transport settings (netEnv.ts).
 */
export function gitEnv(host: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Variables that would redirect git away from our repository, and editors, pagers and
  // templates that plumbing never needs (npm sets EDITOR).
  for (const k of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
    'EDITOR',
    'VISUAL',
    'PAGER',
    'GIT_EDITOR',
    'GIT_PAGER',
    'GIT_SEQUENCE_EDITOR',
    'GIT_EXTERNAL_DIFF',
    'GIT_TEMPLATE_DIR',
    'PREFIX',
  ])
    delete env[k];
  return {
    ...env,
    GIT_AUTHOR_NAME: host,
    GIT_AUTHOR_EMAIL: `memsync@${host}`,
    GIT_COMMITTER_NAME: host,
    GIT_COMMITTER_EMAIL: `memsync@${host}`,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
    ...extra,
  };
}

/** Config that keeps the user's global settings (hooks, signing) out of memsync's own repository. */
export const GIT_SAFE_CONFIG = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'core.quotePath=false',
];

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not failures (e.g. merge-file returns the number of conflicts). */
  okCodes?: number[];
  timeoutMs?: number;
  cwd?: string;
  /** Called once git is started (a caller that then blocks the event loop knows git runs meanwhile). */
  onSpawn?: () => void;
  /** Takes stdout as it streams (the result's stdout is then empty): for output too large to hold twice. */
  onStdout?: (chunk: Buffer) => void;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** A git run cut off at its budget (its whole process group killed). */
export class GitTimeout extends MemsyncError {
  constructor(
    readonly timeoutMs: number,
    what: string,
  ) {
    super(`git ${what} timed out after ${timeoutMs} ms`);
  }
}

/**
 * Runs git (every git process memsync starts), with stdin and binary stdout.
 * git runs in its own process group: on timeout the whole group is killed (git's children,
 * such as ssh or git-remote-http, would otherwise keep the pipes open and the run alive) and the
 * call settles at once, not when the pipes close.
 */
export function runGit(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // A process group of its own (POSIX; on Windows `detached` would open a console window instead).
    const detached = process.platform !== 'win32';
    const child = childProcess().spawn('git', [...GIT_SAFE_CONFIG, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached,
      windowsHide: true,
    });
    const group = detached ? child.pid : undefined;
    if (group) liveGroups.add(group);
    opts.onSpawn?.();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (group) liveGroups.delete(group);
      fn();
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          if (group) killGroup(group);
          else child.kill('SIGKILL');
          for (const s of [child.stdin, child.stdout, child.stderr]) s.destroy();
          settle(() =>
            reject(new GitTimeout(opts.timeoutMs!, args[0] === '--git-dir' ? (args[2] ?? '') : (args[0] ?? ''))),
          );
        }, opts.timeoutMs)
      : undefined;
    child.stdout.on('data', opts.onStdout ?? ((d: Buffer) => out.push(d)));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      settle(() =>
        reject(
          e.code === 'ENOENT'
            ? new MemsyncError(
                'git is not installed or not on PATH',
                'failure',
                'install git (e.g. apt-get install git)',
              )
            : e,
        ),
      );
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const c = code ?? -1;
      settle(() => {
        // git says a full disk in words only; it must not read as a failed remote or a damaged repository.
        if (c !== 0 && /No space left on device|Disk quota exceeded/i.test(stderr)) reject(diskFull(args, opts.cwd));
        else if (c !== 0 && !(opts.okCodes ?? []).includes(c)) {
          reject(
            new MemsyncError(
              `git ${args.join(' ').slice(0, 120)} failed (exit ${c}): ${stderr.trim().split('\n').pop() ?? ''}`,
            ),
          );
        } else resolve({ stdout: Buffer.concat(out), stderr, code: c });
      });
    });
    child.stdin.on('error', () => {
      /* git may exit before reading all input; the exit code tells what happened */
    });
    child.stdin.end(opts.input ?? '');
  });
}

function diskFull(args: string[], cwd: string | undefined): Error {
  const at = args.indexOf('--git-dir');
  const dir = at >= 0 ? args[at + 1]! : (cwd ?? process.cwd());
  const sub = args.find((a, i) => (at < 0 || i > at + 1) && !a.startsWith('-')) ?? 'git';
  return describeOsError(`git ${sub} in`, dir, { code: 'ENOSPC' });
}

/** Process groups of git runs in flight: killed when this process exits or is interrupted. */
const liveGroups = new Set<number>();

function killGroup(group: number | undefined): void {
  if (!group) return;
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

function killLiveGroups(): void {
  for (const g of liveGroups) killGroup(g);
  liveGroups.clear();
}

process.on('exit', killLiveGroups);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // Detached groups do not get the terminal's Ctrl-C: pass it on, then die of it as before.
  const onSignal = () => {
    killLiveGroups();
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on(sig, onSignal);
}
