import fs from 'node:fs';
import path from 'node:path';
import { osCode } from './osError.ts';
import { isDotGit } from './dotGit.ts';

/**
 * Why `target` cannot be written as a file of the memory folder `folder`, or null when it can.
 * Judged where both really are on disk (links on the way resolved; the memory folder itself may
 * be a link the user made): a target that lands outside the folder, inside a `.git` (in any of the
 * spellings git treats as one) or under a name this file system cannot hold is refused. Every
 * command that writes live files asks this before writing.
 */
export function containProblem(folder: string, target: string): string | null {
  const outside = (rel: string) =>
    rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  const lexical = path.relative(path.resolve(folder), path.resolve(target));
  if (outside(lexical)) return `it is outside its memory folder ${folder}`;
  const realFolder = onDisk(folder);
  const real = path.join(onDisk(path.dirname(target)), path.basename(target));
  const rel = path.relative(realFolder, real);
  if (outside(rel)) {
    const where = `it would land at ${real}`;
    return `a folder on its way is a link to elsewhere (${where}); memsync writes only inside the memory folders`;
  }
  if (rel.split(path.sep).some(isDotGit)) return 'it is inside a .git folder; memsync never writes into a repository';
  try {
    fs.lstatSync(real);
  } catch (e) {
    if (osCode(e) === 'ENAMETOOLONG') return 'its name is longer than this file system allows';
  }
  return null;
}

/**
 * Where a path is on disk: its deepest existing folder with links resolved, plus the rest. A
 * dangling link on the way is followed by hand (realpath cannot), so it counts where it points.
 */
export function onDisk(p: string, depth = 0): string {
  let dir = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      const link = depth < 40 ? readLink(dir) : null;
      if (link !== null) return onDisk(path.join(path.resolve(path.dirname(dir), link), ...rest), depth + 1);
      if (dir === path.dirname(dir)) return path.join(dir, ...rest);
      rest.unshift(path.basename(dir));
      dir = path.dirname(dir);
    }
  }
}

function readLink(p: string): string | null {
  try {
    return fs.readlinkSync(p);
  } catch {
    return null;
  }
}
