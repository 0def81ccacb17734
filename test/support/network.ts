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

export async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
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
  throw new Error(`the server did not listen on ${port}`);
}

/** `git daemon` serving `base` on 127.0.0.1 with push enabled. */
export async function startGitDaemon(
  base: string,
  extraArgs: string[] = [],
): Promise<{ port: number; url: (repo: string) => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    GIT_DAEMON,
    [
      '--reuseaddr',
      '--listen=127.0.0.1',
      `--port=${port}`,
      '--export-all',
      '--enable=receive-pack',
      `--base-path=${base}`,
      '--informative-errors',
      ...extraArgs,
      base,
    ],
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

/**
 * What the relay does with a connection: forward it; accept and never answer ("stall"); forward
 * until `bytes` have passed in one direction (down: server to client, up: client to server),
 * then stop forwarding and keep the connection open, or cut it.
 */
export type ProxyMode = 'forward' | 'stall' | { after: number; dir: 'down' | 'up'; then: 'stall' | 'cut' };

/**
 * A TCP relay on 127.0.0.1 in front of a server, doing for the n-th connection what `decide` says.
 * Byte counts are per direction over all connections, so "after 64 KB down" lands mid-pack
 * whatever the protocol's requests before it.
 */
export async function startProxy(
  target: number,
  decide: (n: number) => ProxyMode,
): Promise<{ port: number; accepted: number[]; stop: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const passed = { down: 0, up: 0 };
  // When each connection came in (Date.now()): where a step that talks to the server starts.
  const accepted: number[] = [];
  let n = 0;
  const srv = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    accepted.push(Date.now());
    const mode = decide(++n);
    if (mode === 'stall') return; // read nothing, answer nothing
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    let stalled = false;
    const relay = (from: net.Socket, to: net.Socket, dir: 'down' | 'up') => {
      from.on('end', () => stalled || to.end());
      from.on('data', (d: Buffer) => {
        if (stalled) return;
        if (mode === 'forward' || mode.dir !== dir) return void to.write(d);
        const room = mode.after - passed[dir];
        if (room > 0) to.write(d.subarray(0, room));
        passed[dir] += d.length;
        if (passed[dir] < mode.after) return;
        stalled = true;
        if (mode.then === 'cut') {
          client.destroy();
          upstream.destroy();
        }
        // 'stall': what comes next is dropped; the connection stays open and silent.
      });
    };
    relay(client, upstream, 'up');
    relay(upstream, client, 'down');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    accepted,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}
