/** The forms a remote may take, for help and error lines. */
export const REMOTE_FORM =
  'a git URL or a local path, not starting with "-" ' +
  '(https://host/path, ssh://user@host/path, git@host:path, file:///path, /srv/memory.git)';

const SCHEMES = new Set(['https:', 'http:', 'ssh:', 'git:', 'file:']);

/**
 * Why a remote value is not one memsync will use, or null. Refused: empty, control characters, a
 * leading "-" (git would read an option), git's `<transport>::<address>` helpers (`ext::` runs a
 * command), other URL schemes, and URLs or scp-like addresses without a host or a path.
 */
export function remoteProblem(remote: string): string | null {
  if (remote.trim() === '') return 'it is empty';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(remote)) return 'it holds a control character';
  if (remote.startsWith('-')) return 'it starts with "-", which git would read as an option';
  const helper = /^[A-Za-z][A-Za-z0-9+.-]*::/.test(remote);
  if (helper) return 'it names a git remote helper (<transport>::), which memsync does not use';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(remote);
  if (scheme) {
    let url: URL;
    try {
      url = new URL(remote);
    } catch {
      return 'it is not a valid URL';
    }
    if (!SCHEMES.has(url.protocol)) return `its scheme ${url.protocol.slice(0, -1)} is not one git fetches over here`;
    if (url.protocol !== 'file:' && !url.hostname) return 'it has no host';
    if (url.pathname === '' || url.pathname === '/') return 'it has no repository path';
    return null;
  }
  const scp = /^([^/@:]+@)?([^/:]+):(.*)$/.exec(remote);
  if (scp && remote.includes('@') && !scp[3]) return 'it has no repository path after ":"';
  return null;
}
