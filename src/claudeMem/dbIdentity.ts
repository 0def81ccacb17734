/**
 * The identity of a database file as a source: its inode and creation time. A database removed and
 * created again (claude-mem reinstalled, the file replaced) gets a new one even when the file
 * system hands out the same inode, so its missing rows are not read as deletions.
 */
import fs from 'node:fs';

export function dbIdentity(file: string): string {
  const st = fs.statSync(file);
  return `${st.ino}:${st.birthtimeMs}`;
}
