import path from 'node:path';
import type { Version } from '../../reconcile/decide.ts';
import { readIfUnchanged } from '../../machine/scan.ts';
import { filesUnder } from '../../machine/emptyFolder.ts';
import { foldName } from '../../util/safePath.ts';
import { blobHash } from '../../util/blobHash.ts';
import type { DbEffects } from '../../claudeMem/effects.ts';
import { previewRowActions } from '../../claudeMem/preview.ts';
import type { Effects, PublishResult } from './effects.ts';

/** One effect a dry run would have had. */
export interface Recorded {
  op: FileOp | DbOp;
  target: string;
}

type FileOp =
  | 'writeLive'
  | 'removeLive'
  | 'createCopy'
  | 'removeCopy'
  | 'publish'
  | 'propose'
  | 'deleteBranch'
  | 'keepRef'
  | 'refreshMirrors'
  | 'saveState'
  | 'writeMirror'
  | 'removeMirror'
  | 'saveMirrorRecord'
  | 'holdWaiting'
  | 'releaseWaiting';
type DbOp = 'writeRows' | 'replaceDatabase' | 'saveBackup' | 'writeDbBase' | 'saveDbState' | 'pruneDbBase';

/**
 * The dry run: the same calls as the real effects, answered the way the real ones would answer
 * (the compare of compare-and-swap is read for real), with nothing written anywhere.
 */
export function recordingEffects(): Effects & { recorded: Recorded[] } {
  const recorded: Recorded[] = [];
  const note = (op: Recorded['op'], target: string) => void recorded.push({ op, target });
  // What the real run would have removed by now (deletions run first): a folder emptied by them
  // is gone when the real run writes a file in its place.
  const removed = new Set<string>();
  // What they removed, by folded name: on a disk that folds names, another name of it reads as it.
  const removedFolded = new Map<string, string>();
  // What the real run would have written or removed by now (null), read back in their place.
  const written = new Map<string, Buffer | null>();
  const readLive = (livePath: string, expected: Version) => {
    if (!written.has(livePath)) return readIfUnchanged(livePath, expected);
    const content = written.get(livePath)!;
    return { ok: (content && blobHash(content)) === expected, content };
  };
  const foldRemoved = (livePath: string) => {
    const held = removedFolded.has(foldName(livePath)) ? readIfUnchanged(livePath, null).content : null;
    return held !== null && removedFolded.get(foldName(livePath)) === blobHash(held);
  };
  const unchanged = (livePath: string, expected: Version) =>
    readLive(livePath, expected).ok ||
    (expected === null && (emptiedBy(livePath, removed) || underRemoved(livePath, removed) || foldRemoved(livePath)));
  return {
    ...recordingDbEffects(recorded),
    answersPush: false,
    ...recordingMirrorEffects(note),
    noteMergedLive: async () => undefined,
    readLive,
    beginLiveWrites: async () => undefined,
    async writeLive(livePath, content, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) {
        note('writeLive', livePath);
        written.set(livePath, content);
      }
      return ok;
    },
    async removeLive(livePath, expected) {
      const ok = unchanged(livePath, expected);
      if (ok) {
        note('removeLive', livePath);
        removed.add(livePath);
        removedFolded.set(foldName(livePath), expected);
        written.set(livePath, null);
      }
      return ok;
    },
    noteOpenedConflict: async () => undefined,
    createCopy: async (copyPath) => note('createCopy', copyPath),
    async removeCopyIfUntouched(c) {
      // As the real one: a copy the user edited (or that is gone) stays.
      if (readIfUnchanged(c.copy, c.copyHash).ok) note('removeCopy', c.copy);
    },
    endLiveWrites: async () => undefined,
    async publish(_tip, changes): Promise<PublishResult> {
      note('publish', [...changes.keys()].join(','));
      return { pushed: true, commit: null };
    },
    async propose(_tip, changes) {
      note('propose', [...changes.keys()].join(','));
      return null;
    },
    async deleteBranch(name) {
      note('deleteBranch', name);
      return 'pushed' as const;
    },
    ...recordingRecords(note),
  };
}

type RecordEffects =
  | 'keepRef'
  | 'rememberProjects'
  | 'rememberHostChecked'
  | 'saveIdentities'
  | 'holdWaiting'
  | 'releaseWaiting'
  | 'recoverInterruptedWrites'
  | 'refreshMirrors'
  | 'saveState'
  | 'saveLastSync'
  | 'saveScanCache'
  | 'markUnpublished'
  | 'tidyStore';

