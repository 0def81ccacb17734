/**
 * How a round of sync reads, for every command that runs one (sync, pull, push, resolve, restore)
 * and for status: the one-line summary, the report for people and the JSON, with the same field
 * names in both (`conflicts`, as in status and conflicts).
 */
import { type HeldSecret, heldWhere, type SyncReport } from '../sync/engine.ts';
import { dbSummary, dbSummaryParts } from '../cli/dbCommands.ts';
import { heldDeleteLines } from '../cli/heldDeletes.ts';
import { formatRecorded } from '../engine/effects/recorder.ts';
import type { Input } from '../cli/command.ts';
import type { Context } from '../machine/context.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The one line a round comes down to (the CLI's first line, the log's, the hooks'). */
export function summary(r: SyncReport): string {
  const moved = [r.taken, r.published, r.merged, r.deleted, r.conflicts, r.skipped].some((l) => l.length);
  // "up to date" only when live and the remote agree: nothing held, nothing left unpublished, no
  // claude-mem row moved, held or in conflict.
  const held = r.heldSecrets.length || r.held.length || r.heldDeletes.length;
  const rows = dbSummaryParts(r.claudeMem);
  if (!moved && !r.proposed.length && !held && !r.unpublished.length && !rows.length) return 'up to date';
  const parts = [
    `${r.taken.length} taken`,
    `${r.published.length} published`,
    `${r.merged.length} merged`,
    `${r.deleted.length} deleted`,
  ];
  if (r.proposal)
    parts.push(
      `${r.proposed.length} proposed on ` +
        `${r.proposal.branch}${r.proposal.status === 'unchanged' ? ' (already there)' : ''}`,
    );
  if (r.conflicts.length) parts.push(plural(r.conflicts.length, 'conflict'));
  if (r.skipped.length) parts.push(`${r.skipped.length} left for next sync (changed meanwhile)`);
  if (r.heldSecrets.length) parts.push(`${new Set(r.heldSecrets.map((h) => h.path)).size} held back for secrets`);
  if (r.heldDeletes.length) parts.push(`${r.heldDeletes.reduce((n, h) => n + h.paths.length, 0)} deletions held`);
  if (r.held.length) parts.push(`${r.held.length} not synced (see notes)`);
  if (r.unpublished.length)
    parts.push(
      `${plural(r.unpublished.length, 'local change')} not published yet ` +
        `(${r.mode === 'pull' ? 'the next push takes them' : 'the next sync takes them'})`,
    );
  return [...parts, ...rows].join(', ');
}

export function humanReport(r: SyncReport): string {
  const lines = [`${r.mode}${r.dryRun ? ' (dry run: nothing changed)' : ''}: ${summary(r)}`];
  if (r.dryRun) for (const it of r.plan) lines.push(`  ${it.runs ? '' : '(later) '}${it.action} ${it.path}`);
  lines.push(...formatRecorded(r.recorded).map((l) => `  ${l}`));
  for (const c of r.conflicts) lines.push(`  conflict: ${c.path}\n    ${copyLabel(c)}: ${c.copy}`);
  if (r.conflicts.length)
    lines.push('  resolve with: memsync resolve PATH --keep local|remote|both (or edit, then --done)');
  lines.push(...heldLines(r.heldSecrets).map((l) => `  ${l}`));
  lines.push(...heldDeleteLines(r.heldDeletes).map((l) => `  ${l}`));
  for (const x of r.refused) lines.push(`  refused from the remote: ${x.path}: ${x.reason}`);
  if (r.claudeMem) lines.push(dbSummary(r.claudeMem));
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export function jsonReport(r: SyncReport) {
  return {
    mode: r.mode,
    dryRun: r.dryRun,
    taken: r.taken,
    published: r.published,
    merged: r.merged,
    deleted: r.deleted,
    deletedLive: r.deletedLive,
    deletedRemote: r.deletedRemote,
    conflicts: r.conflicts,
    skipped: r.skipped,
    plan: r.dryRun ? r.plan : undefined,
    recorded: r.recorded,
    commit: r.commit,
    proposed: r.proposal ? r.proposed : undefined,
    proposal: r.proposal,
    heldSecrets: r.heldSecrets,
    heldDeletes: r.heldDeletes,
    held: r.held,
    unpublished: r.unpublished,
    retries: r.retries ?? 0,
    refused: r.refused,
    notes: r.notes,
    claudeMem: r.claudeMem,
    claudeMemFailed: r.claudeMemFailed,
  };
}

/**
 * What a conflict copy holds: the remote's version, the file a folder took the name of, or this
 * machine's file whose name another one's folds to.
 */
export function copyLabel(c: { shape?: 'local' | 'remote'; clash?: string }): string {
  if (c.clash) return `this machine's file, whose name differs only in case or Unicode normalization from ${c.clash}`;
  return c.shape ? 'the file a folder replaced' : 'remote version';
}

export function heldLines(held: HeldSecret[]): string[] {
  if (!held.length) return [];
  return [
    ...held.map((h) => `held back (secret): ${heldWhere(h)} ${h.rule} ${h.masked}`),
    held.some((h) => !h.line)
      ? 'rename a file whose name holds a secret; remove a secret from the content, or if it is a false positive: ' +
        'memsync allow PATH --line N'
      : 'remove the secret, or if it is a false positive: memsync allow PATH --line N',
  ];
}

/** The machine a command that sets up on first use runs on; the first time, it says what it set up. */
export async function setUp(machine: Input['machine']): Promise<Context> {
  const { ctx, created } = await machine();
  const { maskSecrets } = await import('../util/maskUrl.ts');
  if (created)
    console.error(
      maskSecrets(
        `memsync: first run on this machine: set up ${ctx.home} with a local backup remote ` +
          `(${ctx.settings.remote}); to share memory between machines run memsync configure --remote URL`,
      ),
    );
  return ctx;
}

/** After the files an export or a backup outside memsync's folder left out. */
export const NOT_TAKEN = 'left out: remove the secret, or if it is a false positive: memsync allow PATH --line N';

/** The exit code after a round: 4 when claude-mem's database took no part, 3 when conflicts remain. */
export function roundExit(r: SyncReport | null): number {
  if (r?.claudeMem?.pending) return 4;
  return r?.conflicts.length || r?.claudeMem?.conflicts ? 3 : 0;
}
