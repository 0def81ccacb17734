import fs from 'node:fs';
import path from 'node:path';
import { foldName } from '../util/safePath.ts';

/**
 * The name under which a disk that folds names (case, Unicode normalization: macOS, Windows) holds
 * `livePath` when its folder lists no entry of that exact name; null when it does, or has none.
 */
export function foldedTwin(livePath: string): string | null {
  const name = path.basename(livePath);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(livePath));
  } catch {
    return null;
  }
  if (names.includes(name)) return null;
  return names.find((n) => foldName(n) === foldName(name)) ?? null;
}
