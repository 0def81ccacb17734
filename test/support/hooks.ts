import path from 'node:path';
import { spawn } from 'node:child_process';
import { type Machine, PLUGIN_ROOT } from './machines.ts';

/**
 * Runs a hook the way Claude Code does: the command from hooks/hooks.json (through sh), JSON on stdin;
 * `command`: another command line instead (one `memsync hooks install` wrote into settings.json).
 */
export function hook(
  m: Machine,
  event: 'session-start' | 'prompt' | 'stop' | 'session-end',
  input: object,
  extraEnv: NodeJS.ProcessEnv = {},
  command?: string,
) {
  const args = command ? ['-c', command] : [path.join(PLUGIN_ROOT, 'hooks', 'run.sh'), event];
  // This Node first on PATH: the one the tests run on.
  const env = { ...m.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${m.env.PATH}`, ...extraEnv };
  return new Promise<{ code: number; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn('/bin/sh', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    // A hook may exit before reading its input (run.sh without node does): as Claude Code, carry on.
    child.stdin.on('error', () => undefined);
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
