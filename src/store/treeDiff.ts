/**
 * The files of a commit's tree from those of a commit read before and what changed between the two
 * trees. A sync that goes round again after another machine pushed first reads the few folders the
 * others' commits changed through the one object reader, where a listing of the whole tree cost a
 * git of its own each round.
 */
import { MemsyncError } from '../errors.ts';
import { commitTree, parseTree, type Entry, type ObjectReader } from './objects.ts';
import type { LsTreeOptions, ReadTree, TreeEntry } from './repo.ts';

/** What `lsTree(commit, [], opts)` lists, from `last` (read with the same options) and the trees' differences. */
export async function entriesSince(
  reader: ObjectReader,
  last: ReadTree,
  commit: string,
  opts: LsTreeOptions,
): Promise<Map<string, TreeEntry>> {
  const out = new Map(last.entries);
  const [from, to] = await Promise.all([commitTree(reader, last.commit), commitTree(reader, commit)]);
  const added = await walk(reader, from, to, '', out, opts);
  // In git's order, as git lists them (the first of two names that fold alike keeps its name).
  return added ? new Map([...out].sort(([a], [b]) => byteOrder(a, b))) : out;
}

/** Applies the changes under one folder to `out`; whether a path was added. */
async function walk(
  reader: ObjectReader,
  from: string | null,
  to: string | null,
  prefix: string,
  out: Map<string, TreeEntry>,
  opts: LsTreeOptions,
): Promise<boolean> {
  if (from === to) return false;
  const [a, b] = await Promise.all([folder(reader, from), folder(reader, to)]);
  const added = await Promise.all(
    [...new Set([...a.keys(), ...b.keys()])].map(async (name) => {
      const [old, now] = [a.get(name), b.get(name)];
      if (old && now && old.mode === now.mode && old.sha === now.sha) return false;
      const p = prefix + name;
      const [oldTree, newTree] = [treeId(old), treeId(now)];
      if (old && !oldTree) out.delete(p);
      if (oldTree && !newTree) for (const k of [...out.keys()]) if (k.startsWith(`${p}/`)) out.delete(k);
      if (newTree) return walk(reader, oldTree, newTree, `${p}/`, out, opts);
      if (!now || (opts.keep && !opts.keep(p))) return false;
      const isNew = !out.has(p);
      out.set(p, await entryOf(reader, now, opts.sizes ?? false));
      return isNew;
    }),
  );
  return added.some(Boolean);
}

async function folder(reader: ObjectReader, tree: string | null): Promise<Map<string, Entry>> {
  if (!tree) return new Map();
  const obj = await reader.read(tree);
  if (obj?.type !== 'tree') throw missing(tree);
  return new Map(parseTree(obj.content).map((e) => [e.name, e]));
}

function treeId(e: Entry | undefined): string | null {
  return e?.mode === '40000' ? e.sha : null;
}

/** The entry as ls-tree gives it: a submodule as `commit:160000`; a file's size when asked (its bytes not held). */
async function entryOf(reader: ObjectReader, e: Entry, sizes: boolean): Promise<TreeEntry> {
  const mode = e.mode.padStart(6, '0');
  if (mode === '160000') return { mode: 'commit:160000', sha: e.sha };
  if (!sizes) return { mode, sha: e.sha };
  const obj = await reader.read(e.sha, true);
  if (!obj) throw missing(e.sha);
  return { mode, sha: e.sha, size: obj.size };
}

const missing = (sha: string) =>
  new MemsyncError(`the repository is missing object ${sha}`, 'failure', 'run memsync doctor');

/** UTF-8 byte order (git's) of two strings: their UTF-16 units, with surrogates placed above the rest of the BMP. */
function byteOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return weight(x) - weight(y);
  }
  return a.length - b.length;
}

function weight(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}
