/** `memsync search`: the remote's tip fetched (or as last fetched, said so), searched, and its hits as text. */
import type { Context } from '../machine/context.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { fetchedTip } from '../sync/fetchedTip.ts';
import { parseQuery } from './query.ts';
import { searchRemote, type SearchHit, type SearchOptions } from './search.ts';

export interface SearchResult {
  query: string;
  tip: string | null;
  offline: boolean;
  /** The best hits (`--limit`), of `total`. */
  hits: SearchHit[];
  total: number;
  notes: string[];
}

export async function searchMemory(
  ctx: Context,
  text: string,
  opts: SearchOptions & { regex: boolean },
): Promise<SearchResult> {
  const q = parseQuery(text, opts.regex);
  const repo = openRepo(ctx);
  const notes: string[] = [];
  const { tip, offline } = await fetchedTip(ctx, repo, notes, ctx.settings.pullTimeoutMs);
  const { hits, total } = tip ? await searchRemote(repo, tip, q, opts, notes) : { hits: [], total: 0 };
  if (!tip) notes.push('the remote holds nothing yet');
  return { query: text, tip, offline, hits, total, notes };
}

const RANKS = ['the phrase', 'every word', 'some words'];

export function formatSearch(r: SearchResult): string {
  const where = r.tip ? `the remote's tip ${r.tip.slice(0, 12)}${r.offline ? ' (as last fetched)' : ''}` : 'nothing';
  const shown = r.hits.length < r.total ? ` (the best ${r.hits.length} shown: --limit N for more, 0 for all)` : '';
  const out = [`search "${r.query}": ${r.total} ${r.total === 1 ? 'hit' : 'hits'} in ${where}${shown}`];
  for (const h of r.hits) {
    const of = h.version ? `version of ${h.version.slice(0, 12)}` : 'current';
    const who = [h.project ?? h.source, h.host, h.time?.slice(0, 16).replace('T', ' ')].filter(Boolean).join(', ');
    out.push(`${h.path}  [${of}; ${who}; matches ${RANKS[h.rank]}]`);
    for (const l of h.lines) out.push(`  ${l.line}: ${l.text}`);
    if (h.matched > h.lines.length) out.push(`  … ${h.matched - h.lines.length} more matching lines`);
  }
  out.push(...r.notes.map((n) => `note: ${n}`));
  if (r.hits.length) out.push('to bring a version here: memsync restore PATH --at COMMIT (the tip for a current one)');
  return out.join('\n');
}
