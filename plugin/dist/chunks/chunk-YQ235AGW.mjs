import {
  judge,
  listedOf,
  nextPin,
  readPin,
  verdictProblem
} from "./chunk-DO6IZNGO.mjs";
import {
  LAYOUT_FILE,
  agePlainSize,
  bech32Bytes,
  decrypter,
  encrypter,
  isAgeFile,
  loadIdentity,
  readIdentity,
  readLayout
} from "./chunk-Q54W4AKF.mjs";
import {
  RECIPIENTS_FILE,
  formatRecipients,
  parseRecipients,
  pinFile
} from "./chunk-WHWDL6UE.mjs";
import {
  blobHash
} from "./chunk-AVJM6F24.mjs";
import {
  BareRepo
} from "./chunk-IAMV2BUG.mjs";
import {
  gitEnv,
  runGit
} from "./chunk-HKEN53EP.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  repoDir
} from "./chunk-YKBZQG47.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/store/lookaside.ts
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
function makeLookaside() {
  return fs.mkdtemp(path.join(os.tmpdir(), "memsync-dry-run-"));
}
async function initLookaside(dir, remoteUrl) {
  if (!remoteUrl || remoteUrl !== remoteUrl.trim() || /[\x00-\x1f"\\#;]/.test(remoteUrl)) return;
  for (const sub of ["objects/info", "objects/pack", "refs/heads", "refs/tags"])
    await fs.mkdir(path.join(dir, sub), { recursive: true });
  await fs.writeFile(path.join(dir, "HEAD"), "ref: refs/heads/main\n");
  const config = [
    "[core]",
    "	repositoryformatversion = 0",
    "	bare = true",
    '[remote "origin"]',
    `	url = ${remoteUrl}`,
    "	fetch = +refs/heads/*:refs/remotes/origin/*"
  ];
  await fs.writeFile(path.join(dir, "config"), `${config.join("\n")}
`);
}
async function borrowStore(dir, storeDir, host) {
  const objects = path.resolve(storeDir, "objects");
  if (!await fs.stat(objects).catch(() => null)) return;
  await fs.mkdir(path.join(dir, "objects", "info"), { recursive: true });
  await fs.writeFile(path.join(dir, "objects", "info", "alternates"), `${objects}
`);
  const refs = await runGit(["--git-dir", storeDir, "for-each-ref", "--format=%(objectname) %(refname)"], {
    env: gitEnv(host)
  });
  await fs.writeFile(path.join(dir, "packed-refs"), refs.stdout);
}
async function dropLookaside(dir) {
  await fs.rm(dir, { recursive: true, force: true });
}

// src/crypto/endorse.ts
import crypto from "node:crypto";
var ENDORSEMENT_FILE = ".memsync/recipients.sig";
var PKCS8_X25519 = Buffer.from("302e020100300506032b656e04220420", "hex");
var SPKI_X25519 = Buffer.from("302a300506032b656e032100", "hex");
function sharedSecret(secret, publicKey) {
  const privateKey = crypto.createPrivateKey({
    key: Buffer.concat([PKCS8_X25519, bech32Bytes(secret)]),
    format: "der",
    type: "pkcs8"
  });
  const pub = crypto.createPublicKey({
    key: Buffer.concat([SPKI_X25519, bech32Bytes(publicKey)]),
    format: "der",
    type: "spki"
  });
  return crypto.diffieHellman({ privateKey, publicKey: pub });
}
function tag(secret, other, by, reader, list, generation) {
  const key = crypto.hkdfSync("sha256", sharedSecret(secret, other), "memsync recipients v1", `${by}
${reader}`, 32);
  const digest = crypto.createHash("sha256").update(list).digest("hex");
  return crypto.createHmac("sha256", Buffer.from(key)).update(`${generation}
${digest}`).digest("base64url");
}
function endorse(secret, by, list, generation, readers) {
  const lines = [...new Set(readers)].map((r) => `for ${r} ${tag(secret, r, by, r, list, generation)}`);
  const head = [
    "# memsync: which machine wrote recipients.txt, checkable by each recipient with its age key (memsync keys).",
    `generation ${generation}`,
    `by ${by}`
  ];
  return Buffer.from([...head, ...lines, ""].join("\n"));
}
function parseEndorsement(text) {
  let generation = Number.NaN;
  let by = "";
  const tags = /* @__PURE__ */ new Map();
  for (const line of text.split(/\r?\n/)) {
    const [word, a, b] = line.trim().split(/\s+/);
    if (word === "generation" && a) generation = Number(a);
    else if (word === "by" && a) by = a;
    else if (word === "for" && a && b) tags.set(a, b);
  }
  return Number.isSafeInteger(generation) && generation > 0 && by ? { generation, by, tags } : null;
}
function endorsedFor(e, list, secret, me) {
  const given = e.tags.get(me);
  if (!given || !bech32Bytes(e.by)) return false;
  try {
    const want = Buffer.from(tag(secret, e.by, e.by, me, list, e.generation));
    return want.length === given.length && crypto.timingSafeEqual(want, Buffer.from(given));
  } catch {
    return false;
  }
}

// src/crypto/pin.ts
import fs2 from "node:fs";
function savePin(home, pin) {
  fs2.mkdirSync(home, { recursive: true });
  checkedWrite(pinFile(home), `${JSON.stringify(pin, null, 2)}
`, { what: "the agreed recipients" });
}

// src/crypto/agreement.ts
function judgeTip(home, me, tip, record) {
  const pin = readPin(home);
  const e = tip.endorsement ? parseEndorsement(tip.endorsement.toString("utf8")) : null;
  const signed = e && tip.file && endorsedFor(e, tip.file, me.secret, me.publicKey) ? { by: e.by, generation: e.generation } : null;
  const verdict = judge(pin, tip.listed, signed);
  const next = record === "any" || record === "signed" && verdict.kind !== "first" ? nextPin(pin, verdict) : null;
  if (next) savePin(home, next);
  return verdict;
}
function agreedRecipients(v) {
  const problem = verdictProblem(v);
  if (problem) throw new MemsyncError(problem, "failure");
  return v.kind === "fresh" || v.kind === "unusable" || v.kind === "changed" ? null : v.recipients;
}

// src/crypto/cipherMap.ts
import fs3 from "node:fs";
import path2 from "node:path";
var LINE_RE = /^([0-9a-f]{40}) ([0-9a-f]{40})$/;
var CipherMap = class _CipherMap {
  constructor(file, saves) {
    this.file = file;
    this.saves = saves;
  }
  file;
  saves;
  toPlain = /* @__PURE__ */ new Map();
  toCipher = /* @__PURE__ */ new Map();
  fresh = [];
  /** `saves` false: what is learned is kept in memory only (a dry run writes nothing). */
  static load(home, saves = true) {
    const map = new _CipherMap(path2.join(home, "cipher-map.txt"), saves);
    let text = "";
    try {
      text = fs3.readFileSync(map.file, "utf8");
    } catch {
    }
    for (const line of text.split("\n")) {
      const m = LINE_RE.exec(line);
      if (m) map.remember(m[1], m[2]);
    }
    return map;
  }
  plainOf(cipher) {
    return this.toPlain.get(cipher);
  }
  cipherOf(plain) {
    return this.toCipher.get(plain);
  }
  add(cipher, plain) {
    if (this.toPlain.get(cipher) === plain) return;
    this.remember(cipher, plain);
    this.fresh.push(`${cipher} ${plain}
`);
  }
  /** Appends what was learned since the last save (one write). */
  save() {
    if (!this.fresh.length || !this.saves) return;
    fs3.mkdirSync(path2.dirname(this.file), { recursive: true });
    fs3.appendFileSync(this.file, `
${this.fresh.join("")}`);
    this.fresh = [];
  }
  remember(cipher, plain) {
    this.toPlain.set(cipher, plain);
    this.toCipher.set(plain, cipher);
  }
};

// src/crypto/encryptedRepo.ts
var STAYS_PLAIN = /* @__PURE__ */ new Set([LAYOUT_FILE, RECIPIENTS_FILE, ENDORSEMENT_FILE]);
var EncryptedRepo = class {
  /** `keeps`: what it learns (the agreed list, the cipher map) is saved in `home`; a dry run's keeps nothing. */
  constructor(raw, home, keeps = true) {
    this.raw = raw;
    this.home = home;
    this.keeps = keeps;
    this.dir = raw.dir;
    this.branch = raw.branch;
    this.host = raw.host;
    this.trackingRef = raw.trackingRef;
  }
  raw;
  home;
  keeps;
  identity = null;
  decrypt = null;
  map = null;
  /** Plaintext this process has read or been given, by plaintext blob id. */
  plain = /* @__PURE__ */ new Map();
  encryption = "age";
  dir;
  branch;
  host;
  trackingRef;
  warmNetwork = () => this.raw.warmNetwork();
  close = () => this.raw.close();
  ensure = (...a) => this.raw.ensure(...a);
  localTip = () => this.raw.localTip();
  changedPaths = (...a) => this.raw.changedPaths(...a);
  sizeOnDisk = () => this.raw.sizeOnDisk();
  tidy = (timeoutMs) => this.raw.tidy(timeoutMs);
  commit = (...a) => this.raw.commit(...a);
  push = (...a) => this.raw.push(...a);
  remoteBranches = (...a) => this.raw.remoteBranches(...a);
  setRemoteBranch = (...a) => this.raw.setRemoteBranch(...a);
  fetchBranches = (...a) => this.raw.fetchBranches(...a);
  readRef = (...a) => this.raw.readRef(...a);
  refsUnder = (...a) => this.raw.refsUnder(...a);
  writeRef = (...a) => this.raw.writeRef(...a);
  // Read for paths only (a proposal's): its blob ids are those stored.
  changesSinceMergeBase = (...a) => this.raw.changesSinceMergeBase(...a);
  commitInfo = (...a) => this.raw.commitInfo(...a);
  lastHostFor = (...a) => this.raw.lastHostFor(...a);
  history = (...a) => this.raw.history(...a);
  resolveCommit = (...a) => this.raw.resolveCommit(...a);
  firstParentChain = (...a) => this.raw.firstParentChain(...a);
  isAncestor = (...a) => this.raw.isAncestor(...a);
  commitTime = (...a) => this.raw.commitTime(...a);
  authorsBetween = (...a) => this.raw.authorsBetween(...a);
  /** Sizes of the plaintext (what the engine reads), not of the age files stored; read without decrypting. */
  async treeSizes(commit, keep) {
    const files = [...await this.raw.lsTree(commit, [], { keep })].filter(([, e]) => !e.mode.includes(":"));
    const stored = await this.raw.readBlobs(files.map(([, e]) => e.sha));
    return new Map(
      files.map(([p, e]) => {
        const content = stored.get(e.sha);
        return [p, (isAgeFile(content) ? agePlainSize(content) : null) ?? content.length];
      })
    );
  }
  /** This machine's identity (loaded once; a clear error when it is missing). */
  key() {
    this.identity ??= loadIdentity(this.home);
    return this.identity;
  }
  cipherMap() {
    this.map ??= CipherMap.load(this.home, this.keeps);
    return this.map;
  }
  /**
   * Fetches; a change of the recipients list signed by a machine this one trusts is agreed to at
   * once, so a machine that only pulls follows it too (and a replay of the list it replaced is refused).
   */
  async fetch(timeoutMs, onSpawn) {
    const tip = await this.raw.fetch(timeoutMs, onSpawn);
    try {
      const me = await readIdentity(this.home);
      if (me) judgeTip(this.home, me, await this.tipRecipients(tip), this.keeps ? "signed" : "none");
    } catch {
    }
    return tip;
  }
  /** Paths with plaintext blob ids; objects not seen before are decrypted (in one read). */
  async lsTree(commit, prefixes = [], opts = {}) {
    const entries = await this.raw.lsTree(commit, prefixes, opts);
    const files = [...entries].filter(([p, e]) => !e.mode.includes(":") && !STAYS_PLAIN.has(p));
    const plain = await this.plainIds(
      files.map(([p, e]) => ({ path: p, sha: e.sha })),
      opts
    );
    for (const [p, e] of files) {
      const id = plain.get(e.sha);
      if (id) entries.set(p, { ...e, sha: id });
      else entries.delete(p);
    }
    return entries;
  }
  /** Read whole: the listing read before holds plaintext ids, the trees hold stored ones. */
  async lsTreeSince(_last, commit, opts) {
    return this.lsTree(commit, [], opts);
  }
  /** Every version a commit wrote, by plaintext id; those this machine cannot read are left out (or fail). */
  async versions(tip, opts = {}) {
    const all = await this.raw.versions(tip, opts);
    const plain = await this.plainIds(
      all.filter((v) => !STAYS_PLAIN.has(v.path)),
      opts
    );
    return all.flatMap((v) => {
      const id = STAYS_PLAIN.has(v.path) ? v.sha : plain.get(v.sha);
      return id ? [{ ...v, sha: id }] : [];
    });
  }
  /** Stored (cipher) id -> plaintext id for these files; objects not seen before are decrypted (in one read). */
  async plainIds(files, opts) {
    const map = this.cipherMap();
    const unknown = /* @__PURE__ */ new Map();
    for (const { path: p, sha } of files) if (!map.plainOf(sha)) unknown.set(sha, p);
    if (unknown.size) {
      const raw = await this.raw.readBlobs(unknown.keys());
      const opened = await Promise.all(
        [...raw].map(async ([sha, content]) => [sha, await this.openOrSkip(content, unknown.get(sha), opts)])
      );
      for (const [sha, plain] of opened) {
        if (!plain) continue;
        const id = blobHash(plain);
        this.plain.set(id, plain);
        map.add(sha, id);
      }
      map.save();
    }
    const out = /* @__PURE__ */ new Map();
    for (const { sha } of files) {
      const id = map.plainOf(sha);
      if (id) out.set(sha, id);
    }
    return out;
  }
  /** Each plaintext, decrypted in one batch (age's work dominates; streaming would save little). */
  async eachBlob(shas, fn) {
    for (const [sha, content] of await this.readBlobs(shas)) fn(sha, content);
  }
  /** Plaintext by plaintext blob id. */
  async readBlobs(shas) {
    const out = /* @__PURE__ */ new Map();
    const todo = [];
    for (const id of new Set(shas)) {
      const known = this.plain.get(id);
      if (known) out.set(id, known);
      else todo.push(id);
    }
    if (!todo.length) return out;
    let missing = todo.filter((id) => !this.cipherMap().cipherOf(id));
    const stored = new Set(await this.existing(missing));
    missing = missing.filter((id) => !stored.has(id));
    if (missing.length) await this.learnAll();
    const byCipher = /* @__PURE__ */ new Map();
    for (const id of todo) {
      const cipher = this.cipherMap().cipherOf(id) ?? (stored.has(id) ? id : void 0);
      if (!cipher)
        throw new MemsyncError(
          `the repository is missing the object of file version ${id}`,
          "failure",
          "run memsync doctor"
        );
      byCipher.set(cipher, id);
    }
    const raw = await this.raw.readBlobs(byCipher.keys());
    const opened = await Promise.all(
      [...raw].map(
        async ([cipher, content]) => [cipher, await this.open(content, `file version ${byCipher.get(cipher)}`)]
      )
    );
    for (const [cipher, plain] of opened) {
      const id = byCipher.get(cipher);
      if (blobHash(plain) !== id)
        throw new MemsyncError(
          `object ${cipher} does not hold file version ${id}`,
          "failure",
          `delete ${this.cipherMap().file} and run memsync sync again`
        );
      this.plain.set(id, plain);
      out.set(id, plain);
    }
    return out;
  }
  /** Keeps the plaintext for buildTree, which stores it as the path requires; returns its blob id. */
  async writeBlob(content) {
    const id = blobHash(content);
    this.plain.set(id, content);
    return id;
  }
  /**
   * A tree of `baseCommit`'s with some paths set (plaintext blob id) or removed (null). Each file
   * set is encrypted to the recipients listed in the new tree (this machine included). The base's
   * list must be the one this machine agreed to (agreement.ts); a new remote gets one naming this machine.
   */
  async buildTree(baseCommit, changes) {
    const me = await this.key();
    const all = new Map(changes);
    const given = all.get(RECIPIENTS_FILE);
    let recipients = given ? parseRecipients(this.plain.get(given).toString("utf8")) : agreedRecipients(judgeTip(this.home, me, await this.tipRecipients(baseCommit), "any"));
    if (!recipients) {
      recipients = [{ name: this.host, key: me.publicKey }];
      all.set(RECIPIENTS_FILE, await this.writeBlob(formatRecipients(recipients)));
    }
    const seal = await encrypter([...recipients.map((r) => r.key), me.publicKey]);
    const map = this.cipherMap();
    const stored = /* @__PURE__ */ new Map();
    await Promise.all(
      [...all].map(async ([p, id]) => {
        if (id === null) return stored.set(p, null);
        const content = this.plain.get(id);
        if (!content) throw new MemsyncError(`internal: no content for ${p} (${id}) to encrypt`);
        if (STAYS_PLAIN.has(p)) return stored.set(p, await this.raw.writeBlob(content));
        const cipher = await this.raw.writeBlob(await seal(content));
        map.add(cipher, id);
        return stored.set(p, cipher);
      })
    );
    map.save();
    return this.raw.buildTree(baseCommit, stored);
  }
  /** The recipients file of a commit, or null when it has none. */
  async readRecipients(commit) {
    const file = await this.plainFile(commit, RECIPIENTS_FILE);
    return file ? parseRecipients(file.toString("utf8")) : null;
  }
  /** A commit's list, read for judging: a malformed one is named, not thrown. */
  async tipRecipients(commit) {
    const file = await this.plainFile(commit, RECIPIENTS_FILE);
    const endorsement = file && await this.plainFile(commit, ENDORSEMENT_FILE);
    const encrypted = !file && !!commit && (await readLayout(this, commit))?.encryption === "age";
    return { listed: listedOf(file, encrypted), file, endorsement };
  }
  /** A plain file of a commit (one git process: this runs before every push); null when it has none. */
  async plainFile(commit, p) {
    if (!commit) return null;
    const r = await runGit(["--git-dir", this.dir, "cat-file", "blob", `${commit}:${p}`], {
      env: gitEnv(this.host),
      okCodes: [128]
    });
    if (r.code === 0) return r.stdout;
    if (/does not exist/.test(r.stderr)) return null;
    throw new MemsyncError(
      `cannot read ${p} of commit ${commit}: ${r.stderr.trim().split("\n")[0]}`,
      "failure",
      "run memsync doctor"
    );
  }
  /** `open`, or null for a file sealed to other machines only when the caller takes that (opts.unreadable). */
  async openOrSkip(content, p, opts) {
    try {
      return await this.open(content, p);
    } catch (e) {
      if (!opts.unreadable) throw e;
      opts.unreadable(p);
      return null;
    }
  }
  /** Plaintext of a stored object; `what` names it in the error when this machine cannot read it. */
  async open(content, what) {
    if (!isAgeFile(content)) return content;
    const me = await this.key();
    this.decrypt ??= await decrypter(me.secret);
    try {
      return await this.decrypt(content);
    } catch (e) {
      throw new MemsyncError(
        `cannot decrypt ${what} from the remote with this machine's age identity ${me.file} (${e.message}); nothing here was changed`,
        "failure",
        `on a machine that reads the remote run memsync keys add ${me.publicKey} --name ${this.host}, or import the shared key with memsync keys import FILE`
      );
    }
  }
  /** Which of these object ids the repository holds. */
  async existing(ids) {
    if (!ids.length) return [];
    const r = await runGit(["--git-dir", this.dir, "cat-file", "--batch-check=%(objectname) %(objecttype)"], {
      env: gitEnv(this.host),
      input: `${ids.join("\n")}
`
    });
    return r.stdout.toString().split("\n").filter((l) => l.endsWith(" blob")).map((l) => l.slice(0, 40));
  }
  /** Maps every age object in the repository that this machine can read (a rebuild of the map). */
  async learnAll() {
    const r = await runGit(
      ["--git-dir", this.dir, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"],
      { env: gitEnv(this.host) }
    );
    const map = this.cipherMap();
    const blobs = r.stdout.toString().split("\n").filter((l) => l.endsWith(" blob") && !map.plainOf(l.slice(0, 40))).map((l) => l.slice(0, 40));
    const open = await decrypter((await this.key()).secret);
    const raw = [...await this.raw.readBlobs(blobs)].filter(([, content]) => isAgeFile(content));
    const opened = await Promise.all(
      raw.map(async ([sha, content]) => [sha, await open(content).catch(() => null)])
    );
    for (const [sha, plain] of opened) if (plain) map.add(sha, blobHash(plain));
    map.save();
  }
};

// src/crypto/openRepo.ts
function openRepo(ctx, encryption = ctx.settings.encryption) {
  const plain = new BareRepo(repoDir(ctx.home), ctx.settings.branch, ctx.host);
  return encryption === "age" ? new EncryptedRepo(plain, ctx.home) : plain;
}
async function openLookaside(ctx) {
  const dir = await makeLookaside();
  try {
    const plain = new BareRepo(dir, ctx.settings.branch, ctx.host);
    await initLookaside(dir, ctx.settings.remote);
    await plain.ensure(ctx.settings.remote);
    await borrowStore(dir, repoDir(ctx.home), ctx.host);
    const repo = ctx.settings.encryption === "age" ? new EncryptedRepo(plain, ctx.home, false) : plain;
    return {
      repo,
      close: () => {
        repo.close();
        return dropLookaside(dir);
      }
    };
  } catch (e) {
    await dropLookaside(dir);
    throw e;
  }
}

export {
  ENDORSEMENT_FILE,
  endorse,
  parseEndorsement,
  savePin,
  judgeTip,
  agreedRecipients,
  STAYS_PLAIN,
  openRepo,
  openLookaside
};
