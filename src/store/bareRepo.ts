import fs from 'node:fs/promises';
import path from 'node:path';
import { batchParser } from './batchStream.ts';
import { MemsyncError } from '../errors.ts';
import {
  ancestorWithin,
  commitTree,
  entryAt,
  ObjectReader,
  rewriteTree,
  writeCommit,
  writeLooseObject,
} from './objects.ts';
import { gitEnv, GitTimeout, runGit, type RunOptions, type RunResult } from './gitRun.ts';
import { gitCause, gitFix } from './gitCause.ts';
import { networkRun, userNetworkConfig } from './netEnv.ts';
import { resolveSshHost } from './remoteProbe.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { entriesSince } from './treeDiff.ts';
import {
  RemoteTimeout,
  type FileVersion,
  type HistoryEntry,
  type LocalRepo,
  type LsTreeOptions,
  type PushResult,
  type ReadTree,
  type TreeEntry,
} from './repo.ts';

/** Loose objects (estimated) past which `tidy` packs them, and packs past which it joins them into one. */
const LOOSE_LIMIT = 1024;
const PACK_LIMIT = 20;
/** Blobs past which a read streams through a git of its own rather than the shared reader. */
const FEW_BLOBS = 64;

/** A blob the store should hold and does not (or holds as something else). */
const missingObject = (what: string) =>
  new MemsyncError(`the repository is missing object ${what}`, 'failure', 'run memsync doctor');

/**
 * memsync's own bare repository in MEMSYNC_HOME: a cache of the remote plus the commits this
 * machine builds. It has no work tree: live files are compared by blob id and commits are built
 * from a temporary index, so nothing here depends on the user's git config or identity.
 */
export class BareRepo implements LocalRepo {
  private readonly env: NodeJS.ProcessEnv;
  /** The user's network settings for git, read at this repository's first network run. */
  private userNet?: Promise<Map<string, string>>;
  private reader?: ObjectReader;
  /** The remote `ensure` pointed origin at (for the fixes errors suggest). */
  private remoteUrl: string | null = null;

  constructor(
    readonly dir: string,
    readonly branch: string,
    readonly host: string,
  ) {
    this.env = gitEnv(host);
  }

  /** How file contents are stored on the remote: as they are here (EncryptedRepo: age). */
  get encryption(): 'none' | 'age' {
    return 'none';
  }

  get trackingRef(): string {
    return `refs/remotes/origin/${this.branch}`;
  }

  private run(args: string[], opts: RunOptions = {}) {
    return runGit(['--git-dir', this.dir, ...args], { env: this.env, ...opts });
  }

  close(): void {
    this.reader?.close();
    this.reader = undefined;
  }

  /** Starts reading the user's network settings for git, so that the first network run need not wait for them. */
  warmNetwork(): void {
    this.userNetwork().catch(() => undefined);
  }

  /** Read once for a fetch and the push after it (a git run of its own each time otherwise); a failure is not kept. */
  private userNetwork(): Promise<Map<string, string>> {
    this.userNet ??= userNetworkConfig(this.env, this.remoteUrl ?? undefined).catch((e: unknown) => {
      this.userNet = undefined;
      throw e;
    });
    return this.userNet;
  }

  /**
   * A git command that talks to the remote, bounded by `timeoutMs` whatever the server does,
   * with the user's transport settings and nothing interactive (netEnv.ts).
   */
  private async net(args: string[], timeoutMs: number, onSpawn?: () => void): Promise<RunResult> {
    const deadline = Date.now() + timeoutMs;
    const { env, config } = await networkRun(this.env, timeoutMs, { user: this.userNetwork() });
    return runGit([...config, '--git-dir', this.dir, ...args], {
      env,
      timeoutMs: Math.max(1, deadline - Date.now()),
      okCodes: [1, 128],
      onSpawn,
    });
  }

  /** git's failure as one line with the fix for the cases people meet (a host key, a key, a credential). */
  private async failed(what: string, out: string): Promise<MemsyncError> {
    const remote = this.remoteUrl ?? '';
    const fix = gitFix(out, remote, /host key/i.test(out) ? await resolveSshHost(remote) : null);
    return new MemsyncError(`${what}: ${gitCause(out)}`, 'failure', fix ?? 'run memsync doctor to check the remote');
  }

  /** Creates the repository if needed and points `origin` at the remote. */
  async ensure(remoteUrl: string): Promise<void> {
    this.remoteUrl = remoteUrl;
    await ensureRepo(this.dir, this.host, remoteUrl);
  }

