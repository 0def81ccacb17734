import fs from 'node:fs';
import path from 'node:path';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { makeFilter, type Root } from '../sources/roots.ts';
import { conflictCopyPath, findCopyOf } from '../machine/conflictCopy.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';

/**
 * Other checkouts of one repository each have their own Claude Code memory folder. The root syncs
 * one of them (the primary); the others mirror it: before a sync, what changed in a mirror since
 * the base is folded into the primary (both changed: the mirror's version is kept beside it as a
 * conflict copy); after it, the primary is copied into each mirror. Only files the fold saw
 * unchanged are overwritten or removed, so an edit made meanwhile waits for the next sync.
 */
export interface Folded {
  root: Root;
  filter: ReturnType<typeof makeFilter>;
  /** Each mirror folder's files as the fold read them: relative path -> content id. */
  seen: Map<string, Map<string, string>>;
}

/** Relative paths (with `/`) of the synced files under a folder. */
function listFiles(dir: string, filter: Folded['filter'], rel = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return filter.mayContain(r) ? listFiles(dir, filter, r) : [];
    return e.isFile() && filter.includes(r) ? [r] : [];
  });
}

function hashOf(file: string): string | null {
  const c = readOrNull(file);
  return c ? blobHash(c) : null;
}

function write(file: string, content: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, content);
}

/** Folds every mirror's changes since the base (repository path -> content id) into its primary. */
export function foldMirrors(
  roots: readonly Root[],
  exclude: readonly string[],
  base: ReadonlyMap<string, string>,
  host: string,
): Folded[] {
  const out: Folded[] = [];
  for (const root of roots) {
    if (!root.mirrors?.length) continue;
    const filter = makeFilter(root, exclude);
    const seen = new Map<string, Map<string, string>>();
    for (const dir of root.mirrors) {
      const files = new Map<string, string>();
      for (const rel of listFiles(dir, filter)) {
        const content = readOrNull(path.join(dir, ...rel.split('/')));
        if (!content) continue;
        const mine = blobHash(content);
        files.set(rel, mine);
        foldOne(root, rel, content, mine, base.get(root.repoPrefix + rel), host);
      }
      seen.set(dir, files);
    }
    out.push({ root, filter, seen });
  }
  return out;
}

function foldOne(root: Root, rel: string, content: Buffer, mine: string, was: string | undefined, host: string): void {
  if (mine === was) return;
  const primary = path.join(root.liveDir, ...rel.split('/'));
  const now = hashOf(primary);
  if (now === mine) return;
  if (now === null || now === was) write(primary, content);
  // Both checkouts changed it: the primary's version syncs, the mirror's stays beside it.
  else if (!findCopyOf(primary, mine)) write(conflictCopyPath(primary, host, new Date()), content);
}

/**
 * Copies each primary into its mirrors; a mirror file changed since the fold is left for the next
 * one. Returns the mirrors' files, for the scan cache (so Stop sees a session's edit in a mirror).
 */
export function syncMirrors(folded: readonly Folded[]): string[] {
  const out: string[] = [];
  for (const { root, filter, seen } of folded) {
    const files = listFiles(root.liveDir, filter);
    for (const [dir, before] of seen) {
      for (const rel of files) {
        const target = path.join(dir, ...rel.split('/'));
        const content = readOrNull(path.join(root.liveDir, ...rel.split('/')));
        const now = hashOf(target);
        if (!content || now === blobHash(content) || (now !== null && now !== before.get(rel))) continue;
        write(target, content);
      }
      const kept = new Set(files);
      for (const [rel, h] of before) {
        const target = path.join(dir, ...rel.split('/'));
        if (!kept.has(rel) && hashOf(target) === h) fs.rmSync(target, { force: true });
      }
      out.push(...listFiles(dir, filter).map((rel) => path.join(dir, ...rel.split('/'))));
    }
  }
  return out;
}
