import {
  gitCause,
  gitFix,
  resolveSshHost
} from "./chunk-2GQMOTW5.mjs";
import {
  GIT_SAFE_CONFIG,
  GitTimeout,
  gitEnv,
  networkRun,
  runGit,
  userNetworkConfig
} from "./chunk-HKEN53EP.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import {
  defaultSettings,
  loadSettings,
  writeSettings
} from "./chunk-YC4HVIOS.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  claudeConfigDir,
  memsyncHome,
  repoDir
} from "./chunk-YKBZQG47.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";

// src/machine/context.ts
import fs3 from "node:fs/promises";
import { existsSync } from "node:fs";
import path3 from "node:path";

// src/store/bareRepo.ts
import fs2 from "node:fs/promises";
import path2 from "node:path";

// src/store/batchStream.ts
function batchParser(onObject, buffer = () => true) {
  let head = [];
  let current = null;
  let parts = [];
  let got = 0;
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (!current) {
        const nl = chunk.indexOf(10, i);
        if (nl < 0) {
          head.push(chunk.subarray(i));
          return;
        }
        head.push(chunk.subarray(i, nl));
        const [sha = "", type = "", size] = Buffer.concat(head).toString("latin1").split(" ");
        head = [];
        i = nl + 1;
        if (type === "missing" || size === void 0) onObject(sha, "missing", null, 0);
        else current = { sha, type, size: Number(size), keep: buffer() };
        continue;
      }
      const take = Math.min(current.size + 1 - got, chunk.length - i);
      if (current.keep) parts.push(chunk.subarray(i, i + take));
      got += take;
      i += take;
      if (got === current.size + 1) {
        const whole = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        onObject(current.sha, current.type, whole.subarray(0, current.keep ? current.size : 0), current.size);
        current = null;
        parts = [];
        got = 0;
      }
    }
  };
}

