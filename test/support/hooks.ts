import path from 'node:path';
import { spawn } from 'node:child_process';
import { REPO_ROOT, type Machine } from './machines.ts';

/** Runs a hook the way Claude Code does: the command from hooks/hooks.json, JSON on stdin. */
export function hook(
  m: Machine,
  event: 'session-start' | 'stop' | 'session-end',
  input: object,
  extraEnv: NodeJS.ProcessEnv = {},
) {
  const args =
    event === 'session-start'
      ? [path.join(REPO_ROOT, 'dist', 'memsync.mjs'), 'hook', event]
      : [path.join(REPO_ROOT, 'dist', 'hook.cjs'), event];
  return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { env: { ...m.env, ...extraEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
    child.stdin.end(JSON.stringify({ session_id: 's1', hook_event_name: event, ...input }));
  });
}

export async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
