import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CACHE_VERSION, parseCache, serializeCache, type ScanCache } from '../src/machine/scanCacheFile.ts';

// The scan cache's file (src/machine/scanCacheFile.ts): what is saved is read back whole, a hook's
// scoped read sees exactly its folders, and a cut or foreign file is never taken for a cache.

/** Folder and file names with what JSON must escape: tabs, newlines, quotes, backslashes, non-ASCII. */
const name = fc.string({ unit: fc.constantFrom('a', 'b', '\t', '\n', '"', '\\', '}', ']', 'é', ' '), minLength: 1 });
const dir = name.map((n) => `/m/${n}`);
const fingerprint = fc.tuple(
  fc.nat(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.nat(),
  fc.nat(),
  fc.string({ unit: fc.constantFrom('0', 'a', 'f') }),
);
const cache: fc.Arbitrary<ScanCache> = fc
  .record({
    seq: fc.option(fc.nat(), { nil: undefined }),
    dirs: fc.dictionary(dir, fc.oneof(fc.constant(-1), fc.nat())),
    files: fc.dictionary(dir, fc.dictionary(name, fingerprint)),
    stamps: fc.dictionary(dir, fc.string()),
    real: fc.dictionary(dir, dir),
    filters: fc.option(fc.string({ unit: fc.constantFrom('0', 'a', 'f') }), { nil: undefined }),
  })
  .map((c) => ({ version: CACHE_VERSION, ...c }));

/** Plain objects (fast-check's dictionaries have no prototype). */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
const only = <T>(r: Record<string, T>, keep: (d: string) => boolean) =>
  plain(Object.fromEntries(Object.entries(r).filter(([d]) => keep(d))));

test('property: a saved cache reads back whole, and a scoped read holds exactly its folders', () => {
  fc.assert(
    fc.property(cache, fc.string({ unit: fc.constantFrom('a', 'b', '\t'), maxLength: 2 }), (c, prefix) => {
      const text = serializeCache(c);
      const all = parseCache(text, CACHE_VERSION);
      assert.deepEqual(plain(all), plain(c));
      const keep = (d: string) => d.startsWith(`/m/${prefix}`);
      const part = parseCache(text, CACHE_VERSION, keep)!;
      assert.deepEqual(plain(part.dirs), only(c.dirs, keep));
      assert.deepEqual(plain(part.files), only(c.files, keep));
      assert.deepEqual(plain(part.stamps), only(c.stamps!, keep));
      assert.equal(part.seq, c.seq);
    }),
  );
});

test('a cache cut short, of another version, or not a cache at all reads as none', () => {
  const c: ScanCache = {
    version: CACHE_VERSION,
    seq: 4,
    dirs: { '/m/a': 1 },
    files: { '/m/a': { x: [1, 2, 3, 4, 'ab'] } },
  };
  const text = serializeCache(c);
  assert.ok(parseCache(text, CACHE_VERSION));
  for (let cut = 0; cut < text.length; cut++)
    assert.equal(parseCache(text.slice(0, cut), CACHE_VERSION), null, `cut at ${cut}`);
  assert.equal(parseCache(text, CACHE_VERSION + 1), null);
  assert.equal(parseCache(`${JSON.stringify({ version: 2, dirs: {}, files: {} })}\n`, CACHE_VERSION), null);
  assert.equal(parseCache('\n', CACHE_VERSION), null);
});