  /**
   * Fetches the shared branch; returns the remote tip, or null when the branch does not exist yet.
   * git starts before this returns its promise, so a caller can scan live files meanwhile;
   * `onSpawn` is called once git fetch itself is started.
   */
  async fetch(timeoutMs: number, onSpawn?: () => void): Promise<string | null> {
    const args = [
      'fetch',
      '--quiet',
      '--no-tags',
      '--no-auto-maintenance',
      '--no-write-fetch-head',
      'origin',
      `+refs/heads/${this.branch}:${this.trackingRef}`,
    ];
    const r = await this.net(args, timeoutMs, onSpawn).catch((e: unknown) => {
      if (e instanceof GitTimeout) {
        throw new RemoteTimeout(
          `the remote did not answer within ${timeoutMs} ms`,
          'failure',
          'check the network or the remote URL (memsync doctor), then run memsync sync again',
        );
      }
      throw e;
    });
    if (r.code !== 0) {
      if (/couldn't find remote ref/i.test(r.stderr)) {
        await this.run(['update-ref', '-d', this.trackingRef]);
        return null;
      }
      throw await this.failed('fetching from the remote failed', r.stderr);
    }
    return this.localTip();
  }

  /** The remote tip as last fetched (read from the ref files: a spawn here cost as much as the rest). */
  async localTip(): Promise<string | null> {
    const loose = await fs.readFile(path.join(this.dir, this.trackingRef), 'utf8').catch(() => null);
    if (loose !== null) return /^[0-9a-f]{40}$/.test(loose.trim()) ? loose.trim() : this.revParse();
    const packed = await fs.readFile(path.join(this.dir, 'packed-refs'), 'utf8').catch(() => '');
    const line = packed.split('\n').find((l) => l.endsWith(` ${this.trackingRef}`));
    return line ? line.slice(0, 40) : null;
  }

