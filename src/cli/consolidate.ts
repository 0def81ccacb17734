/** `memsync consolidate [--dry-run] [--json] [--apply]`: its words; the work is in src/consolidate/. */
import type { FolderReport } from '../consolidate/run.ts';
import { INDEX_MAX_BYTES, INDEX_MAX_LINES, budgetLine, type IndexSize } from '../sources/indexBudget.ts';
import { NEAR_DUPLICATE } from '../consolidate/duplicates.ts';

export const CONSOLIDATE_FLAGS = { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, apply: { type: 'boolean' } } as const;

export function formatConsolidate(reports: FolderReport[], apply: boolean, dryRun: boolean): string {
  const out: string[] = [];
  for (const r of reports) {
    const { lines, files } = r.findings;
    const found = lines.exact.length + lines.near.length + files.exact.length + files.near.length;
    const size = r.index ? `${r.index.lines} lines, ${(r.index.bytes / 1000).toFixed(1)} KB${r.index.overBudget ? ` (over ${INDEX_MAX_LINES} lines or ${INDEX_MAX_BYTES / 1000} KB)` : ''}` : 'no MEMORY.md';
    if (!found && !r.index?.overBudget) continue;
    out.push(`${r.label}: ${r.folder} (index: ${size})`);
    for (const g of lines.exact) out.push(`  same index line ${g.keep} repeated at ${g.drop.join(', ')}`);
    for (const n of lines.near) out.push(`  index lines ${n.a} and ${n.b} say nearly the same (similarity ${n.score})`);
    for (const g of files.exact) out.push(`  ${g.drop.join(', ')} repeat${g.drop.length === 1 ? 's' : ''} ${g.keep}`);
    for (const n of files.near) out.push(`  ${n.a} and ${n.b} say nearly the same (similarity ${n.score}): merge them by hand`);
    const safe = r.safe.indexLinesRemoved + r.safe.filesRemoved.length;
    if (safe) {
      const what = `${r.safe.indexLinesRemoved} repeated index line${r.safe.indexLinesRemoved === 1 ? '' : 's'} and ${r.safe.filesRemoved.length} repeated file${r.safe.filesRemoved.length === 1 ? '' : 's'}`;
      out.push(apply && !dryRun ? (r.applied ? `  removed ${what}; memsync sync publishes it` : `  ${what} changed meanwhile: run memsync consolidate --apply again`) : `  --apply removes ${what}`);
    }
  }
  if (!out.length) return 'no duplicate memories found, and every index is within what Claude Code reads';
  out.push(`near duplicates: similarity (character trigrams) of at least ${NEAR_DUPLICATE}; merge them by hand (see /memsync:memsync)`);
  return out.join('\n');
}

/** Lines for sync and status output: each index past the budget. */
export function budgetLines(over: readonly IndexSize[]): string[] {
  return over.map((s) => `  ${budgetLine(s)}`);
}
