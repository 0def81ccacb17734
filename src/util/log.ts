import fs from 'node:fs';
import path from 'node:path';
import { maskSecrets } from './maskUrl.ts';

/** Appends one line to `$MEMSYNC_HOME/logs/memsync.log`; logging never fails a command. */
export function logLine(home: string, what: string, detail?: unknown): void {
  try {
    const dir = path.join(home, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const extra = detailText(detail);
    fs.appendFileSync(
      path.join(dir, 'memsync.log'),
      maskSecrets(`${new Date().toISOString()} [${process.pid}] ${what}${extra}\n`),
    );
  } catch {
    /* a read-only or full disk must not turn a sync into a failure */
  }
}

/** The log line's tail for `detail`: an error's stack, a string as is, anything else as JSON. */
function detailText(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.stack ?? detail.message}`;
  return ` ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
}
