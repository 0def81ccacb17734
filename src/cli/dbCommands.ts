import { UsageError } from '../errors.ts';
import type { DbReport } from '../sync/dbSync.ts';

/** `memsync resolve claude-mem` flags: claude-mem's own git sync names, and memsync's. */
export const DB_RESOLVE_FLAGS = {
  'keep-local': { type: 'boolean' },
  'use-remote': { type: 'boolean' },
  'force-push': { type: 'boolean' },
  'pull-first': { type: 'boolean' },
} as const;

/** The side the flags choose: keeping local (or force-pushing it) or taking the remote (pulling first). */
export function dbResolution(values: Record<string, unknown>): 'local' | 'remote' {
  const local = ['keep-local', 'force-push'].filter((f) => values[f]);
  const remote = ['use-remote', 'pull-first'].filter((f) => values[f]);
  if (local.length + remote.length !== 1) {
    throw new UsageError('resolve claude-mem needs exactly one of --keep-local, --use-remote, --force-push or --pull-first');
  }
  return local.length ? 'local' : 'remote';
}

/** One line per synced table for the human report. */
export function dbSummary(r: DbReport): string {
  const tables = Object.entries(r.tables).map(([t, c]) => `${t} ${c.push} out, ${c.pull} in${c.conflicts ? `, ${c.conflicts} conflicts` : ''}`);
  const lines = [`  claude-mem (${r.mode}): ${r.applied ? `${r.applied} written here; ` : ''}${tables.join('; ') || 'no tables'}`];
  if (r.conflicts) lines.push('  resolve claude-mem with: memsync resolve claude-mem --keep-local|--use-remote');
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
