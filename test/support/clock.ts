import fs from 'node:fs';
import path from 'node:path';

/** libfaketime, which Debian's faketime package installs (LD_PRELOAD: it reaches every child process). */
export function fakeTimeLibrary(): string {
  const found = fs
    .readdirSync('/usr/lib')
    .map((d) => path.join('/usr/lib', d, 'faketime', 'libfaketime.so.1'))
    .find((f) => fs.existsSync(f));
  if (!found) throw new Error('libfaketime is missing: apt-get install -y faketime');
  return found;
}

/** The environment of a process whose clock runs `offset` (faketime's form: `+365d`, `-2h`) off. */
export function clockOff(offset: string): NodeJS.ProcessEnv {
  return { LD_PRELOAD: fakeTimeLibrary(), FAKETIME: offset, FAKETIME_DONT_RESET: '1' };
}
