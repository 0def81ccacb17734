import picomatch from 'picomatch';
import type { PlanItem } from '../reconcile/plan.ts';
import type { SyncMode, Version } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import { mergeText } from '../merge/textMerge.ts';
import { heldFindings } from '../secrets/allow.ts';
import { secretsInNames } from '../secrets/names.ts';
import type { SecretFinding } from '../secrets/scan.ts';
import { blobHash } from '../util/blobHash.ts';
import type { LiveRead } from '../machine/scan.ts';
import type { Hold } from './plan.ts';
import { foldedTwin } from '../machine/foldedTwin.ts';
import { textProblem, type Refusal } from '../machine/untrusted.ts';
import { containProblem } from '../safety/contain.ts';

/**
 * One item of the plan with the content it needs, ready to carry out: what to write live (if
 * live still holds `expected`), what to put on the remote, and the base it leaves.
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
  /**
   * A merge that did not come out clean: the remote's content goes beside live as a conflict copy.
   * `shape`: a file and a folder of one name; the copy holds the file (from here, or the remote).
   */
  conflict?: {
    content: Buffer;
    version: Version;
    shape?: 'local' | 'remote';
    keeps?: { path: string; livePath: string };
  };
  /** Whether doing it settles an open conflict on the path. */
  settles: boolean;
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

export interface PrepareInput {
  repo: LocalRepo;
  items: readonly PlanItem[];
  mode: SyncMode;
  /** A contributor proposes: its base stays the shared version of what it publishes. */
  proposeOnly: boolean;
  where: (p: string) => { livePath: string; liveRoot: string };
  /** Reads a live file if it still holds what the scan saw (Effects.readLive: a dry run reads as the real one). */
  read: (livePath: string, expected: Version) => LiveRead;
  /** Whether the scan found a synced live file at a repository path. */
  scanned: (p: string) => boolean;
  unionMerge: readonly string[];
  allow: readonly string[];
  tmp: string;
}

/**
 * Reads what the plan's running items need (remote blobs, live content), screens remote text,
 * runs the secret scan and the merges, and turns each item into a step. Writes nothing: a dry
 * run prepares exactly what the real run does.
 */
export async function prepare(input: PrepareInput): Promise<Prepared> {
  const runnable = input.items.filter((it) => it.runs);
  const need = new Set<string>();
  for (const it of runnable) {
    if ((it.decision.kind === 'take' || it.decision.kind === 'merge') && it.remote) need.add(it.remote);
    if (it.decision.kind === 'merge' && it.base) need.add(it.base);
    if (it.decision.kind === 'shape' && it.decision.file === 'remote' && it.remote) need.add(it.remote);
  }
  const blobs = await input.repo.readBlobs(need);
  const out: Prepared = { steps: [], secrets: new Map(), refused: [], held: [], skipped: [], deferred: [] };
  const union = picomatch([...input.unionMerge], { dot: true });
  // A name goes into the remote's tree and the commit message: one scan for every name that may.
  const names = await secretsInNames(
    runnable.filter((it) => it.decision.kind === 'publish' || it.decision.kind === 'merge').map((it) => it.path),
  );
  const ctx: StepContext = { input, blobs, out, union: (p) => union(p), names };
  for (const it of runnable) {
    const step = await stepFor(ctx, it);
    if (step) out.steps.push(step);
  }
  return out;
}

interface StepContext {
  input: PrepareInput;
  blobs: Map<string, Buffer>;
  out: Prepared;
  union: (p: string) => boolean;
  /** Findings in the names of the paths that hold a secret (no `memsync allow` releases a name). */
  names: Map<string, SecretFinding[]>;
}

async function stepFor(c: StepContext, it: PlanItem): Promise<Step | null> {
  const { livePath, liveRoot } = c.input.where(it.path);
  const step = (s: Omit<Step, 'path' | 'livePath' | 'liveRoot' | 'settles'>): Step => ({
    path: it.path,
    livePath,
    liveRoot,
    settles: true,
    ...s,
  });
  switch (it.decision.kind) {
    case 'agree':
      return step({ report: null, base: it.live, agreed: it.live });
    case 'take':
      return takeStep(c, it, livePath, liveRoot, step);
    case 'deleteLive':
      return step({ report: 'deletedLive', live: { content: null, expected: it.live }, base: null, agreed: null });
    case 'publish':
      return publishStep(c, it, livePath, step);
    case 'deleteRemote':
      return step({ report: 'deletedRemote', remote: { content: null }, base: c.input.proposeOnly ? undefined : null });
    case 'merge':
      return mergeStep(c, it, livePath, step);
    case 'shape':
      return shapeStep(c, it, livePath, liveRoot, step);
    default:
      return null;
  }
}

type MakeStep = (s: Omit<Step, 'path' | 'livePath' | 'liveRoot' | 'settles'>) => Step;

