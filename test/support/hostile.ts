import { execFileSync } from 'node:child_process';
import { gitTestEnv } from './machines.ts';

/** One raw tree entry: any mode and any name, as a hand-written tree object can hold. */
export interface RawEntry {
  mode: string;
  name: string | Buffer;
  sha: string;
}

function git(remote: string, args: string[], input?: Buffer | string): Buffer {
  return execFileSync('git', ['--git-dir', remote, ...args], { env: gitTestEnv(remote), input });
}

export function blob(remote: string, content: string | Buffer): string {
  return git(remote, ['hash-object', '-w', '--stdin'], content).toString().trim();
}

/** Writes a tree object byte by byte, with no checks (git's own tools refuse these entries). */
export function rawTree(remote: string, entries: RawEntry[]): string {
  // In git's order (a folder sorts as if its name ended in "/"), so git finds entries by name.
  const key = (e: RawEntry) => Buffer.concat([Buffer.from(e.name), Buffer.from(e.mode === '40000' ? '/' : '')]);
  const sorted = [...entries].sort((x, y) => Buffer.compare(key(x), key(y)));
  const data = Buffer.concat(
    sorted.flatMap((e) => [
      Buffer.from(`${e.mode} `),
      Buffer.from(e.name),
      Buffer.from([0]),
      Buffer.from(e.sha, 'hex'),
    ]),
  );
  return git(remote, ['hash-object', '-t', 'tree', '--literally', '-w', '--stdin'], data).toString().trim();
}

function entriesOf(remote: string, tree: string): RawEntry[] {
  return git(remote, ['ls-tree', '-z', tree])
    .toString()
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const [meta, name] = [rec.slice(0, rec.indexOf('\t')), rec.slice(rec.indexOf('\t') + 1)];
      const [mode, , sha] = meta.split(' ');
      return { mode: mode === '040000' ? '40000' : mode!, name, sha: sha! };
    });
}

/**
 * Commits on top of the remote's branch a tree equal to the tip's, with `extra` raw entries added
 * to (or replacing same-named ones in) the folder `dir` (created when missing).
 */
export function commitHostile(remote: string, dir: string, extra: RawEntry[], branch = 'main'): string {
  const tip = git(remote, ['rev-parse', branch]).toString().trim();
  const set = (tree: string | null, segs: string[]): string => {
    const entries = tree ? entriesOf(remote, tree) : [];
    if (segs.length === 0) {
      const names = new Set(extra.map((e) => Buffer.from(e.name).toString('latin1')));
      return rawTree(remote, [...entries.filter((e) => !names.has(Buffer.from(e.name).toString('latin1'))), ...extra]);
    }
    const [head, ...rest] = segs;
    const child = entries.find((e) => e.name === head && e.mode === '40000');
    const sub = set(child?.sha ?? null, rest);
    return rawTree(remote, [...entries.filter((e) => e.name !== head), { mode: '40000', name: head!, sha: sub }]);
  };
  const tree = set(
    git(remote, ['rev-parse', `${tip}^{tree}`])
      .toString()
      .trim(),
    dir ? dir.split('/') : [],
  );
  const commit = git(remote, ['commit-tree', tree, '-p', tip, '-m', 'hostile'], '').toString().trim();
  git(remote, ['update-ref', `refs/heads/${branch}`, commit]);
  return commit;
}
