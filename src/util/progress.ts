/**
 * One updating line on stderr while a long step runs (scanning thousands of files, the first
 * publish, a claude-mem merge, a backup): only when stderr is a terminal, only once the step has
 * run past about a second, and never for --json or the hooks (the entry point switches it on).
 * Steps call tick() from inside their loops, synchronous ones too, so it reads the clock itself.
 */
// The global `performance`, not node:perf_hooks: importing that module loads Node's whole
// performance API into every command's start (`memsync --help` included), used or not.

export interface Progress {
  /** `done` items so far (of `total`, when known). */
  tick(done: number, total?: number): void;
  /** Clears the line, if one was shown. */
  end(): void;
}

const NONE: Progress = { tick: () => undefined, end: () => undefined };
const EVERY_MS = 100;
let afterMs: number | null = null;
/** Whether a line is on the screen now (an error printed next must start on a clean line). */
let visible = false;

/** Switches progress lines on for this process (the CLI, for a person at a terminal). */
export function enableProgress(on: boolean, env: NodeJS.ProcessEnv = process.env): void {
  // MEMSYNC_PROGRESS_AFTER_MS: how long a step runs before its line shows (tests set 0).
  const after = Number(env.MEMSYNC_PROGRESS_AFTER_MS ?? 1000);
  afterMs = on && process.stderr.isTTY && Number.isFinite(after) ? after : null;
}

/** A progress line for one step, `what` saying what it does ("scanning memory files"). */
export function progress(what: string): Progress {
  if (afterMs === null) return NONE;
  const start = performance.now();
  const wait = afterMs;
  let shownAt = -Infinity;
  return {
    tick(done, total) {
      const now = performance.now();
      if (now - start < wait || now - shownAt < EVERY_MS) return;
      shownAt = now;
      const of = total === undefined ? '' : ` of ${total.toLocaleString('en')}`;
      process.stderr.write(`\r\x1b[2K${what}: ${done.toLocaleString('en')}${of}`);
      visible = true;
    },
    end: endProgress,
  };
}

/** Clears the line shown, if any: at a step's end, and before an error is printed. */
export function endProgress(): void {
  if (visible) process.stderr.write('\r\x1b[2K');
  visible = false;
}
