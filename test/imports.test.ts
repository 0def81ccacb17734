import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error: a plain .mjs script (dependency-free, also runnable by hand)
import { cycles, folderGraph, importGraph } from '../scripts/importGraph.mjs';
import { REPO_ROOT } from './support/machines.ts';

const SRC = path.join(REPO_ROOT, 'src');
const rel = (f: string) => path.relative(SRC, f);

/** A circle of `import type` too: modules that name each other's types are one module split in two. */
test('no import cycle between modules of src/ (type-only imports included)', () => {
  const found = (cycles(importGraph(SRC)) as string[][]).map((c) => c.map(rel));
  assert.deepEqual(found, [], `import cycles: ${found.map((c) => c.join(' <-> ')).join('; ')}`);
});

/**
 * The top folders of src/ form layers: none may reach, through any chain of imports (`import type`
 * too), back to itself. This machine's low-level parts (context, lock, recorded state, scan, live
 * writes, the remote screen) sit in machine/, below the engine, crypto and claudeMem; the features
 * above the engine (status, history, backup, fleet...) sit in sync/.
 */
test('no import cycle between the folders of src/', () => {
  const graph = folderGraph(importGraph(SRC), SRC) as Map<string, string[]>;
  const inCycle = new Set((cycles(graph) as string[][]).flat());
  const edges = [...graph].flatMap(([from, to]) =>
    to.filter((t) => inCycle.has(from) && inCycle.has(t)).map((t) => `${from} -> ${t}`),
  );
  assert.deepEqual(edges, [], `folder edges in a cycle: ${edges.join('; ')}`);
});

test("the engine and claude-mem's source have no function over 80 lines", () => {
  const long: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) long.push(...longFunctions(p));
    }
  };
  for (const dir of ['engine', 'claudeMem']) walk(path.join(SRC, dir));
  assert.deepEqual(long, []);
});

/** Top-level functions (from `function` at the start of a line to the `}` that closes it there). */
function longFunctions(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: string[] = [];
  let start = -1;
  lines.forEach((line, i) => {
    if (/^(export )?(async )?function /.test(line)) start = i;
    else if (start >= 0 && line === '}') {
      if (i - start + 1 > 80) out.push(`${rel(file)}:${start + 1} (${i - start + 1} lines)`);
      start = -1;
    }
  });
  return out;
}
