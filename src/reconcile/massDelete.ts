/**
 * No mass deletion without a word (issue 13). Claude Code before 2.1.228 could empty a project's
 * memory folder during session cleanup; faithfully synced, that wipe would delete the files on
 * every machine. A sync that would delete more than a share of a project's memory files (and at
 * least MIN_FILES), or every file of a source (at least two), holds those deletions: nothing is
 * deleted on the remote or any other machine and the base stays, until the user lets them go or
 * brings the files back. Only this machine's deletions are held (design: "many deleted at once |
 * same"): the machine where the wipe happened is where it is stopped, so a deletion the user
 * confirmed there reaches every other machine without asking again. Pure: plan items in, plan items out.
 */
import type { PlanItem } from './plan.ts';

/** A project's or source's folder on the remote, as the plan needs to know it. */
export interface Group {
  /** Repository folder, ending in `/` (the key of a hold). */
  prefix: string;
  /** The project identity or source name shown to the user. */
  label: string;
  /** `claude-auto-memory`, `claude-user-memory`, `files:<name>`. */
  source: string;
}

export interface HeldDeletion {
  prefix: string;
  label: string;
  /** The deletions held, and how many files the folder had. */
  paths: string[];
  of: number;
}

export interface HoldOptions {
  /** Hold when deletions exceed this percentage of a folder's files (100: never). */
  percent: number;
  groupOf: (path: string) => Group | undefined;
  /** Held deletions the user let go (`memsync resolve <project> --confirm-deletes`). */
  confirmed?: ReadonlySet<string>;
  /** Held deletions the user undid (`--restore-files`): the files come back live from the remote. */
  restore?: ReadonlySet<string>;
}

const MIN_FILES = 3;

/**
 * The rule: `count` deletions of `of` items are a mass deletion when they are more than `percent`
 * of them and at least `min` (100 percent: never). claude-mem's tables hold rows by it too.
 */
export function isMassDeletion(count: number, of: number, percent: number, min = MIN_FILES): boolean {
  return percent < 100 && count >= min && count * 100 > of * percent;
}
// Counted in every mode: a pull carries no deletion out, but says (and keeps recording) what is held.
const isDelete = (it: PlanItem) => it.decision.kind === 'deleteRemote';

/** The plan with mass deletions held (or restored), and what is held per folder. */
export function holdMassDeletions(
  planned: PlanItem[],
  base: ReadonlyMap<string, string>,
  opts: HoldOptions,
): { items: PlanItem[]; held: HeldDeletion[] } {
  // Files the user brings back are restored whatever the counts are now.
  const restore = (it: PlanItem): PlanItem => ({ ...it, decision: { kind: 'take' } });
  const back = opts.restore ?? new Set<string>();
  const items = back.size ? planned.map((it) => (isDelete(it) && back.has(it.path) ? restore(it) : it)) : planned;
  if (opts.percent >= 100 || !items.some(isDelete)) return { items, held: [] };
  const files = new Map<string, number>();
  const sourceFiles = new Map<string, number>();
  const groups = new Map<string, Group>();
  for (const p of base.keys()) {
    const g = opts.groupOf(p);
    if (!g) continue;
    groups.set(g.prefix, g);
    files.set(g.prefix, (files.get(g.prefix) ?? 0) + 1);
    sourceFiles.set(g.source, (sourceFiles.get(g.source) ?? 0) + 1);
  }
  const deletes = new Map<string, PlanItem[]>();
  const sourceDeletes = new Map<string, number>();
  for (const it of items.filter(isDelete)) {
    const g = opts.groupOf(it.path);
    if (!g || !base.has(it.path)) continue;
    if (!deletes.has(g.prefix)) deletes.set(g.prefix, []);
    deletes.get(g.prefix)!.push(it);
    sourceDeletes.set(g.source, (sourceDeletes.get(g.source) ?? 0) + 1);
  }
  const heldPaths = new Set<string>();
  const held: HeldDeletion[] = [];
  for (const [prefix, list] of deletes) {
    const g = groups.get(prefix)!;
    const of = files.get(prefix) ?? 0;
    const share = isMassDeletion(list.length, of, opts.percent);
    const inSource = sourceFiles.get(g.source) ?? 0;
    const wholeSource = inSource >= 2 && sourceDeletes.get(g.source) === inSource;
    if (!share && !wholeSource) continue;
    const hold = list.filter((it) => !opts.confirmed?.has(it.path));
    if (!hold.length) continue;
    for (const it of hold) heldPaths.add(it.path);
    held.push({ prefix, label: g.label, paths: hold.map((it) => it.path).sort(), of });
  }
  const hold = (it: PlanItem): PlanItem => ({ ...it, decision: { kind: 'held', reason: 'mass deletion' } });
  return { items: items.map((it) => (heldPaths.has(it.path) ? hold(it) : it)), held };
}
