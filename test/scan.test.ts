import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './support/machines.ts';
import { scanLive } from '../src/machine/scan.ts';
import { emptyCache } from '../src/machine/watch.ts';
import type { ScanCache } from '../src/machine/scanCacheFile.ts';
import { blobHash } from '../src/util/blobHash.ts';
import type { Root } from '../src/sources/roots.ts';

const root = (liveDir: string, repoPrefix = 'projects/x/memory/'): Root => ({
  source: 'claude-auto-memory',
  label: 'x',
  repoPrefix,
  liveDir,
  include: ['**/*'],
  exclude: [],
});

/** The scan reads again what changed within 2 s (its racy window, by mtime and ctime): wait it out. */
const pastRacy = () => new Promise((r) => setTimeout(r, 2100));

/** A folder of memory files. */
function memoryFolder(files: Record<string, string>): string {
  const dir = tempDir('memsync-scan-');
  for (const [rel, text] of Object.entries(files)) {
    const f = path.join(dir, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  }
  return dir;
}

/** Every file under `dir`, depth first in the order the folders list them (the order a scan walks). */
function walkOrder(dir: string, prefix: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? walkOrder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

/** A scan settled as a sync leaves it: the cache as saved and loaded again. */
const settled = (roots: Root[]): ScanCache =>
  JSON.parse(JSON.stringify(scanLive(roots, [], emptyCache()).cache)) as ScanCache;

test('a second scan of unchanged files reads nothing and finds the same files, in the order of the walk', async () => {
  // Files listed before, between and after the subfolders.
  const files: Record<string, string> = { 'sub/b.md': 'b\n', 'sub/deep/c.md': 'c\n', 'two/d.md': 'd\n' };
  for (const n of ['a', 'm', 'u', 'z']) for (let i = 0; i < 5; i++) files[`${n}${i}.md`] = `${n}${i}\n`;
  const dir = memoryFolder(files);
  await pastRacy();
  const roots = [root(dir)];
  const first = scanLive(roots, [], emptyCache());
  assert.equal(first.hashed, 23);
  const again = scanLive(roots, [], settled(roots));
  assert.equal(again.changed, false);
  assert.equal(again.hashed, 0);
  const listing = (s: typeof first) => [...s.files].map(([p, f]) => [p, f.livePath, f.hash]);
  assert.deepEqual(listing(again), listing(first));
  assert.deepEqual([...again.files.keys()], walkOrder(dir, 'projects/x/memory/'));
  assert.equal(again.files.get('projects/x/memory/sub/b.md')?.hash, blobHash(Buffer.from('b\n')));
  assert.equal(again.files.get('projects/x/memory/sub/b.md')?.livePath, path.join(dir, 'sub', 'b.md'));
});

test('a file gone from a folder whose other files are unchanged is a change', async () => {
  const dir = memoryFolder({ 'a.md': 'a\n', 'b.md': 'b\n' });
  await pastRacy();
  const roots = [root(dir)];
  const cache = settled(roots);
  fs.rmSync(path.join(dir, 'b.md'));
  // As if the folder's mtime had not moved: only the missing name tells.
  cache.dirs[dir] = fs.statSync(dir).mtimeMs;
  const s = scanLive(roots, [], cache);
  assert.equal(s.changed, true);
  assert.deepEqual([...s.files.keys()], ['projects/x/memory/a.md']);
  assert.deepEqual(Object.keys(s.cache.files[dir]!), ['a.md']);
});

test('an edit that keeps the size is read again, and the new cache holds its new content id', async () => {
  const dir = memoryFolder({ 'a.md': 'one\n', 'b.md': 'two\n' });
  await pastRacy();
  const roots = [root(dir)];
  const cache = settled(roots);
  fs.writeFileSync(path.join(dir, 'a.md'), 'ONE\n');
  await pastRacy();
  const s = scanLive(roots, [], cache);
  assert.equal(s.changed, true);
  assert.equal(s.hashed, 1);
  assert.equal(s.files.get('projects/x/memory/a.md')?.hash, blobHash(Buffer.from('ONE\n')));
  assert.equal(s.cache.files[dir]!['a.md']![4], blobHash(Buffer.from('ONE\n')));
  assert.equal(s.cache.files[dir]!['b.md']![4], blobHash(Buffer.from('two\n')));
});

test('a file of the same size and mtime that is racy is read again; once settled it is not', async () => {
  const dir = memoryFolder({ 'a.md': 'a\n' });
  const roots = [root(dir)];
  const fresh = settled(roots);
  assert.equal(fresh.files[dir]!['a.md']![4], '', 'a file written just now is not trusted by its stat');
  assert.equal(scanLive(roots, [], fresh).hashed, 1);
  await pastRacy();
  assert.equal(scanLive(roots, [], settled(roots)).hashed, 0);
});

test('a nested root owns its folder: its files are not the outer root files', async () => {
  const dir = memoryFolder({ 'top.md': 't\n', 'inner/x.md': 'x\n' });
  await pastRacy();
  const roots = [root(path.join(dir, 'inner'), 'inner/'), root(dir, 'outer/')];
  for (const cache of [emptyCache(), settled(roots)]) {
    const s = scanLive(roots, [], cache);
    assert.deepEqual([...s.files.keys()].sort(), ['inner/x.md', 'outer/top.md']);
  }
});
