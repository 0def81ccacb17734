/** Headless sessions of the real `claude` binary against the Messages API stand-in, and what they left. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { REPO_ROOT, type Machine, PLUGIN_ROOT } from './machines.ts';
import type { MessagesApi, RecordedRequest, Reply } from './messagesApi.ts';

/**
 * The `claude` the tests run: the devDependency (the newest release), or the binary named by
 * MEMSYNC_TEST_CLAUDE, to try a new release before adopting it or keep testing the oldest one supported.
 */
export const CLAUDE = process.env.MEMSYNC_TEST_CLAUDE || path.join(REPO_ROOT, 'node_modules', '.bin', 'claude');
const SESSION_TIMEOUT_MS = 90_000;

export interface Session {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The environment claude runs with on `m`: nothing from the one running the tests steers it. */
export function claudeEnv(api: MessagesApi, m: Machine, extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(m.env).filter(([k]) => !/^(ANTHROPIC_|CLAUDE_CODE_|CLAUDECODE$|https?_proxy$)/i.test(k)),
  );
  return {
    ...inherited,
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: 'test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    ...extraEnv,
  };
}

/** Runs `claude` with `args` (a headless session is `-p PROMPT`), never blocking this process's servers. */
export function runClaudeArgs(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Session> {
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

/** The lines (parsed) of the session transcripts Claude Code wrote for sessions run in `cwd` on `m`. */
export function transcriptLines(m: Machine, cwd: string): any[] {
  // Transcripts are filed under the key of the session's cwd (memory: of the git root).
  const folder = path.dirname(m.memoryDir(cwd));
  const out: any[] = [];
  for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of fs.readFileSync(path.join(folder, f), 'utf8').split('\n')) {
      try {
        if (line.trim()) out.push(JSON.parse(line));
      } catch {
        /* a torn last line */
      }
    }
  }
  return out;
}

/** What Claude Code showed the user from `event` hooks (their systemMessage), from the transcripts. */
export function hookMessages(m: Machine, cwd: string, event: string): string[] {
  return transcriptLines(m, cwd)
    .filter((l) => l.attachment?.type === 'hook_system_message' && l.attachment?.hookEvent === event)
    .map((l) => String(l.attachment.content));
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Which step of a turn a request is: each assistant reply already in it is one step given. */
export function stepOf(req: RecordedRequest): number {
  return ((req.body?.messages ?? []) as { role: string }[]).filter((m) => m.role === 'assistant').length;
}

/** The stand-in's replies for a session that writes memory files with Claude Code's Write tool, one per turn step. */
export function writesThenDone(
  files: (req: RecordedRequest) => { file_path: string; content: string }[],
  delayMs: () => number = () => 0,
): (req: RecordedRequest) => Promise<Reply> {
  return async (req) => {
    const step = stepOf(req);
    const todo = files(req);
    const ms = delayMs();
    if (ms) await new Promise((r) => setTimeout(r, ms));
    return step < todo.length ? { toolUse: { name: 'Write', input: todo[step]! } } : { text: 'Saved to memory.' };
  };
}

/**
 * One headless session of the real `claude` on machine `m`, in `cwd`, against the Messages API
 * stand-in at `apiUrl`; with this checkout as a plugin unless `plugin` is false.
 */
export function runClaude(
  m: Machine,
  cwd: string,
  prompt: string,
  opts: { apiUrl: string; env?: NodeJS.ProcessEnv; plugin?: boolean },
): Promise<Session> {
  const args = ['-p', prompt, ...(opts.plugin === false ? [] : ['--plugin-dir', PLUGIN_ROOT])];
  return runClaudeArgs(args, cwd, claudeEnv({ url: opts.apiUrl } as MessagesApi, m, opts.env));
}
