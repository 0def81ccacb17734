import { remoteKind } from '../config/remoteUrl.ts';
import { runGit } from './gitRun.ts';

/**
 * The environment and config of a git process that talks to the remote. The user's git is the
 * user's git: their ssh command (`GIT_SSH_COMMAND`, `core.sshCommand`), ~/.ssh/config, credential
 * helpers, `insteadOf` and proxies all stay as they are; memsync only adds what keeps a run
 * non-interactive and bounded:
 * - ssh: `BatchMode` (never a passphrase or password prompt), keep-alives that cut a silent
 *   server, and a connect timeout, appended to the user's own ssh command;
 * - no askpass program and no terminal prompt (an IDE's dialog would wait for nobody);
 * - https: a low-speed limit that ends a stalled transfer, unless the user set their own.
 */
export interface NetworkRun {
  env: NodeJS.ProcessEnv;
  /** `-c key=value` pairs for git's command line. */
  config: string[];
}

const USER_KEYS = /^(core\.sshcommand|http\.lowspeedlimit|http\.lowspeedtime)$/;

export async function networkRun(
  base: NodeJS.ProcessEnv,
  timeoutMs: number,
  { verbose = false, user: read }: { verbose?: boolean; user?: Promise<Map<string, string>> } = {},
): Promise<NetworkRun> {
  const user = await (read ?? userNetworkConfig(base));
  const env: NodeJS.ProcessEnv = {
    ...base,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    SSH_ASKPASS_REQUIRE: 'never',
  };
  // An empty GIT_ASKPASS stops git from falling back to core.askPass or SSH_ASKPASS (prompt.c).
  env.GIT_ASKPASS = '';
  delete env.SSH_ASKPASS;
  const userSsh = base.GIT_SSH_COMMAND || user.get('core.sshcommand') || (base.GIT_SSH ? null : 'ssh');
  const ssh = sshCommand(userSsh, timeoutMs, verbose);
  if (ssh) env.GIT_SSH_COMMAND = ssh;
  const config: string[] = [];
  if (!user.has('http.lowspeedlimit') && !user.has('http.lowspeedtime') && !base.GIT_HTTP_LOW_SPEED_LIMIT) {
    // A quarter of the budget: a stalled transfer ends with curl's reason well before the budget's cut.
    const seconds = clamp(Math.floor(timeoutMs / 4000), 2, 30);
    config.push('-c', 'http.lowSpeedLimit=1000', '-c', `http.lowSpeedTime=${seconds}`);
  }
  return { env, config };
}

/**
 * The user's ssh command with memsync's options appended (OpenSSH takes the first value of an
 * option, so an option the user gave wins). A program that is not OpenSSH's `ssh` (plink, a
 * wrapper script) is left exactly as it is, as is `GIT_SSH` (a program without arguments).
 */
export function sshCommand(userCommand: string | null, timeoutMs: number, verbose = false): string | null {
  if (userCommand === null) return null;
  const program = userCommand.trim().split(/\s+/)[0] ?? '';
  if (!/(^|[/\\])ssh(\.exe)?$/i.test(program.replace(/^["']|["']$/g, ''))) return userCommand;
  const seconds = Math.max(1, Math.floor(timeoutMs / 1000));
  // Keep-alives every sixth of the budget, two missed: a silent server is cut within half the budget.
  const alive = clamp(Math.floor(seconds / 6), 1, 10);
  // -v (doctor only): the keys ssh offered and which one the server accepted.
  const options =
    `-o BatchMode=yes -o ServerAliveInterval=${alive} -o ServerAliveCountMax=2 -o ` +
    `ConnectTimeout=${clamp(seconds, 1, 15)}`;
  return `${userCommand}${verbose ? ' -v' : ''} ${options}`;
}

/** The user's own values of the keys above, from their system and global git config. */
export async function userNetworkConfig(env: NodeJS.ProcessEnv, remoteUrl?: string): Promise<Map<string, string>> {
  // A remote that is a path needs no transport settings: one git process fewer on every run.
  if (remoteUrl !== undefined && remoteKind(remoteUrl) === 'local') return new Map();
  // A git dir that cannot exist: git reads the system and global files and no repository's.
  const args = ['--git-dir=/dev/null/none', 'config', '--includes', '--get-regexp', USER_KEYS.source];
  const r = await runGit(args, { env, okCodes: [1, 128], timeoutMs: 10_000 });
  const out = new Map<string, string>();
  for (const line of r.stdout.toString().split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) out.set(line.slice(0, sp).toLowerCase(), line.slice(sp + 1));
  }
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
