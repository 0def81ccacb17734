import fs from 'node:fs';

/**
 * A small JSON state file as an object, or null when it is missing, unreadable, not JSON or not an
 * object. For the hooks' light reads (no validation library): what they cannot read they treat as
 * absent, and the sync, which validates, reports it.
 */
export function readJsonObject(file: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
