import fs from 'node:fs';
import path from 'node:path';
import { dbMarker } from '../claudeMem/changeMarker.ts';

/**
 * Whether claude-mem's database changed since the last sync left it settled, read the light way
 * (a state file and a few stats) so the Stop hook stays cheap. With no settled marker (file mode,
 * or a sync that left work) it returns `unknown`.
 */
export function claudeMemChanged(home: string, dbPath: string | null, unknown: boolean): boolean {
  if (!dbPath) return false;
  let marker: unknown;
  try {
    // The path is machine/state.ts's stateDir; importing it would pull zod into the Stop hook.
    marker = JSON.parse(fs.readFileSync(path.join(home, 'state', 'claude-mem.json'), 'utf8')).marker;
  } catch {
    return unknown;
  }
  if (typeof marker !== 'string') return unknown;
  try {
    return dbMarker(dbPath) !== marker;
  } catch {
    return unknown;
  }
}