  private async revParse(): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${this.trackingRef}^{commit}`], { okCodes: [1] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** Every file of a commit's tree (those `keep` accepts): path -> mode and blob id (and size, when asked). */
  async lsTree(
    commit: string,
    prefixes: string[] = [],
    { sizes = false, keep }: LsTreeOptions = {},
  ): Promise<Map<string, TreeEntry>> {
    // One file (the layout marker): read through the reader, not a git of its own.
    const one =
      prefixes.length === 1 && !sizes && !keep && /^[^/]+(\/[^/]+)*$/.test(prefixes[0]!) ? prefixes[0]! : null;
    const found = one ? await entryAt(this.objects(), commit, one) : 'other';
    if (found !== 'other') return new Map(found ? [[one!, found]] : []);
    const r = await this.run([
      'ls-tree',
      '-r',
      '-z',
      ...(sizes ? ['-l'] : []),
      '--full-tree',
      commit,
      ...(prefixes.length ? ['--', ...prefixes] : []),
    ]);
    const entries = new Map<string, TreeEntry>();
    // "<mode> <type> <id>[ <padded size>]\t<path>", 20,000 of them for a search: indexOf, not a regex.
    for (const rec of r.stdout.toString('utf8').split('\0')) {
      const tab = rec.indexOf('\t');
      const s1 = rec.indexOf(' ');
      const s2 = rec.indexOf(' ', s1 + 1);
      if (tab < 0 || s1 < 0 || s2 < 0 || s2 > tab) continue;
      const p = rec.slice(tab + 1);
      if (keep && !keep(p)) continue;
      const s3 = rec.indexOf(' ', s2 + 1);
      const sha = rec.slice(s2 + 1, s3 > 0 && s3 < tab ? s3 : tab);
      const mode = rec.slice(0, s1);
      const type = rec.slice(s1 + 1, s2);
      const entry: TreeEntry = { mode: type === 'blob' ? mode : `${type}:${mode}`, sha };
      if (sizes && type === 'blob') entry.size = Number(rec.slice(s3, tab));
      entries.set(p, entry);
    }
    return entries;
  }

  async lsTreeSince(last: ReadTree, commit: string, opts: LsTreeOptions): Promise<Map<string, TreeEntry>> {
    return entriesSince(this.objects(), last, commit, opts);
  }

  /** Every version of a file (those `keep` accepts) a commit of `tip`'s history wrote, newest first (one git run). */
  async versions(tip: string, { keep }: LsTreeOptions = {}): Promise<FileVersion[]> {
    const r = await this.run(['log', '-z', '--raw', '--no-abbrev', '--no-renames', '--format=%x01%H', tip]);
    const out: FileVersion[] = [];
    for (const { head, fields } of logRecords(r.stdout)) {
      for (let i = 0; i + 1 < fields.length; i += 2) {
        // ":<old mode> <new mode> <old id> <new id> <status>", then the path.
        const [, mode = '', , sha = '', status] = fields[i]!.split(' ');
        const p = fields[i + 1]!;
        if (status === 'D' || !mode.startsWith('100') || (keep && !keep(p))) continue;
        out.push({ commit: head[0]!, path: p, sha });
      }
    }
    return out;
  }

  /** Every file of a commit's tree (those `keep` accepts) with its size: path -> bytes (one git process). */
  async treeSizes(commit: string, keep?: (path: string) => boolean): Promise<Map<string, number>> {
    const r = await this.run(['ls-tree', '-r', '-l', '-z', '--full-tree', commit]);
    const out = new Map<string, number>();
    for (const rec of r.stdout.toString('utf8').split('\0')) {
      const tab = rec.indexOf('\t');
      if (tab < 0) continue;
      const [, type, , size] = rec.slice(0, tab).trim().split(/\s+/);
      if (type !== 'blob' || (keep && !keep(rec.slice(tab + 1)))) continue;
      out.set(rec.slice(tab + 1), Number(size) || 0);
    }
    return out;
  }

  /**
   * The newest `limit` commits of `tip`'s history, newest first: time (ISO), host (author) and
   * the paths each changed. One git process.
   */
  async changedPaths(tip: string, limit: number): Promise<{ time: string; host: string; paths: string[] }[]> {
    const r = await this.run([
      'log',
      '-z',
      '--no-renames',
      '--name-only',
      '--format=%x01%ct%x09%an',
      '-n',
      String(limit),
      tip,
    ]);
    const out: { time: string; host: string; paths: string[] }[] = [];
    for (const { head, fields: paths } of logRecords(r.stdout)) {
      const [time, ...host] = head;
      out.push({ time: new Date(Number(time) * 1000).toISOString(), host: host.join('\t'), paths });
    }
    return out;
  }

  /** Disk size of the repository's objects (loose and packed), in bytes. */
  async sizeOnDisk(): Promise<number> {
    const r = await this.run(['count-objects', '-v']);
    let kib = 0;
    for (const line of r.stdout.toString().split('\n')) {
      const m = /^(size|size-pack): (\d+)$/.exec(line.trim());
      if (m) kib += Number(m[2]);
    }
    return kib * 1024;
  }

  /**
   * Packs the loose objects once there are many: memsync writes each file version loose, and reading
   * thousands of loose objects (search, a new machine's first pull, backups) costs ten times a pack.
   * Git's own upkeep is off (--no-auto-maintenance); this keeps only its safe part. Only under the
   * sync lock; git writes the pack before it removes a loose object, so a kill loses nothing.
   */
  async tidy(timeoutMs: number): Promise<boolean> {
    const objects = path.join(this.dir, 'objects');
    const sample = await fs.readdir(path.join(objects, '17')).catch(() => []);
    const packs = (await fs.readdir(path.join(objects, 'pack')).catch(() => [])).filter((f) => f.endsWith('.pack'));
    // One of 256 fan-out folders, as git's gc --auto estimates: about LOOSE_LIMIT loose objects in all.
    const loose = sample.length * 256 >= LOOSE_LIMIT;
    if (!loose && packs.length < PACK_LIMIT) return false;
    await this.run(['repack', '-d', '-q', ...(packs.length >= PACK_LIMIT ? ['-a'] : [])], { timeoutMs });
    return true;
  }

  /**
   * Reads blobs: a few (a round's merges, the layout marker) through this repository's one reader,
   * many streamed by a git of their own (a search, a first pull).
   */
  async readBlobs(shas: Iterable<string>): Promise<Map<string, Buffer>> {
    const wanted = [...new Set(shas)];
    const out = new Map<string, Buffer>();
    if (wanted.length === 0 || wanted.length > FEW_BLOBS) {
      await this.eachBlob(wanted, (sha, content) => out.set(sha, content));
      return out;
    }
    const reader = this.objects();
    const read = await Promise.all(wanted.map((sha) => reader.read(sha)));
    for (const [i, sha] of wanted.entries()) {
      const o = read[i];
      if (o?.type !== 'blob') throw missingObject(`${sha} (${o ? o.type : 'missing'})`);
      out.set(sha, o.content);
    }
    return out;
  }

  /** Hands each blob to `fn` as git streams it (one git process), so thousands need not be held at once. */
  async eachBlob(shas: Iterable<string>, fn: (sha: string, content: Buffer) => void): Promise<void> {
    const wanted = [...new Set(shas)];
    if (wanted.length === 0) return;
    let problem: string | null = null;
    const onStdout = batchParser((sha, type, content) => {
      if (type === 'blob' && content) fn(sha, content);
      else problem ??= `${sha} (${type})`;
    });
    await this.run(['cat-file', '--batch', '--buffer'], { input: `${wanted.join('\n')}\n`, onStdout });
    if (problem) throw missingObject(problem);
  }

  /**
   * One `git cat-file --batch` for all of this repository's reads (a few blobs, the trees a commit is
   * built on, the layout file, ancestry), where each used to start a git of its own: a sync that goes
   * round again after another machine pushed first reads through the same one.
   */
  private objects(): ObjectReader {
    if (!this.reader?.usable) this.reader = new ObjectReader(this.dir, this.env);
    return this.reader;
  }

  /** Stores content as a loose blob without spawning git; returns its id. */
  async writeBlob(content: Buffer): Promise<string> {
    return writeLooseObject(this.dir, 'blob', content);
  }

  /** A tree equal to `baseCommit`'s with some paths set (blob id) or removed (null). */
  async buildTree(baseCommit: string | null, changes: Map<string, string | null>): Promise<string> {
    const reader = this.objects();
    return rewriteTree(this.dir, reader, baseCommit ? await commitTree(reader, baseCommit) : null, changes);
  }

  async commit(tree: string, parent: string | null, message: string): Promise<string> {
    return writeCommit(this.dir, tree, parent, this.host, message);
  }

  /**
   * Pushes a commit to the shared branch only if the branch is still at `expected` (null: absent).
   * A fast-forward check alone would let a push on an unfetched tip undo someone's reset.
   */
  async push(commit: string, expected: string | null, timeoutMs: number): Promise<PushResult> {
    const branch = `refs/heads/${this.branch}`;
    const r = await this.pushRefspec(
      [`--force-with-lease=${branch}:${expected ?? ''}`, 'origin', `${commit}:${branch}`],
      timeoutMs,
    );
    if (r === 'rejected') return r;
    // The tracking ref is memsync's cache of the remote tip; only syncs (under the lock) move it.
    await this.setRef(this.trackingRef, commit);
    return 'pushed';
  }

  /** A push: 'rejected' when the remote moved meanwhile, else pushed or a clear error. */
  private async pushRefspec(rest: string[], timeoutMs: number): Promise<PushResult> {
    let r: RunResult;
    try {
      r = await this.net(['push', '--quiet', '--porcelain', ...rest], timeoutMs);
    } catch (e) {
      if (!(e instanceof GitTimeout)) throw e;
      throw new RemoteTimeout(
        `the remote did not accept the push within ${timeoutMs} ms`,
        'failure',
        'nothing was lost; run memsync sync again later',
      );
    }
    if (r.code === 0) return 'pushed';
    // --porcelain reports refused refs on stdout.
    const msg = `${r.stdout.toString()}\n${r.stderr}`;
    // Another machine pushed first (or is pushing right now): fetch and go round again.
    if (
      /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|stale info/i.test(msg) ||
      /\[remote rejected\].*(lock|reference already exists)/i.test(msg)
    )
      return 'rejected';
    throw await this.failed('pushing to the remote failed', r.stderr.trim() ? r.stderr : msg);
  }

  /** Writes a ref file atomically (refs are read as files too). */
  private async setRef(name: string, commit: string | null): Promise<void> {
    const ref = path.join(this.dir, name);
    if (commit === null) return fs.rm(ref, { force: true });
    await fs.mkdir(path.dirname(ref), { recursive: true });
    checkedWrite(ref, `${commit}\n`, { what: 'a repository ref' });
  }

  /** The remote's branches matching a pattern (`memsync/*`): name -> tip, from one `ls-remote`. */
  async remoteBranches(pattern: string, timeoutMs: number): Promise<Map<string, string>> {
    let r: RunResult;
    try {
      r = await this.net(['ls-remote', '--heads', 'origin', `refs/heads/${pattern}`], timeoutMs);
    } catch (e) {
      if (!(e instanceof GitTimeout)) throw e;
      throw new RemoteTimeout(
        `the remote did not answer within ${timeoutMs} ms`,
        'failure',
        'check the network or the remote URL (memsync doctor), then try again',
      );
    }
    if (r.code !== 0) throw await this.failed("listing the remote's branches failed", r.stderr);
    const out = r.stdout.toString();
    const heads = new Map<string, string>();
    for (const line of out.split('\n')) {
      const m = /^([0-9a-f]{40})\trefs\/heads\/(.+)$/.exec(line.trim());
      if (m) heads.set(m[2]!, m[1]!);
    }
    return heads;
  }

