import type { SyncMode } from '../reconcile/decide.ts';
import type { LocalRepo } from '../store/repo.ts';
import type { Context } from '../machine/context.ts';
import type { DbEffects } from '../claudeMem/effects.ts';
import { claudeMemUnchanged, syncClaudeMem, type DbReport, type DbRound } from '../claudeMem/source.ts';

/**
 * A source of synced items other than memory files (today claude-mem's database rows), behind
 * one interface: it keeps its own snapshot, decision and state, and hands the engine the remote
 * tree changes to publish with the files and a commit to run once they landed. It writes only
 * through the effects it is given (a dry run's record them).
 */
export interface ItemSource {
  /** Named in notes when it cannot be synced. */
  label: string;
  /** Its report when nothing changed since it last settled (no reading), null when it is not synced, false: read it. */
  quiet(ctx: Context): Promise<DbReport | null | false>;
  /** One round against the tip: the tree changes to publish and what to record once they landed (null: not synced). */
  round(ctx: Context, repo: LocalRepo, tip: string | null, mode: SyncMode, fx: DbEffects): Promise<DbRound | null>;
}

export const claudeMemSource: ItemSource = {
  label: "claude-mem's database",
  quiet: claudeMemUnchanged,
  round: syncClaudeMem,
};
