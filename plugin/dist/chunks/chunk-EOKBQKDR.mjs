import {
  heldDeleteLines
} from "./chunk-MHJZ6IZX.mjs";
import {
  dbSummary,
  dbSummaryParts
} from "./chunk-F3BTYENF.mjs";
import {
  heldWhere
} from "./chunk-HSLNTJWN.mjs";
import {
  formatRecorded
} from "./chunk-6KBHNJKF.mjs";

// src/commands/syncReport.ts
var plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function summary(r) {
  const moved = [r.taken, r.published, r.merged, r.deleted, r.conflicts, r.skipped].some((l) => l.length);
  const held = r.heldSecrets.length || r.held.length || r.heldDeletes.length;
  const rows = dbSummaryParts(r.claudeMem);
  if (!moved && !r.proposed.length && !held && !r.unpublished.length && !rows.length) return "up to date";
  const parts = [
    `${r.taken.length} taken`,
    `${r.published.length} published`,
    `${r.merged.length} merged`,
    `${r.deleted.length} deleted`
  ];
  if (r.proposal)
    parts.push(
      `${r.proposed.length} proposed on ${r.proposal.branch}${r.proposal.status === "unchanged" ? " (already there)" : ""}`
    );
  if (r.conflicts.length) parts.push(plural(r.conflicts.length, "conflict"));
  if (r.skipped.length) parts.push(`${r.skipped.length} left for next sync (changed meanwhile)`);
  if (r.heldSecrets.length) parts.push(`${new Set(r.heldSecrets.map((h) => h.path)).size} held back for secrets`);
  if (r.heldDeletes.length) parts.push(`${r.heldDeletes.reduce((n, h) => n + h.paths.length, 0)} deletions held`);
  if (r.held.length) parts.push(`${r.held.length} not synced (see notes)`);
  if (r.unpublished.length)
    parts.push(
      `${plural(r.unpublished.length, "local change")} not published yet (${r.mode === "pull" ? "the next push takes them" : "the next sync takes them"})`
    );
  return [...parts, ...rows].join(", ");
}
function humanReport(r) {
  const lines = [`${r.mode}${r.dryRun ? " (dry run: nothing changed)" : ""}: ${summary(r)}`];
  if (r.dryRun) for (const it of r.plan) lines.push(`  ${it.runs ? "" : "(later) "}${it.action} ${it.path}`);
  lines.push(...formatRecorded(r.recorded).map((l) => `  ${l}`));
  for (const c of r.conflicts) lines.push(`  conflict: ${c.path}
    ${copyLabel(c)}: ${c.copy}`);
  if (r.conflicts.length)
    lines.push("  resolve with: memsync resolve PATH --keep local|remote|both (or edit, then --done)");
  lines.push(...heldLines(r.heldSecrets).map((l) => `  ${l}`));
  lines.push(...heldDeleteLines(r.heldDeletes).map((l) => `  ${l}`));
  for (const x of r.refused) lines.push(`  refused from the remote: ${x.path}: ${x.reason}`);
  if (r.claudeMem) lines.push(dbSummary(r.claudeMem));
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
function jsonReport(r) {
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
    plan: r.dryRun ? r.plan : void 0,
    recorded: r.recorded,
    commit: r.commit,
    proposed: r.proposal ? r.proposed : void 0,
    proposal: r.proposal,
    heldSecrets: r.heldSecrets,
    heldDeletes: r.heldDeletes,
    held: r.held,
    unpublished: r.unpublished,
    retries: r.retries ?? 0,
    refused: r.refused,
    notes: r.notes,
    claudeMem: r.claudeMem,
    claudeMemFailed: r.claudeMemFailed
  };
}
function copyLabel(c) {
  if (c.clash) return `this machine's file, whose name differs only in case or Unicode normalization from ${c.clash}`;
  return c.shape ? "the file a folder replaced" : "remote version";
}
function heldLines(held) {
  if (!held.length) return [];
  return [
    ...held.map((h) => `held back (secret): ${heldWhere(h)} ${h.rule} ${h.masked}`),
    held.some((h) => !h.line) ? "rename a file whose name holds a secret; remove a secret from the content, or if it is a false positive: memsync allow PATH --line N" : "remove the secret, or if it is a false positive: memsync allow PATH --line N"
  ];
}
async function setUp(machine) {
  const { ctx, created } = await machine();
  const { maskSecrets } = await import("./maskUrl-LDD3YLTR.mjs");
  if (created)
    console.error(
      maskSecrets(
        `memsync: first run on this machine: set up ${ctx.home} with a local backup remote (${ctx.settings.remote}); to share memory between machines run memsync configure --remote URL`
      )
    );
  return ctx;
}
var NOT_TAKEN = "left out: remove the secret, or if it is a false positive: memsync allow PATH --line N";
function roundExit(r) {
  if (r?.claudeMem?.pending) return 4;
  return r?.conflicts.length || r?.claudeMem?.conflicts ? 3 : 0;
}

export {
  summary,
  humanReport,
  jsonReport,
  copyLabel,
  heldLines,
  setUp,
  NOT_TAKEN,
  roundExit
};
