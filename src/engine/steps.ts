import { MemsyncError } from '../errors.ts';
import type { PlanItem } from '../reconcile/plan.ts';
import type { SyncMode, Version } from '../reconcile/decide.ts';
import type { MergeResult } from '../merge/textMerge.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import { blobHash } from '../util/blobHash.ts';
import type { LiveRead } from '../machine/scan.ts';
import type { ConflictRecord } from '../machine/state.ts';
import { conflictCopyPath } from '../machine/conflictCopy.ts';
import { textProblem, type Refusal } from '../machine/untrusted.ts';
import type { Hold } from './plan.ts';

/**
 * One item of the plan with the content it needs, ready to carry out: what to write live (if
 * live still holds `expected`), what to put on the remote, and the base it leaves. Carrying it
 * out decides nothing (engine/apply.ts).
 */
export interface Step {
  path: string;
  livePath: string;
  /** The folder the live file belongs to (deletions leave no empty folders below it). */
  liveRoot: string;
  /** The list of the report it belongs to once done. */
  report: 'taken' | 'published' | 'merged' | 'deletedLive' | 'deletedRemote' | null;
  /** Live change: content (null: delete) written only if live still holds `expected`. */
  live?: { content: Buffer | null; expected: Version };
  /** Remote change: content (null: delete). */
  remote?: { content: Buffer | null };
  /** The base once done and pushed (undefined: unchanged). */
  base: Version | undefined;
  /** The base that holds even if the push is overtaken (live now holds, or merged, this remote version). */
  agreed?: Version;
  /** A conflict this step opens: a copy beside live and its record (`shape`: a file/folder conflict). */
  conflict?: OpenedConflict;
  /** The open text conflict of the path that doing this step settles (its copy removed if untouched). */
  settles?: ConflictRecord;
}

export interface OpenedConflict {
  /** What the copy holds: the remote's version, or (a file/folder conflict) the file moved aside. */
  content: Buffer;
  record: ConflictRecord;
  /** An earlier sync already wrote this copy: nothing is written. */
  exists: boolean;
  /** The open text conflict of the path it replaces (that copy is removed if untouched). */
  replaces?: ConflictRecord;
}

/** What a round read for its running items (engine/prepare.ts), before anything is decided. */
export interface RoundRead {
  /** Remote and base blobs the running items need, by id. */
  blobs: ReadonlyMap<string, Buffer>;
  /** Live content to publish, merge or move aside, by path; null: it changed since the scan. */
  live: ReadonlyMap<string, Buffer | null>;
  /** A take of a path live lacks: what the disk holds there, and another name of it there (foldedTwin). */
  absent: ReadonlyMap<string, { read: LiveRead; twin: string | null }>;
  /** Why a remote file may not be written at its live path (a link on the way, a .git folder), by path. */
  outside: ReadonlyMap<string, string>;
  /** The three-way merge of each merge item whose live file still holds what the scan saw. */
  merges: ReadonlyMap<string, MergeResult>;
  /** Unreleased secret findings (the name's included) of content that may be published, by `secretKey`. */
  secrets: ReadonlyMap<string, SecretFinding[]>;
  /** The host of the last commit that changed a path that may open a conflict (absent: unknown). */
  hosts: ReadonlyMap<string, string>;
  /** Conflict copies an earlier sync already wrote, by `copyKey`. */
  copies: ReadonlyMap<string, string>;
  /** The time conflicts opened now are named and recorded with. */
  now: Date;
}

export interface StepsInput {
  items: readonly PlanItem[];
  mode: SyncMode;
  /** A contributor proposes: its base stays the shared version of what it publishes. */
  proposeOnly: boolean;
  where: (p: string) => { livePath: string; liveRoot: string };
  /** Whether the scan found a synced live file at a repository path. */
  scanned: (p: string) => boolean;
  /** The open conflicts as the round starts. */
  conflicts: ReadonlyMap<string, ConflictRecord>;
  /** This machine's name (a copy of its own file moved aside carries it). */
  host: string;
}

export interface Prepared {
  steps: Step[];
  /** Publishes the secret scan held back. */
  secrets: Map<string, SecretFinding[]>;
  refused: Refusal[];
  /** Live files not published because every other machine would refuse them (not UTF-8 where text is due). */
  held: Hold[];
  /** Paths whose live file changed since the scan: left for the next sync. */
  skipped: string[];
  /** Live changes this mode leaves for a push (a merge a pull writes live, an edit over a refused version). */
  deferred: string[];
}

export const secretKey = (p: string, content: Buffer): string => `${p}\0${blobHash(content)}`;
export const copyKey = (livePath: string, hash: string): string => `${livePath}\0${hash}`;

/**
 * Turns each running item of the plan into a step from what the round read: screens remote text,
 * holds secrets, takes the merges' outcome, and names the conflicts it opens. Pure: no I/O.
 */
export function planSteps(input: StepsInput, read: RoundRead): Prepared {
  const out: Prepared = { steps: [], secrets: new Map(), refused: [], held: [], skipped: [], deferred: [] };
  const c: StepContext = { input, read, out };
  for (const it of input.items) {
    if (!it.runs) continue;
    const step = stepFor(c, it);
    if (step) out.steps.push(step);
  }
  return out;
}

