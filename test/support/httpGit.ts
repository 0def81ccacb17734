import http from 'node:http';
import type net from 'node:net';
import { spawn } from 'node:child_process';

export interface HttpGit {
  port: number;
  /** The URL of the bare repository `<root>/<repo>`. */
  url: (repo: string) => string;
  /** Every request served (`METHOD /path?query`) and when it came, in arrival order: to count a client's fetches. */
  requests: { at: number; line: string }[];
  stop: () => Promise<void>;
}

/**
 * Smart HTTP on 127.0.0.1 serving the bare repositories under `root`: a few lines of Node in front
 * of `git http-backend` (CGI). With `auth`, basic auth for one user: a request without the right
 * credentials gets 401.
 */
export async function startHttpGit(root: string, auth?: { user: string; password: string }): Promise<HttpGit> {
  const expected = auth && `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const sockets = new Set<net.Socket>();
  const requests: { at: number; line: string }[] = [];
  const srv = http.createServer((req, res) => {
    requests.push({ at: Date.now(), line: `${req.method} ${req.url}` });
    if (expected && req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="memsync test"' }).end('auth required\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        GIT_CONFIG_NOSYSTEM: '1',
        HOME: root,
        REQUEST_METHOD: req.method,
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(auth ? { REMOTE_USER: auth.user } : {}),
        REMOTE_ADDR: '127.0.0.1',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(cgi.stdin);
    cgi.stdin.on('error', () => undefined);
    let head = Buffer.alloc(0);
    let headDone = false;
    cgi.stdout.on('data', (d: Buffer) => {
      if (headDone) return void res.write(d);
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
      if (end < 0) return;
      headDone = true;
      const sep = head[end] === 13 ? 4 : 2;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split(/\r?\n/)) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number(v.split(' ')[0]);
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + sep));
    });
    cgi.stdout.on('end', () => res.end());
  });
  srv.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    port,
    url: (repo) => `http://127.0.0.1:${port}/${repo}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        srv.close(() => resolve());
      }),
  };
}
