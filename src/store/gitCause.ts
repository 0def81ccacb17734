import { maskSecrets } from '../util/maskUrl.ts';

/**
 * What git and ssh said went wrong, and what to do about it. git ends most transport failures
 * with the same "Could not read from remote repository ... correct access rights" text; the
 * line ssh printed before it (`Host key verification failed.`) is the cause, so it is kept.
 */

// git's generic ending, and ssh chatter that says nothing about the failure.
const NOISE = [
  /^fatal: Could not read from remote repository\.?$/i,
  /^Please make sure you have the correct access rights$/i,
  /^and the repository exists\.?$/i,
  /^Warning: Permanently added /i,
  /^debug\d: /,
  /^OpenSSH_/,
];

/** The cause, in git's and ssh's own words (secrets masked), on one line. */
export function gitCause(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const kept = lines.filter((l) => !NOISE.some((re) => re.test(l)));
  const text = (kept.length ? kept : lines.slice(0, 1)).join(' ') || 'git gave no reason';
  return maskSecrets(text).slice(0, 400);
}

export interface SshHost {
  host: string;
  port: number | null;
}

/** The fix for the common failures, or null when the text says nothing we recognise. */
export function gitFix(stderr: string, remote: string, ssh: SshHost | null = null): string | null {
  const target = ssh ? `${ssh.port && ssh.port !== 22 ? `-p ${ssh.port} ` : ''}${ssh.host}` : 'HOST';
  const url = maskSecrets(remote);
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(stderr)) {
    return `the server's ssh host key is not the one ~/.ssh/known_hosts recorded: if the server really changed, check its new fingerprint, then ssh-keygen -R ${ssh?.host ?? 'HOST'} and connect once with ssh ${target}`;
  }
  if (/Host key verification failed|No \S+ host key is known for/i.test(stderr)) {
    return `ssh does not know this server's host key (memsync never answers ssh's yes/no question): check its fingerprint, then add it: ssh-keyscan ${target} >> ~/.ssh/known_hosts (or run ssh ${target} once in a terminal and answer yes)`;
  }
  const accepted = [...stderr.matchAll(/Server accepts key: (\S+)/g)].map((m) => m[1]!);
  const offered = [...new Set([...stderr.matchAll(/Offering public key: (\S+)/g)].map((m) => m[1]!))];
  if (/Permission denied \(/.test(stderr) && accepted.length) {
    return `the server accepts ${accepted[0]}, but it has a passphrase and no ssh agent holds it (memsync never asks for one): ssh-add ${accepted[0]} (with an agent running for your session, e.g. eval "$(ssh-agent)")`;
  }
  if (/Permission denied \(/.test(stderr) && offered.length) {
    return `ssh offered ${offered.join(', ')} and the server accepts none of them: add the right public key to the server (GitHub: Settings > SSH keys), or tell ssh which key to use: IdentityFile in ~/.ssh/config for ${ssh?.host ?? 'the host'}, or git config --global core.sshCommand "ssh -i KEY"`;
  }
  if (/Permission denied \(/.test(stderr)) {
    return 'the server refused this machine\'s ssh keys: memsync doctor says which key ssh tried; a key with a passphrase must be in the ssh agent (ssh-add)';
  }
  if (/Authentication failed for|HTTP Basic: Access denied|returned error: 403/i.test(stderr)) {
    return `the server refused the stored credential, and git has erased it from the credential helper: store the right one again (run git ls-remote ${url} in a terminal and enter the user and a token), then memsync sync`;
  }
  if (/could not read (Username|Password) for/i.test(stderr)) {
    return `memsync never prompts, and no credential for this server is stored (git erases one the server refused): set up a credential helper (git config --global credential.helper store, or cache, manager, osxkeychain), then run git ls-remote ${url} once in a terminal to store it`;
  }
  if (/Connection refused|Could not resolve (host|hostname)|Connection timed out|No route to host|Network is unreachable|Failed to connect|unable to connect|Connection reset|Connection closed|early EOF|unexpected disconnect/i.test(stderr)) {
    return 'the server was not reached or dropped the connection: check the host and port in the URL (and its Host entry in ~/.ssh/config), the network, VPN or proxy, then run memsync sync again; nothing was lost';
  }
  if (/Repository not found|does not appear to be a git repository|not found|No such file or directory|no such repository/i.test(stderr)) {
    return 'the server has no repository at that path: check the URL (memsync configure --remote URL); the repository must exist (empty is fine) before the first sync';
  }
  return null;
}