  /**
   * Sets a branch other than the shared one (a contributor's own branch), only if it still points
   * where we expect (`expected`, null: absent): a commit someone else added is never overwritten.
   * `commit` null deletes the branch.
   */
  async setRemoteBranch(
    name: string,
    commit: string | null,
    expected: string | null,
    timeoutMs: number,
  ): Promise<PushResult> {
    return this.pushRefspec(
      [`--force-with-lease=refs/heads/${name}:${expected ?? ''}`, 'origin', `${commit ?? ''}:refs/heads/${name}`],
      timeoutMs,
    );
  }

  /** Fetches named branches into `refs/memsync/branches/*` so their history can be read. */
  async fetchBranches(names: string[], timeoutMs: number): Promise<void> {
    if (!names.length) return;
    const specs = names.map((n) => `+refs/heads/${n}:refs/memsync/branches/${n}`);
    const r = await this.net(
      ['fetch', '--quiet', '--no-tags', '--no-auto-maintenance', '--no-write-fetch-head', 'origin', ...specs],
      timeoutMs,
    );
    if (r.code !== 0) throw await this.failed('fetching branches from the remote failed', r.stderr);
  }

  /** A local ref's commit (read through git: it may be packed), or null. */
  async readRef(name: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', `${name}^{commit}`], { okCodes: [1] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** The commits of the local refs under a prefix (e.g. `refs/memsync/previous/`). */
  async refsUnder(prefix: string): Promise<string[]> {
    const r = await this.run(['for-each-ref', '--format=%(objectname)', prefix]);
    return r.stdout.toString().split('\n').filter(Boolean);
  }

  /** Records a local ref (memsync's own bookkeeping refs, such as the last proposal pushed). */
  async writeRef(name: string, commit: string | null): Promise<void> {
    await this.setRef(name, commit);
  }

  /**
   * What `tip` changed since it left `shared` (path -> new blob, null: deleted), or null when the
   * two have no common history.
   */
  async changesSinceMergeBase(shared: string, tip: string): Promise<Map<string, string | null> | null> {
    const mb = await this.run(['merge-base', shared, tip], { okCodes: [1] });
    if (mb.code !== 0) return null;
    const r = await this.run(['diff-tree', '-r', '-z', '--no-renames', mb.stdout.toString().trim(), tip]);
    const fields = r.stdout.toString('utf8').split('\0');
    const out = new Map<string, string | null>();
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i]!.split(' ');
      out.set(fields[i + 1]!, meta[4] === 'D' ? null : meta[3]!);
    }
    return out;
  }

  /** A commit's tree and first parent. */
  async commitInfo(commit: string): Promise<{ tree: string; parent: string | null }> {
    const r = await this.run(['log', '-1', '--format=%T %P', commit]);
    const [tree, parent] = r.stdout.toString().trim().split(' ');
    return { tree: tree!, parent: parent || null };
  }

  /** The host that last changed a path on the remote (from the commit author memsync writes). */
  async lastHostFor(commit: string, p: string): Promise<string | null> {
    const r = await this.run(['log', '-1', '--format=%an', commit, '--', p]);
    return r.stdout.toString().trim() || null;
  }

  /**
   * History of the shared branch as last fetched, newest first: each commit with its time, host
   * (author) and the paths it changed (restricted to `pathspec` when given).
   */
  async history(tip: string, pathspec: string | null, limit: number | null): Promise<HistoryEntry[]> {
    // The subject after the host, set off by \x02 (a host name holds no control character).
    const args = ['log', '-z', '--no-renames', '--name-status', '--format=%x01%H%x09%ct%x09%an%x02%s'];
    if (limit !== null) args.push('-n', String(limit));
    args.push(tip);
    if (pathspec !== null) args.push('--', `:(literal)${pathspec}`);
    const r = await this.run(args);
    const out: HistoryEntry[] = [];
    for (const { head, fields } of logRecords(r.stdout)) {
      const [commit, time, ...rest] = head;
      const [host, message] = rest.join('\t').split('\x02') as [string, string | undefined];
      const paths: { status: string; path: string }[] = [];
      for (let i = 0; i + 1 < fields.length; i += 2) paths.push({ status: fields[i]!, path: fields[i + 1]! });
      const at = new Date(Number(time) * 1000).toISOString();
      out.push({ commit: commit!, time: at, host, message: message ?? '', paths });
    }
    return out;
  }

  /** The full id of a commit named by (a prefix of) its id, or null when there is none. */
  async resolveCommit(name: string): Promise<string | null> {
    const r = await this.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], {
      okCodes: [1, 128],
    });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }

  /** The shared branch's first-parent chain up to `tip`, oldest first: the order in which commits reached it. */
  async firstParentChain(tip: string): Promise<{ commit: string; time: number }[]> {
    const r = await this.run(['log', '--first-parent', '--reverse', '--format=%H %ct', tip]);
    return r.stdout
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const [commit, time] = l.split(' ');
        return { commit: commit!, time: Number(time) };
      });
  }

  /** True when `commit` is in `tip`'s history. */
  async isAncestor(commit: string, tip: string): Promise<boolean> {
    const walked = await ancestorWithin(this.objects(), commit, tip);
    if (walked !== null) return walked;
    const r = await this.run(['merge-base', '--is-ancestor', commit, tip], { okCodes: [1] });
    return r.code === 0;
  }

  /** The commit time (ISO) of a commit. */
  async commitTime(commit: string): Promise<string> {
    const r = await this.run(['log', '-1', '--format=%ct', commit]);
    return new Date(Number(r.stdout.toString().trim()) * 1000).toISOString();
  }

  /** The hosts (commit authors) of the commits after `from` up to `to`, newest first. */
  async authorsBetween(from: string | null, to: string): Promise<string[]> {
    const r = await this.run(['log', '-n', '200', '--format=%an', from ? `${from}..${to}` : to]);
    return [...new Set(r.stdout.toString().split('\n').filter(Boolean))];
  }
}

