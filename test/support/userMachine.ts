import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { gitTestEnv, PLUGIN_ROOT, CLI, QUIET_TIMERS } from './machines.ts';
import { claudeProjectKey } from '../../src/sources/projectKey.ts';
import type { TestUser } from './sshServer.ts';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** From start to exit, milliseconds. */
  ms: number;
  /** When it exited (Date.now()). */
  end: number;
  /** Every process this run started carries MEMSYNC_TEST_TAG=<tag> (see `leftovers`). */
  tag: string;
}

/**
 * A machine whose memsync runs as a real non-root user (so ssh reads that user's ~/.ssh): its
 * own MEMSYNC_HOME and CLAUDE_CONFIG_DIR under the user's home, which the machines share.
 */
export class UserMachine {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly user: TestUser,
    readonly name: string,
  ) {
    this.dir = path.join(user.home, 'machines', name);
    this.env = {
      PATH: process.env.PATH,
      HOME: user.home,
      LANG: 'C.UTF-8',
      GIT_CONFIG_NOSYSTEM: '1',
      CLAUDE_CONFIG_DIR: path.join(this.dir, '.claude'),
      MEMSYNC_HOME: path.join(this.dir, '.memsync'),
      MEMSYNC_HOSTNAME: name,
      ...QUIET_TIMERS,
    };
    fs.mkdirSync(this.env.CLAUDE_CONFIG_DIR!, { recursive: true });
  }

  /** A project checkout with an origin remote; returns its folder. */
  checkout(origin: string): string {
    const dir = path.join(this.dir, 'work', 'widget');
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '--quiet', dir], { env: gitTestEnv(this.dir) });
    execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin], { env: gitTestEnv(this.dir) });
    return dir;
  }

  memoryDir(projectDir: string): string {
    return path.join(this.env.CLAUDE_CONFIG_DIR!, 'projects', claudeProjectKey(projectDir), 'memory');
  }

  write(file: string, content: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }

  /** The CLI, as the user, in a process group of its own. */
  cli(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Run> {
    return this.spawn([CLI, ...args], opts);
  }

  /** A hook the way Claude Code runs it (the plugin's commands, JSON on stdin). */
  hook(event: 'session-start' | 'stop' | 'session-end', cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
    const script =
      event === 'session-start'
        ? [path.join(PLUGIN_ROOT, 'dist', 'memsync.mjs'), 'hook', event]
        : [path.join(PLUGIN_ROOT, 'dist', 'hook.cjs'), event];
    return this.spawn(script, {
      env,
      input: JSON.stringify({ session_id: 's1', hook_event_name: event, cwd, source: 'startup' }),
    });
  }

  private spawn(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string }): Promise<Run> {
    this.user.chown(this.user.home);
    return runTagged([process.execPath, ...args], { ...this.env, ...opts.env }, opts.input, this.user);
  }
}

/** The memsync CLI (as root, or as `user`), tagged, in a process group of its own. */
export function runTaggedCli(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return runTagged([process.execPath, CLI, ...args], env, input);
}

function runTagged(cmd: string[], env: NodeJS.ProcessEnv, input = '', user?: TestUser): Promise<Run> {
  const tag = randomUUID();
  const argv = user
    ? ['setpriv', '--reuid', String(user.uid), '--regid', String(user.gid), '--clear-groups', '--', ...cmd]
    : cmd;
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...env, MEMSYNC_TEST_TAG: tag },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Timed at the exit; settled once the output is all read (memsync's children never hold these pipes).
    let end = 0;
    child.on('exit', () => (end = Date.now()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: end - started, end, tag }));
    child.stdin.end(input);
  });
}

/** Processes still alive that a run started (they carry its tag in their environment). */
export function leftovers(tag: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'latin1').includes(`MEMSYNC_TEST_TAG=${tag}`)) continue;
      found.push(`${pid} ${fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim()}`);
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Waits until no process of the run is left; returns how long that took (ms), or throws after `ms`. */
export async function allGone(tag: string, ms: number): Promise<number> {
  const started = Date.now();
  while (leftovers(tag).length) {
    if (Date.now() - started > ms) throw new Error(`still running after ${ms} ms: ${leftovers(tag).join('; ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

/** Budget slack: a correctness bound, not a benchmark (starting node and the CLI on a busy machine). */
export const SLACK = 2000;

/** A run ended within its budget, left no process behind, and the machine's sync lock is free. */
export function assertBounded(r: Run, budget: number, memsyncHome: string, what: string): void {
  if (r.ms) console.log(`# ${what}: ended after ${r.ms} ms (budget ${budget} ms)`);
  assert.ok(r.ms <= budget + SLACK, `${what}: ended after ${r.ms} ms, budget ${budget} ms`);
  assert.deepEqual(leftovers(r.tag), [], `${what}: no memsync, git or ssh process left`);
  assert.equal(fs.existsSync(path.join(memsyncHome, 'locks', 'sync.lock')), false, `${what}: the sync lock is free`);
}

/** An askpass program that records that it ran, then waits (as a dialog nobody answers would). */
export function askpassScript(dir: string): { file: string; called: string } {
  fs.mkdirSync(dir, { recursive: true });
  const called = path.join(dir, 'askpass-called');
  const file = path.join(dir, 'askpass.sh');
  fs.writeFileSync(file, `#!/bin/sh\ntouch ${called}\nsleep 30\n`, { mode: 0o755 });
  return { file, called };
}
