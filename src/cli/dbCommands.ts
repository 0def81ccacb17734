import { SYNCED_TABLES } from '../claudeMem/tables.ts';
import { DB_FILE_PATH } from '../claudeMem/fileMode.ts';
import { UsageError } from '../errors.ts';
import type { DbReport } from '../claudeMem/source.ts';
import type { FileConflict, RowConflict } from '../claudeMem/showConflicts.ts';
import { perTable } from '../claudeMem/savedCopy.ts';

/** What the flags choose: keep local (or force-push it), take the remote (pull first), or confirm held deletions. */
export function dbResolution(values: Record<string, unknown>): 'local' | 'remote' | 'confirm-deletes' {
  const local = ['keep-local', 'force-push'].filter((f) => values[f]);
  const remote = ['use-remote', 'pull-first'].filter((f) => values[f]);
  const confirm = values['confirm-deletes'] ? 1 : 0;
  if (local.length + remote.length + confirm !== 1) {
    const flags = '--keep-local, --use-remote, --force-push, --pull-first or --confirm-deletes';
    throw new UsageError(`resolve claude-mem needs exactly one of ${flags}`);
  }
  return confirm ? 'confirm-deletes' : local.length ? 'local' : 'remote';
}

/** `memsync conflicts claude-mem`: each conflicting row, the columns that differ side by side. */
export function formatDbConflicts(c: { rows: RowConflict[]; file: FileConflict | null }): string {
  const lines: string[] = [];
  for (const r of c.rows) {
    lines.push(`${r.table} ${JSON.stringify(r.identity)}`);
    if (!r.local || !r.remote) {
      const gone = r.local ? 'deleted on the remote' : 'deleted here';
      lines.push(`  ${gone}; the other side's row: ${JSON.stringify(r.local ?? r.remote)}`);
    } else {
      const all = new Set([...Object.keys(r.local), ...Object.keys(r.remote)]);
      const cols = [...all].filter((k) => JSON.stringify(r.local![k]) !== JSON.stringify(r.remote![k]));
      const width = Math.max(6, ...cols.map((k) => k.length));
      lines.push(`  ${'column'.padEnd(width)}  ${'here'.padEnd(30)}  remote`);
      for (const k of cols) lines.push(`  ${k.padEnd(width)}  ${cell(r.local[k]).padEnd(30)}  ${cell(r.remote[k])}`);
    }
  }
  if (c.file) {
    lines.push(`claude-mem.db: changed here and on the remote (since ${c.file.since})`);
    lines.push(`  rows only here: ${perTable(c.file.onlyLocal) || 'none'}`);
    lines.push(`  rows only on the remote: ${perTable(c.file.onlyRemote) || 'none'}`);
  }
  if (!lines.length) return 'no open claude-mem conflicts';
  lines.push(
    'resolve with: memsync resolve claude-mem --keep-local|--use-remote (the database is saved in the backups folder ' +
      'first)',
  );
  return lines.join('\n');
}

function cell(v: unknown): string {
  const s = v === undefined ? '(no column)' : typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const RESOLVE = 'memsync resolve claude-mem --keep-local|--use-remote';

/**
 * claude-mem's part of the one-line summary: rows published and taken, row conflicts, held rows
 * and a database that took no part. Empty when it did nothing and nothing waits.
 */
export function dbSummaryParts(r: DbReport | undefined): string[] {
  if (!r) return [];
  if (r.pending) return ['claude-mem pending (not synced)'];
  const counts = Object.values(r.tables);
  const out = counts.reduce((n, c) => n + c.push, 0);
  const taken = counts.reduce((n, c) => n + c.pull, 0);
  const heldDeletes = Object.values(r.heldDeletes).reduce((n, c) => n + c, 0);
  const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (out || taken) parts.push(`claude-mem ${plural(taken, 'row')} taken, ${out} published`);
  if (r.conflicts) parts.push(plural(r.conflicts, 'row conflict'));
  if (heldDeletes) parts.push(`${plural(heldDeletes, 'row deletion')} held`);
  if (r.held) parts.push(`${plural(r.held, 'row')} held back for secrets`);
  return parts;
}

/** One line per synced table for the human report. */
export function dbSummary(r: DbReport): string {
  const tables = Object.entries(r.tables).map(
    ([t, c]) => `${t} ${c.push} out, ${c.pull} in${c.conflicts ? `, ${c.conflicts} conflicts` : ''}`,
  );
  if (r.pending) {
    const notes = r.notes.filter((n) => !n.includes(r.pending!)).map((n) => `  note: ${n}`);
    return [`  claude-mem (${r.mode}): pending, not synced: ${r.pending}`, ...notes].join('\n');
  }
  const lines = [
    `  claude-mem (${r.mode}): ${r.applied ? `${r.applied} written here; ` : ''}${tables.join('; ') || 'no tables'}`,
  ];
  for (const c of r.rowConflicts.slice(0, 10)) {
    lines.push(`  conflict: claude-mem ${c.table} ${JSON.stringify(c.identity)}`);
  }
  if (r.rowConflicts.length > 10) lines.push(`  ... and ${r.rowConflicts.length - 10} more row conflicts`);
  if (r.conflicts) {
    lines.push(`  compare with: memsync conflicts claude-mem; resolve with: ${RESOLVE}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

/** The repository paths of claude-mem's database (rows mode tables, file mode snapshot), for `allow`. */
export const CLAUDE_MEM_FILES: ReadonlySet<string> = new Set([
  ...SYNCED_TABLES.map((t) => `claude-mem/${t.name}.jsonl`),
  DB_FILE_PATH,
]);
