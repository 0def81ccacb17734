import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { MemsyncError } from '../errors.ts';
import { batchParser } from './batchStream.ts';
import { GIT_SAFE_CONFIG } from './gitRun.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { maskSecrets } from '../util/maskUrl.ts';

/**
 * Git objects written and read without a git process per step: a commit that publishes ten files
 * needs only the trees along their paths, and spawning git for each step (read-tree, update-index,
 * write-tree, commit-tree) cost more than everything else together.
 */

/** Writes a loose object (zlib-deflated `<type> <size>\0<content>`); returns its id. */
export function writeLooseObject(gitDir: string, type: 'blob' | 'tree' | 'commit', content: Buffer): string {
  const header = Buffer.from(`${type} ${content.length}\0`);
  const sha = createHash('sha1').update(header).update(content).digest('hex');
  const file = path.join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2));
  if (fs.existsSync(file)) return sha;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, zlib.deflateSync(Buffer.concat([header, content])), {
    mode: 0o444,
    fsync: false,
    what: 'a repository object',
  });
  return sha;
}

/**
 * One `git cat-file --batch` for a whole sync, asked one object at a time (many may be asked at
 * once: answers come in order). It keeps the process from exiting only while a read is pending,
 * and git looks for packs a fetch added when an object is not where it looked before.
 */
export class ObjectReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: {
    resolve: (o: { type: string; content: Buffer; size: number } | null) => void;
    reject: (e: Error) => void;
    /** Only the size is wanted: the bytes are not held (an object from the remote may be of any size). */
    sizeOnly?: boolean;
  }[] = [];
  private failed: Error | null = null;

  constructor(gitDir: string, env: NodeJS.ProcessEnv) {
    this.child = spawn('git', [...GIT_SAFE_CONFIG, '--git-dir', gitDir, 'cat-file', '--batch'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on(
      'data',
      batchParser(
        (_sha, type, content, size) => {
          this.waiting.shift()?.resolve(content ? { type, content, size } : null);
          if (!this.waiting.length) this.idle();
        },
        () => !this.waiting[0]?.sizeOnly,
      ),
    );
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    this.child.on('error', (e) => fail(e));
    this.child.on('close', () => fail(new MemsyncError('git cat-file ended early')));
    this.child.stdin.on('error', () => undefined);
    this.idle();
  }

  /** Whether it can still answer (a reader whose git ended is replaced). */
  get usable(): boolean {
    return this.failed === null;
  }

  read(sha: string, sizeOnly = false): Promise<{ type: string; content: Buffer; size: number } | null> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (!this.waiting.length) this.busy();
      this.waiting.push({ resolve, reject, sizeOnly });
      this.child.stdin.write(`${sha}\n`);
    });
  }

  close(): void {
    this.child.removeAllListeners('close');
    this.child.stdin.end();
  }

  /** A pending read keeps the process alive until git answers. */
  private busy(): void {
    for (const h of this.handles()) h.ref();
  }

  /** An idle reader does not keep the process alive: git ends when its input closes at exit. */
  private idle(): void {
    for (const h of this.handles()) h.unref();
  }

  /** The child and its pipes (sockets, which Node's types call plain streams). */
  private handles(): { ref(): void; unref(): void }[] {
    const { stdin, stdout, stderr } = this.child;
    return [this.child, ...[stdin, stdout, stderr].map((p) => p as unknown as Socket)];
  }
}

export interface Entry {
  mode: string;
  name: string;
  sha: string;
}

export function parseTree(buf: Buffer): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(32, i);
    const nul = buf.indexOf(0, sp);
    out.push({
      mode: buf.subarray(i, sp).toString(),
      name: buf.subarray(sp + 1, nul).toString('utf8'),
      sha: buf.subarray(nul + 1, nul + 21).toString('hex'),
    });
    i = nul + 21;
  }
  return out;
}

/** Git's tree order: by name, a folder compared as if its name ended in `/`. */
function treeKey(e: Entry): Buffer {
  return Buffer.from(e.mode === '40000' ? `${e.name}/` : e.name, 'utf8');
}

function serializeTree(entries: Entry[]): Buffer {
  const sorted = [...entries].sort((a, b) => Buffer.compare(treeKey(a), treeKey(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.sha, 'hex')]),
  );
}

type Trie = Map<string, Trie | { blob: string | null }>;

function isLeaf(n: Trie | { blob: string | null }): n is { blob: string | null } {
  return !(n instanceof Map);
}

/**
 * The tree of `baseTree` with some paths set to a blob (mode 100644) or removed (null); only the
 * folders along changed paths are read and written. Folders left empty disappear, as in git.
 */
