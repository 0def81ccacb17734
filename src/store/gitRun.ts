import { spawn } from 'node:child_process';
import { MemsyncError } from '../errors.ts';
import { describeOsError } from '../safety/osError.ts';

/**
 * Environment for every git process memsync starts. memsync's commits must not depend on the
 * user's git identity or config (a fresh machine has none), and git must never prompt.
 */
export function gitEnv(host: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Variables that would redirect git away from our repository, and editors, pagers and
  // templates that plumbing never needs (simple-git refuses to run with them set; npm sets EDITOR).
  for (const k of [
    'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE',
    'EDITOR', 'VISUAL', 'PAGER', 'GIT_EDITOR', 'GIT_PAGER', 'GIT_SEQUENCE_EDITOR', 'GIT_EXTERNAL_DIFF', 'GIT_TEMPLATE_DIR', 'PREFIX',
  ]) delete env[k];
  return {
    ...env,
    GIT_AUTHOR_NAME: host,
    GIT_AUTHOR_EMAIL: `memsync@${host}`,
    GIT_COMMITTER_NAME: host,
    GIT_COMMITTER_EMAIL: `memsync@${host}`,
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSH_COMMAND: env.GIT_SSH_COMMAND || 'ssh -o BatchMode=yes -o ConnectTimeout=10',
    GCM_INTERACTIVE: 'never',
    LC_ALL: 'C',
    ...extra,
  };
}

/** Config that keeps the user's global settings (hooks, signing) out of memsync's own repository. */
export const GIT_SAFE_CONFIG = ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', '-c', 'core.quotePath=false'];

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not failures (e.g. merge-file returns the number of conflicts). */
  okCodes?: number[];
  timeoutMs?: number;
  cwd?: string;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git with stdin and binary stdout: for plumbing that simple-git's API does not cover. */
export function runGit(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_SAFE_CONFIG, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new MemsyncError('git is not installed or not on PATH', 1, 'install git (e.g. apt-get install git)') : e);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      const c = code ?? -1;
      if (timedOut) return reject(new MemsyncError(`git ${args[0]} timed out after ${opts.timeoutMs} ms`));
      // git says a full disk in words only; it must not read as a failed remote or a damaged repository.
      const full = c !== 0 && /No space left on device|Disk quota exceeded/i.test(stderr);
      if (full) return reject(diskFull(args, opts.cwd));
      if (c !== 0 && !(opts.okCodes ?? []).includes(c)) {
        return reject(new MemsyncError(`git ${args.join(' ').slice(0, 120)} failed (exit ${c}): ${stderr.trim().split('\n').pop() ?? ''}`));
      }
      resolve({ stdout: Buffer.concat(out), stderr, code: c });
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
