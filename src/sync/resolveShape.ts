import fs from 'node:fs';
import path from 'node:path';
import { MemsyncError } from '../errors.ts';
import type { ConflictRecord } from '../machine/state.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { mergeKeepBoth } from '../merge/textMerge.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { containProblem } from '../safety/contain.ts';

export type ShapeResolution = 'local' | 'remote' | 'both' | 'done';

/**
 * Ends a file/folder conflict (the folder kept the path; the copy holds the file). The side that
 * had the folder: the file is let go. The side that had the file: it takes its path back, once
 * the folder holds no files. `both`: the file goes into the folder under its own name, where it
 * syncs (or, if the path is a file again meanwhile, the lines of both are kept there). `done`:
 * the user placed it; the copy is theirs. Returns whether the copy may go (if untouched).
 */
export async function resolveShape(
  fx: Effects,
  p: string,
  c: ConflictRecord,
  how: ShapeResolution,
  memoryFolder: string | null,
  tmp: string,
): Promise<boolean> {
  const fileSide = c.shape === 'local' ? 'local' : 'remote';
  if (how === 'done') return false;
  if (how !== 'both' && how !== fileSide) return true;
  const copy = readOrNull(c.copy);
  if (!copy)
    throw new MemsyncError(`${p}: its conflict copy ${c.copy} is gone`, 'failure', `run memsync resolve ${p} --done`);
  const stat = fs.statSync(c.livePath, { throwIfNoEntry: false });
  const live = stat?.isFile() ? readOrNull(c.livePath) : null;
  let target = c.livePath;
  let content = copy;
  if (how === 'both' && live) content = (await mergeKeepBoth(live, null, copy, tmp)) ?? binary(p);
  else if (how === 'both' && stat) target = freeName(path.join(c.livePath, path.basename(c.livePath)), copy);
  else if (stat?.isDirectory() && holdsFiles(c.livePath))
    throw new MemsyncError(
      `${p}: ${c.livePath} still holds files, so the file cannot take its place`,
      'failure',
      `use --keep both (the file goes into the folder), or move the folder's files away and resolve again`,
    );
  const refusal = memoryFolder
    ? containProblem(memoryFolder, target)
    : 'it is not in a memory folder this machine syncs';
  if (refusal)
    throw new MemsyncError(
      `${p} was not written: ${refusal}`,
      'failure',
      'move the conflict copy yourself, then --done',
    );
  const held = target === c.livePath ? live : readOrNull(target);
  if (held && blobHash(held) === blobHash(content)) return true;
  // Journaled (a resolve killed mid-write leaves no temp file), over what was read; an empty folder
  // in the file's place makes way for it there, in the same compare-and-swap.
  await fx.beginLiveWrites([target]);
  let wrote: boolean;
  try {
    wrote = await fx.writeLive(target, content, held ? blobHash(held) : null);
  } finally {
    await fx.endLiveWrites();
  }
  if (!wrote) throw new MemsyncError(`${p}: ${target} changed meanwhile`, 'failure', 'resolve again');
  return true;
}

function binary(p: string): never {
  throw new MemsyncError(
    `${p} is binary: it cannot be kept both ways`,
    'usage',
    'use --keep local or --keep remote, or edit the file and use --done',
  );
}

/** `want`, or `<stem>-2<ext>`, `-3` ... beside it: the first that is free or already holds `content`. */
function freeName(want: string, content: Buffer): string {
  const ext = path.extname(want);
  const stem = want.slice(0, want.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? want : `${stem}-${n}${ext}`;
    const held = readOrNull(candidate);
    if (!fs.existsSync(candidate) || (held && blobHash(held) === blobHash(content))) return candidate;
  }
}

function holdsFiles(dir: string): boolean {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some((e) => !e.isDirectory() || holdsFiles(path.join(dir, e.name)));
}
