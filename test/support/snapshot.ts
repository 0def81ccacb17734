/** What a dry run must leave as it was: files as size, mtime and content hash, to compare before and after. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Every file under the folders (those that exist), with its size, mtime and content hash. */
export function files(...roots: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        out[p] = `${st.size} ${st.mtimeMs} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`;
      }
    }
  };
  for (const r of roots) if (fs.existsSync(r)) walk(r);
  return out;
}

/**
 * Every file under MEMSYNC_HOME (the store's refs and objects included) but the command log (a
 * line per command) and Node's compile cache (cache/node: compiled code of memsync itself on Node
 * 22.1+, no state of the user's memory).
 */
export function homeState(home: string): Record<string, string> {
  const out = files(home);
  const cache = path.join(home, 'cache', 'node') + path.sep;
  for (const p of Object.keys(out)) if (path.basename(p) === 'memsync.log' || p.startsWith(cache)) delete out[p];
  return out;
}
