import {
  NEAR_DUPLICATE
} from "./chunk-7TOU77SI.mjs";
import {
  INDEX_MAX_BYTES,
  INDEX_MAX_LINES,
  budgetLine
} from "./chunk-L2A4KYYN.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/cli/consolidate.ts
var plural = (n, what) => `${n} ${what}${n === 1 ? "" : "s"}`;
function sizeText(index) {
  if (!index) return "no MEMORY.md";
  const over = index.overBudget ? ` (over ${INDEX_MAX_LINES} lines or ${INDEX_MAX_BYTES / 1e3} KB)` : "";
  return `${index.lines} lines, ${(index.bytes / 1e3).toFixed(1)} KB${over}`;
}
function formatConsolidate(reports, apply, dryRun) {
  const out = [];
  for (const r of reports) {
    const { lines, files } = r.findings;
    const found = lines.exact.length + lines.near.length + files.exact.length + files.near.length;
    if (!found && !r.index?.overBudget) continue;
    out.push(`${r.label}: ${r.folder} (index: ${sizeText(r.index)})`);
    for (const g of lines.exact) out.push(`  same index line ${g.keep} repeated at ${g.drop.join(", ")}`);
    for (const n of lines.near) out.push(`  index lines ${n.a} and ${n.b} say nearly the same (similarity ${n.score})`);
    for (const g of files.exact) out.push(`  ${g.drop.join(", ")} repeat${g.drop.length === 1 ? "s" : ""} ${g.keep}`);
    for (const n of files.near) out.push(`  ${n.a} and ${n.b} say nearly the same (similarity ${n.score})`);
    const safe = r.safe.indexLinesRemoved + r.safe.filesRemoved.length;
    if (safe) {
      const lines2 = plural(r.safe.indexLinesRemoved, "repeated index line");
      const what = `${lines2} and ${plural(r.safe.filesRemoved.length, "repeated file")}`;
      if (!apply || dryRun) out.push(`  --apply removes ${what}`);
      else if (r.applied) out.push(`  removed ${what}; memsync sync publishes it`);
      else out.push(`  ${what}: changed meanwhile, run memsync consolidate --apply again`);
    }
  }
  if (!out.length) return "no duplicate memories found, and every index is within what Claude Code reads";
  out.push(`nearly the same: a similarity of at least ${NEAR_DUPLICATE}; merge those by hand (see /memsync:memsync)`);
  return out.join("\n");
}
function budgetLines(over) {
  return over.map((s) => `  ${budgetLine(s)}`);
}
export {
  budgetLines,
  formatConsolidate
};
