import fs from 'node:fs';

/** A file's content, or null when it cannot be read (absent, or gone meanwhile). */
export function readOrNull(p: string): Buffer | null {
  try {
    return fs.readFileSync(p);
  } catch {
    return null;
  }
}
