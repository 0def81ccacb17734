import { MemsyncError } from '../errors.ts';
import type { FileVersion, LocalRepo, LsTreeOptions, ReadTree, TreeEntry } from '../store/repo.ts';
import { gitEnv, runGit } from '../store/gitRun.ts';
import { LAYOUT_FILE, readLayout } from '../machine/layout.ts';
import { blobHash } from '../util/blobHash.ts';
import { agePlainSize, decrypter, encrypter, isAgeFile } from './age.ts';
import { agreedRecipients, judgeTip, type TipRecipients } from './agreement.ts';
import { CipherMap } from './cipherMap.ts';
import { ENDORSEMENT_FILE } from './endorse.ts';
import { loadIdentity, readIdentity, type Identity } from './identity.ts';
import { formatRecipients, parseRecipients, RECIPIENTS_FILE, type Recipient } from './recipients.ts';
import { listedOf } from './trust.ts';

/** Files that stay readable on an encrypted remote: what any machine must read before it has a key. */
export const STAYS_PLAIN = new Set([LAYOUT_FILE, RECIPIENTS_FILE, ENDORSEMENT_FILE]);

/**
 * The store of a machine whose remote is encrypted with age: a wrapper around the plain store
 * (`raw`). To the rest of memsync it holds plaintext: blob ids going in and out are those of the
 * plaintext, so the engine's base/live/remote hashes, merges and conflict copies work unchanged.
 * Underneath, every file but those in STAYS_PLAIN is stored as an age file encrypted to the
 * remote's recipients. What does not touch contents goes to the plain store as it is.
 */
export class EncryptedRepo implements LocalRepo {
  private identity: Promise<Identity> | null = null;
  private decrypt: ((cipher: Buffer) => Promise<Buffer>) | null = null;
  private map: CipherMap | null = null;
  /** Plaintext this process has read or been given, by plaintext blob id. */
  private readonly plain = new Map<string, Buffer>();
  readonly encryption = 'age';
  readonly dir: string;
  readonly branch: string;
  readonly host: string;
  readonly trackingRef: string;

  /** `keeps`: what it learns (the agreed list, the cipher map) is saved in `home`; a dry run's keeps nothing. */
  constructor(
    private readonly raw: LocalRepo,
    readonly home: string,
    private readonly keeps = true,
  ) {
    this.dir = raw.dir;
    this.branch = raw.branch;
    this.host = raw.host;
    this.trackingRef = raw.trackingRef;
  }

  readonly warmNetwork: LocalRepo['warmNetwork'] = () => this.raw.warmNetwork();
  readonly close: LocalRepo['close'] = () => this.raw.close();
  readonly ensure: LocalRepo['ensure'] = (...a) => this.raw.ensure(...a);
  readonly localTip: LocalRepo['localTip'] = () => this.raw.localTip();
  readonly changedPaths: LocalRepo['changedPaths'] = (...a) => this.raw.changedPaths(...a);
  readonly sizeOnDisk: LocalRepo['sizeOnDisk'] = () => this.raw.sizeOnDisk();
  readonly tidy: LocalRepo['tidy'] = (timeoutMs) => this.raw.tidy(timeoutMs);
  readonly commit: LocalRepo['commit'] = (...a) => this.raw.commit(...a);
  readonly push: LocalRepo['push'] = (...a) => this.raw.push(...a);
  readonly remoteBranches: LocalRepo['remoteBranches'] = (...a) => this.raw.remoteBranches(...a);
  readonly setRemoteBranch: LocalRepo['setRemoteBranch'] = (...a) => this.raw.setRemoteBranch(...a);
  readonly fetchBranches: LocalRepo['fetchBranches'] = (...a) => this.raw.fetchBranches(...a);
  readonly readRef: LocalRepo['readRef'] = (...a) => this.raw.readRef(...a);
  readonly refsUnder: LocalRepo['refsUnder'] = (...a) => this.raw.refsUnder(...a);
  readonly writeRef: LocalRepo['writeRef'] = (...a) => this.raw.writeRef(...a);
  // Read for paths only (a proposal's): its blob ids are those stored.
  readonly changesSinceMergeBase: LocalRepo['changesSinceMergeBase'] = (...a) => this.raw.changesSinceMergeBase(...a);
  readonly commitInfo: LocalRepo['commitInfo'] = (...a) => this.raw.commitInfo(...a);
  readonly lastHostFor: LocalRepo['lastHostFor'] = (...a) => this.raw.lastHostFor(...a);
  readonly history: LocalRepo['history'] = (...a) => this.raw.history(...a);
  readonly resolveCommit: LocalRepo['resolveCommit'] = (...a) => this.raw.resolveCommit(...a);
  readonly firstParentChain: LocalRepo['firstParentChain'] = (...a) => this.raw.firstParentChain(...a);
  readonly isAncestor: LocalRepo['isAncestor'] = (...a) => this.raw.isAncestor(...a);
  readonly commitTime: LocalRepo['commitTime'] = (...a) => this.raw.commitTime(...a);
  readonly authorsBetween: LocalRepo['authorsBetween'] = (...a) => this.raw.authorsBetween(...a);