// src/store/objects.ts
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
function writeLooseObject(gitDir, type, content) {
  const header = Buffer.from(`${type} ${content.length}\0`);
  const sha = createHash("sha1").update(header).update(content).digest("hex");
  const file = path.join(gitDir, "objects", sha.slice(0, 2), sha.slice(2));
  if (fs.existsSync(file)) return sha;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, zlib.deflateSync(Buffer.concat([header, content])), {
    mode: 292,
    fsync: false,
    what: "a repository object"
  });
  return sha;
}
var ObjectReader = class {
  child;
  waiting = [];
  failed = null;
  constructor(gitDir, env) {
    this.child = spawn("git", [...GIT_SAFE_CONFIG, "--git-dir", gitDir, "cat-file", "--batch"], {
      env,
      stdio: ["pipe", "pipe", "pipe"]
    });
    this.child.stdout.on(
      "data",
      batchParser(
        (_sha, type, content, size) => {
          this.waiting.shift()?.resolve(content ? { type, content, size } : null);
          if (!this.waiting.length) this.idle();
        },
        () => !this.waiting[0]?.sizeOnly
      )
    );
    const fail = (e) => {
      this.failed = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    this.child.on("error", (e) => fail(e));
    this.child.on("close", () => fail(new MemsyncError("git cat-file ended early")));
    this.child.stdin.on("error", () => void 0);
    this.idle();
  }
  /** Whether it can still answer (a reader whose git ended is replaced). */
  get usable() {
    return this.failed === null;
  }
  read(sha, sizeOnly = false) {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (!this.waiting.length) this.busy();
      this.waiting.push({ resolve, reject, sizeOnly });
      this.child.stdin.write(`${sha}
`);
    });
  }
  close() {
    this.child.removeAllListeners("close");
    this.child.stdin.end();
  }
  /** A pending read keeps the process alive until git answers. */
  busy() {
    for (const h of this.handles()) h.ref();
  }
  /** An idle reader does not keep the process alive: git ends when its input closes at exit. */
  idle() {
    for (const h of this.handles()) h.unref();
  }
  /** The child and its pipes (sockets, which Node's types call plain streams). */
  handles() {
    const { stdin, stdout, stderr } = this.child;
    return [this.child, ...[stdin, stdout, stderr].map((p) => p)];
  }
};
function parseTree(buf) {
  const out = [];
  let i = 0;
  while (i < buf.length) {
    const sp = buf.indexOf(32, i);
    const nul = buf.indexOf(0, sp);
    out.push({
      mode: buf.subarray(i, sp).toString(),
      name: buf.subarray(sp + 1, nul).toString("utf8"),
      sha: buf.subarray(nul + 1, nul + 21).toString("hex")
    });
    i = nul + 21;
  }
  return out;
}
function treeKey(e) {
  return Buffer.from(e.mode === "40000" ? `${e.name}/` : e.name, "utf8");
}
function serializeTree(entries) {
  const sorted = [...entries].sort((a, b) => Buffer.compare(treeKey(a), treeKey(b)));
  return Buffer.concat(
    sorted.flatMap((e) => [Buffer.from(`${e.mode} ${e.name}\0`, "utf8"), Buffer.from(e.sha, "hex")])
  );
}
function isLeaf(n) {
  return !(n instanceof Map);
}
async function rewriteTree(gitDir, reader, baseTree, changes) {
  const trie = /* @__PURE__ */ new Map();
  const ordered = [...changes].sort(([, x], [, y]) => (x === null ? 0 : 1) - (y === null ? 0 : 1));
  for (const [p, blob] of ordered) {
    const parts = p.split("/");
    let node = trie;
    for (const seg of parts.slice(0, -1)) {
      let next = node.get(seg);
      if (!next || isLeaf(next)) node.set(seg, next = /* @__PURE__ */ new Map());
      node = next;
    }
    node.set(parts.at(-1), { blob });
  }
  const walk2 = async (treeSha, node) => {
    const entries = /* @__PURE__ */ new Map();
    if (treeSha) {
      const obj = await reader.read(treeSha);
      if (obj?.type !== "tree")
        throw new MemsyncError(`the repository is missing tree ${treeSha}`, "failure", "run memsync doctor");
      for (const e of parseTree(obj.content)) entries.set(e.name, e);
    }
    const subs = await Promise.all(
      [...node].map(async ([name, child]) => {
        if (isLeaf(child)) return { name, leaf: child.blob, sub: void 0 };
        const old = entries.get(name);
        return { name, leaf: void 0, sub: await walk2(old?.mode === "40000" ? old.sha : null, child) };
      })
    );
    for (const { name, leaf, sub } of subs) {
      const value = sub !== void 0 ? sub : leaf;
      if (value) entries.set(name, { mode: sub !== void 0 ? "40000" : "100644", name, sha: value });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    return writeLooseObject(gitDir, "tree", serializeTree([...entries.values()]));
  };
  return await walk2(baseTree, trie) ?? writeLooseObject(gitDir, "tree", Buffer.alloc(0));
}
async function entryAt(reader, commit, file) {
  let tree = await treeOf(reader, commit);
  if (!tree) return "other";
  const parts = file.split("/");
  for (const [i, name] of parts.entries()) {
    const obj = await reader.read(tree);
    if (obj?.type !== "tree") return "other";
    const e = parseTree(obj.content).find((x) => x.name === name);
    if (!e) return null;
    if (i === parts.length - 1)
      return e.mode === "40000" ? "other" : { mode: e.mode === "160000" ? "commit:160000" : e.mode, sha: e.sha };
    if (e.mode !== "40000") return null;
    tree = e.sha;
  }
  return "other";
}
var WALK_LIMIT = 256;
async function ancestorWithin(reader, commit, tip) {
  const seen = /* @__PURE__ */ new Set([tip]);
  const queue = [tip];
  while (queue.length) {
    const next = queue.shift();
    if (next === commit) return true;
    if (seen.size > WALK_LIMIT) return null;
    const obj = await reader.read(next);
    if (obj?.type !== "commit") return null;
    for (const m of obj.content.toString("utf8").split("\n\n", 1)[0].matchAll(/^parent ([0-9a-f]{40})$/gm))
      if (!seen.has(m[1])) {
        seen.add(m[1]);
        queue.push(m[1]);
      }
  }
  return false;
}
async function commitTree(reader, commit) {
  const tree = await treeOf(reader, commit);
  if (!tree) throw new MemsyncError(`the repository is missing commit ${commit}`, "failure", "run memsync doctor");
  return tree;
}
async function treeOf(reader, commit) {
  const obj = await reader.read(commit);
  const m = obj?.type === "commit" ? /^tree ([0-9a-f]{40})/.exec(obj.content.toString("utf8")) : null;
  return m ? m[1] : null;
}
function writeCommit(gitDir, tree, parent, host, message, when = /* @__PURE__ */ new Date()) {
  const who = `${host} <memsync@${host}> ${Math.floor(when.getTime() / 1e3)} +0000`;
  const text = `tree ${tree}
${parent ? `parent ${parent}
` : ""}author ${who}
committer ${who}

${maskSecrets(message)}`;
  return writeLooseObject(gitDir, "commit", Buffer.from(text, "utf8"));
}

// src/store/treeDiff.ts
async function entriesSince(reader, last, commit, opts) {
  const out = new Map(last.entries);
  const [from, to] = await Promise.all([commitTree(reader, last.commit), commitTree(reader, commit)]);
  const added = await walk(reader, from, to, "", out, opts);
  return added ? new Map([...out].sort(([a], [b]) => byteOrder(a, b))) : out;
}
async function walk(reader, from, to, prefix, out, opts) {
  if (from === to) return false;
  const [a, b] = await Promise.all([folder(reader, from), folder(reader, to)]);
  const added = await Promise.all(
    [.../* @__PURE__ */ new Set([...a.keys(), ...b.keys()])].map(async (name) => {
      const [old, now] = [a.get(name), b.get(name)];
      if (old && now && old.mode === now.mode && old.sha === now.sha) return false;
      const p = prefix + name;
      const [oldTree, newTree] = [treeId(old), treeId(now)];
      if (old && !oldTree) out.delete(p);
      if (oldTree && !newTree) {
        for (const k of [...out.keys()]) if (k.startsWith(`${p}/`)) out.delete(k);
      }
      if (newTree) return walk(reader, oldTree, newTree, `${p}/`, out, opts);
      if (!now || opts.keep && !opts.keep(p)) return false;
      const isNew = !out.has(p);
      out.set(p, await entryOf(reader, now, opts.sizes ?? false));
      return isNew;
    })
  );
  return added.some(Boolean);
}
async function folder(reader, tree) {
  if (!tree) return /* @__PURE__ */ new Map();
  const obj = await reader.read(tree);
  if (obj?.type !== "tree") throw missing(tree);
  return new Map(parseTree(obj.content).map((e) => [e.name, e]));
}
function treeId(e) {
  return e?.mode === "40000" ? e.sha : null;
}
async function entryOf(reader, e, sizes) {
  const mode = e.mode.padStart(6, "0");
  if (mode === "160000") return { mode: "commit:160000", sha: e.sha };
  if (!sizes) return { mode, sha: e.sha };
  const obj = await reader.read(e.sha, true);
  if (!obj) throw missing(e.sha);
  return { mode, sha: e.sha, size: obj.size };
}
var missing = (sha) => new MemsyncError(`the repository is missing object ${sha}`, "failure", "run memsync doctor");
function byteOrder(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return weight(x) - weight(y);
  }
  return a.length - b.length;
}
function weight(unit) {
  if (unit >= 55296 && unit <= 57343) return unit + 8192;
  return unit >= 57344 ? unit - 2048 : unit;
}

