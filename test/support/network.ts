import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { gitTestEnv } from './machines.ts';

export const GIT_DAEMON = '/usr/lib/git-core/git-daemon';

/** A port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`git daemon exited (${child.exitCode})`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`git daemon did not listen on ${port}`);
}

/** `git daemon` serving `base` on 127.0.0.1 with push enabled. */
export async function startGitDaemon(base: string, extraArgs: string[] = []): Promise<{ port: number; url: (repo: string) => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    GIT_DAEMON,
    ['--reuseaddr', '--listen=127.0.0.1', `--port=${port}`, '--export-all', '--enable=receive-pack', `--base-path=${base}`, '--informative-errors', ...extraArgs, base],
    { env: gitTestEnv(base), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.resume();
  await waitForPort(port, child);
  return {
    port,
    url: (repo) => `git://127.0.0.1:${port}/${repo}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export type ProxyMode = 'forward' | 'stall';

/**
 * A TCP relay on 127.0.0.1 in front of a server: per connection it forwards, or accepts and
 * never answers ("stall"), as `decide` says for the n-th connection.
 */
export async function startProxy(target: number, decide: (n: number) => ProxyMode): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let n = 0;
  const srv = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (decide(++n) === 'stall') return; // read nothing, answer nothing
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}

