import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBinary } from '../util/blobHash.ts';
import { runGit, gitEnv } from '../store/gitRun.ts';
import { EMPTY_HEAD, mergeFrontMatter, splitFrontMatter, type Marked } from './frontMatter.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { insertedUnion } from './appendUnion.ts';

export type MergeResult = { clean: true; content: Buffer } | { clean: false; reason: 'conflict' | 'binary' };

/**
 * Three-way merge of text (base absent = empty). A memory file whose two sides both have front
 * matter merges in two parts: the front matter key by key (frontMatter.ts), the body with
 * `git merge-file`. With `union`, lines both sides added in the same place are all kept: for index
 * files whose lines are independent entries.
 */
export async function mergeText(
  local: Buffer,
  base: Buffer | null,
  remote: Buffer,
  union: boolean,
  tmpRoot = os.tmpdir(),
): Promise<MergeResult> {
  if (isBinary(local) || isBinary(remote) || (base && isBinary(base))) return { clean: false, reason: 'binary' };
  const [l, b, r] = [utf8(local), utf8(base ?? Buffer.alloc(0)), utf8(remote)];
  if (l === null || b === null || r === null) {
    // Not UTF-8: merged as bytes, untouched by any text handling.
    const m = await mergeFile(local, base ?? Buffer.alloc(0), remote, union, tmpRoot);
    return m.conflicts ? { clean: false, reason: 'conflict' } : { clean: true, content: m.text };
  }
  const m = await mergeMarked(l, base ? b : null, r, union, tmpRoot);
  return m.conflicts ? { clean: false, reason: 'conflict' } : { clean: true, content: Buffer.from(m.text) };
}

/**
 * `resolve --keep both`: every line of both sides (a union), and where the front matter both
 * changed one key differently, live's value. Null for binary content.
 */
export async function mergeKeepBoth(local: Buffer, base: Buffer | null, remote: Buffer, tmp: string) {
  if (isBinary(local) || isBinary(remote) || (base && isBinary(base))) return null;
  const none = Buffer.alloc(0);
  const [l, b, r] = [utf8(local), utf8(base ?? none), utf8(remote)];
  if (l === null || b === null || r === null) return (await mergeFile(local, base ?? none, remote, true, tmp)).text;
  return Buffer.from((await mergeMarked(l, base ? b : null, r, true, tmp, true)).text);
}

/**
 * The merge with conflicts shown by markers, as text: the front matter by field when both sides
 * have one (the base's, if it has none, counts as empty), else the whole file by lines.
 */
export async function mergeMarked(
  local: string,
  base: string | null,
  remote: string,
  union: boolean,
  tmpRoot = os.tmpdir(),
  keepLocal = false,
): Promise<Marked> {
  const lines = async (x: string, y: string, z: string): Promise<Marked> => {
    const appended = union ? insertedUnion(x, y, z) : null;
    if (appended !== null) return { text: appended, conflicts: 0 };
    return asText(await mergeFile(Buffer.from(x), Buffer.from(y), Buffer.from(z), union, tmpRoot));
  };
  const l = splitFrontMatter(local);
  const r = splitFrontMatter(remote);
  if (!l || !r) return lines(local, base ?? '', remote);
  const b = base === null ? null : (splitFrontMatter(base) ?? { head: EMPTY_HEAD, body: base });
  const head = mergeFrontMatter(l.head, b?.head ?? null, r.head, keepLocal);
  const body = await lines(l.body, b?.body ?? '', r.body);
  return { text: head.text + body.text, conflicts: head.conflicts + body.conflicts };
}

/** `git merge-file -p`: the merged text (with markers where it conflicts) and the number of conflicts. */
type Merged = { text: Buffer; conflicts: number };

async function mergeFile(local: Buffer, base: Buffer, remote: Buffer, union: boolean, tmp: string): Promise<Merged> {
  const dir = await fs.mkdtemp(path.join(tmp, 'memsync-merge-'));
  try {
    const files = ['local', 'base', 'remote'].map((n) => path.join(dir, n));
    // Whole: a merge of a truncated input would be written live and published.
    const inputs = [local, base, remote];
    for (const [i, f] of files.entries()) checkedWrite(f, inputs[i]!, { fsync: false, what: 'a merge input' });
    const labels = ['-L', 'live', '-L', 'base', '-L', 'remote'];
    const args = ['merge-file', '-p', ...(union ? ['--union'] : []), ...labels, ...files];
    // Exit code: 0 clean, N > 0 the number of conflicts.
    const r = await runGit(args, { env: gitEnv('memsync'), okCodes: Array.from({ length: 127 }, (_, i) => i + 1) });
    return { text: r.stdout, conflicts: r.code };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function asText(m: Merged): Marked {
  return { text: m.text.toString('utf8'), conflicts: m.conflicts };
}

/** The text of content that is valid UTF-8, else null (then it is merged as bytes, untouched). */
function utf8(b: Buffer): string | null {
  const s = b.toString('utf8');
  return Buffer.from(s, 'utf8').equals(b) ? s : null;
}