function takeStep(c: StepContext, it: PlanItem, livePath: string, liveRoot: string, step: MakeStep): Step | null {
  const seen = it.live === null ? c.input.read(livePath, null) : null;
  // A folder here holding files this machine does not sync (local-only, excluded, conflict copies):
  // a file and a folder of one name, as the planner finds for synced ones.
  if (seen?.folder?.some((f) => !c.input.scanned(`${it.path}/${f}`)))
    return shapeStep(c, { ...it, decision: { kind: 'shape', file: 'remote' } }, livePath, liveRoot, step);
  // The disk holds this name as another that takes no part (local-only, unreadable, a link): the
  // remote's version goes beside it as a conflict copy. A synced twin is the planner's (nameClashes).
  const twin = seen && !seen.ok ? foldedTwin(livePath) : null;
  const held = twin !== null && !c.input.scanned(it.path.slice(0, it.path.lastIndexOf('/') + 1) + twin);
  const content = c.blobs.get(it.remote!)!;
  // A remote text file that is not UTF-8 is refused before anything is written (base unchanged).
  const problem = textProblem(it.path, content);
  if (problem) {
    c.out.refused.push({ path: it.path, reason: problem });
    return null;
  }
  const outside = containProblem(liveRoot, livePath);
  if (outside) {
    c.out.refused.push({ path: it.path, reason: outside });
    return null;
  }
  if (held)
    return { ...step({ report: null, base: undefined, conflict: { content, version: it.remote } }), settles: false };
  return step({ report: 'taken', live: { content, expected: it.live }, base: it.remote, agreed: it.remote });
}

/** The live content as scanned, or null (then the path is left for the next sync). */
function readScanned(c: StepContext, it: PlanItem, livePath: string): Buffer | null {
  const { ok, content } = c.input.read(livePath, it.live);
  if (ok && content) return content;
  c.out.skipped.push(it.path);
  return null;
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
async function holdsSecret(c: StepContext, p: string, content: Buffer): Promise<boolean> {
  const found = [...(c.names.get(p) ?? []), ...(await heldFindings(p, content, c.input.allow))];
  if (found.length) c.out.secrets.set(p, found);
  return found.length > 0;
}

async function publishStep(c: StepContext, it: PlanItem, livePath: string, step: MakeStep): Promise<Step | null> {
  const content = readScanned(c, it, livePath);
  if (!content || refusedElsewhere(c, it.path, content) || (await holdsSecret(c, it.path, content))) return null;
  return step({ report: 'published', remote: { content }, base: c.input.proposeOnly ? undefined : it.live });
}

async function mergeStep(c: StepContext, it: PlanItem, livePath: string, step: MakeStep): Promise<Step | null> {
  const local = readScanned(c, it, livePath);
  if (!local || refusedElsewhere(c, it.path, local)) return null;
  const remote = c.blobs.get(it.remote!)!;
  const problem = textProblem(it.path, remote);
  if (problem) {
    // The remote's version cannot be written here; it stays in the remote's history, and the
    // edit made here is not frozen by it: published over it (a pull leaves it for the next push).
    c.out.refused.push({ path: it.path, reason: problem });
    if (c.input.mode === 'pull') c.out.deferred.push(it.path);
    if (c.input.mode === 'pull' || (await holdsSecret(c, it.path, local))) return null;
    return step({ report: 'published', remote: { content: local }, base: c.input.proposeOnly ? undefined : it.live });
  }
  const merged = await mergeText(local, it.base ? c.blobs.get(it.base)! : null, remote, c.union(it.path), c.input.tmp);
  if (!merged.clean)
    return {
      ...step({ report: null, base: undefined, conflict: { content: remote, version: it.remote } }),
      settles: false,
    };
  const hash = blobHash(merged.content);
  const live = hash !== it.live ? { content: merged.content, expected: it.live } : undefined;
  // Live now holds everything the remote version has: that version is a valid base even if the
  // push is overtaken, so a retry merges from it (not again from the older base).
  if (hash === it.remote) return step({ report: 'merged', live, base: it.remote, agreed: it.remote });
  const publish = c.input.mode !== 'pull' && !(await holdsSecret(c, it.path, merged.content));
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
 * A file and a folder of one name (a tree cannot hold both): the folder keeps the path, and the
 * file goes beside it as a conflict copy, here. A live file is moved there (its folder is taken
 * next); a remote file is copied there and deleted on the remote (it stays in history), so the
 * folder can be published. A pull publishes nothing: the remote's file then waits for a push.
 */
function shapeStep(c: StepContext, it: PlanItem, livePath: string, liveRoot: string, step: MakeStep): Step | null {
  const opens = (s: Step): Step => ({ ...s, settles: false });
  if (it.decision.kind === 'shape' && it.decision.file === 'live') {
    const content = readScanned(c, it, livePath);
    if (!content) return null;
    const { keeps } = it.decision;
    const kept = keeps ? { keeps: { path: keeps, livePath: c.input.where(keeps).livePath } } : {};
    const conflict = { content, version: null, shape: 'local' as const, ...kept };
    return opens(
      step({ report: null, live: { content: null, expected: it.live }, base: null, agreed: null, conflict }),
    );
  }
  const remote = c.input.mode === 'pull' ? undefined : { content: null };
  const base = remote && !c.input.proposeOnly ? null : undefined;
  const content = c.blobs.get(it.remote!)!;
  const problem = textProblem(it.path, content) ?? containProblem(liveRoot, livePath);
  if (problem) {
    // Not written here, as any refused remote version; it stays in history under the folder.
    c.out.refused.push({ path: it.path, reason: problem });
    return remote ? step({ report: null, remote, base }) : null;
  }
  return opens(step({ report: null, remote, base, conflict: { content, version: null, shape: 'remote' } }));
}