  /** Sizes of the plaintext (what the engine reads), not of the age files stored; read without decrypting. */
  async treeSizes(commit: string, keep?: (path: string) => boolean): Promise<Map<string, number>> {
    const files = [...(await this.raw.lsTree(commit, [], { keep }))].filter(([, e]) => !e.mode.includes(':'));
    const stored = await this.raw.readBlobs(files.map(([, e]) => e.sha));
    return new Map(
      files.map(([p, e]) => {
        const content = stored.get(e.sha)!;
        return [p, (isAgeFile(content) ? agePlainSize(content) : null) ?? content.length];
      }),
    );
  }

  /** This machine's identity (loaded once; a clear error when it is missing). */
  key(): Promise<Identity> {
    this.identity ??= loadIdentity(this.home);
    return this.identity;
  }

  private cipherMap(): CipherMap {
    this.map ??= CipherMap.load(this.home, this.keeps);
    return this.map;
  }

  /**
   * Fetches; a change of the recipients list signed by a machine this one trusts is agreed to at
   * once, so a machine that only pulls follows it too (and a replay of the list it replaced is refused).
   */
  async fetch(timeoutMs: number, onSpawn?: () => void): Promise<string | null> {
    const tip = await this.raw.fetch(timeoutMs, onSpawn);
    try {
      const me = await readIdentity(this.home);
      if (me) judgeTip(this.home, me, await this.tipRecipients(tip), this.keeps ? 'signed' : 'none');
    } catch {
      // A missing key, a damaged list or pin: the push (or the sync's decryption) names it.
    }
    return tip;
  }

  /** Paths with plaintext blob ids; objects not seen before are decrypted (in one read). */
  async lsTree(commit: string, prefixes: string[] = [], opts: LsTreeOptions = {}): Promise<Map<string, TreeEntry>> {
    const entries = await this.raw.lsTree(commit, prefixes, opts);
    const files = [...entries].filter(([p, e]) => !e.mode.includes(':') && !STAYS_PLAIN.has(p));
    const plain = await this.plainIds(
      files.map(([p, e]) => ({ path: p, sha: e.sha })),
      opts,
    );
    for (const [p, e] of files) {
      const id = plain.get(e.sha);
      if (id) entries.set(p, { ...e, sha: id });
      else entries.delete(p);
    }
    return entries;
  }

  /** Read whole: the listing read before holds plaintext ids, the trees hold stored ones. */
  async lsTreeSince(_last: ReadTree, commit: string, opts: LsTreeOptions): Promise<Map<string, TreeEntry>> {
    return this.lsTree(commit, [], opts);
  }

  /** Every version a commit wrote, by plaintext id; those this machine cannot read are left out (or fail). */
  async versions(tip: string, opts: LsTreeOptions = {}): Promise<FileVersion[]> {
    const all = await this.raw.versions(tip, opts);
    const plain = await this.plainIds(
      all.filter((v) => !STAYS_PLAIN.has(v.path)),
      opts,
    );
    return all.flatMap((v) => {
      const id = STAYS_PLAIN.has(v.path) ? v.sha : plain.get(v.sha);
      return id ? [{ ...v, sha: id }] : [];
    });
  }

