// The team rule "lines at most 120 characters", checked on every file in the source folders. biome's
// formatter keeps code within 120 but cannot break a long string literal, regex or comment.
// Usage: node scripts/lineLength.mjs [root]   (part of npm test; exits 1 and names each long line)
import fs from 'node:fs';
import path from 'node:path';

const MAX = 120;
const FOLDERS = ['src', 'test', 'bench', 'scripts', 'plugin/hooks', 'plugin/bin'];
const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));

/** Every file under `dir`, as paths relative to the repository root, in a stable order. */
function filesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(rel));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** `path:line: N characters (at most 120)` for each line of `rel` longer than MAX characters (not bytes). */
function longLines(rel, text) {
  return text
    .split('\n')
    .map((line, i) => ({ n: [...line.replace(/\r$/, '')].length, at: i + 1 }))
    .filter((l) => l.n > MAX)
    .map((l) => `${rel}:${l.at}: ${l.n} characters (at most ${MAX})`);
}

const found = FOLDERS.filter((d) => fs.existsSync(path.join(root, d)))
  .flatMap(filesUnder)
  .flatMap((rel) => longLines(rel, fs.readFileSync(path.join(root, rel), 'utf8')));
for (const line of found) console.error(line);
if (found.length) {
  console.error(`${found.length} line${found.length === 1 ? '' : 's'} over ${MAX} characters: break or shorten them`);
  process.exit(1);
}