interface StepContext {
  input: StepsInput;
  read: RoundRead;
  out: Prepared;
}

type MakeStep = (s: Omit<Step, 'path' | 'livePath' | 'liveRoot'>) => Step;

function stepFor(c: StepContext, it: PlanItem): Step | null {
  const { livePath, liveRoot } = c.input.where(it.path);
  const open = c.input.conflicts.get(it.path);
  // A file/folder conflict's copy may hold the file's only version: only resolve ends it.
  const settles = open && !open.shape ? { settles: open } : {};
  const step: MakeStep = (s) => ({ path: it.path, livePath, liveRoot, ...settles, ...s });
  // A step that opens a conflict settles none.
  const opening: MakeStep = (s) => ({ path: it.path, livePath, liveRoot, ...s });
  switch (it.decision.kind) {
    case 'agree':
      return step({ report: null, base: it.live, agreed: it.live });
    case 'take':
      return takeStep(c, it, livePath, step, opening);
    case 'deleteLive':
      return step({ report: 'deletedLive', live: { content: null, expected: it.live }, base: null, agreed: null });
    case 'publish':
      return publishStep(c, it, step);
    case 'deleteRemote':
      return step({ report: 'deletedRemote', remote: { content: null }, base: c.input.proposeOnly ? undefined : null });
    case 'merge':
      return mergeStep(c, it, livePath, step, opening);
    case 'shape':
      return shapeStep(c, it, livePath, opening);
    default:
      return null;
  }
}

function takeStep(c: StepContext, it: PlanItem, livePath: string, step: MakeStep, opening: MakeStep): Step | null {
  const seen = it.live === null ? c.read.absent.get(it.path) : undefined;
  // A folder here holding files this machine does not sync (local-only, excluded, conflict copies):
  // a file and a folder of one name, as the planner finds for synced ones.
  if (seen?.read.folder?.some((f) => !c.input.scanned(`${it.path}/${f}`)))
    return shapeStep(c, { ...it, decision: { kind: 'shape', file: 'remote' } }, livePath, opening);
  // The disk holds this name as another that takes no part (local-only, unreadable, a link): the
  // remote's version goes beside it as a conflict copy. A synced twin is the planner's (nameClashes).
  const twin = seen && !seen.read.ok ? seen.twin : null;
  const held = twin !== null && !c.input.scanned(it.path.slice(0, it.path.lastIndexOf('/') + 1) + twin);
  const content = c.read.blobs.get(it.remote!)!;
  // A remote text file that is not UTF-8 is refused before anything is written (base unchanged).
  const problem = textProblem(it.path, content) ?? c.read.outside.get(it.path);
  if (problem) {
    c.out.refused.push({ path: it.path, reason: problem });
    return null;
  }
  if (held) return textConflictStep(c, it, livePath, content, opening);
  return step({ report: 'taken', live: { content, expected: it.live }, base: it.remote, agreed: it.remote });
}

/** The live content as scanned, or null (then the path is left for the next sync). */
function readScanned(c: StepContext, it: PlanItem): Buffer | null {
  const content = c.read.live.get(it.path) ?? null;
  if (!content) c.out.skipped.push(it.path);
  return content;
}

/**
 * A text file that is not UTF-8 is refused by every other machine (untrusted.ts): it is held here,
 * named, instead of published to be refused there without a word to its author.
 */
function refusedElsewhere(c: StepContext, p: string, content: Buffer): boolean {
  const problem = textProblem(p, content);
  if (problem)
    c.out.held.push({ path: p, reason: 'unusable', detail: `${problem}: not published; save it as UTF-8 to sync it` });
  return problem !== null;
}

/** Nothing with a secret the user has not released is ever published (encrypted or not). */
function holdsSecret(c: StepContext, p: string, content: Buffer): boolean {
  const found = c.read.secrets.get(secretKey(p, content));
  // Content the read did not scan is never published as if it had been.
  if (!found) throw new MemsyncError(`internal: ${p} was not scanned for secrets before publishing`);
  if (found.length) c.out.secrets.set(p, found);
  return found.length > 0;
}

function publishStep(c: StepContext, it: PlanItem, step: MakeStep): Step | null {
  const content = readScanned(c, it);
  if (!content || refusedElsewhere(c, it.path, content) || holdsSecret(c, it.path, content)) return null;
  return step({ report: 'published', remote: { content }, base: c.input.proposeOnly ? undefined : it.live });
}

