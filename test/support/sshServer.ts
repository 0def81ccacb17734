import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { freePort, waitForPort } from './network.ts';
import { tempDir } from './machines.ts';

// OpenSSH reads ~/.ssh from the passwd entry, not from $HOME: the client side of these tests
// runs as a real throwaway user whose home is a temp folder.

export const SSHD = '/usr/sbin/sshd';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Runs a command as this user (setpriv), for the files and processes that must be theirs. */
  chown: (p: string) => void;
  remove: () => void;
}

/** A throwaway user (root only: tests that need one fail, not skip, when they cannot make it). */
export function createTestUser(home: string): TestUser {
  if (process.getuid?.() !== 0)
    throw new Error('the ssh tests need root to create a throwaway user (run them as root, as CI does)');
  const name = `msync${process.pid % 100000}${Math.floor(Math.random() * 1000)}`;
  fs.mkdirSync(home, { recursive: true });
  // mkdtemp makes its folder 0700: the user must be able to walk down to their home.
  fs.chmodSync(path.dirname(home), 0o755);
  execFileSync('useradd', ['-M', '-d', home, '-s', '/bin/sh', '-p', '*', name]);
  const uid = Number(execFileSync('id', ['-u', name]).toString());
  const gid = Number(execFileSync('id', ['-g', name]).toString());
  const chown = (p: string) => execFileSync('chown', ['-R', `${uid}:${gid}`, p]);
  chown(home);
  const remove = () => {
    // What still runs as this throwaway user (a stalled session's sleep, the agent), by pid; a
    // killed process may take a moment to be reaped, and -f removes the user regardless.
    for (const pid of pidsOf(uid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone meanwhile */
      }
    }
    for (let i = 0; i < 60 && pidsOf(uid).length; i++) execFileSync('sleep', ['0.05']);
    execFileSync('userdel', ['-f', name]);
  };
  return { name, uid, gid, home, chown, remove };
}

function pidsOf(uid: number): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.statSync(`/proc/${pid}`).uid === uid) out.push(Number(pid));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

export interface SshServer {
  port: number;
  /** The `known_hosts` line for this server. */
  knownHostsLine: string;
  stop: () => Promise<void>;
}

/** An ed25519 key pair; `passphrase` encrypts the private key. Returns the public key line. */
export function makeKey(file: string, passphrase = ''): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', path.basename(file), '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/**
 * OpenSSH's sshd on 127.0.0.1 (a free port, a throwaway host key) that lets `user` in with the
 * given public keys. Every login runs through a gate: a repository path containing `stall`
 * logs in and then never answers (a server that stalls after the login).
 */
export async function startSshd(user: TestUser, keys: string[]): Promise<SshServer> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install openssh-server (.ci/run does)`);
  const dir = tempDir('memsync-sshd-');
  const hostKey = path.join(dir, 'host_ed25519');
  const hostPub = makeKey(hostKey);
  const gate = path.join(dir, 'gate.sh');
  // The stall ignores its input, so even the client closing its side does not end the session.
  fs.writeFileSync(
    gate,
    '#!/bin/sh\ncase "$SSH_ORIGINAL_COMMAND" in\n  *stall*) exec sleep 600 ;;\n  *) exec /bin/sh -c ' +
      '"$SSH_ORIGINAL_COMMAND" ;;\nesac\n',
    { mode: 0o755 },
  );
  fs.writeFileSync(path.join(dir, 'authorized_keys'), keys.map((k) => `command="${gate}",no-pty ${k}\n`).join(''));
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      'PidFile none',
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `AllowUsers ${user.name}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  await waitForPort(port, child).catch((e: Error) => {
    throw new Error(`${e.message}: ${log}`);
  });
  return {
    port,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPub.split(' ').slice(0, 2).join(' ')}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // sshd's session processes are in groups of their own: end the listener, they end with their clients.
        process.kill(-child.pid!, 'SIGTERM');
      }),
  };
}
