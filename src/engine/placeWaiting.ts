/**
 * Restored files held until their project's folder was known here (machine/waitingStore.ts), put in
 * place by the first sync that maps them, with import's rules: a file there already is merged, or
 * the restored version goes beside it; never overwritten.
 */
import type { Context } from '../machine/context.ts';
import { hasWaiting, loadWaiting, readWaiting, waitingDir, type WaitingVersion } from '../machine/waitingStore.ts';
import { importFiles, type FileOutcomes, type ImportEntry } from './importFiles.ts';
import type { Effects } from './effects/effects.ts';
import type { SyncReport } from './report.ts';
import type { RootIndex } from './rootIndex.ts';

type Batch = { order: number; version: WaitingVersion; entries: (ImportEntry & { sha: string })[] };

/** Places what now maps; true when it wrote anything live. Notes say what it did, in the report. */
export async function placeWaiting(
  ctx: Context,
  index: RootIndex,
  fx: Effects,
  report: Pick<SyncReport, 'notes' | 'liveChanged'>,
): Promise<boolean> {
  if (!hasWaiting(ctx.home)) return false;
  let batches: Batch[];
  try {
    batches = readyBatches(ctx.home, index, report.notes);
  } catch (e) {
    report.notes.push((e as Error).message);
    return false;
  }
  let wrote = false;
  const done: { path: string; sha: string }[] = [];
  for (const { version: v, entries } of batches) {
    // The folder is new to memsync: live there never shared a version with the restored files.
    const how = {
      strategy: v.keepLive ? 'skip' : 'merge',
      host: v.host,
      when: new Date(v.at),
      unrelated: true,
    } as const;
    const out = await importFiles(ctx, entries, how, index, fx);
    report.notes.push(...placedNotes(out, index, v.host));
    // Refused (its folder leads outside) or left for now: it stays held, not lost.
    const later = new Set([...out.skipped.filter((s) => s.later), ...out.refused].map((s) => s.path));
    done.push(...entries.filter((e) => !later.has(e.path)).map((e) => ({ path: e.path, sha: e.sha })));
    const written = [...out.created, ...out.overwritten, ...out.merged];
    report.liveChanged.push(...written.map((p) => index.livePath(p)));
    wrote ||= written.length + out.copies.length > 0;
  }
  if (done.length) await fx.releaseWaiting(done);
  return wrote;
}

/**
 * The held versions whose path maps now, one batch per rank (a path held twice gets both, oldest
 * first) and origin; a content missing from the store is named and stays recorded.
 */
function readyBatches(home: string, index: RootIndex, notes: string[]): Batch[] {
  const batches = new Map<string, Batch>();
  for (const [p, versions] of Object.entries(loadWaiting(home))) {
    if (!index.maps(p)) continue;
    versions.forEach((v, order) => {
      const content = readWaiting(home, v.sha);
      if (content === null) {
        notes.push(`the restored copy of ${p} (${v.sha}) is missing or damaged in ${waitingDir(home)}: not placed`);
        return;
      }
      const key = JSON.stringify([order, v.host, v.at, v.keepLive]);
      const batch = batches.get(key) ?? { order, version: v, entries: [] };
      batch.entries.push({ path: p, content, sha: v.sha });
      batches.set(key, batch);
    });
  }
  return [...batches.values()].sort((a, b) => a.order - b.order);
}

/** One line per project placed, and one per file that did not simply land. */
function placedNotes(out: FileOutcomes, index: RootIndex, host: string): string[] {
  const counts = new Map<string, number>();
  for (const p of [...out.created, ...out.overwritten, ...out.merged, ...out.unchanged]) {
    const label = index.lookup(p)?.root.label ?? p;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [
    ...[...counts].map(
      ([label, n]) =>
        `${label}: ${n} restored file${n === 1 ? '' : 's'} from ${host} in place now that its folder is known`,
    ),
    ...out.copies.map(
      (c) =>
        `the restored version of ${c.path} differs from the file there: written beside it as ${c.copy} ` +
        '(compare, keep what you need, delete the copy)',
    ),
    ...out.skipped.map((s) => `the restored version of ${s.path} ${s.later ? 'waits' : 'was not placed'}: ${s.reason}`),
    ...out.refused.map((r) => `the restored version of ${r.path} waits, refused there: ${r.reason}`),
  ];
}
