/**
 * The index budget: Claude Code loads only the first 200 lines or 25 KB of MEMORY.md (2.1.83; the
 * constants are 200 and 25000 in the 2.1.197 binary), and since 2.1.210 a memory write that would
 * push it past that fails. A union merge of two machines' indexes can pass that line silently, so
 * memsync says so after a sync, in status and at session start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AUTO_MEMORY, type Root } from './roots.ts';

export const INDEX_MAX_LINES = 200;
export const INDEX_MAX_BYTES = 25_000;

export interface IndexSize {
  /** The project identity (or folder label) and the live MEMORY.md. */
  label: string;
  path: string;
  lines: number;
  bytes: number;
}

/** Lines as Claude Code counts them (a final newline ends the last line, it does not start one). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function indexSizeOf(label: string, file: string): IndexSize | null {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch {
    return null;
  }
  return { label, path: file, lines: lineCount(content.toString('utf8')), bytes: content.length };
}

export const overBudget = (s: IndexSize) => s.lines > INDEX_MAX_LINES || s.bytes > INDEX_MAX_BYTES;

/** Every auto memory index on this machine that Claude Code would cut. */
export function indexesOverBudget(roots: readonly Root[]): IndexSize[] {
  return roots
    .filter((r) => r.source === AUTO_MEMORY)
    .map((r) => indexSizeOf(r.label, path.join(r.liveDir, 'MEMORY.md')))
    .filter((s): s is IndexSize => s !== null && overBudget(s));
}

/** One line about an index past the budget, with the way out. */
export function budgetLine(s: IndexSize): string {
  const kb = (s.bytes / 1000).toFixed(1);
  return (
    `the memory index of ${s.label} has ${s.lines} lines (${kb} KB); Claude Code reads only the first ` +
    `${INDEX_MAX_LINES} lines or ${INDEX_MAX_BYTES / 1000} KB: run memsync consolidate (or /memsync:memsync)`
  );
}
