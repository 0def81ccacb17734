import path from 'node:path';
import { budgetLine, indexSizeOf, overBudget } from '../sources/indexBudget.ts';

/** Past the index budget, Claude Code reads only part of this project's MEMORY.md: the line saying so, or undefined. */
export function indexBudgetLine(memDir: string): string | undefined {
  const size = indexSizeOf('this project', path.join(memDir, 'MEMORY.md'));
  return size && overBudget(size) ? `memsync: ${budgetLine(size)}` : undefined;
}
