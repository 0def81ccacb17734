// The import graph of src/ and its cycles: between files (value imports: what runs when a module
// loads) and between the top folders of src/ (every import, `import type` too: a layer that names
// another's types depends on it). Dependency-free on purpose (a regex over the sources); used by
// test/imports.test.ts.
import fs from 'node:fs';
import path from 'node:path';

// `import x from './m'`, `export … from './m'`, `import('./m')`, and a bare `import './m'` (run for its effects).
const IMPORT = new RegExp(
  [
    /(?:^|\n)\s*(?:import|export)\s([^'"]*?)from\s+['"](\.[^'"]+)['"]/,
    /import\(\s*['"](\.[^'"]+)['"]\s*\)/,
    /(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/,
  ]
    .map((r) => r.source)
    .join('|'),
  'g',
);

/** File -> the files it imports; `types: false` leaves out type-only imports (erased when compiled). */
export function importGraph(srcDir, { types = true } = {}) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(path.resolve(srcDir));
  const graph = new Map();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const deps = new Set();
    for (const m of text.matchAll(IMPORT)) {
      if (!types && m[1] !== undefined && /^type\s/.test(m[1])) continue;
      deps.add(path.resolve(path.dirname(f), m[2] ?? m[3] ?? m[4]));
    }
    graph.set(
      f,
      [...deps].filter((d) => graph.has(d) || files.includes(d)),
    );
  }
  return graph;
}

/** Strongly connected components with more than one member (Tarjan). */
export function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** The graph between the top folders of src/ (a file directly in src/ is its own node). */
export function folderGraph(graph, srcDir) {
  const top = (f) => path.relative(path.resolve(srcDir), f).split(path.sep)[0];
  const out = new Map();
  for (const [f, deps] of graph) {
    const from = top(f);
    if (!out.has(from)) out.set(from, new Set());
    for (const d of deps) if (top(d) !== from) out.get(from).add(top(d));
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}