  /** Stored (cipher) id -> plaintext id for these files; objects not seen before are decrypted (in one read). */
  private async plainIds(files: { path: string; sha: string }[], opts: LsTreeOptions): Promise<Map<string, string>> {
    const map = this.cipherMap();
    const unknown = new Map<string, string>();
    for (const { path: p, sha } of files) if (!map.plainOf(sha)) unknown.set(sha, p);
    if (unknown.size) {
      const raw = await this.raw.readBlobs(unknown.keys());
      // All at once: WebCrypto's X25519 runs on libuv's thread pool.
      const opened = await Promise.all(
        [...raw].map(async ([sha, content]) => [sha, await this.openOrSkip(content, unknown.get(sha)!, opts)] as const),
      );
      for (const [sha, plain] of opened) {
        if (!plain) continue;
        const id = blobHash(plain);
        this.plain.set(id, plain);
        map.add(sha, id);
      }
      map.save();
    }
    const out = new Map<string, string>();
    for (const { sha } of files) {
      const id = map.plainOf(sha);
      if (id) out.set(sha, id);
    }
    return out;
  }

  /** Each plaintext, decrypted in one batch (age's work dominates; streaming would save little). */
  async eachBlob(shas: Iterable<string>, fn: (sha: string, content: Buffer) => void): Promise<void> {
    for (const [sha, content] of await this.readBlobs(shas)) fn(sha, content);
  }

