import type { SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import type { Context } from '../machine/context.ts';
import { claudeMemUnchanged, syncClaudeMem, type DbReport, type DbRound } from '../claudeMem/source.ts';
import type { Effects } from './effects/effects.ts';

/**
 * What the engine needs of a source of synced items other than memory files (today claude-mem's
 * database rows): it keeps its own snapshot, decision and state, writes only through the effects
 * it is given (a dry run's record them), and hands the engine tree changes to publish with the
 * files and a commit to run once they landed. Its report is the sync report's `claudeMem` part.
 */
export interface ItemSource {
  /** Named in notes when it cannot be synced. */
  label: string;
  /** Its report when nothing changed since it last settled (no reading), null when it is not synced, false: read it. */
  quiet(ctx: Context): Promise<DbReport | null | false>;
  /** One round against the tip (null: not synced). */
  round(ctx: Context, repo: LocalRepo, tip: string | null, mode: SyncMode, fx: Effects): Promise<DbRound | null>;
}

export const claudeMemSource: ItemSource = {
  label: "claude-mem's database",
  quiet: claudeMemUnchanged,
  round: syncClaudeMem,
};