export async function rewriteTree(
  gitDir: string,
  reader: ObjectReader,
  baseTree: string | null,
  changes: Map<string, string | null>,
): Promise<string> {
  const trie: Trie = new Map();
  // Deletions first: a file set where a folder was (or the reverse) then replaces it, whatever
  // order the changes came in.
  const ordered = [...changes].sort(([, x], [, y]) => (x === null ? 0 : 1) - (y === null ? 0 : 1));
  for (const [p, blob] of ordered) {
    const parts = p.split('/');
    let node = trie;
    for (const seg of parts.slice(0, -1)) {
      let next = node.get(seg);
      if (!next || isLeaf(next)) node.set(seg, (next = new Map()));
      node = next;
    }
    node.set(parts.at(-1)!, { blob });
  }
  const walk = async (treeSha: string | null, node: Trie): Promise<string | null> => {
    const entries = new Map<string, Entry>();
    if (treeSha) {
      const obj = await reader.read(treeSha);
      if (obj?.type !== 'tree')
        throw new MemsyncError(`the repository is missing tree ${treeSha}`, 'failure', 'run memsync doctor');
      for (const e of parseTree(obj.content)) entries.set(e.name, e);
    }
    // Sub-folders in parallel: their reads queue up in the one cat-file process.
    const subs = await Promise.all(
      [...node].map(async ([name, child]) => {
        if (isLeaf(child)) return { name, leaf: child.blob, sub: undefined };
        const old = entries.get(name);
        return { name, leaf: undefined, sub: await walk(old?.mode === '40000' ? old.sha : null, child) };
      }),
    );
    for (const { name, leaf, sub } of subs) {
      const value = sub !== undefined ? sub : leaf;
      if (value) entries.set(name, { mode: sub !== undefined ? '40000' : '100644', name, sha: value });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    return writeLooseObject(gitDir, 'tree', serializeTree([...entries.values()]));
  };
  return (await walk(baseTree, trie)) ?? writeLooseObject(gitDir, 'tree', Buffer.alloc(0));
}

/**
 * The entry at a file path of a commit's tree (its ls-tree mode: `commit:160000` for a submodule),
 * null when there is none, or 'other' when git should answer (a folder there, or not a commit).
 */
export async function entryAt(
  reader: ObjectReader,
  commit: string,
  file: string,
): Promise<{ mode: string; sha: string } | null | 'other'> {
  let tree = await treeOf(reader, commit);
  if (!tree) return 'other';
  const parts = file.split('/');
  for (const [i, name] of parts.entries()) {
    const obj = await reader.read(tree);
    if (obj?.type !== 'tree') return 'other';
    const e = parseTree(obj.content).find((x) => x.name === name);
    if (!e) return null;
    if (i === parts.length - 1)
      return e.mode === '40000' ? 'other' : { mode: e.mode === '160000' ? 'commit:160000' : e.mode, sha: e.sha };
    if (e.mode !== '40000') return null;
    tree = e.sha;
  }
  return 'other';
}

/** Commits a walk reads before it leaves the answer to git (a long history, a fork far back). */
const WALK_LIMIT = 256;

/**
 * Whether `commit` is in `tip`'s history, from the commits the reader reads back from the tip: a sync
 * that goes round again finds the tip it last saw a few commits back. Null: git should answer (the
 * walk went past its limit or found an object missing).
 */
export async function ancestorWithin(reader: ObjectReader, commit: string, tip: string): Promise<boolean | null> {
  const seen = new Set<string>([tip]);
  const queue = [tip];
  while (queue.length) {
    const next = queue.shift()!;
    if (next === commit) return true;
    if (seen.size > WALK_LIMIT) return null;
    const obj = await reader.read(next);
    if (obj?.type !== 'commit') return null;
    for (const m of obj.content
      .toString('utf8')
      .split('\n\n', 1)[0]!
      .matchAll(/^parent ([0-9a-f]{40})$/gm))
      if (!seen.has(m[1]!)) {
        seen.add(m[1]!);
        queue.push(m[1]!);
      }
  }
  return false;
}

/** The root tree id of a commit. */
export async function commitTree(reader: ObjectReader, commit: string): Promise<string> {
  const tree = await treeOf(reader, commit);
  if (!tree) throw new MemsyncError(`the repository is missing commit ${commit}`, 'failure', 'run memsync doctor');
  return tree;
}

/** The root tree id of a commit, or null when the object is missing or not a commit. */
async function treeOf(reader: ObjectReader, commit: string): Promise<string | null> {
  const obj = await reader.read(commit);
  const m = obj?.type === 'commit' ? /^tree ([0-9a-f]{40})/.exec(obj.content.toString('utf8')) : null;
  return m ? m[1]! : null;
}

/** A commit object authored and committed by `host` (never the user's git identity). */
export function writeCommit(
  gitDir: string,
  tree: string,
  parent: string | null,
  host: string,
  message: string,
  when = new Date(),
): string {
  const who = `${host} <memsync@${host}> ${Math.floor(when.getTime() / 1000)} +0000`;
  const text =
    `tree ${tree}\n${parent ? `parent ${parent}\n` : ''}author ${who}\ncommitter ` +
    `${who}\n\n${maskSecrets(message)}`;
  return writeLooseObject(gitDir, 'commit', Buffer.from(text, 'utf8'));
}
