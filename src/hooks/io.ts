import { logLine } from '../util/log.ts';
import { maskSecrets } from '../util/maskUrl.ts';
import { renderHookOutput, type HookOutput } from './output.ts';

const EVENT_NAMES: Record<string, string> = {
  'session-start': 'SessionStart',
  stop: 'Stop',
  prompt: 'UserPromptSubmit',
  'session-end': 'SessionEnd',
};

/** Hook input arrives on stdin; a missing or open-ended stdin must not hang the hook. */
export function readStdin(timeoutMs: number): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(done, timeoutMs);
    process.stdin.on('data', (d: Buffer) => chunks.push(d));
    process.stdin.on('end', done);
    process.stdin.on('error', done);
  });
}

/** Runs a hook body so that nothing escapes: errors become one line for the user and a log entry. */
export async function runGuarded(home: string, event: string, body: () => Promise<HookOutput>): Promise<void> {
  const eventName = EVENT_NAMES[event] ?? event;
  let out: HookOutput;
  try {
    out = await body();
  } catch (e) {
    out = {
      systemMessage:
        `memsync: the ${eventName} hook failed: ${(e as Error).message} (details in ` + `${home}/logs/memsync.log)`,
      log: e,
    };
  }
  if (out.log !== undefined || out.systemMessage) logLine(home, `hook ${event}`, out.log ?? out.systemMessage);
  const text = renderHookOutput(eventName, {
    ...out,
    systemMessage: out.systemMessage && maskSecrets(out.systemMessage),
  });
  // Waited for: the caller may exit right after (a pipe is written asynchronously on macOS).
  if (text) await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
}
