import { LAYOUT_FILE, layoutBlob } from '../machine/layout.ts';
import { dbCommitSummary, type DbReport } from '../claudeMem/source.ts';
import type { TreeChanges } from './effects/effects.ts';
import type { RoundLists } from './report.ts';
import type { Run } from './run.ts';

/** Where a round's publish left the remote: the new tip, what it changed there, the lists it stands for. */
export interface Landed {
  tip: string | null;
  changes: TreeChanges;
  lists: RoundLists;
}

/** What a round puts where, from the changes its steps left (a push may still be overtaken). */
export interface Publication {
  /** A contributor's changes, for its own branch. */
  proposal?: { changes: TreeChanges; message: string };
  /** The commit on the shared branch; none when nothing differs from the tip. */
  shared?: { changes: TreeChanges; message: string };
  /** The round's lists once it lands: a contributor's publishes are proposals, not published. */
  lists: RoundLists;
}

export interface PublicationInput {
  changes: TreeChanges;
  lists: RoundLists;
  /** claude-mem's table files: they go to the shared branch, even a contributor's. */
  db?: { treeChanges: TreeChanges; report: DbReport };
  contributor: boolean;
  /** Whether the tip holds the layout file (every commit memsync makes carries it). */
  hasLayout: boolean;
  encryption: 'none' | 'age';
  message: string | undefined;
  host: string;
}

/** The round's commits, as data: what goes to a proposal, what to the shared branch, with their messages. Pure. */
export function planPublication(input: PublicationInput): Publication {
  const { lists, host, message } = input;
  const out: Publication = { lists };
  let changes = new Map(input.changes);
  if (input.contributor) {
    if (changes.size) {
      if (!input.hasLayout) changes.set(LAYOUT_FILE, layoutBlob());
      out.proposal = { changes, message: commitMessage(message, host, lists) };
    }
    out.lists = { ...lists, published: [], deletedRemote: [] };
    changes = new Map();
  }
  for (const [p, h] of input.db?.treeChanges ?? []) changes.set(p, h);
  // Each change differs from the remote tip (publish only what differs), so there is a new tree.
  if (!changes.size) return out;
  if (!input.hasLayout) changes.set(LAYOUT_FILE, layoutBlob(input.encryption));
  out.shared = { changes, message: commitMessage(message, host, out.lists, input.db?.report) };
  return out;
}

/**
 * Carries out the round's publication: a contributor's proposal on its own branch, then the commit
 * on the shared branch, pushed fast-forward only. Null: overtaken by another push.
 */
export async function publishRound(run: Run, tip: string | null, publication: Publication): Promise<Landed | null> {
  const { report, fx } = run;
  const { proposal, shared, lists } = publication;
  if (proposal) {
    report.proposal = (await fx.propose(tip, proposal.changes, proposal.message)) ?? undefined;
    if (report.proposal?.note) report.notes.push(report.proposal.note);
    report.proposed = [...proposal.changes.keys()].filter((p) => p !== LAYOUT_FILE).sort();
  }
  if (!shared) return { tip, changes: new Map(), lists };
  const r = await fx.publish(tip, shared.changes, shared.message);
  if (!r.pushed) return null;
  report.commit = r.commit;
  return { tip: r.commit ?? tip, changes: shared.changes, lists };
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
