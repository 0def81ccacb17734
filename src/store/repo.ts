import { MemsyncError } from '../errors.ts';

export interface TreeEntry {
  mode: string;
  sha: string;
  /** Bytes, when asked for (blobs only). */
  size?: number;
}

/** A commit's files as `lsTree` listed them (with the same options). */
export interface ReadTree {
  commit: string;
  entries: ReadonlyMap<string, TreeEntry>;
}

export interface LsTreeOptions {
  /** Also read each file's size. */
  sizes?: boolean;
  /** Only paths it accepts (an encrypted repository decrypts nothing else). */
  keep?: (path: string) => boolean;
  /** Given: a file this machine cannot decrypt is left out and named here, instead of failing the call. */
  unreadable?: (path: string) => void;
}

/** A version of a file as a commit wrote it (added or changed). */
export interface FileVersion {
  commit: string;
  path: string;
  sha: string;
}

export interface HistoryEntry {
  commit: string;
  /** Commit time, ISO (UTC). */
  time: string;
  /** The machine that made the commit (memsync authors commits by host name). */
  host: string;
  /** The commit message's first line (a named point's name, a sync's summary). */
  message: string;
  /** Paths changed, with git's status letter (A added, M modified, D deleted). */
  paths: { status: string; path: string }[];
}

export type PushResult = 'pushed' | 'rejected';

/** The remote did not answer (or take a push) within the budget: the run was cut off, nothing lost. */
export class RemoteTimeout extends MemsyncError {}

/** Tips a remote moved away from (a rewrite, another remote), kept reachable here for log and restore. */
export const PREVIOUS_TIPS = 'refs/memsync/previous/';

/**
 * memsync's store: its own bare repository in MEMSYNC_HOME, a cache of the remote plus the commits
 * this machine builds. Blob ids going in and out are those of the plaintext, whatever the remote
 * holds: encryption is a wrapper chosen once, where the store is opened (crypto/openRepo.ts).
 */
export interface LocalRepo {
  readonly dir: string;
  readonly branch: string;
  /** This machine's host name, the author of the commits it makes. */
  readonly host: string;
  /** How file contents are stored on the remote. */
  readonly encryption: 'none' | 'age';
  /** The ref caching the remote tip of the shared branch. */
  readonly trackingRef: string;
  /** Starts reading the user's network settings for git ahead of the first network run. */
  warmNetwork(): void;
  /** Ends the git that serves its reads (a long-running process opens a repository per sync). */
  close(): void;
  /** Creates the repository if needed and points `origin` at the remote. */
  ensure(remoteUrl: string): Promise<void>;
  /** Fetches the shared branch: its tip, or null when it does not exist yet. */
  fetch(timeoutMs: number, onSpawn?: () => void): Promise<string | null>;
  /** The remote tip as last fetched. */
  localTip(): Promise<string | null>;
  /** Every file of a commit's tree: path -> mode and blob id (and size, when asked). */
  lsTree(commit: string, prefixes?: string[], opts?: LsTreeOptions): Promise<Map<string, TreeEntry>>;
  /**
   * What `lsTree(commit, [], opts)` lists, given that listing of another commit read before: only the
   * folders that differ are read (a sync that goes round again).
   */
  lsTreeSince(last: ReadTree, commit: string, opts: LsTreeOptions): Promise<Map<string, TreeEntry>>;
  /** Every file of a commit's tree (those `keep` accepts) with its size in bytes. */
  treeSizes(commit: string, keep?: (path: string) => boolean): Promise<Map<string, number>>;
  /** Every version of a file (those `keep` accepts) a commit of `tip`'s history wrote, newest first. */
  versions(tip: string, opts?: LsTreeOptions): Promise<FileVersion[]>;
  /** The newest `limit` commits of `tip`'s history, newest first, with the paths each changed. */
  changedPaths(tip: string, limit: number): Promise<{ time: string; host: string; paths: string[] }[]>;
  /** Disk size of the repository's objects, in bytes. */
  sizeOnDisk(): Promise<number>;
  /** Packs the store's objects when many are loose (true when it did); content and refs stay as they are. */
  tidy(timeoutMs: number): Promise<boolean>;
  readBlobs(shas: Iterable<string>): Promise<Map<string, Buffer>>;
  /** Hands each blob to `fn` as it is read, none kept (search reads every file of the tip). */
  eachBlob(shas: Iterable<string>, fn: (sha: string, content: Buffer) => void): Promise<void>;
  /** Stores content; returns its blob id. */
  writeBlob(content: Buffer): Promise<string>;
  /** A tree equal to `baseCommit`'s with some paths set (blob id) or removed (null). */
  buildTree(baseCommit: string | null, changes: Map<string, string | null>): Promise<string>;
  commit(tree: string, parent: string | null, message: string): Promise<string>;
  /** Pushes to the shared branch only if it is still at `expected` (null: absent). */
  push(commit: string, expected: string | null, timeoutMs: number): Promise<PushResult>;
  /** The remote's branches matching a pattern (`memsync/*`): name -> tip. */
  remoteBranches(pattern: string, timeoutMs: number): Promise<Map<string, string>>;
  /** Sets (or, `commit` null, deletes) another branch, only if it still points at `expected`. */
  setRemoteBranch(name: string, commit: string | null, expected: string | null, timeoutMs: number): Promise<PushResult>;
  fetchBranches(names: string[], timeoutMs: number): Promise<void>;
  readRef(name: string): Promise<string | null>;
  refsUnder(prefix: string): Promise<string[]>;
  writeRef(name: string, commit: string | null): Promise<void>;
  /** What `tip` changed since it left `shared` (path -> new blob, null: deleted), null without common history. */
  changesSinceMergeBase(shared: string, tip: string): Promise<Map<string, string | null> | null>;
  commitInfo(commit: string): Promise<{ tree: string; parent: string | null }>;
  lastHostFor(commit: string, p: string): Promise<string | null>;
  history(tip: string, pathspec: string | null, limit: number | null): Promise<HistoryEntry[]>;
  resolveCommit(name: string): Promise<string | null>;
  firstParentChain(tip: string): Promise<{ commit: string; time: number }[]>;
  isAncestor(commit: string, tip: string): Promise<boolean>;
  commitTime(commit: string): Promise<string>;
  authorsBetween(from: string | null, to: string): Promise<string[]>;
}