/** memsync's own records and upkeep in a dry run: the user-visible ones noted, none kept. */
function recordingRecords(note: (op: Recorded['op'], target: string) => void): Pick<Effects, RecordEffects> {
  return {
    keepRef: async (name) => note('keepRef', name),
    rememberProjects: async () => undefined,
    rememberHostChecked: async () => undefined,
    saveIdentities: async () => undefined,
    holdWaiting: eachPath(note, 'holdWaiting'),
    releaseWaiting: eachPath(note, 'releaseWaiting'),
    recoverInterruptedWrites: async () => undefined,
    refreshMirrors: async () => note('refreshMirrors', 'memory folders from their primaries'),
    async saveState() {
      note('saveState', 'state');
      return -1;
    },
    saveLastSync: async () => undefined,
    saveScanCache: async () => undefined,
    markUnpublished: async () => undefined,
    tidyStore: async () => undefined,
  };
}

/** One recorded effect per path (restored files kept until their folder is known, or forgotten once placed). */
function eachPath(note: (op: Recorded['op'], target: string) => void, op: FileOp) {
  return async (xs: readonly { path: string }[]) => {
    for (const x of xs) note(op, x.path);
  };
}

/** The mirror refresh's writes, recorded: each answered as the real one would (a compare, read for real). */
function recordingMirrorEffects(
  note: (op: Recorded['op'], target: string) => void,
): Pick<Effects, 'writeMirror' | 'removeMirror' | 'saveMirrorRecord' | 'refreshScanCache'> {
  return {
    async writeMirror(target, _content, expected) {
      const ok = readIfUnchanged(target, expected).ok;
      if (ok) note('writeMirror', target);
      return ok;
    },
    async removeMirror(target, expected) {
      const ok = readIfUnchanged(target, expected).ok;
      if (ok) note('removeMirror', target);
      return ok;
    },
    saveMirrorRecord: async () => note('saveMirrorRecord', 'mirrors'),
    refreshScanCache: async () => undefined,
  };
}

const WOULD: Record<Recorded['op'], string> = {
  writeLive: 'write',
  removeLive: 'remove',
  createCopy: 'write beside live',
  removeCopy: 'remove the untouched conflict copy',
  publish: 'publish',
  propose: 'propose',
  deleteBranch: 'delete the remote branch',
  keepRef: 'keep the commit under',
  saveState: 'record the sync',
  refreshMirrors: "refresh other checkouts' copies of",
  writeMirror: "write another checkout's",
  removeMirror: "remove another checkout's",
  saveMirrorRecord: "record what the other checkouts' folders hold:",
  holdWaiting: "keep until its project's folder is known here:",
  releaseWaiting: 'forget the kept copy (now in place) of',
  writeRows: 'write rows of',
  replaceDatabase: 'replace the database',
  saveBackup: 'save the live database as',
  writeDbBase: 'keep the base text',
  saveDbState: 'record the state of',
  pruneDbBase: 'drop base texts no longer needed by',
};

/**
 * What `--dry-run` prints of its recorder's log: one line per effect, `would <effect> <target>`
 * (nothing for a real run, which has no log).
 */
export function formatRecorded(recorded: readonly Recorded[] | undefined): string[] {
  if (!recorded) return [];
  const head = recorded.length
    ? 'dry run: nothing changed; the real run would:'
    : 'dry run: the real run changes nothing';
  return [head, ...recorded.map((r) => `  would ${WOULD[r.op]} ${r.target}`)];
}

/**
 * The dry run of claude-mem's database source: each write recorded, nothing written. The row
 * plan is read against the live database (preview.ts), so what it answers (rows applied, rows
 * left for later) is what the real run's would, without a write transaction or its lock.
 */
export function recordingDbEffects(recorded: Recorded[] = []): DbEffects & { recorded: Recorded[] } {
  const note = (op: DbOp, target: string) => void recorded.push({ op, target });
  return {
    said: (_done, planned) => planned,
    leftOut: (pending) => pending ?? undefined,
    recorded,
    applyRows(db, tables, actions, target) {
      const result = previewRowActions(db, tables, actions);
      for (const a of actions)
        if (!result.skipped.get(a.table)?.has(a.key)) note('writeRows', `${target}: ${a.kind} ${a.table} ${a.key}`);
      return result;
    },
    replaceDatabase: async (dbPath) => note('replaceDatabase', dbPath),
    saveBackup: (file) => note('saveBackup', file),
    async writeDbBase(content) {
      const id = blobHash(content);
      note('writeDbBase', id);
      return id;
    },
    saveDbState: async () => note('saveDbState', 'claude-mem'),
    pruneDbBase: async () => note('pruneDbBase', 'claude-mem'),
  };
}

/** A folder whose every file is among `removed` (the real run's deletions empty it: it makes way for a file). */
function emptiedBy(dir: string, removed: ReadonlySet<string>): boolean {
  const files = filesUnder(dir);
  return files?.every((f) => removed.has(path.join(dir, f))) ?? false;
}

/** A path below a file the real run's deletions remove (a folder then takes the file's place). */
function underRemoved(p: string, removed: ReadonlySet<string>): boolean {
  for (let d = path.dirname(p); d !== path.dirname(d); d = path.dirname(d)) if (removed.has(d)) return true;
  return false;
}
