import {
  AUTO_MEMORY
} from "./chunk-P3FGOR7S.mjs";

// src/sources/indexBudget.ts
import fs from "node:fs";
import path from "node:path";
var INDEX_MAX_LINES = 200;
var INDEX_MAX_BYTES = 25e3;
function lineCount(text) {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
function indexSizeOf(label, file) {
  let content;
  try {
    content = fs.readFileSync(file);
  } catch {
    return null;
  }
  return { label, path: file, lines: lineCount(content.toString("utf8")), bytes: content.length };
}
var overBudget = (s) => s.lines > INDEX_MAX_LINES || s.bytes > INDEX_MAX_BYTES;
function indexesOverBudget(roots) {
  return roots.filter((r) => r.source === AUTO_MEMORY).map((r) => indexSizeOf(r.label, path.join(r.liveDir, "MEMORY.md"))).filter((s) => s !== null && overBudget(s));
}
function budgetLine(s) {
  const kb = (s.bytes / 1e3).toFixed(1);
  return `the memory index of ${s.label} has ${s.lines} lines (${kb} KB); Claude Code reads only the first ${INDEX_MAX_LINES} lines or ${INDEX_MAX_BYTES / 1e3} KB: run memsync consolidate (or /memsync:memsync)`;
}

export {
  INDEX_MAX_LINES,
  INDEX_MAX_BYTES,
  lineCount,
  indexSizeOf,
  overBudget,
  indexesOverBudget,
  budgetLine
};
