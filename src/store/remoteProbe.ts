import { execFile } from 'node:child_process';
import { sshTarget } from '../config/remoteUrl.ts';
import { gitEnv, GitTimeout, runGit } from './gitRun.ts';
import { networkRun } from './netEnv.ts';
import type { SshHost } from './gitCause.ts';

export type Probe = { ok: true; heads: Map<string, string> } | { ok: false; timedOut: boolean; stderr: string };

/**
 * Asks a remote for its branches (`git ls-remote --heads`) the way a sync talks to it, within
 * `timeoutMs`. `verbose` adds ssh's -v, so a failure says which keys were tried (doctor).
 */
export async function probeRemote(url: string, host: string, timeoutMs: number, verbose = false): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  const { env, config } = await networkRun(gitEnv(host), timeoutMs, { verbose });
  try {
    const left = Math.max(1, deadline - Date.now());
    const r = await runGit([...config, 'ls-remote', '--heads', '--', url], {
      env,
      timeoutMs: left,
      okCodes: [1, 2, 128],
    });
    if (r.code !== 0) return { ok: false, timedOut: false, stderr: r.stderr };
    const heads = new Map<string, string>();
    for (const line of r.stdout.toString().split('\n')) {
      const m = /^([0-9a-f]{40,64})\trefs\/heads\/(.+)$/.exec(line.trim());
      if (m) heads.set(m[2]!, m[1]!);
    }
    return { ok: true, heads };
  } catch (e) {
    if (e instanceof GitTimeout) return { ok: false, timedOut: true, stderr: '' };
    throw e;
  }
}

/** The real host and port behind an ssh remote (a Host alias resolved by `ssh -G`), or null. */
export async function resolveSshHost(url: string): Promise<SshHost | null> {
  const target = sshTarget(url);
  if (!target) return null;
  const out = await new Promise<string>((resolve) => {
    const args = ['-G', ...(target.port ? ['-p', String(target.port)] : []), target.host];
    execFile('ssh', args, { timeout: 5000 }, (err, stdout) => resolve(err ? '' : stdout));
  });
  const host = /^hostname (\S+)$/m.exec(out)?.[1] ?? target.host;
  const port = Number(/^port (\d+)$/m.exec(out)?.[1] ?? target.port ?? 22);
  return { host, port };
}
