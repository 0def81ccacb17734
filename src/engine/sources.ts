import type { SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import type { Context } from '../machine/context.ts';
import { claudeMemUnchanged, syncClaudeMem, type DbReport } from '../claudeMem/source.ts';
import type { Effects, TreeChanges } from './effects/effects.ts';

/**
 * What the engine needs of a source of synced items other than memory files (today claude-mem's
 * database rows): it keeps its own snapshot, decision and state, writes only through the effects
 * it is given (a dry run's record them), and hands the engine tree changes to publish with the
 * files and a commit to run once they landed. `Report` is what it tells the user; the engine
 * only carries it.
 */
export interface ItemSource<Report> {
  /** Named in notes when it cannot be synced. */
  label: string;
  /** Its report when nothing changed since it last settled (no reading), null when it is not synced, false: read it. */
  quiet(ctx: Context): Promise<Report | null | false>;
  /** One round against the tip (null: not synced). */
  round(
    ctx: Context,
    repo: LocalRepo,
    tip: string | null,
    mode: SyncMode,
    fx: Effects,
  ): Promise<SourceRound<Report> | null>;
}

/** One round of a source: what to publish with the files, and what to record once it landed. */
export interface SourceRound<Report> {
  treeChanges: TreeChanges;
  report: Report;
  /** Records the source's new state: call once the round's push has landed (or nothing needed pushing). */
  commit(): Promise<void>;
}

export const claudeMemSource: ItemSource<DbReport> = {
  label: "claude-mem's database",
  quiet: claudeMemUnchanged,
  round: syncClaudeMem,
};
