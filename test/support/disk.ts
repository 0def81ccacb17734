import { execFileSync, spawn } from 'node:child_process';
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

/** Debian's Python, which python3-fusepy installs for (another python3 on PATH may not see it). */
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * A disk at `dir` that folds names as macOS and Windows disks do: case and Unicode normalization
 * (Topic.md opens topic.md, café.md in NFD opens it in NFC), preserving the names given. A FUSE file
 * system (support/foldfs.py, python3-fusepy) over a folder beside `dir`. `unmount()` in teardown.
 */
export async function foldingDisk(dir: string): Promise<{ unmount(): void }> {
  const backing = `${dir}.backing`;
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(backing, { recursive: true });
  const child = spawn(DEBIAN_PYTHON, [path.join(import.meta.dirname, 'foldfs.py'), backing, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const mounted = () => fs.readFileSync('/proc/mounts', 'utf8').includes(` ${dir} fuse`);
  for (let i = 0; !mounted(); i++) {
    if (child.exitCode !== null || i > 100) throw new Error(`foldfs did not mount ${dir}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    unmount(): void {
      execFileSync('umount', [dir]);
      fs.rmSync(backing, { recursive: true, force: true });
    },
  };
}
