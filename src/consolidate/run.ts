/** `memsync consolidate`: duplicate memories in each auto memory folder, found and (the exact ones) removed. */
import fs from 'node:fs';
import path from 'node:path';
import type { Context } from '../machine/context.ts';
import { syncRoots } from '../sync/engine.ts';
import { createLiveWriter } from '../machine/liveWrite.ts';
import { underSyncLock } from '../machine/lock.ts';
import { blobHash } from '../util/blobHash.ts';
import { AUTO_MEMORY, isConflictCopy, type Root } from '../sources/roots.ts';
import { consolidateFolder, type FolderFindings, type Rewrite } from './duplicates.ts';
import { indexSizeOf, overBudget, type IndexSize } from '../sources/indexBudget.ts';

export interface FolderReport {
  label: string;
  folder: string;
  index: (IndexSize & { overBudget: boolean }) | null;
  findings: FolderFindings;
  /** What --apply does (did): MEMORY.md rewritten, duplicate files removed. */
  safe: { indexLinesRemoved: number; filesRemoved: string[] };
  applied: boolean;
}

/** Reads a folder's MEMORY.md and its other `.md` memory files (conflict copies left out). */
function readFolder(dir: string): { index: string | null; files: Map<string, string> } {
  const files = new Map<string, string>();
  const walk = (d: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile() && r !== 'MEMORY.md' && r.endsWith('.md') && !isConflictCopy(e.name)) {
        files.set(r, fs.readFileSync(path.join(d, e.name), 'utf8'));
      }
    }
  };
  walk(dir, '');
  let index: string | null = null;
  try {
    index = fs.readFileSync(path.join(dir, 'MEMORY.md'), 'utf8');
  } catch {
    /* no index */
  }
  return { index, files };
}

export async function consolidate(ctx: Context, opts: { apply: boolean; dryRun: boolean }): Promise<FolderReport[]> {
  const { roots } = await syncRoots(ctx);
  const folders = roots.filter((r) => r.source === AUTO_MEMORY && fs.existsSync(r.liveDir));
  const reports: FolderReport[] = [];
  for (const root of folders) {
    const { index, files } = readFolder(root.liveDir);
    const { findings, rewrite } = consolidateFolder(index, files);
    const size = indexSizeOf(root.label, path.join(root.liveDir, 'MEMORY.md'));
    const lineCount = (t: string | null) => (t === null ? 0 : t.split('\n').length);
    const removedLines = rewrite.index === null ? 0 : lineCount(index) - lineCount(rewrite.index);
    const report: FolderReport = {
      label: root.label,
      folder: root.liveDir,
      index: size && { ...size, overBudget: overBudget(size) },
      findings,
      safe: { indexLinesRemoved: removedLines, filesRemoved: rewrite.remove },
      applied: false,
    };
    const something = rewrite.index !== null || rewrite.remove.length > 0;
    if (opts.apply && !opts.dryRun && something) report.applied = await applyRewrite(ctx, root, index, files, rewrite);
    reports.push(report);
  }
  return reports;
}

/** Ordinary local changes, under the sync lock and only where the files still hold what was read. */
async function applyRewrite(ctx: Context, root: Root, index: string | null, files: Map<string, string>, rw: Rewrite) {
  const indexPath = path.join(root.liveDir, 'MEMORY.md');
  return underSyncLock(ctx.home, 60_000, async () => {
    const targets = [...(rw.index !== null ? [indexPath] : []), ...rw.remove.map((f) => path.join(root.liveDir, f))];
    const writer = await createLiveWriter(ctx, targets);
    // The index first: a file is removed only once no line links it any more.
    const id = (text: string) => blobHash(Buffer.from(text));
    let all = rw.index === null || index === null || (await writer.write(indexPath, Buffer.from(rw.index), id(index)));
    for (const f of all ? rw.remove : []) {
      all = (await writer.remove(path.join(root.liveDir, f), id(files.get(f)!))) && all;
    }
    await writer.done();
    return all;
  });
}
