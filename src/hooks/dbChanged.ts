import path from 'node:path';
import { dbMarker } from '../claudeMem/changeMarker.ts';
import { readJsonObject } from '../util/readJson.ts';

/**
 * Whether claude-mem's database changed since the last sync left it settled, read the light way
 * (a state file and a few stats) so the Stop hook stays cheap. With no settled marker (file mode,
 * or a sync that left work) it returns `unknown`.
 */
export function claudeMemChanged(home: string, dbPath: string | null, unknown: boolean): boolean {
  if (!dbPath) return false;
  // The path is machine/state.ts's stateDir; importing it would pull zod into the Stop hook.
  const marker = readJsonObject(path.join(home, 'state', 'claude-mem.json'))?.marker;
  if (typeof marker !== 'string') return unknown;
  try {
    return dbMarker(dbPath) !== marker;
  } catch {
    return unknown;
  }
}