function mergeStep(c: StepContext, it: PlanItem, livePath: string, step: MakeStep, opening: MakeStep): Step | null {
  const local = readScanned(c, it);
  if (!local || refusedElsewhere(c, it.path, local)) return null;
  const remote = c.read.blobs.get(it.remote!)!;
  const problem = textProblem(it.path, remote);
  if (problem) {
    // The remote's version cannot be written here; it stays in the remote's history, and the
    // edit made here is not frozen by it: published over it (a pull leaves it for the next push).
    c.out.refused.push({ path: it.path, reason: problem });
    if (c.input.mode === 'pull') c.out.deferred.push(it.path);
    if (c.input.mode === 'pull' || holdsSecret(c, it.path, local)) return null;
    return step({ report: 'published', remote: { content: local }, base: c.input.proposeOnly ? undefined : it.live });
  }
  const merged = c.read.merges.get(it.path)!;
  if (!merged.clean) return textConflictStep(c, it, livePath, remote, opening);
  const hash = blobHash(merged.content);
  const live = hash !== it.live ? { content: merged.content, expected: it.live } : undefined;
  // Live now holds everything the remote version has: that version is a valid base even if the
  // push is overtaken, so a retry merges from it (not again from the older base).
  if (hash === it.remote) return step({ report: 'merged', live, base: it.remote, agreed: it.remote });
  const publish = c.input.mode !== 'pull' && !holdsSecret(c, it.path, merged.content);
  if (publish && !c.input.proposeOnly)
    return step({ report: 'merged', live, remote: { content: merged.content }, base: hash, agreed: it.remote });
  // A pull, a secret held back, or a contributor's proposal: the shared branch keeps the remote
  // version, the next push (or the reviewer) takes the merge.
  if (c.input.mode === 'pull' && !c.input.proposeOnly) c.out.deferred.push(it.path);
  return step({
    report: 'merged',
    live,
    remote: publish ? { content: merged.content } : undefined,
    base: it.remote,
    agreed: it.remote,
  });
}

/**
 * The remote version goes beside live as a conflict copy (one per distinct remote version: none
 * when the open conflict already holds this one), named for the host that last changed it.
 */
function textConflictStep(
  c: StepContext,
  it: PlanItem,
  livePath: string,
  content: Buffer,
  opening: MakeStep,
): Step | null {
  const prev = c.input.conflicts.get(it.path);
  const open = prev && !prev.shape ? prev : undefined;
  if (open && open.remote === it.remote) return null;
  const host = c.read.hosts.get(it.path) ?? 'remote';
  const copy = copyRecord(c, livePath, content, host);
  const conflict = { ...copy, record: { ...copy.record, remote: it.remote }, ...(open && { replaces: open }) };
  return opening({ report: null, base: undefined, conflict });
}

/** The copy of `content` beside `livePath` and its record: the one an earlier sync wrote, or a new name. */
function copyRecord(c: StepContext, livePath: string, content: Buffer, host: string): OpenedConflict {
  const copyHash = blobHash(content);
  const found = c.read.copies.get(copyKey(livePath, copyHash));
  const copy = found ?? conflictCopyPath(livePath, host, c.read.now);
  const since = c.read.now.toISOString();
  return { content, exists: found !== undefined, record: { remote: null, livePath, copy, copyHash, host, since } };
}

/**
 * A file and a folder of one name (a tree cannot hold both): the folder keeps the path, and the
 * file goes beside it as a conflict copy, here. A live file is moved there (its folder is taken
 * next); a remote file is copied there and deleted on the remote (it stays in history), so the
 * folder can be published. A pull publishes nothing: the remote's file then waits for a push.
 */
function shapeStep(c: StepContext, it: PlanItem, livePath: string, step: MakeStep): Step | null {
  if (it.decision.kind === 'shape' && it.decision.file === 'live') {
    const content = readScanned(c, it);
    if (!content) return null;
    const { keeps } = it.decision;
    const conflict = shapeConflict(c, it, livePath, content, 'local', keeps);
    return step({ report: null, live: { content: null, expected: it.live }, base: null, agreed: null, conflict });
  }
  const remote = c.input.mode === 'pull' ? undefined : { content: null };
  const base = remote && !c.input.proposeOnly ? null : undefined;
  const content = c.read.blobs.get(it.remote!)!;
  const problem = textProblem(it.path, content) ?? c.read.outside.get(it.path);
  if (problem) {
    // Not written here, as any refused remote version; it stays in history under the folder.
    c.out.refused.push({ path: it.path, reason: problem });
    return remote ? step({ report: null, remote, base }) : null;
  }
  return step({ report: null, remote, base, conflict: shapeConflict(c, it, livePath, content, 'remote') });
}

function shapeConflict(
  c: StepContext,
  it: PlanItem,
  livePath: string,
  content: Buffer,
  shape: 'local' | 'remote',
  keeps?: string,
): OpenedConflict {
  const host = shape === 'local' ? c.input.host : (c.read.hosts.get(it.path) ?? 'remote');
  const opened = copyRecord(c, livePath, content, host);
  const record: ConflictRecord = {
    ...opened.record,
    // A name clash: the name kept is where resolve brings this file's content.
    livePath: keeps ? c.input.where(keeps).livePath : livePath,
    shape,
    ...(keeps && { clash: keeps }),
  };
  // It replaces an open text conflict of the path: that copy holds a remote version (in the
  // remote's history), and would stay behind untracked (removed as a newer remote version's would be).
  const prev = c.input.conflicts.get(it.path);
  const replaces = prev && !prev.shape && prev.copy !== opened.record.copy ? prev : undefined;
  return { ...opened, record, ...(replaces && { replaces }) };
}
