/**
 * Many machines on one remote: what each learns in a round (a topic file and its index line), what
 * a machine still lacks after, and a remote whose pre-receive hook plays other machines that push
 * first (the tests and bench section j share these).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Machine } from './machines.ts';

/** Machine `i`'s round-`r` memory: a topic file and its line in the shared project's MEMORY.md (the line). */
export function learn(m: Machine, dir: string, i: number, r: number): string {
  const mem = m.memoryDir(dir);
  const name = `m${i}-r${r}.md`;
  m.write(path.join(mem, name), `---\nname: m${i}-r${r}\n---\nmachine ${i} learned this in round ${r}\n`);
  const line = `- [m${i} round ${r}](${name}): what machine ${i} learned`;
  fs.appendFileSync(path.join(mem, 'MEMORY.md'), `${line}\n`);
  return line;
}

/** What a machine's live memory lacks of `lines` (index lines) and their topic files; empty: nothing. */
export function missingOn(m: Machine, dir: string, lines: string[]): string {
  const mem = m.memoryDir(dir);
  const index = fs.readFileSync(path.join(mem, 'MEMORY.md'), 'utf8');
  const missing = lines.filter((l) => !index.includes(l)).length;
  const files = fs.readdirSync(mem).filter((n) => /^m\d+-r\d\.md$/.test(n)).length;
  return missing || files !== lines.length ? `${m.name}: ${missing} lines, ${lines.length - files} files missing` : '';
}

/**
 * Before each of the next `n` pushes, the remote's pre-receive hook lands a commit of its own, as a
 * machine that pushed first would: a topic file `other-K.md` under `mem` and its line appended to
 * `mem`/MEMORY.md. The push then finds the branch moved and is refused ("cannot lock ref"). Returns
 * how many pushes it has overtaken so far.
 */
export function overtakeNext(remote: string, mem: string, n: number): () => number {
  fs.writeFileSync(path.join(remote, 'overtake-left'), `${n}\n`);
  const hook = path.join(remote, 'hooks', 'pre-receive');
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.writeFileSync(hook, OVERTAKE.replaceAll('$MEM', mem), { mode: 0o755 });
  return () => {
    const f = path.join(remote, 'overtaken');
    return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0;
  };
}

// Its objects go to the repository itself, not the push's quarantine (dropped when the push fails).
const OVERTAKE = `#!/bin/sh
unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
left=$(cat "$GIT_DIR/overtake-left")
[ "$left" -gt 0 ] || exit 0
echo $((left - 1)) > "$GIT_DIR/overtake-left"
k=$(( $(cat "$GIT_DIR/overtaken" 2>/dev/null || echo 0) + 1 ))
echo $k > "$GIT_DIR/overtaken"
export GIT_AUTHOR_NAME=other GIT_AUTHOR_EMAIL=o@o GIT_COMMITTER_NAME=other GIT_COMMITTER_EMAIL=o@o
export GIT_INDEX_FILE="$GIT_DIR/other-index"
tip=$(git rev-parse refs/heads/main)
git read-tree $tip
topic=$(printf 'learned elsewhere, %s\\n' $k | git hash-object -w --stdin)
index=$( { git cat-file blob $tip:$MEM/MEMORY.md; printf -- '- [other %s](other-%s.md)\\n' $k $k; } |
  git hash-object -w --stdin)
git update-index --add --cacheinfo 100644,$topic,$MEM/other-$k.md --cacheinfo 100644,$index,$MEM/MEMORY.md
git update-ref refs/heads/main $(git commit-tree $(git write-tree) -p $tip -m "other $k") $tip
`;
