/** A multi-turn headless session of the real `claude`, driven over stream-json: send a turn, await its result. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLAUDE } from './claudeSession.ts';

/** One line Claude Code wrote on stdout, parsed, with when it arrived (Date.now()). */
export interface StreamEvent {
  at: number;
  event: any;
}

/** A turn's end: its `result` event and when it arrived. */
export interface TurnEnd {
  at: number;
  result: any;
}

const TURN_TIMEOUT_MS = 60_000;

/**
 * `claude -p --input-format stream-json --output-format stream-json --verbose` kept open: each
 * `turn` writes one user message and resolves at that turn's `result` event; `close` ends the input,
 * as a user ending the session, and resolves when Claude Code has exited (SessionEnd hooks run).
 */
export class StreamSession {
  readonly events: StreamEvent[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private waiting: ((end: TurnEnd) => void) | null = null;

  constructor(cwd: string, env: NodeJS.ProcessEnv, extraArgs: string[] = []) {
    const args = ['-p', '--input-format', 'stream-json', '--output-format', 'stream-json', '--verbose', ...extraArgs];
    this.child = spawn(CLAUDE, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim())) this.take(line);
    });
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** The session's id, from its first event that names one. */
  get sessionId(): string | undefined {
    return this.events.find((e) => typeof e.event.session_id === 'string')?.event.session_id;
  }

  /** Sends one prompt; resolves when Claude Code reports the turn's result. */
  turn(text: string): Promise<TurnEnd> {
    if (this.waiting) throw new Error('a turn is already running');
    const done = new Promise<TurnEnd>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no result within ${TURN_TIMEOUT_MS} ms: ${this.stderr}`)),
        TURN_TIMEOUT_MS,
      );
      this.waiting = (end) => {
        clearTimeout(timer);
        resolve(end);
      };
    });
    const message = { type: 'user', message: { role: 'user', content: text } };
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    return done;
  }

  /** Ends the input (the session ends as a user's would); Claude Code's exit code. */
  close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  /** Kills Claude Code (SIGKILL: as a crash or the OOM killer, with no SessionEnd); resolves when it is gone. */
  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  private take(line: string): void {
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      event = { type: 'unparsed', line };
    }
    const at = Date.now();
    this.events.push({ at, event });
    if (event.type !== 'result' || !this.waiting) return;
    const waiting = this.waiting;
    this.waiting = null;
    waiting({ at, result: event });
  }
}
