import fs from 'node:fs';
import path from 'node:path';
import { makeFilter, type Root } from '../sources/roots.ts';
import { conflictCopyPath, findCopyOf } from '../machine/conflictCopy.ts';
import type { MirrorRecord } from '../machine/mirrorRecord.ts';
import { isLocalOnly, type ScanResult } from '../machine/scan.ts';
import { blobHash } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import type { Effects } from './effects/effects.ts';

/**
 * Other checkouts of one repository each have their own Claude Code memory folder. The root syncs
 * one of them (the primary); the others mirror it: before a sync, what changed in a mirror since
 * memsync last filled it is folded into the primary (both changed: the mirror's version is kept
 * beside it as a conflict copy; a file the mirror deleted is deleted in the primary if the primary
 * still holds what memsync left in the mirror); after it, the primary is copied into each mirror.
 * Only files the fold saw unchanged are overwritten or removed, so an edit made meanwhile waits.
 */
export interface Folded {
  root: Root;
  filter: ReturnType<typeof makeFilter>;
  /** Each mirror folder's files as the fold read them: relative path -> content id. */
  seen: Map<string, Map<string, string>>;
}

/** One change the fold makes in a primary folder (carried out through the effects, so a dry run only records it). */
export type FoldAction =
  | { kind: 'write'; path: string; root: Root; target: string; content: Buffer; expected: string | null }
  | { kind: 'remove'; path: string; root: Root; target: string; expected: string }
  | { kind: 'copy'; target: string; content: Buffer };

