import { LAYOUT_FILE, layoutBlob } from '../machine/layout.ts';
import { dbCommitSummary, type DbReport, type DbRound } from '../claudeMem/source.ts';
import type { Applied } from './apply.ts';
import type { TreeChanges } from './effects/effects.ts';
import type { RoundLists } from './report.ts';
import type { Run } from './run.ts';

/** Where a round's publish left the remote: the new tip and what it changed there. */
export interface Landed {
  tip: string | null;
  changes: TreeChanges;
}

/**
 * Commits the round's tree changes on top of the tip and pushes them (a contributor's go to its
 * own branch; claude-mem's table files go to the shared one). Null: overtaken by another push.
 */
export async function publishRound(
  run: Run,
  tip: string | null,
  applied: Applied,
  db: DbRound | null,
  hasLayout: boolean,
): Promise<Landed | null> {
  const { report, fx, ctx, repo } = run;
  let changes: TreeChanges = applied.treeChanges;
  if (run.contributor) {
    if (changes.size) {
      if (!hasLayout) changes.set(LAYOUT_FILE, layoutBlob());
      report.proposal =
        (await fx.propose(tip, changes, commitMessage(run.opts.message, ctx.host, applied.lists))) ?? undefined;
      if (report.proposal?.note) report.notes.push(report.proposal.note);
      report.proposed = [...changes.keys()].filter((p) => p !== LAYOUT_FILE).sort();
    }
    applied.lists.published = [];
    applied.lists.deletedRemote = [];
    changes = new Map();
  }
  for (const [p, h] of db?.treeChanges ?? []) changes.set(p, h);
  // Each change differs from the remote tip (publish only what differs), so there is a new tree.
  if (!changes.size) return { tip, changes };
  if (!hasLayout) changes.set(LAYOUT_FILE, layoutBlob(repo.encryption));
  const r = await fx.publish(
    tip,
    changes,
    commitMessage(run.opts.message, ctx.host, applied.lists, db?.report as DbReport | undefined),
  );
  if (!r.pushed) return null;
  report.commit = r.commit;
  return { tip: r.commit ?? tip, changes };
}

function commitMessage(message: string | undefined, host: string, r: RoundLists, db?: DbReport): string {
  const counts = `${r.published.length} published, ${r.merged.length} merged, ${r.deletedRemote.length} deleted`;
  const summary = `memsync: ${host}: ${counts}${db ? dbCommitSummary(db) : ''}`;
  const lines = [
    ...r.published.map((p) => `M ${p}`),
    ...r.merged.map((p) => `U ${p}`),
    ...r.deletedRemote.map((p) => `D ${p}`),
  ];
  const body = lines.length > 50 ? [...lines.slice(0, 50), `... and ${lines.length - 50} more`] : lines;
  return `${message ? `${message}\n\n${summary}` : summary}\n\n${body.join('\n')}\n\nMemsync-Host: ${host}\n`;
}
