/**
 * A cheap change marker for claude-mem's database, so a sync with nothing new does not read every
 * row. It is the size, mtime and inode of the database and of its -wal file, with the database
 * header's change counter and the WAL header (checkpoint sequence and salts). claude-mem keeps the
 * database in WAL mode: every write appends frames to the -wal file (its size grows) or, after a
 * checkpoint, restarts it from the top with new salts (its header changes), and a checkpoint
 * writes the database itself; outside WAL mode each write transaction bumps the change counter.
 * So no write leaves the marker as it was, while a marker that changed with no row changed (a
 * checkpoint, memsync's own close) only costs one full read.
 */
import fs from 'node:fs';

export function dbMarker(file: string): string {
  return [file, part(file, 24, 4), part(`${file}-wal`, 0, 32)].join('|');
}

function part(file: string, at: number, length: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '-';
    throw e;
  }
  try {
    const st = fs.fstatSync(fd);
    const head = Buffer.alloc(length);
    const n = fs.readSync(fd, head, 0, length, at);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${head.subarray(0, n).toString('hex')}`;
  } finally {
    fs.closeSync(fd);
  }
}
