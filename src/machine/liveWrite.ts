import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { asideExpects, checkedWrite, isTempFor } from '../safety/checkedWrite.ts';
import { containProblem } from '../safety/contain.ts';
import { ensureDir } from '../safety/osError.ts';
import { removeEmptyFolder } from './emptyFolder.ts';
import { readIfUnchanged } from './scan.ts';
import { recoverAside, removeLive, replaceLive } from './liveSwap.ts';
import { safeJson, stateDir } from './state.ts';

/**
 * Every change memsync makes to live files goes through here: whole or not at all (checkedWrite:
 * temp file in the same folder, checked, renamed) and compare-and-swap (only if the file still
 * holds what the scan saw, up to the swap itself: liveSwap). Callers check each target with
 * containProblem first.
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
  at: { home: string; host: string },
  targets: readonly string[],
): Promise<LiveWriter & { done(): Promise<void> }> {
  const { home, host } = at;
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
      // The early compare spares a write that is bound to be refused; the swap compares again.
      if (!readIfUnchanged(livePath, expected).ok) return false;
      // An empty folder where the file goes (it read as absent) makes way; one filled meanwhile stays.
      if (expected === null && fs.lstatSync(livePath, { throwIfNoEntry: false })?.isDirectory())
        if (!removeEmptyFolder(livePath)) return false;
      ensureDir(path.dirname(livePath), 'a memory folder');
      return replaceLive(livePath, content, expected, host);
    },
    async remove(livePath, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      return removeLive(livePath, expected, host);
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
 * Removes temp files left by a sync that was killed while writing live files, and settles the live
 * files it had set aside (liveSwap: one written in the window goes back live, or beside it as a
 * conflict copy, named in the note). A journal that does not parse, or names a target outside the
 * memory folders `folders`, is never acted on: it is moved aside and named in the returned note.
 */
export async function recoverInterruptedWrites(
  at: { home: string; host: string },
  folders: readonly string[],
): Promise<{ removed: number; note?: string }> {
  const file = journalFile(at.home);
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
  let removed = 0;
  const kept: string[] = [];
  for (const target of parsed.data.targets) {
    const r = recoverTarget(target, parsed.data.started, at.host);
    removed += r.removed;
    kept.push(...r.kept);
  }
  fs.rmSync(file, { force: true });
  if (!kept.length) return { removed };
  const note =
    `a sync that was stopped while writing left a version written meanwhile beside live: ${kept.join(', ')}: ` +
    'compare it with the live file, keep what you need, delete the copy';
  return { removed, note };
}

/** One journaled target's leftovers: its temp files removed, what was set aside settled. */
function recoverTarget(target: string, started: number, host: string): { removed: number; kept: string[] } {
  const out = { removed: 0, kept: [] as string[] };
  const dir = path.dirname(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = path.join(dir, n);
    try {
      if (asideExpects(target, n) !== null) {
        const copy = recoverAside(target, n, host);
        if (copy) out.kept.push(copy);
        else out.removed++;
      } else if (isTempFor(target, n) && fs.statSync(p).mtimeMs >= started - 1000) {
        // Only temp files made by that sync (not older files that happen to share the pattern).
        fs.rmSync(p, { force: true });
        out.removed++;
      }
    } catch {
      /* gone already */
    }
  }
  return out;
}

/** Whether `target` may be written as a file of one of the memory folders (containProblem). */
function insideSome(folders: readonly string[], target: string): boolean {
  return folders.some((f) => containProblem(f, target) === null);
}