  /** Plaintext by plaintext blob id. */
  async readBlobs(shas: Iterable<string>): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const todo: string[] = [];
    for (const id of new Set(shas)) {
      const known = this.plain.get(id);
      if (known) out.set(id, known);
      else todo.push(id);
    }
    if (!todo.length) return out;
    let missing = todo.filter((id) => !this.cipherMap().cipherOf(id));
    // Not encrypted by memsync: the plain files (layout, recipients) and files pushed before the
    // remote was encrypted are stored as they are.
    const stored = new Set(await this.existing(missing));
    missing = missing.filter((id) => !stored.has(id));
    // The map was lost or is behind: learn every object once, then look again.
    if (missing.length) await this.learnAll();
    const byCipher = new Map<string, string>();
    for (const id of todo) {
      const cipher = this.cipherMap().cipherOf(id) ?? (stored.has(id) ? id : undefined);
      if (!cipher)
        throw new MemsyncError(
          `the repository is missing the object of file version ${id}`,
          'failure',
          'run memsync doctor',
        );
      byCipher.set(cipher, id);
    }
    const raw = await this.raw.readBlobs(byCipher.keys());
    const opened = await Promise.all(
      [...raw].map(
        async ([cipher, content]) =>
          [cipher, await this.open(content, `file version ${byCipher.get(cipher)}`)] as const,
      ),
    );
    for (const [cipher, plain] of opened) {
      const id = byCipher.get(cipher)!;
      if (blobHash(plain) !== id)
        throw new MemsyncError(
          `object ${cipher} does not hold file version ${id}`,
          'failure',
          `delete ${this.cipherMap().file} and run memsync sync again`,
        );
      this.plain.set(id, plain);
      out.set(id, plain);
    }
    return out;
  }

  /** Keeps the plaintext for buildTree, which stores it as the path requires; returns its blob id. */
  async writeBlob(content: Buffer): Promise<string> {
    const id = blobHash(content);
    this.plain.set(id, content);
    return id;
  }

  /**
   * A tree of `baseCommit`'s with some paths set (plaintext blob id) or removed (null). Each file
   * set is encrypted to the recipients listed in the new tree (this machine included). The base's
   * list must be the one this machine agreed to (agreement.ts); a new remote gets one naming this machine.
   */
  async buildTree(baseCommit: string | null, changes: Map<string, string | null>): Promise<string> {
    const me = await this.key();
    const all = new Map(changes);
    const given = all.get(RECIPIENTS_FILE);
    let recipients = given
      ? parseRecipients(this.plain.get(given)!.toString('utf8'))
      : agreedRecipients(judgeTip(this.home, me, await this.tipRecipients(baseCommit), 'any'));
    if (!recipients) {
      recipients = [{ name: this.host, key: me.publicKey }];
      all.set(RECIPIENTS_FILE, await this.writeBlob(formatRecipients(recipients)));
    }
    const seal = await encrypter([...recipients.map((r) => r.key), me.publicKey]);
    const map = this.cipherMap();
    const stored = new Map<string, string | null>();
    await Promise.all(
      [...all].map(async ([p, id]) => {
        if (id === null) return stored.set(p, null);
        const content = this.plain.get(id);
        if (!content) throw new MemsyncError(`internal: no content for ${p} (${id}) to encrypt`);
        if (STAYS_PLAIN.has(p)) return stored.set(p, await this.raw.writeBlob(content));
        const cipher = await this.raw.writeBlob(await seal(content));
        map.add(cipher, id);
        return stored.set(p, cipher);
      }),
    );
    map.save();
    return this.raw.buildTree(baseCommit, stored);
  }

  /** The recipients file of a commit, or null when it has none. */
  async readRecipients(commit: string | null): Promise<Recipient[] | null> {
    const file = await this.plainFile(commit, RECIPIENTS_FILE);
    return file ? parseRecipients(file.toString('utf8')) : null;
  }

  /** A commit's list, read for judging: a malformed one is named, not thrown. */
  async tipRecipients(commit: string | null): Promise<TipRecipients> {
    const file = await this.plainFile(commit, RECIPIENTS_FILE);
    const endorsement = file && (await this.plainFile(commit, ENDORSEMENT_FILE));
    const encrypted = !file && !!commit && (await readLayout(this, commit))?.encryption === 'age';
    return { listed: listedOf(file, encrypted), file, endorsement };
  }

  /** A plain file of a commit (one git process: this runs before every push); null when it has none. */
  private async plainFile(commit: string | null, p: string): Promise<Buffer | null> {
    if (!commit) return null;
    const r = await runGit(['--git-dir', this.dir, 'cat-file', 'blob', `${commit}:${p}`], {
      env: gitEnv(this.host),
      okCodes: [128],
    });
    if (r.code === 0) return r.stdout;
    // Only a tree without the file has none; anything else must not drop the recipients.
    if (/does not exist/.test(r.stderr)) return null;
    throw new MemsyncError(
      `cannot read ${p} of commit ${commit}: ${r.stderr.trim().split('\n')[0]}`,
      'failure',
      'run memsync doctor',
    );
  }

  /** `open`, or null for a file sealed to other machines only when the caller takes that (opts.unreadable). */
  private async openOrSkip(content: Buffer, p: string, opts: LsTreeOptions): Promise<Buffer | null> {
    try {
      return await this.open(content, p);
    } catch (e) {
      if (!opts.unreadable) throw e;
      opts.unreadable(p);
      return null;
    }
  }

  /** Plaintext of a stored object; `what` names it in the error when this machine cannot read it. */
  private async open(content: Buffer, what: string): Promise<Buffer> {
    // Pushed before the remote was encrypted (old history): stored as it is.
    if (!isAgeFile(content)) return content;
    const me = await this.key();
    this.decrypt ??= await decrypter(me.secret);
    try {
      return await this.decrypt(content);
    } catch (e) {
      throw new MemsyncError(
        `cannot decrypt ${what} from the remote with this machine's age identity ${me.file} ` +
          `(${(e as Error).message}); nothing here was changed`,
        'failure',
        `on a machine that reads the remote run memsync keys add ${me.publicKey} --name ${this.host}, or import the ` +
          'shared key with memsync keys import FILE',
      );
    }
  }

  /** Which of these object ids the repository holds. */
  private async existing(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const r = await runGit(['--git-dir', this.dir, 'cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      env: gitEnv(this.host),
      input: `${ids.join('\n')}\n`,
    });
    return r.stdout
      .toString()
      .split('\n')
      .filter((l) => l.endsWith(' blob'))
      .map((l) => l.slice(0, 40));
  }

  /** Maps every age object in the repository that this machine can read (a rebuild of the map). */
  private async learnAll(): Promise<void> {
    const r = await runGit(
      ['--git-dir', this.dir, 'cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)'],
      { env: gitEnv(this.host) },
    );
    const map = this.cipherMap();
    const blobs = r.stdout
      .toString()
      .split('\n')
      .filter((l) => l.endsWith(' blob') && !map.plainOf(l.slice(0, 40)))
      .map((l) => l.slice(0, 40));
    const open = await decrypter((await this.key()).secret);
    const raw = [...(await this.raw.readBlobs(blobs))].filter(([, content]) => isAgeFile(content));
    // Old versions encrypted only to other machines are not this machine's to read.
    const opened = await Promise.all(
      raw.map(async ([sha, content]) => [sha, await open(content).catch(() => null)] as const),
    );
    for (const [sha, plain] of opened) if (plain) map.add(sha, blobHash(plain));
    map.save();
  }
}
