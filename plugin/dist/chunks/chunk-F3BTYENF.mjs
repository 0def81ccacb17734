import {
  DB_FILE_PATH,
  perTable
} from "./chunk-D2DHXAVK.mjs";
import {
  SYNCED_TABLES
} from "./chunk-ASRBIQCE.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/cli/dbCommands.ts
function dbResolution(values) {
  const local = ["keep-local", "force-push"].filter((f) => values[f]);
  const remote = ["use-remote", "pull-first"].filter((f) => values[f]);
  const confirm = values["confirm-deletes"] ? 1 : 0;
  if (local.length + remote.length + confirm !== 1) {
    const flags = "--keep-local, --use-remote, --force-push, --pull-first or --confirm-deletes";
    throw new UsageError(`resolve claude-mem needs exactly one of ${flags}`);
  }
  return confirm ? "confirm-deletes" : local.length ? "local" : "remote";
}
function formatDbConflicts(c) {
  const lines = [];
  for (const r of c.rows) {
    lines.push(`${r.table} ${JSON.stringify(r.identity)}`);
    if (!r.local || !r.remote) {
      const gone = r.local ? "deleted on the remote" : "deleted here";
      lines.push(`  ${gone}; the other side's row: ${JSON.stringify(r.local ?? r.remote)}`);
    } else {
      const all = /* @__PURE__ */ new Set([...Object.keys(r.local), ...Object.keys(r.remote)]);
      const cols = [...all].filter((k) => JSON.stringify(r.local[k]) !== JSON.stringify(r.remote[k]));
      const width = Math.max(6, ...cols.map((k) => k.length));
      lines.push(`  ${"column".padEnd(width)}  ${"here".padEnd(30)}  remote`);
      for (const k of cols) lines.push(`  ${k.padEnd(width)}  ${cell(r.local[k]).padEnd(30)}  ${cell(r.remote[k])}`);
    }
  }
  if (c.file) {
    lines.push(`claude-mem.db: changed here and on the remote (since ${c.file.since})`);
    lines.push(`  rows only here: ${perTable(c.file.onlyLocal) || "none"}`);
    lines.push(`  rows only on the remote: ${perTable(c.file.onlyRemote) || "none"}`);
  }
  if (!lines.length) return "no open claude-mem conflicts";
  lines.push(
    "resolve with: memsync resolve claude-mem --keep-local|--use-remote (the database is saved in the backups folder first)"
  );
  return lines.join("\n");
}
function cell(v) {
  const s = v === void 0 ? "(no column)" : typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
var RESOLVE = "memsync resolve claude-mem --keep-local|--use-remote";
function dbSummaryParts(r) {
  if (!r) return [];
  if (r.pending) return ["claude-mem pending (not synced)"];
  const counts = Object.values(r.tables);
  const out = counts.reduce((n, c) => n + c.push, 0);
  const taken = counts.reduce((n, c) => n + c.pull, 0);
  const heldDeletes = Object.values(r.heldDeletes).reduce((n, c) => n + c, 0);
  const plural = (n, one) => `${n} ${one}${n === 1 ? "" : "s"}`;
  const parts = [];
  if (out || taken) parts.push(`claude-mem ${plural(taken, "row")} taken, ${out} published`);
  if (r.conflicts) parts.push(plural(r.conflicts, "row conflict"));
  if (heldDeletes) parts.push(`${plural(heldDeletes, "row deletion")} held`);
  if (r.held) parts.push(`${plural(r.held, "row")} held back for secrets`);
  return parts;
}
function dbSummary(r) {
  const tables = Object.entries(r.tables).map(
    ([t, c]) => `${t} ${c.push} out, ${c.pull} in${c.conflicts ? `, ${c.conflicts} conflicts` : ""}`
  );
  if (r.pending) {
    const notes = r.notes.filter((n) => !n.includes(r.pending)).map((n) => `  note: ${n}`);
    return [`  claude-mem (${r.mode}): pending, not synced: ${r.pending}`, ...notes].join("\n");
  }
  const lines = [
    `  claude-mem (${r.mode}): ${r.applied ? `${r.applied} written here; ` : ""}${tables.join("; ") || "no tables"}`
  ];
  for (const c of r.rowConflicts.slice(0, 10)) {
    lines.push(`  conflict: claude-mem ${c.table} ${JSON.stringify(c.identity)}`);
  }
  if (r.rowConflicts.length > 10) lines.push(`  ... and ${r.rowConflicts.length - 10} more row conflicts`);
  if (r.conflicts) {
    lines.push(`  compare with: memsync conflicts claude-mem; resolve with: ${RESOLVE}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join("\n");
}
var CLAUDE_MEM_FILES = /* @__PURE__ */ new Set([
  ...SYNCED_TABLES.map((t) => `claude-mem/${t.name}.jsonl`),
  DB_FILE_PATH
]);

export {
  dbResolution,
  formatDbConflicts,
  dbSummaryParts,
  dbSummary,
  CLAUDE_MEM_FILES
};
