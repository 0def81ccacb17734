import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkedWrite, isTempFor } from '../safety/checkedWrite.ts';
import { containProblem } from '../safety/contain.ts';
import { ensureDir } from '../safety/osError.ts';
import { removeEmptyFolder } from './emptyFolder.ts';
import { readIfUnchanged } from './scan.ts';
import { safeJson, stateDir } from './state.ts';

/**
 * Every change memsync makes to live files goes through here: whole or not at all (checkedWrite:
 * temp file in the same folder, checked, renamed) and compare-and-swap (only if the file still
 * holds what the scan saw). Callers check each target with containProblem first.
 */
export interface LiveWriter {
  /** Writes `content` if the file still holds `expected` (null = absent). False: left for the next sync. */
  write(livePath: string, content: Buffer, expected: string | null): Promise<boolean>;
  remove(livePath: string, expected: string): Promise<boolean>;
  /** Writes a new file that must not exist yet (conflict copies). */
  create(livePath: string, content: Buffer): Promise<void>;
}

const journalFile = (home: string) => path.join(stateDir(home), 'writing.json');
const JournalSchema = z.object({ started: z.number(), targets: z.array(z.string().min(1)) });

/**
 * A process killed mid-write leaves its temp file behind. The journal lists targets before any
 * write so the next sync can remove such leftovers.
 */
export async function createLiveWriter(
  home: string,
  targets: readonly string[],
): Promise<LiveWriter & { done(): Promise<void> }> {
  // Conflict copies join the list when they are created: their names are known only then.
  const journaled = [...targets];
  const started = Date.now();
  const writeJournal = () => {
    ensureDir(stateDir(home), 'the state folder');
    checkedWrite(journalFile(home), JSON.stringify({ started, targets: journaled }), { what: 'the write journal' });
  };
  if (journaled.length) writeJournal();
  const whole = (livePath: string, content: Buffer) => {
    ensureDir(path.dirname(livePath), 'a memory folder');
    checkedWrite(livePath, content);
  };
  return {
    async write(livePath, content, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      // An empty folder where the file goes (it read as absent) makes way; one filled meanwhile stays.
      if (expected === null && fs.lstatSync(livePath, { throwIfNoEntry: false })?.isDirectory())
        if (!removeEmptyFolder(livePath)) return false;
      whole(livePath, content);
      return true;
    },
    async remove(livePath, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      fs.rmSync(livePath, { force: true });
      return true;
    },
    async create(livePath, content) {
      // Journaled first: a temp file left by a kill here would otherwise be left for good.
      journaled.push(livePath);
      writeJournal();
      whole(livePath, content);
    },
    async done() {
      if (journaled.length) fs.rmSync(journalFile(home), { force: true });
    },
  };
}

/**
 * Removes temp files left by a sync that was killed while writing live files. A journal that does
 * not parse, or names a target outside the memory folders `folders`, is never acted on: it is
 * moved aside and named in the returned note.
 */
export async function recoverInterruptedWrites(
  home: string,
  folders: readonly string[],
): Promise<{ removed: number; note?: string }> {
  const file = journalFile(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { removed: 0 };
  }
  const parsed = JournalSchema.safeParse(safeJson(text));
  const outside = parsed.success ? parsed.data.targets.find((t) => !insideSome(folders, t)) : undefined;
  if (!parsed.success || outside !== undefined) {
    const aside = `${file}.set-aside-${Date.now()}`;
    fs.renameSync(file, aside);
    const why = parsed.success ? `it names ${outside}, outside the memory folders` : 'it is damaged';
    const note = `the write journal was not acted on (${why}); it was moved to ${aside}: delete it once looked at`;
    return { removed: 0, note };
  }
  const journal = parsed.data;
  let removed = 0;
  for (const target of journal.targets) {
    const dir = path.dirname(target);
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!isTempFor(target, n)) continue;
      const p = path.join(dir, n);
      try {
        // Only temp files made by that sync (not older files that happen to share the pattern).
        if (fs.statSync(p).mtimeMs >= journal.started - 1000) {
          fs.rmSync(p, { force: true });
          removed++;
        }
      } catch {
        /* gone already */
      }
    }
  }
  fs.rmSync(file, { force: true });
  return { removed };
}

/** Whether `target` may be written as a file of one of the memory folders (containProblem). */
function insideSome(folders: readonly string[], target: string): boolean {
  return folders.some((f) => containProblem(f, target) === null);
}
