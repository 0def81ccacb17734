import fs from 'node:fs';

/** A file's text, or null when it is not there (or cannot be read). */
export function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
