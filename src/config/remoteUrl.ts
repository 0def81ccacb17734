import path from 'node:path';

/**
 * git's own rule for what a remote string is: a URL (`scheme://`), an scp-like remote
 * (`host:path`, `user@host:path`, `[host:port]:path`: a colon before any slash), or else a local
 * path. A Host alias from ~/.ssh/config (`memhost:/srv/mem.git`) is therefore a remote too.
 */
export type RemoteKind = 'url' | 'scp' | 'local';

export function remoteKind(remote: string): RemoteKind {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return 'url';
  if (remote.startsWith('[')) return /^\[[^\]]+\]:/.test(remote) ? 'scp' : 'local';
  const colon = remote.indexOf(':');
  const slash = remote.indexOf('/');
  if (colon <= 0 || (slash >= 0 && slash < colon)) return 'local';
  // `C:\x` or `C:/x` is a Windows drive, not a host named C.
  if (process.platform === 'win32' && colon === 1) return 'local';
  return 'scp';
}

/** What settings store: a remote as given; a local path absolute, so it means the same from any folder. */
export function normalizeRemote(remote: string): string {
  if (remoteKind(remote) !== 'local' || remote.startsWith('~')) return remote;
  return path.resolve(remote);
}

/** The ssh host (as the user wrote it: maybe a Host alias) and port of an ssh remote, or null. */
export function sshTarget(remote: string): { host: string; port: number | null } | null {
  if (remoteKind(remote) === 'scp') {
    const m = /^(?:[^@[\]]*@)?(\[[^\]]+\]|[^:]+):/.exec(remote);
    if (!m) return null;
    const hp = m[1]!.startsWith('[') ? /^\[(.*):(\d+)\]$/.exec(m[1]!) : null;
    return hp ? { host: hp[1]!, port: Number(hp[2]) } : { host: m[1]!.replace(/^\[|\]$/g, ''), port: null };
  }
  const m = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\//i.exec(remote);
  return m ? { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : null } : null;
}
