/** `memsync status`: where this machine stands against the remote. */
import { type Command, EXIT, JSON_OPTION } from '../cli/command.ts';
import type { getStatus } from '../sync/status.ts';

type Status = Awaited<ReturnType<typeof getStatus>>;

export const status: Command = {
  name: 'status',
  summary: 'where this machine stands against the remote',
  options: JSON_OPTION,
  needs: 'nothing',
  async run({ env }) {
    const { loadContext } = await import('../machine/context.ts');
    const { getStatus, unconfiguredStatus } = await import('../sync/status.ts');
    const ctx = await loadContext(env);
    const s: Status = ctx ? await getStatus(ctx) : unconfiguredStatus();
    const { lastPull, lastPullLine } = await import('../hooks/liveChanges.ts');
    const livePull = ctx ? lastPull(ctx.home) : null;
    const backups = ctx ? await scheduleStatus(ctx.home, env) : null;
    const text = [await statusText(s, livePull ? lastPullLine(livePull) : null), ...(backups?.lines ?? [])].join('\n');
    const exit = s.remoteRewritten
      ? EXIT.failure
      : s.conflicts.length || s.claudeMem?.conflicts
        ? EXIT.conflicts
        : EXIT.ok;
    return { data: { ...s, livePull, backupSchedule: backups?.data ?? null }, text: () => text, exit };
  },
};

/** The scheduled backups' lines and data, when a schedule is or was set (status says nothing otherwise). */
async function scheduleStatus(home: string, env: NodeJS.ProcessEnv) {
  const { nextDue, readScheduleRecord } = await import('../machine/backupSchedule.ts');
  const r = readScheduleRecord(home);
  if (!r || (!r.schedule && !r.lastRun)) return null;
  const { scheduleLines } = await import('../sync/backupSchedule.ts');
  const at = (await import('../util/now.ts')).now(env);
  const next = r.schedule ? new Date(nextDue(r.schedule.every, r.lastRun, at.getTime())).toISOString() : null;
  return { lines: scheduleLines(home, r, at), data: { ...r, nextDue: next } };
}

async function statusText(s: Status, livePull: string | null): Promise<string> {
  if (!s.configured) return 'memsync is not set up on this machine: run memsync init (or just memsync sync)';
  if (s.remoteRewritten)
    return `remote: ${s.remoteUrl} (${s.branch})\n${s.remoteRewritten.message}\n  ${s.remoteRewritten.fix}`;
  const { copyLabel, heldLines } = await import('./syncReport.ts');
  const { heldDeleteLines } = await import('../cli/heldDeletes.ts');
  const { budgetLines } = await import('../cli/consolidate.ts');
  const { dbSummary } = await import('../cli/dbCommands.ts');
  const { remoteOnlyLine, waitingLines } = await import('../sync/waiting.ts');
  return [
    `remote: ${s.remoteUrl} (${s.branch})${s.remoteReachable ? '' : ' - not reachable now'}`,
    `last sync: ${s.lastSyncTime ?? 'never'}`,
    ...(livePull ? [livePull] : []),
    `to push: ${s.pendingPush}, to pull: ${s.pendingPull}`,
    ...(s.recipientsProblem ? [s.recipientsProblem] : []),
    ...s.conflicts.map((c) => `conflict: ${c.path} (${copyLabel(c)} in ${c.copy})`),
    ...s.localOnly.map((f) => `local only (sync: false): ${f}`),
    ...heldLines(s.heldSecrets),
    ...heldDeleteLines(s.heldDeletes),
    ...budgetLines(s.indexOverBudget),
    ...s.refused.map((x) => `refused from the remote: ${x.path}: ${x.reason}`),
    ...s.held.map((h) => `not synced: ${h.path}: ${h.detail}`),
    ...waitingLines(s.waiting),
    ...remoteOnlyLine(s.remoteOnlyProjects),
    ...(s.claudeMem ? [dbSummary(s.claudeMem)] : []),
    ...(s.claudeMemProblem ? [s.claudeMemProblem] : []),
  ].join('\n');
}
