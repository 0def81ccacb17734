import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import type { ConflictRecord } from '../machine/state.ts';
import { createLiveWriter } from '../machine/liveWrite.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { containProblem } from '../safety/contain.ts';

export type ShapeResolution = 'local' | 'remote' | 'both' | 'done';

/**
 * Ends a file/folder conflict (the folder kept the path; the copy holds the file). The side that
 * had the folder: the file is let go. The side that had the file: it takes its path back, once
 * the folder holds no files. `both`: the file goes into the folder under its own name, where it
 * syncs. `done`: the user placed it; the copy is theirs. Returns whether the copy may go (if
 * untouched: an edited copy is always kept).
 */
export async function resolveShape(
  home: string,
  p: string,
  c: ConflictRecord,
  how: ShapeResolution,
  memoryFolder: string | null,
): Promise<boolean> {
  const fileSide = c.shape === 'local' ? 'local' : 'remote';
  if (how === 'done') return false;
  if (how !== 'both' && how !== fileSide) return true;
  const content = readOrNull(c.copy);
  if (!content)
    throw new MemsyncError(`${p}: its conflict copy ${c.copy} is gone`, 1, `run memsync resolve ${p} --done`);
  const target = how === 'both' ? bothTarget(p, c.livePath) : fileTarget(p, c.livePath);
  const refusal = memoryFolder
    ? containProblem(memoryFolder, target)
    : 'it is not in a memory folder this machine syncs';
  if (refusal)
    throw new MemsyncError(`${p} was not written: ${refusal}`, 1, 'move the conflict copy yourself, then --done');
  const held = readOrNull(target);
  if (held && blobHash(held) === blobHash(content)) return true;
  if (held)
    throw new MemsyncError(
      `${p}: ${target} exists already`,
      1,
      `move the conflict copy ${c.copy} where you want it, then run memsync resolve ${p} --done`,
    );
  if (how !== 'both') fs.rmSync(c.livePath, { recursive: true, force: true }); // an empty folder
  // Through the journaled writer, so a resolve killed mid-write leaves no temp file behind.
  const writer = await createLiveWriter(home, [target]);
  await writer.write(target, content, null);
  await writer.done();
  return true;
}

/** Both kept: the file goes into the folder under its own name (or back to its path, if the folder went). */
function bothTarget(p: string, livePath: string): string {
  if (!fs.existsSync(livePath)) return livePath;
  if (!fs.statSync(livePath).isDirectory())
    throw new MemsyncError(
      `${p}: ${livePath} is a file again`,
      1,
      `move the conflict copy where you want it, then run memsync resolve ${p} --done`,
    );
  return path.join(livePath, path.basename(livePath));
}

/** The file takes its path back: only where the folder holds no files any more. */
function fileTarget(p: string, livePath: string): string {
  if (fs.existsSync(livePath) && (!fs.statSync(livePath).isDirectory() || holdsFiles(livePath)))
    throw new MemsyncError(
      `${p}: ${livePath} still holds files, so the file cannot take its place`,
      1,
      `use --keep both (the file goes into the folder), or move the folder's files away and resolve again`,
    );
  return livePath;
}

function holdsFiles(dir: string): boolean {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some((e) => !e.isDirectory() || holdsFiles(path.join(dir, e.name)));
}