// src/store/repo.ts
var RemoteTimeout = class extends MemsyncError {
};
var PREVIOUS_TIPS = "refs/memsync/previous/";

// src/store/bareRepo.ts
var LOOSE_LIMIT = 1024;
var PACK_LIMIT = 20;
var FEW_BLOBS = 64;
var missingObject = (what) => new MemsyncError(`the repository is missing object ${what}`, "failure", "run memsync doctor");
var BareRepo = class {
  constructor(dir, branch, host) {
    this.dir = dir;
    this.branch = branch;
    this.host = host;
    this.env = gitEnv(host);
  }
  dir;
  branch;
  host;
  env;
  /** The user's network settings for git, read at this repository's first network run. */
  userNet;
  reader;
  /** The remote `ensure` pointed origin at (for the fixes errors suggest). */
  remoteUrl = null;
  /** How file contents are stored on the remote: as they are here (EncryptedRepo: age). */
  get encryption() {
    return "none";
  }
  get trackingRef() {
    return `refs/remotes/origin/${this.branch}`;
  }
  run(args, opts = {}) {
    return runGit(["--git-dir", this.dir, ...args], { env: this.env, ...opts });
  }
  close() {
    this.reader?.close();
    this.reader = void 0;
  }
  /** Starts reading the user's network settings for git, so that the first network run need not wait for them. */
  warmNetwork() {
    this.userNetwork().catch(() => void 0);
  }
  /** Read once for a fetch and the push after it (a git run of its own each time otherwise); a failure is not kept. */
  userNetwork() {
    this.userNet ??= userNetworkConfig(this.env, this.remoteUrl ?? void 0).catch((e) => {
      this.userNet = void 0;
      throw e;
    });
    return this.userNet;
  }
  /**
   * A git command that talks to the remote, bounded by `timeoutMs` whatever the server does,
   * with the user's transport settings and nothing interactive (netEnv.ts).
   */
  async net(args, timeoutMs, onSpawn) {
    const deadline = Date.now() + timeoutMs;
    const { env, config } = await networkRun(this.env, timeoutMs, { user: this.userNetwork() });
    return runGit([...config, "--git-dir", this.dir, ...args], {
      env,
      timeoutMs: Math.max(1, deadline - Date.now()),
      okCodes: [1, 128],
      onSpawn
    });
  }
  /** git's failure as one line with the fix for the cases people meet (a host key, a key, a credential). */
  async failed(what, out) {
    const remote = this.remoteUrl ?? "";
    const fix = gitFix(out, remote, /host key/i.test(out) ? await resolveSshHost(remote) : null);
    return new MemsyncError(`${what}: ${gitCause(out)}`, "failure", fix ?? "run memsync doctor to check the remote");
  }
  /** Creates the repository if needed and points `origin` at the remote. */
  async ensure(remoteUrl) {
    this.remoteUrl = remoteUrl;
    await ensureRepo(this.dir, this.host, remoteUrl);
  }
  /**
   * Fetches the shared branch; returns the remote tip, or null when the branch does not exist yet.
   * git starts before this returns its promise, so a caller can scan live files meanwhile;
   * `onSpawn` is called once git fetch itself is started.
   */
  async fetch(timeoutMs, onSpawn) {
    const args = [
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-auto-maintenance",
      "--no-write-fetch-head",
      "origin",
      `+refs/heads/${this.branch}:${this.trackingRef}`
    ];
    const r = await this.net(args, timeoutMs, onSpawn).catch((e) => {
      if (e instanceof GitTimeout) {
        throw new RemoteTimeout(
          `the remote did not answer within ${timeoutMs} ms`,
          "failure",
          "check the network or the remote URL (memsync doctor), then run memsync sync again"
        );
      }
      throw e;
    });
    if (r.code !== 0) {
      if (/couldn't find remote ref/i.test(r.stderr)) {
        await this.run(["update-ref", "-d", this.trackingRef]);
        return null;
      }
      throw await this.failed("fetching from the remote failed", r.stderr);
    }
    return this.localTip();
  }
  /** The remote tip as last fetched (read from the ref files: a spawn here cost as much as the rest). */
  async localTip() {
    const loose = await fs2.readFile(path2.join(this.dir, this.trackingRef), "utf8").catch(() => null);
    if (loose !== null) return /^[0-9a-f]{40}$/.test(loose.trim()) ? loose.trim() : this.revParse();
    const packed = await fs2.readFile(path2.join(this.dir, "packed-refs"), "utf8").catch(() => "");
    const line = packed.split("\n").find((l) => l.endsWith(` ${this.trackingRef}`));
    return line ? line.slice(0, 40) : null;
  }
  async revParse() {
    const r = await this.run(["rev-parse", "--verify", "--quiet", `${this.trackingRef}^{commit}`], { okCodes: [1] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }
  /** Every file of a commit's tree (those `keep` accepts): path -> mode and blob id (and size, when asked). */
  async lsTree(commit, prefixes = [], { sizes = false, keep } = {}) {
    const one = prefixes.length === 1 && !sizes && !keep && /^[^/]+(\/[^/]+)*$/.test(prefixes[0]) ? prefixes[0] : null;
    const found = one ? await entryAt(this.objects(), commit, one) : "other";
    if (found !== "other") return new Map(found ? [[one, found]] : []);
    const r = await this.run([
      "ls-tree",
      "-r",
      "-z",
      ...sizes ? ["-l"] : [],
      "--full-tree",
      commit,
      ...prefixes.length ? ["--", ...prefixes] : []
    ]);
    const entries = /* @__PURE__ */ new Map();
    for (const rec of r.stdout.toString("utf8").split("\0")) {
      const tab = rec.indexOf("	");
      const s1 = rec.indexOf(" ");
      const s2 = rec.indexOf(" ", s1 + 1);
      if (tab < 0 || s1 < 0 || s2 < 0 || s2 > tab) continue;
      const p = rec.slice(tab + 1);
      if (keep && !keep(p)) continue;
      const s3 = rec.indexOf(" ", s2 + 1);
      const sha = rec.slice(s2 + 1, s3 > 0 && s3 < tab ? s3 : tab);
      const mode = rec.slice(0, s1);
      const type = rec.slice(s1 + 1, s2);
      const entry = { mode: type === "blob" ? mode : `${type}:${mode}`, sha };
      if (sizes && type === "blob") entry.size = Number(rec.slice(s3, tab));
      entries.set(p, entry);
    }
    return entries;
  }
  async lsTreeSince(last, commit, opts) {
    return entriesSince(this.objects(), last, commit, opts);
  }
  /** Every version of a file (those `keep` accepts) a commit of `tip`'s history wrote, newest first (one git run). */
  async versions(tip, { keep } = {}) {
    const r = await this.run(["log", "-z", "--raw", "--no-abbrev", "--no-renames", "--format=%x01%H", tip]);
    const out = [];
    for (const { head, fields } of logRecords(r.stdout)) {
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const [, mode = "", , sha = "", status] = fields[i].split(" ");
        const p = fields[i + 1];
        if (status === "D" || !mode.startsWith("100") || keep && !keep(p)) continue;
        out.push({ commit: head[0], path: p, sha });
      }
    }
    return out;
  }
  /** Every file of a commit's tree (those `keep` accepts) with its size: path -> bytes (one git process). */
  async treeSizes(commit, keep) {
    const r = await this.run(["ls-tree", "-r", "-l", "-z", "--full-tree", commit]);
    const out = /* @__PURE__ */ new Map();
    for (const rec of r.stdout.toString("utf8").split("\0")) {
      const tab = rec.indexOf("	");
      if (tab < 0) continue;
      const [, type, , size] = rec.slice(0, tab).trim().split(/\s+/);
      if (type !== "blob" || keep && !keep(rec.slice(tab + 1))) continue;
      out.set(rec.slice(tab + 1), Number(size) || 0);
    }
    return out;
  }
  /**
   * The newest `limit` commits of `tip`'s history, newest first: time (ISO), host (author) and
   * the paths each changed. One git process.
   */
  async changedPaths(tip, limit) {
    const r = await this.run([
      "log",
      "-z",
      "--no-renames",
      "--name-only",
      "--format=%x01%ct%x09%an",
      "-n",
      String(limit),
      tip
    ]);
    const out = [];
    for (const { head, fields: paths } of logRecords(r.stdout)) {
      const [time, ...host] = head;
      out.push({ time: new Date(Number(time) * 1e3).toISOString(), host: host.join("	"), paths });
    }
    return out;
  }
  /** Disk size of the repository's objects (loose and packed), in bytes. */
  async sizeOnDisk() {
    const r = await this.run(["count-objects", "-v"]);
    let kib = 0;
    for (const line of r.stdout.toString().split("\n")) {
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
  async tidy(timeoutMs) {
    const objects = path2.join(this.dir, "objects");
    const sample = await fs2.readdir(path2.join(objects, "17")).catch(() => []);
    const packs = (await fs2.readdir(path2.join(objects, "pack")).catch(() => [])).filter((f) => f.endsWith(".pack"));
    const loose = sample.length * 256 >= LOOSE_LIMIT;
    if (!loose && packs.length < PACK_LIMIT) return false;
    await this.run(["repack", "-d", "-q", ...packs.length >= PACK_LIMIT ? ["-a"] : []], { timeoutMs });
    return true;
  }
  /**
   * Reads blobs: a few (a round's merges, the layout marker) through this repository's one reader,
   * many streamed by a git of their own (a search, a first pull).
   */
  async readBlobs(shas) {
    const wanted = [...new Set(shas)];
    const out = /* @__PURE__ */ new Map();
    if (wanted.length === 0 || wanted.length > FEW_BLOBS) {
      await this.eachBlob(wanted, (sha, content) => out.set(sha, content));
      return out;
    }
    const reader = this.objects();
    const read = await Promise.all(wanted.map((sha) => reader.read(sha)));
    for (const [i, sha] of wanted.entries()) {
      const o = read[i];
      if (o?.type !== "blob") throw missingObject(`${sha} (${o ? o.type : "missing"})`);
      out.set(sha, o.content);
    }
    return out;
  }
  /** Hands each blob to `fn` as git streams it (one git process), so thousands need not be held at once. */
  async eachBlob(shas, fn) {
    const wanted = [...new Set(shas)];
    if (wanted.length === 0) return;
    let problem = null;
    const onStdout = batchParser((sha, type, content) => {
      if (type === "blob" && content) fn(sha, content);
      else problem ??= `${sha} (${type})`;
    });
    await this.run(["cat-file", "--batch", "--buffer"], { input: `${wanted.join("\n")}
`, onStdout });
    if (problem) throw missingObject(problem);
  }
  /**
   * One `git cat-file --batch` for all of this repository's reads (a few blobs, the trees a commit is
   * built on, the layout file, ancestry), where each used to start a git of its own: a sync that goes
   * round again after another machine pushed first reads through the same one.
   */
  objects() {
    if (!this.reader?.usable) this.reader = new ObjectReader(this.dir, this.env);
    return this.reader;
  }
  /** Stores content as a loose blob without spawning git; returns its id. */
  async writeBlob(content) {
    return writeLooseObject(this.dir, "blob", content);
  }
  /** A tree equal to `baseCommit`'s with some paths set (blob id) or removed (null). */
  async buildTree(baseCommit, changes) {
    const reader = this.objects();
    return rewriteTree(this.dir, reader, baseCommit ? await commitTree(reader, baseCommit) : null, changes);
  }
  async commit(tree, parent, message) {
    return writeCommit(this.dir, tree, parent, this.host, message);
  }
  /**
   * Pushes a commit to the shared branch only if the branch is still at `expected` (null: absent).
   * A fast-forward check alone would let a push on an unfetched tip undo someone's reset.
   */
  async push(commit, expected, timeoutMs) {
    const branch = `refs/heads/${this.branch}`;
    const r = await this.pushRefspec(
      [`--force-with-lease=${branch}:${expected ?? ""}`, "origin", `${commit}:${branch}`],
      timeoutMs
    );
    if (r === "rejected") return r;
    await this.setRef(this.trackingRef, commit);
    return "pushed";
  }
  /** A push: 'rejected' when the remote moved meanwhile, else pushed or a clear error. */
  async pushRefspec(rest, timeoutMs) {
    let r;
    try {
      r = await this.net(["push", "--quiet", "--porcelain", ...rest], timeoutMs);
    } catch (e) {
      if (!(e instanceof GitTimeout)) throw e;
      throw new RemoteTimeout(
        `the remote did not accept the push within ${timeoutMs} ms`,
        "failure",
        "nothing was lost; run memsync sync again later"
      );
    }
    if (r.code === 0) return "pushed";
    const msg = `${r.stdout.toString()}
${r.stderr}`;
    if (/\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|stale info/i.test(msg) || /\[remote rejected\].*(lock|reference already exists)/i.test(msg))
      return "rejected";
    throw await this.failed("pushing to the remote failed", r.stderr.trim() ? r.stderr : msg);
  }
  /** Writes a ref file atomically (refs are read as files too). */
  async setRef(name, commit) {
    const ref = path2.join(this.dir, name);
    if (commit === null) return fs2.rm(ref, { force: true });
    await fs2.mkdir(path2.dirname(ref), { recursive: true });
    checkedWrite(ref, `${commit}
`, { what: "a repository ref" });
  }
  /** The remote's branches matching a pattern (`memsync/*`): name -> tip, from one `ls-remote`. */
  async remoteBranches(pattern, timeoutMs) {
    let r;
    try {
      r = await this.net(["ls-remote", "--heads", "origin", `refs/heads/${pattern}`], timeoutMs);
    } catch (e) {
      if (!(e instanceof GitTimeout)) throw e;
      throw new RemoteTimeout(
        `the remote did not answer within ${timeoutMs} ms`,
        "failure",
        "check the network or the remote URL (memsync doctor), then try again"
      );
    }
    if (r.code !== 0) throw await this.failed("listing the remote's branches failed", r.stderr);
    const out = r.stdout.toString();
    const heads = /* @__PURE__ */ new Map();
    for (const line of out.split("\n")) {
      const m = /^([0-9a-f]{40})\trefs\/heads\/(.+)$/.exec(line.trim());
      if (m) heads.set(m[2], m[1]);
    }
    return heads;
  }
  /**
   * Sets a branch other than the shared one (a contributor's own branch), only if it still points
   * where we expect (`expected`, null: absent): a commit someone else added is never overwritten.
   * `commit` null deletes the branch.
   */
  async setRemoteBranch(name, commit, expected, timeoutMs) {
    return this.pushRefspec(
      [`--force-with-lease=refs/heads/${name}:${expected ?? ""}`, "origin", `${commit ?? ""}:refs/heads/${name}`],
      timeoutMs
    );
  }
  /** Fetches named branches into `refs/memsync/branches/*` so their history can be read. */
  async fetchBranches(names, timeoutMs) {
    if (!names.length) return;
    const specs = names.map((n) => `+refs/heads/${n}:refs/memsync/branches/${n}`);
    const r = await this.net(
      ["fetch", "--quiet", "--no-tags", "--no-auto-maintenance", "--no-write-fetch-head", "origin", ...specs],
      timeoutMs
    );
    if (r.code !== 0) throw await this.failed("fetching branches from the remote failed", r.stderr);
  }
  /** A local ref's commit (read through git: it may be packed), or null. */
  async readRef(name) {
    const r = await this.run(["rev-parse", "--verify", "--quiet", `${name}^{commit}`], { okCodes: [1] });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }
  /** The commits of the local refs under a prefix (e.g. `refs/memsync/previous/`). */
  async refsUnder(prefix) {
    const r = await this.run(["for-each-ref", "--format=%(objectname)", prefix]);
    return r.stdout.toString().split("\n").filter(Boolean);
  }
  /** Records a local ref (memsync's own bookkeeping refs, such as the last proposal pushed). */
  async writeRef(name, commit) {
    await this.setRef(name, commit);
  }
  /**
   * What `tip` changed since it left `shared` (path -> new blob, null: deleted), or null when the
   * two have no common history.
   */
  async changesSinceMergeBase(shared, tip) {
    const mb = await this.run(["merge-base", shared, tip], { okCodes: [1] });
    if (mb.code !== 0) return null;
    const r = await this.run(["diff-tree", "-r", "-z", "--no-renames", mb.stdout.toString().trim(), tip]);
    const fields = r.stdout.toString("utf8").split("\0");
    const out = /* @__PURE__ */ new Map();
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i].split(" ");
      out.set(fields[i + 1], meta[4] === "D" ? null : meta[3]);
    }
    return out;
  }
  /** A commit's tree and first parent. */
  async commitInfo(commit) {
    const r = await this.run(["log", "-1", "--format=%T %P", commit]);
    const [tree, parent] = r.stdout.toString().trim().split(" ");
    return { tree, parent: parent || null };
  }
  /** The host that last changed a path on the remote (from the commit author memsync writes). */
  async lastHostFor(commit, p) {
    const r = await this.run(["log", "-1", "--format=%an", commit, "--", p]);
    return r.stdout.toString().trim() || null;
  }
  /**
   * History of the shared branch as last fetched, newest first: each commit with its time, host
   * (author) and the paths it changed (restricted to `pathspec` when given).
   */
  async history(tip, pathspec, limit) {
    const args = ["log", "-z", "--no-renames", "--name-status", "--format=%x01%H%x09%ct%x09%an%x02%s"];
    if (limit !== null) args.push("-n", String(limit));
    args.push(tip);
    if (pathspec !== null) args.push("--", `:(literal)${pathspec}`);
    const r = await this.run(args);
    const out = [];
    for (const { head, fields } of logRecords(r.stdout)) {
      const [commit, time, ...rest] = head;
      const [host, message] = rest.join("	").split("");
      const paths = [];
      for (let i = 0; i + 1 < fields.length; i += 2) paths.push({ status: fields[i], path: fields[i + 1] });
      const at = new Date(Number(time) * 1e3).toISOString();
      out.push({ commit, time: at, host, message: message ?? "", paths });
    }
    return out;
  }
  /** The full id of a commit named by (a prefix of) its id, or null when there is none. */
  async resolveCommit(name) {
    const r = await this.run(["rev-parse", "--verify", "--quiet", "--end-of-options", `${name}^{commit}`], {
      okCodes: [1, 128]
    });
    return r.code === 0 ? r.stdout.toString().trim() : null;
  }
  /** The shared branch's first-parent chain up to `tip`, oldest first: the order in which commits reached it. */
  async firstParentChain(tip) {
    const r = await this.run(["log", "--first-parent", "--reverse", "--format=%H %ct", tip]);
    return r.stdout.toString().split("\n").filter(Boolean).map((l) => {
      const [commit, time] = l.split(" ");
      return { commit, time: Number(time) };
    });
  }
  /** True when `commit` is in `tip`'s history. */
  async isAncestor(commit, tip) {
    const walked = await ancestorWithin(this.objects(), commit, tip);
    if (walked !== null) return walked;
    const r = await this.run(["merge-base", "--is-ancestor", commit, tip], { okCodes: [1] });
    return r.code === 0;
  }
  /** The commit time (ISO) of a commit. */
  async commitTime(commit) {
    const r = await this.run(["log", "-1", "--format=%ct", commit]);
    return new Date(Number(r.stdout.toString().trim()) * 1e3).toISOString();
  }
  /** The hosts (commit authors) of the commits after `from` up to `to`, newest first. */
  async authorsBetween(from, to) {
    const r = await this.run(["log", "-n", "200", "--format=%an", from ? `${from}..${to}` : to]);
    return [...new Set(r.stdout.toString().split("\n").filter(Boolean))];
  }
};
async function ensureRepo(dir, host, remoteUrl) {
  const env = gitEnv(host);
  const run = (args, okCodes) => runGit(["--git-dir", dir, ...args], { env, okCodes });
  const config = await fs2.readFile(path2.join(dir, "config"), "utf8").catch(() => "");
  if (config.includes(`[remote "origin"]
	url = ${remoteUrl}
`)) return;
  const fresh = !await exists(path2.join(dir, "HEAD"));
  if (fresh) {
    await fs2.mkdir(dir, { recursive: true });
    await runGit(["init", "--bare", "--quiet", "--template=", dir], { env });
    if (config === "") {
      await run(["remote", "add", "origin", remoteUrl]);
      return;
    }
  }
  const current = await run(["config", "--get", "remote.origin.url"], [1]);
  const url = current.stdout.toString().trim();
  if (current.code === 1) await run(["remote", "add", "origin", remoteUrl]);
  else if (url !== remoteUrl) await run(["remote", "set-url", "origin", remoteUrl]);
}
async function initBareRemote(dir, branch) {
  if (await exists(path2.join(dir, "HEAD"))) return;
  await fs2.mkdir(dir, { recursive: true });
  await runGit(["init", "--bare", "--quiet", "--template=", dir], { env: gitEnv("memsync") });
  await runGit(["--git-dir", dir, "symbolic-ref", "HEAD", `refs/heads/${branch}`], { env: gitEnv("memsync") });
}
async function exists(p) {
  try {
    await fs2.access(p);
    return true;
  } catch {
    return false;
  }
}
function logRecords(stdout) {
  const out = [];
  for (const chunk of stdout.toString("utf8").split("")) {
    if (!chunk) continue;
    const end = chunk.indexOf("\0");
    const head = (end < 0 ? chunk : chunk.slice(0, end)).split("	");
    const fields = end < 0 ? [] : chunk.slice(end + 1).replace(/^\n/, "").split("\0").filter(Boolean);
    out.push({ head, fields });
  }
  return out;
}

// src/machine/context.ts
var tmpDir = (home) => path3.join(home, "tmp");
var embeddedRemote = (home) => path3.join(home, "remote.git");
async function initMachine(env, remote) {
  const home = memsyncHome(env);
  await fs3.mkdir(tmpDir(home), { recursive: true });
  let settings = await loadSettings(home, env);
  const created = settings === null;
  if (created) {
    const defaults = defaultSettings(home, env);
    await writeSettings(home, { remote: remote ?? defaults.remote, branch: defaults.branch });
  } else if (remote && remote !== settings.remote) {
    await writeSettings(home, { remote });
  }
  settings = await loadSettings(home, env);
  if (path3.resolve(settings.remote) === embeddedRemote(home))
    await initBareRemote(embeddedRemote(home), settings.branch);
  const ctx = contextOf(home, settings, env);
  await ensureRepo(repoDir(home), ctx.host, settings.remote);
  return { ctx, created };
}
async function loadContext(env) {
  const home = memsyncHome(env);
  const settings = await loadSettings(home, env);
  return settings ? contextOf(home, settings, env) : null;
}
async function ensureContext(env) {
  const ctx = await loadContext(env);
  const unmade = ctx && path3.resolve(ctx.settings.remote) === embeddedRemote(ctx.home) && !existsSync(ctx.settings.remote);
  return ctx && !unmade ? { ctx, created: false } : initMachine(env);
}
function contextOf(home, settings, env) {
  return { home, configDir: claudeConfigDir(env), settings, host: settings.hostname, env };
}

export {
  RemoteTimeout,
  PREVIOUS_TIPS,
  BareRepo,
  tmpDir,
  initMachine,
  loadContext,
  ensureContext
};
