import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A small real file system (tmpfs, mounted as root) at `dir`, for full-disk cases: `leave(n)`
 * fills it with a file beside `dir`'s content until about `n` bytes are free. `unmount()` in teardown.
 */
export function smallDisk(dir: string, bytes: number) {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  const filler = path.join(dir, '.filler');
  const free = () => {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  };
  return {
    free,
    leave(n: number): void {
      fs.rmSync(filler, { force: true });
      fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free() - n)));
    },
    release(): void {
      fs.rmSync(filler, { force: true });
    },
    unmount(): void {
      execFileSync('umount', ['-l', dir]);
    },
  };
}
