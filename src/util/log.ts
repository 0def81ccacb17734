import fs from 'node:fs';
import path from 'node:path';
import { maskSecrets } from './maskUrl.ts';

/** Appends one line to `$MEMSYNC_HOME/logs/memsync.log`; logging never fails a command. */
export function logLine(home: string, what: string, detail?: unknown): void {
  try {
    const dir = path.join(home, 'logs');
    fs.mkdirSync(dir, { recursive: true });
    const extra =
      detail === undefined
        ? ''
        : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    fs.appendFileSync(
      path.join(dir, 'memsync.log'),
      maskSecrets(`${new Date().toISOString()} [${process.pid}] ${what}${extra}\n`),
    );
  } catch {
    /* a read-only or full disk must not turn a sync into a failure */
  }
}