export interface MirrorFold {
  actions: FoldAction[];
  folded: Folded[];
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

/** A mirror's files (relative path -> content), or null when its folder is not there to read. */
function readMirror(dir: string, filter: Folded['filter']): Map<string, Buffer> | null {
  try {
    if (!fs.statSync(dir).isDirectory()) return null;
  } catch {
    return null;
  }
  const out = new Map<string, Buffer>();
  for (const rel of listFiles(dir, filter)) {
    const content = readOrNull(fileIn(dir, rel));
    if (content) out.set(rel, content);
  }
  return out;
}

const fileIn = (dir: string, rel: string) => path.join(dir, ...rel.split('/'));

function hashOf(file: string): string | null {
  const c = readOrNull(file);
  return c ? blobHash(c) : null;
}

/** Only a file that is gone (not one that cannot be read) counts as deleted. */
function isGone(file: string): boolean {
  try {
    fs.lstatSync(file);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * What folding every mirror into its primary changes there, as data (reads, writes nothing):
 * `base` is repository path -> content id, `record` what the last sync left in each mirror.
 */
export function planFold(
  roots: readonly Root[],
  exclude: readonly string[],
  base: ReadonlyMap<string, string>,
  record: MirrorRecord,
  host: string,
): MirrorFold {
  const out: MirrorFold = { actions: [], folded: [] };
  for (const root of roots) {
    if (!root.mirrors?.length) continue;
    const filter = makeFilter(root, exclude);
    const fold = new PrimaryFold(root, host, out.actions);
    const seen = new Map<string, Map<string, string>>();
    const deleted: [string, string][] = [];
    for (const dir of root.mirrors) {
      const files = readMirror(dir, filter);
      const hashes = new Map([...(files ?? [])].map(([rel, c]) => [rel, blobHash(c)]));
      seen.set(dir, hashes);
      const last = record[root.repoPrefix]?.[dir];
      for (const [rel, content] of files ?? []) {
        const mine = hashes.get(rel)!;
        const was = base.get(root.repoPrefix + rel);
        if (mine !== was && mine !== last?.[rel]) fold.change(rel, content, mine, was);
      }
      if (files && last) deleted.push(...deletedIn(dir, hashes, last, filter));
    }
    // After every change: an edit in one checkout wins over a deletion in another.
    for (const [rel, left] of deleted) fold.deletion(rel, left);
    out.folded.push({ root, filter, seen });
  }
  return out;
}

/**
 * Files memsync left in a mirror that are gone from it now. A folder that is not there, or holds
 * none of what memsync left in it (emptied, or a new checkout at the same place), deletes nothing.
 */
function deletedIn(
  dir: string,
  hashes: ReadonlyMap<string, string>,
  last: Record<string, string>,
  filter: Folded['filter'],
): [string, string][] {
  const entries = Object.entries(last);
  if (!entries.some(([rel, h]) => hashes.get(rel) === h)) return [];
  return entries.filter(([rel]) => !hashes.has(rel) && filter.includes(rel) && isGone(fileIn(dir, rel)));
}

/** The fold's view of one primary folder: what it holds once the actions planned so far are done. */
class PrimaryFold {
  private readonly now = new Map<string, string | null>();
  private readonly copies = new Set<string>();

  constructor(
    private readonly root: Root,
    private readonly host: string,
    private readonly actions: FoldAction[],
  ) {}

  private hash(rel: string): string | null {
    return this.now.has(rel) ? this.now.get(rel)! : hashOf(fileIn(this.root.liveDir, rel));
  }

  change(rel: string, content: Buffer, mine: string, was: string | undefined): void {
    const now = this.hash(rel);
    if (now === mine) return;
    const target = fileIn(this.root.liveDir, rel);
    if (now === null || now === was) {
      this.actions.push({
        kind: 'write',
        path: this.root.repoPrefix + rel,
        root: this.root,
        target,
        content,
        expected: now,
      });
      this.now.set(rel, mine);
      return;
    }
    // Both checkouts changed it: the primary's version syncs, the mirror's stays beside it.
    const key = `${rel}\0${mine}`;
    if (this.copies.has(key) || findCopyOf(target, mine)) return;
    this.copies.add(key);
    this.actions.push({ kind: 'copy', target: conflictCopyPath(target, this.host, new Date()), content });
  }

  /** A file deleted in a mirror: deleted here too if this folder still holds what memsync `left` in the mirror. */
  deletion(rel: string, left: string): void {
    const now = this.hash(rel);
    if (now !== left) return;
    const target = fileIn(this.root.liveDir, rel);
    this.actions.push({ kind: 'remove', path: this.root.repoPrefix + rel, root: this.root, target, expected: left });
    this.now.set(rel, null);
  }
}

/** Carries out the fold through the effects (compare-and-swap); returns what was done. */
export async function applyFold(fx: Effects, actions: readonly FoldAction[]): Promise<FoldAction[]> {
  if (!actions.length) return [];
  const done: FoldAction[] = [];
  await fx.beginLiveWrites(actions.filter((a) => a.kind !== 'copy').map((a) => a.target));
  try {
    for (const a of actions) {
      if (a.kind === 'copy') await fx.createCopy(a.target, a.content);
      else if (
        a.kind === 'write'
          ? !(await fx.writeLive(a.target, a.content, a.expected))
          : !(await fx.removeLive(a.target, a.expected, a.root.liveDir))
      )
        continue;
      done.push(a);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return done;
}

/** A dry run's scan as the real fold would have left it (the real run scans what the fold wrote). */
export function overlayFold(scan: ScanResult, done: readonly FoldAction[]): void {
  for (const a of done) {
    if (a.kind === 'copy') continue;
    scan.changed = true;
    scan.files.delete(a.path);
    scan.localOnly.delete(a.path);
    if (a.kind === 'remove') continue;
    if (isLocalOnly(a.content)) scan.localOnly.set(a.path, a.target);
    else scan.files.set(a.path, { livePath: a.target, hash: blobHash(a.content), root: a.root });
  }
}

/**
 * Copies each primary into its mirrors through the effects, and records what each mirror then
 * holds as its primary does (`before`, updated); a mirror file changed since the fold is left for
 * the next one. The mirrors' files join the scan cache, so Stop tells a session's edit in one
 * from memsync's writes.
 */
export async function refreshMirrors(fx: Effects, folded: readonly Folded[], before: MirrorRecord): Promise<void> {
  const files: string[] = [];
  const record: MirrorRecord = { ...before };
  for (const { root, filter, seen } of folded) {
    const primary = listFiles(root.liveDir, filter);
    const kept = (record[root.repoPrefix] = { ...record[root.repoPrefix] });
    for (const [dir, saw] of seen) {
      kept[dir] = await refreshMirror(fx, root.liveDir, dir, primary, saw);
      files.push(...listFiles(dir, filter).map((rel) => fileIn(dir, rel)));
    }
  }
  await fx.saveMirrorRecord(record);
  await fx.refreshScanCache(files);
}

/** One mirror brought to its primary's files; returns the files it then holds as the primary does. */
async function refreshMirror(
  fx: Effects,
  liveDir: string,
  dir: string,
  primary: readonly string[],
  saw: ReadonlyMap<string, string>,
): Promise<Record<string, string>> {
  const same: Record<string, string> = {};
  for (const rel of primary) {
    const target = fileIn(dir, rel);
    const content = readOrNull(fileIn(liveDir, rel));
    if (!content) continue;
    const want = blobHash(content);
    const now = hashOf(target);
    // Through the guarded swap: a session writing the mirror meanwhile keeps its write.
    if (now !== want && (now === null || now === saw.get(rel))) {
      if (!(await fx.writeMirror(target, content, now))) continue;
    } else if (now !== want) continue;
    same[rel] = want;
  }
  const kept = new Set(primary);
  for (const [rel, h] of saw) {
    const target = fileIn(dir, rel);
    if (!kept.has(rel) && hashOf(target) === h) await fx.removeMirror(target, h);
  }
  return same;
}