/** Creates memsync's repository in `dir` if needed and points `origin` at the remote. */
export async function ensureRepo(dir: string, host: string, remoteUrl: string): Promise<void> {
  const env = gitEnv(host);
  const run = (args: string[], okCodes?: number[]) => runGit(['--git-dir', dir, ...args], { env, okCodes });
  // The common case, checked without spawning git: the repository exists and points at the remote.
  const config = await fs.readFile(path.join(dir, 'config'), 'utf8').catch(() => '');
  if (config.includes(`[remote "origin"]\n\turl = ${remoteUrl}\n`)) return;
  const fresh = !(await exists(path.join(dir, 'HEAD')));
  if (fresh) {
    await fs.mkdir(dir, { recursive: true });
    await runGit(['init', '--bare', '--quiet', '--template=', dir], { env });
    // Made just now from no config at all (every dry run's lookaside): it has no remote to ask about.
    if (config === '') {
      await run(['remote', 'add', 'origin', remoteUrl]);
      return;
    }
  }
  const current = await run(['config', '--get', 'remote.origin.url'], [1]);
  const url = current.stdout.toString().trim();
  if (current.code === 1) await run(['remote', 'add', 'origin', remoteUrl]);
  else if (url !== remoteUrl) await run(['remote', 'set-url', 'origin', remoteUrl]);
}

