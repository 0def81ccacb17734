import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { readIfUnchanged } from './scan.ts';
import { stateDir } from './state.ts';

/**
 * Every change memsync makes to live files goes through here: atomic (temp file + rename, via
 * write-file-atomic) and compare-and-swap (only if the file still holds what the scan saw).
 */
export interface LiveWriter {
  /** Writes `content` if the file still holds `expected` (null = absent). False: left for the next sync. */
  write(livePath: string, content: Buffer, expected: string | null): Promise<boolean>;
  remove(livePath: string, expected: string): Promise<boolean>;
  /** Writes a new file that must not exist yet (conflict copies). */
  create(livePath: string, content: Buffer): Promise<void>;
}

const journalFile = (home: string) => path.join(stateDir(home), 'writing.json');

/**
 * write-file-atomic names its temp file `<target>.<number>`; a process killed mid-write leaves it
 * behind. The journal lists targets before any write so the next sync can remove such leftovers.
 */
export async function createLiveWriter(home: string, targets: readonly string[]): Promise<LiveWriter & { done(): Promise<void> }> {
  // Conflict copies join the list when they are created: their names are known only then.
  const journaled = [...targets];
  const started = Date.now();
  const writeJournal = async () => {
    await fsp.mkdir(stateDir(home), { recursive: true });
    await writeFileAtomic(journalFile(home), JSON.stringify({ started, targets: journaled }), { fsync: true });
  };
  if (journaled.length) await writeJournal();
  const atomic = async (livePath: string, content: Buffer) => {
    await fsp.mkdir(path.dirname(livePath), { recursive: true });
    await writeFileAtomic(livePath, content, { fsync: true });
  };
  return {
    async write(livePath, content, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      await atomic(livePath, content);
      return true;
    },
    async remove(livePath, expected) {
      if (!readIfUnchanged(livePath, expected).ok) return false;
      await fsp.rm(livePath, { force: true });
      return true;
    },
    async create(livePath, content) {
      // Journaled first: a temp file left by a kill here is not named after any target, and
      // would otherwise be scanned (and published) as a memory file.
      journaled.push(livePath);
      await writeJournal();
      await atomic(livePath, content);
    },
    async done() {
      if (journaled.length) await fsp.rm(journalFile(home), { force: true });
    },
  };
}

/** Removes temp files left by a sync that was killed while writing live files. */
export async function recoverInterruptedWrites(home: string): Promise<number> {
  let journal: { started: number; targets: string[] };
  try {
    journal = JSON.parse(await fsp.readFile(journalFile(home), 'utf8'));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const target of journal.targets ?? []) {
    const dir = path.dirname(target);
    const prefix = path.basename(target) + '.';
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.startsWith(prefix) || !/^\d+$/.test(n.slice(prefix.length))) continue;
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
  await fsp.rm(journalFile(home), { force: true });
  return removed;
}
