/**
 * The secret scan's part of `npm run bench`: what it adds to publishing a file (against hashing
 * the same content, which every publish already does), its speed on a large file, and the
 * corpus figures (caught and missed per rule set, lookalikes flagged).
 */
import { performance } from 'node:perf_hooks';
import { scanSecrets, type ScanOptions } from '../src/secrets/scan.ts';
import { blobHash } from '../src/util/blobHash.ts';
import { lookalikes, secretCorpus } from '../test/support/secretCorpus.ts';

const FILES = 2000;
const REPS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function memoryFile(i: number): Buffer {
  const lines = Array.from(
    { length: 30 },
    (_, j) => `- note ${i}.${j}: the build uses make; tests run with node --test; see docs/topic-${j}.md`,
  );
  return Buffer.from(`---\nname: topic ${i}\n---\n${lines.join('\n')}\n`);
}

async function timeEach(files: Buffer[], fn: (b: Buffer) => unknown): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await fn(f);
  return performance.now() - t0;
}

export async function benchSecrets(): Promise<string[]> {
  const files = Array.from({ length: FILES }, (_, i) => memoryFile(i));
  await timeEach(files.slice(0, 200), (b) => scanSecrets(b)); // warm-up
  const scan: number[] = [];
  const hash: number[] = [];
  for (let i = 0; i < REPS; i++) {
    hash.push(await timeEach(files, (b) => blobHash(b)));
    scan.push(await timeEach(files, (b) => scanSecrets(b)));
  }
  const big = Buffer.concat(Array.from({ length: 8000 }, (_, i) => memoryFile(i)));
  const bigScan: number[] = [];
  for (let i = 0; i < 3; i++) bigScan.push(await timeEach([big], (b) => scanSecrets(b)));

  const corpus = secretCorpus();
  const fakes = lookalikes();
  const sets: [string, ScanOptions][] = [
    ['secretlint preset', { preset: true, ours: false }],
    ['memsync rules', { preset: false, ours: true }],
    ['both (what sync uses)', { preset: true, ours: true }],
  ];
  const figures: string[] = [];
  for (const [name, opts] of sets) {
    let caught = 0;
    let flagged = 0;
    for (const c of corpus) if ((await scanSecrets(c.text, opts)).length) caught++;
    for (const c of fakes) if ((await scanSecrets(c.text, opts)).length) flagged++;
    figures.push(
      `    ${name.padEnd(24)} caught ${caught}/${corpus.length}, missed ${corpus.length - caught}; lookalikes ` +
        `flagged ${flagged}/${fakes.length}`,
    );
  }
  const s = median(scan);
  const h = median(hash);
  const mbps = big.length / 1e6 / (median(bigScan) / 1000);
  return [
    `(e) secret scan before publishing (${FILES} memory files of ~${(files[0]!.length / 1024).toFixed(1)} kB; median ` +
      `of ${REPS})`,
    `    scan ${FILES} files: ${s.toFixed(0)} ms (${((s / FILES) * 1000).toFixed(0)} us a file); baseline: git blob ` +
      `hash of the same files ${h.toFixed(0)} ms -> ${(s / h).toFixed(1)}x the hash`,
    `    one ${(big.length / 1e6).toFixed(1)} MB file: ${median(bigScan).toFixed(0)} ms (${mbps.toFixed(0)} MB/s)`,
    `    corpus of ${corpus.length} secrets of ${corpus.length} kinds (test/support/secretCorpus.ts) and ` +
      `${fakes.length} lookalikes:`,
    ...figures,
  ];
}
