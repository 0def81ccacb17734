import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, type Machine } from './machines.ts';

export const CLAUDE = path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');
const SESSION_TIMEOUT_MS = 90_000;

export interface Session {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * One headless session of the real `claude` on machine `m`, in `cwd`, against the Messages API
 * stand-in at `apiUrl`; with this checkout as a plugin unless `plugin` is false.
 */
export function runClaude(m: Machine, cwd: string, prompt: string, opts: { apiUrl: string; env?: NodeJS.ProcessEnv; plugin?: boolean }): Promise<Session> {
  // Nothing from the environment running the tests (say, a Claude Code session) may steer claude.
  const inherited = Object.fromEntries(Object.entries(m.env).filter(([k]) => !/^(ANTHROPIC_|CLAUDE_CODE_|CLAUDECODE$|https?_proxy$)/i.test(k)));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ANTHROPIC_BASE_URL: opts.apiUrl,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...opts.env,
  };
  const args = ['-p', prompt, ...(opts.plugin === false ? [] : ['--plugin-dir', REPO_ROOT])];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(CLAUDE, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), SESSION_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}
