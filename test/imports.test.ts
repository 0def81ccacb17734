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

test('no function in src/ over 80 lines', () => {
  assert.deepEqual(sourceFiles(SRC).flatMap(longFunctions), []);
});

/**
 * memsync's store is opened in one place, which chooses its encryption once: a store built
 * anywhere else would read the remote's age files as they are stored (stats once did).
 */
test('the store is constructed only in crypto/openRepo.ts', () => {
  const building = sourceFiles(SRC)
    .filter((f) => /\bnew (BareRepo|EncryptedRepo|LocalRepo)\(/.test(fs.readFileSync(f, 'utf8')))
    .map(rel);
  assert.deepEqual(building, ['crypto/openRepo.ts']);
});

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * Functions and methods: from a line that opens one (`function f(`, `async run(`, `f = (...) => {`)
 * to the line at its indentation that closes it.
 */
function longFunctions(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: string[] = [];
  const open: { indent: string; at: number }[] = [];
  lines.forEach((line, i) => {
    const head = line.match(/^(\s*)(?:export )?(?:async )?(?:function\b.*|[\w$]+\(.*\)(?:: .+)? |.*=> )\{$/);
    if (head) open.push({ indent: head[1]!, at: i });
    const top = open.at(-1);
    if (top && i > top.at && new RegExp(`^${top.indent}\\}[,;)]*$`).test(line)) {
      open.pop();
      if (i - top.at + 1 > 80) out.push(`${rel(file)}:${top.at + 1} (${i - top.at + 1} lines)`);
    }
  });
  return out;
}

/**
 * zod is imported as a namespace (`import * as z`): a named import binds zod's whole namespace
 * object, and the bundle then keeps every export of zod, about 200 kB that every command reading
 * state would parse.
 */
test('zod is imported as a namespace everywhere in src/', () => {
  const named: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.ts') && /import (type )?\{[^}]*\} from 'zod'/.test(fs.readFileSync(f, 'utf8')))
        named.push(rel(f));
    }
  };
  walk(SRC);
  assert.deepEqual(named, [], "import * as z from 'zod' (or import type * as z)");
});