/** Creates an empty bare repository (the embedded default remote). */
export async function initBareRemote(dir: string, branch: string): Promise<void> {
  if (await exists(path.join(dir, 'HEAD'))) return;
  await fs.mkdir(dir, { recursive: true });
  await runGit(['init', '--bare', '--quiet', '--template=', dir], { env: gitEnv('memsync') });
  await runGit(['--git-dir', dir, 'symbolic-ref', 'HEAD', `refs/heads/${branch}`], { env: gitEnv('memsync') });
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The records of `git log -z --format=%x01<tab-separated fields>` with `--name-only` or
 * `--name-status`: each commit's format fields, and the NUL-separated names (and statuses) after them.
 */
function logRecords(stdout: Buffer): { head: string[]; fields: string[] }[] {
  const out: { head: string[]; fields: string[] }[] = [];
  for (const chunk of stdout.toString('utf8').split('\x01')) {
    if (!chunk) continue;
    const end = chunk.indexOf('\0');
    const head = (end < 0 ? chunk : chunk.slice(0, end)).split('\t');
    const fields =
      end < 0
        ? []
        : chunk
            .slice(end + 1)
            .replace(/^\n/, '')
            .split('\0')
            .filter(Boolean);
    out.push({ head, fields });
  }
  return out;
}
