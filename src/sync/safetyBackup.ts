/**
 * The safety backup: before `backup restore` or `import` may change live memory (any strategy
 * but skip, which only adds what is missing), a backup of live memory as it is, in the default
 * folder, named `safety-*`. Safety backups follow the schedule's retention (its keep and keep-days,
 * or 10 and 30 days without a schedule), counted apart from the scheduled ones, so a run of
 * restores never pushes a scheduled backup out, nor the other way round.
 */
import type { Context } from '../machine/context.ts';
import { readScheduleRecord } from '../machine/backupSchedule.ts';
import { now } from '../util/now.ts';
import { backupDir, createBackup, isDatabaseFile, verifyBackup } from './backup.ts';
import { applyRetention } from './backupList.ts';
import { DEFAULT_RETENTION } from './backupSchedule.ts';
import type { ImportOptions } from './exchange.ts';

/** Makes the safety backup when one is needed; its file, or null (a dry run, skip, or nothing live). */
export async function safetyBackup(ctx: Context, opts: ImportOptions): Promise<string | null> {
  if (opts.dryRun || opts.strategy === 'skip') return null;
  const made = await createBackup(ctx, undefined, { kind: 'safety', unlessEmpty: true });
  if (!made) return null;
  const rule = readScheduleRecord(ctx.home)?.schedule ?? DEFAULT_RETENTION;
  applyRetention(ctx.home, backupDir(ctx.home), 'safety', ctx.host, rule, now(ctx.env));
  return made.file;
}

/** Before `backup restore`: the backup is checked whole first, so a damaged one leaves nothing, not even this. */
export async function safetyBeforeRestore(ctx: Context, file: string, opts: ImportOptions): Promise<string | null> {
  if (opts.dryRun || opts.strategy === 'skip') return null;
  if (!isDatabaseFile(file)) await verifyBackup(file, ctx.home);
  return safetyBackup(ctx, opts);
}

/** The line a restore or import prints about it (a dry run says the real run makes one). */
export function safetyLine(file: string | null, opts: ImportOptions): string | null {
  if (!file) return opts.dryRun && opts.strategy !== 'skip' ? 'the real run first saves a safety backup' : null;
  const back = `memsync backup restore ${file} --strategy overwrite --force brings back what it held`;
  return `live memory as it was is saved as ${file} (${back})`;
}
