"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __builtins = {};
var __builtin = (n) => (__builtins[n] ??= __toESM(require(n), 1));
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/hooks/entry.ts
var import_node_path33 = __builtin("node:path");
var import_node_url = require("node:url");

// src/config/paths.ts
var import_node_os = __builtin("node:os");
var import_node_path = __builtin("node:path");
function memsyncHome(env = process.env) {
  return import_node_path.default.resolve(env.MEMSYNC_HOME || import_node_path.default.join(homeDir(env), ".memsync"));
}
var repoDir = (home) => import_node_path.default.join(home, "repo.git");
function claudeConfigDir(env = process.env) {
  return import_node_path.default.resolve(env.CLAUDE_CONFIG_DIR || import_node_path.default.join(homeDir(env), ".claude"));
}
function homeDir(env = process.env) {
  return env.HOME || import_node_os.default.homedir();
}
function expandHome(p, env = process.env) {
  if (p === "~") return homeDir(env);
  if (p.startsWith("~/")) return import_node_path.default.join(homeDir(env), p.slice(2));
  return p;
}
function defaultClaudeMemPath(env = process.env) {
  return import_node_path.default.resolve(env.CLAUDE_MEM_DATA_DIR || import_node_path.default.join(homeDir(env), ".claude-mem"), "claude-mem.db");
}

// src/util/log.ts
var import_node_fs = __builtin("node:fs");
var import_node_path2 = __builtin("node:path");

// src/util/maskUrl.ts
function maskSecrets(text) {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@'"]*)@/gi, (whole, scheme, userinfo) => {
    const colon = userinfo.indexOf(":");
    if (colon >= 0) return `${scheme}${userinfo.slice(0, colon)}:***@`;
    return userinfo.length >= 20 && /\d/.test(userinfo) ? `${scheme}***@` : whole;
  });
}

// src/util/log.ts
function logLine(home, what, detail) {
  try {
    const dir = import_node_path2.default.join(home, "logs");
    import_node_fs.default.mkdirSync(dir, { recursive: true });
    const extra = detailText(detail);
    import_node_fs.default.appendFileSync(
      import_node_path2.default.join(dir, "memsync.log"),
      maskSecrets(`${(/* @__PURE__ */ new Date()).toISOString()} [${process.pid}] ${what}${extra}
`)
    );
  } catch {
  }
}
function detailText(detail) {
  if (detail === void 0) return "";
  if (detail instanceof Error) return ` ${detail.stack ?? detail.message}`;
  return ` ${typeof detail === "string" ? detail : JSON.stringify(detail)}`;
}

// src/hooks/output.ts
var OUTPUT_CAP = 1e4;
function renderHookOutput(event2, out) {
  const json = {};
  const message = [out.systemMessage, out.conflictsLine].filter(Boolean).join("\n");
  if (message) json.systemMessage = cap(message);
  if (event2 === "SessionStart" || event2 === "UserPromptSubmit") {
    const context = [out.additionalContext, out.conflictsLine].filter(Boolean).join("\n\n");
    if (context) json.hookSpecificOutput = { hookEventName: event2, additionalContext: cap(context) };
  }
  return Object.keys(json).length ? JSON.stringify(json) : "";
}
function cap(s) {
  return s.length <= OUTPUT_CAP ? s : `${s.slice(0, OUTPUT_CAP - 1)}\u2026`;
}

// src/hooks/io.ts
var EVENT_NAMES = {
  "session-start": "SessionStart",
  stop: "Stop",
  prompt: "UserPromptSubmit",
  "session-end": "SessionEnd"
};
function readStdin(timeoutMs) {
  if (process.stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve) => {
    const chunks = [];
    const done = () => {
      clearTimeout(timer);
      process.stdin.removeAllListeners();
      process.stdin.pause();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const timer = setTimeout(done, timeoutMs);
    process.stdin.on("data", (d) => chunks.push(d));
    process.stdin.on("end", done);
    process.stdin.on("error", done);
  });
}
async function runGuarded(home, event2, body) {
  const eventName = EVENT_NAMES[event2] ?? event2;
  let out;
  try {
    out = await body();
  } catch (e) {
    out = {
      systemMessage: `memsync: the ${eventName} hook failed: ${e.message} (details in ${home}/logs/memsync.log)`,
      log: e
    };
  }
  if (out.log !== void 0 || out.systemMessage) logLine(home, `hook ${event2}`, out.log ?? out.systemMessage);
  const text = renderHookOutput(eventName, {
    ...out,
    systemMessage: out.systemMessage && maskSecrets(out.systemMessage)
  });
  if (text) await new Promise((resolve) => process.stdout.write(`${text}
`, () => resolve()));
}

// src/hooks/pushHooks.ts
var import_node_path19 = __builtin("node:path");

// src/sources/identity.ts
var import_node_fs7 = __builtin("node:fs");
var import_node_path9 = __builtin("node:path");

// src/sources/projectKey.ts
var MAX_SANITIZED_LENGTH = 200;
function claudeProjectKey(absPath) {
  const sanitized = absPath.replace(/[^a-zA-Z0-9]/g, "-");
  if (sanitized.length <= MAX_SANITIZED_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_SANITIZED_LENGTH)}-${Math.abs(claudePathHash(absPath)).toString(36)}`;
}
function claudePathHash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h << 5) - h + s.charCodeAt(i) | 0;
  return h;
}

// src/sources/claudeSettings.ts
var import_node_fs2 = __builtin("node:fs");
var import_node_path3 = __builtin("node:path");
function layer(file, scope) {
  try {
    const j = JSON.parse(import_node_fs2.default.readFileSync(file, "utf8"));
    if (!j || typeof j !== "object" || Array.isArray(j)) return { scope, file };
    const o = j;
    return { scope, file, dir: o.autoMemoryDirectory, enabled: o.autoMemoryEnabled };
  } catch {
    return { scope, file };
  }
}
function autoMemoryPath(value, env) {
  if (typeof value !== "string" || !value) return null;
  let p = value;
  if (p.startsWith("~/") || p.startsWith("~\\")) {
    const rest = p.slice(2);
    const n = import_node_path3.default.normalize(rest || ".");
    if (n === "." || n === ".." || n.startsWith("../") || n.startsWith("..\\")) return null;
    p = import_node_path3.default.join(homeDir(env), rest);
  }
  const r = import_node_path3.default.normalize(p).replace(/[/\\]+$/, "");
  if (!import_node_path3.default.isAbsolute(r) || r.length < 3 || r.startsWith("\\\\") || r.startsWith("//")) return null;
  if (r.includes("\0")) return null;
  return r.normalize("NFC");
}
var envFlag = (v) => {
  const t = v?.toLowerCase().trim();
  if (t && ["1", "true", "yes", "on"].includes(t)) return false;
  if (t && ["0", "false", "no", "off"].includes(t)) return true;
  return void 0;
};
function userLayer(configDir) {
  return layer(import_node_path3.default.join(configDir, "settings.json"), "user");
}
function autoMemoryOf(projectRoot, user, env, guard) {
  const own = (name, scope) => layer(import_node_path3.default.join(projectRoot, ".claude", name), scope);
  const hasOwn = projectRoot !== null && import_node_fs2.default.existsSync(import_node_path3.default.join(projectRoot, ".claude"));
  const layers = [...hasOwn ? [own("settings.local.json", "local"), own("settings.json", "project")] : [], user];
  const fromEnv = envFlag(env.CLAUDE_CODE_DISABLE_AUTO_MEMORY);
  const setting = layers.find((l) => typeof l.enabled === "boolean")?.enabled;
  const enabled = fromEnv ?? setting ?? true;
  const notes = [];
  for (const l of layers) {
    if (l.dir === void 0 || l.dir === null) continue;
    const untrusted = l.scope === "user" ? null : guard.untrusted();
    if (untrusted) {
      notes.push(`autoMemoryDirectory in ${l.file} is not followed: ${untrusted}`);
      continue;
    }
    const dir = autoMemoryPath(l.dir, env);
    const refused = dir && enabled ? guard.refusal(dir) : null;
    if (refused) {
      notes.push(
        `autoMemoryDirectory ${JSON.stringify(l.dir)} in ${l.file} is refused: ${dir}: ${refused}; memsync neither reads nor writes it, and this auto memory is not synced: name a folder of its own in your home`
      );
      return { enabled: false, dir: null, scope: null, notes };
    }
    return { enabled, dir, scope: dir ? l.scope : null, notes };
  }
  return { enabled, dir: null, scope: null, notes };
}

// src/sources/memoryGuard.ts
var import_node_path8 = __builtin("node:path");

// src/sources/claudeTrust.ts
var import_node_fs4 = __builtin("node:fs");
var import_node_path5 = __builtin("node:path");

// src/safety/osError.ts
var import_node_fs3 = __builtin("node:fs");
var import_node_path4 = __builtin("node:path");

// src/errors.ts
var MemsyncError = class extends Error {
  constructor(message, kind = "failure", hint) {
    super(message);
    this.kind = kind;
    this.hint = hint;
    this.name = "MemsyncError";
  }
  kind;
  hint;
};

// src/safety/osError.ts
var CAUSES = {
  ENOSPC: ["the disk is full", "free some space on that disk, then run the command again"],
  EDQUOT: ["the disk quota is used up", "free some space in your quota, then run the command again"],
  EACCES: ["permission denied", "make it readable and writable by this user (ls -ld shows who owns it)"],
  EPERM: ["the operation is not permitted", "make it writable by this user, or remove its immutable flag"],
  EROFS: ["the file system is read-only", "remount it read-write, or point MEMSYNC_HOME elsewhere"],
  ENOTDIR: [
    "a part of the path is a file where a folder is expected",
    "move that file aside (memsync makes the folder again)"
  ],
  EISDIR: ["it is a folder where a file is expected", "move that folder aside"],
  EEXIST: ["something else is already there", "move it aside"],
  ENOENT: ["it, or a folder on its way, does not exist", "create the folder, or give a path in a folder that exists"],
  ENAMETOOLONG: ["the name is too long for this file system", "use a shorter name"],
  ELOOP: ["it goes through too many symbolic links (a loop?)", "fix or remove the link"],
  EIO: ["an input/output error (a failing disk?)", "check the disk (dmesg), then run the command again"],
  EMFILE: ["too many files are open", "raise the open-file limit (ulimit -n), then run the command again"],
  EBUSY: ["it is busy (in use by another program)", "close what uses it, then run the command again"]
};
var OsError = class extends MemsyncError {
  constructor(message, hint, code) {
    super(message, "failure", hint);
    this.code = code;
  }
  code;
};
var DiskFullError = class extends OsError {
};
function osCode(e) {
  const code = e?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : void 0;
}
function describeOsError(op, p, e) {
  const code = osCode(e);
  const said = e?.message ?? String(e);
  const unknown = [said, "run the command again; memsync.log has the details"];
  const [cause, todo] = code && CAUSES[code] || unknown;
  const where = code === "ENOTDIR" || code === "EEXIST" ? fileInTheWay(p) ?? p : p;
  const Kind = code === "ENOSPC" || code === "EDQUOT" ? DiskFullError : OsError;
  return new Kind(`${op} ${where}: ${cause}${code ? ` (${code})` : ""}`, todo, code);
}
function fileInTheWay(p) {
  for (let d = import_node_path4.default.resolve(p); d !== import_node_path4.default.dirname(d); d = import_node_path4.default.dirname(d)) {
    try {
      if (!import_node_fs3.default.statSync(d).isDirectory()) return d;
      return null;
    } catch {
    }
  }
  return null;
}

// src/sources/claudeTrust.ts
var nonEmptyFile = (p) => (import_node_fs4.default.statSync(p, { throwIfNoEntry: false })?.size ?? 0) > 0;
function readTrustRecord(env) {
  const legacy = import_node_path5.default.join(claudeConfigDir(env), ".config.json");
  const dir = env.CLAUDE_CONFIG_DIR ? claudeConfigDir(env) : homeDir(env);
  const file = nonEmptyFile(legacy) ? legacy : import_node_path5.default.join(dir, ".claude.json");
  let text;
  try {
    text = import_node_fs4.default.readFileSync(file, "utf8");
  } catch (e) {
    if (osCode(e) === "ENOENT") return { file, projects: {}, problem: null };
    return { file, projects: {}, problem: `could not be read (${osCode(e) ?? e.message})` };
  }
  try {
    const j = JSON.parse(text);
    const p = j && typeof j === "object" ? j.projects : void 0;
    return { file, projects: p && typeof p === "object" ? p : {}, problem: null };
  } catch {
    return { file, projects: {}, problem: "is not valid JSON" };
  }
}
function spellings(dir) {
  let real = dir;
  try {
    real = import_node_fs4.default.realpathSync(dir);
  } catch {
  }
  return [...new Set([dir, real].flatMap((d) => [d, d.normalize("NFC")]))];
}
function untrustedWhy(record, root, mainCheckout) {
  if (record.problem) return `Claude Code's trust record ${record.file} ${record.problem}`;
  const trusted = (d) => spellings(d).some(
    (k) => record.projects[k]?.hasTrustDialogAccepted === true
  );
  if (trusted(root) || trusted(mainCheckout)) return null;
  if (!import_node_fs4.default.existsSync(import_node_path5.default.join(root, ".git"))) {
    for (let d = import_node_path5.default.dirname(root); d !== import_node_path5.default.dirname(d); d = import_node_path5.default.dirname(d)) if (trusted(d)) return null;
  }
  return `Claude Code has not trusted the workspace ${root} (no projects["${root}"].hasTrustDialogAccepted in ${record.file}): run claude there once and accept its trust dialog`;
}

// src/sources/sensitiveFolders.ts
var import_node_fs6 = __builtin("node:fs");
var import_node_path7 = __builtin("node:path");

// src/safety/contain.ts
var import_node_fs5 = __builtin("node:fs");
var import_node_path6 = __builtin("node:path");
function onDisk(p, depth = 0) {
  let dir = import_node_path6.default.resolve(p);
  const rest = [];
  for (; ; ) {
    try {
      return import_node_path6.default.join(import_node_fs5.default.realpathSync(dir), ...rest);
    } catch {
      const link = depth < 40 ? readLink(dir) : null;
      if (link !== null) return onDisk(import_node_path6.default.join(import_node_path6.default.resolve(import_node_path6.default.dirname(dir), link), ...rest), depth + 1);
      if (dir === import_node_path6.default.dirname(dir)) return import_node_path6.default.join(dir, ...rest);
      rest.unshift(import_node_path6.default.basename(dir));
      dir = import_node_path6.default.dirname(dir);
    }
  }
}
function readLink(p) {
  try {
    return import_node_fs5.default.readlinkSync(p);
  } catch {
    return null;
  }
}

// src/sources/sensitiveFolders.ts
var CREDENTIAL_FOLDERS = [
  ".ssh",
  ".gnupg",
  ".aws",
  ".azure",
  ".config/gcloud",
  ".config/gh",
  ".kube",
  ".docker",
  ".password-store",
  ".pki",
  ".local/share/keyrings",
  ".terraform.d"
];
var CREDENTIAL_FILES = [".netrc", "_netrc", ".git-credentials", ".pgpass", "id_rsa", "id_ed25519"];
var inside = (dir, parent) => {
  const rel = import_node_path7.default.relative(parent, dir);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${import_node_path7.default.sep}`) && !import_node_path7.default.isAbsolute(rel);
};
function folderRefusal(dir, places) {
  const real = onDisk(dir);
  for (const d of real === dir ? [dir] : [dir, real]) {
    const why = refusalOf(d, places);
    if (why) return d === dir ? why : `it is a link to ${real}, and ${why}`;
  }
  return null;
}
function refusalOf(dir, places) {
  const homes = [.../* @__PURE__ */ new Set([places.home, onDisk(places.home)])];
  if (homes.includes(dir)) return "it is your home folder";
  if (homes.some((h) => inside(h, dir))) return "it holds your home folder";
  const home = homes.find((h) => inside(dir, h));
  if (home === void 0) return "it is outside your home folder";
  const rel = import_node_path7.default.relative(home, dir).split(import_node_path7.default.sep).join("/");
  const creds = CREDENTIAL_FOLDERS.find((c) => rel === c || rel.startsWith(`${c}/`));
  if (creds) return `it is ~/${creds}, where credentials are kept`;
  for (const own of [places.claudeConfigDir, places.memsyncHome]) {
    if (dir === own || inside(own, dir)) return `it holds ${own}, which memsync does not sync whole`;
  }
  if (inside(dir, places.memsyncHome)) return `it is inside memsync's own folder ${places.memsyncHome}`;
  const file = CREDENTIAL_FILES.find((f) => import_node_fs6.default.existsSync(import_node_path7.default.join(dir, f)));
  if (file) return `it holds ${file}, a credential file`;
  return null;
}

// src/sources/memoryGuard.ts
function memoryGuards(configDir, env) {
  let record;
  const places = { home: import_node_path8.default.resolve(homeDir(env)), claudeConfigDir: configDir, memsyncHome: memsyncHome(env) };
  const refusal = (dir) => folderRefusal(dir, places);
  return {
    refusal,
    /** For user settings, which need no trust. */
    user: { refusal, untrusted: () => null },
    /** For a project at `root` (`mainCheckout`: the folder Claude Code files its memory under). */
    project(root, mainCheckout) {
      return { refusal, untrusted: () => untrustedWhy(record ??= readTrustRecord(env), root, mainCheckout) };
    }
  };
}

// src/sources/identity.ts
function statOrNull(p) {
  try {
    return import_node_fs7.default.statSync(p);
  } catch {
    return null;
  }
}
function findGitRoot(dir) {
  let d = import_node_path9.default.resolve(dir);
  for (; ; ) {
    const st = statOrNull(import_node_path9.default.join(d, ".git"));
    if (st && (st.isDirectory() || st.isFile())) return d;
    const parent = import_node_path9.default.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}
function readText(p) {
  try {
    return import_node_fs7.default.readFileSync(p, "utf8");
  } catch {
    return null;
  }
}
function resolveGitDirs(gitRoot) {
  const dotGit = import_node_path9.default.join(gitRoot, ".git");
  const st = statOrNull(dotGit);
  if (!st) return null;
  let gitDir = dotGit;
  if (st.isFile()) {
    const text = readText(dotGit);
    const m = text === null ? null : /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!m) return null;
    gitDir = import_node_path9.default.resolve(gitRoot, m[1]);
  } else if (!st.isDirectory()) {
    return null;
  }
  let commonDir = gitDir;
  const common = readText(import_node_path9.default.join(gitDir, "commondir"));
  if (common !== null && common.trim() !== "") commonDir = import_node_path9.default.resolve(gitDir, common.trim());
  return { gitDir, commonDir };
}
function memoryRootOf(gitRoot) {
  return memoryRootIn(gitRoot, resolveGitDirs(gitRoot));
}
function memoryRootIn(gitRoot, dirs) {
  if (dirs && dirs.commonDir !== dirs.gitDir && import_node_path9.default.basename(dirs.commonDir) === ".git")
    return import_node_path9.default.dirname(dirs.commonDir);
  return gitRoot;
}
function claudeMemoryDirOf(configDir, dir, env = process.env) {
  const root = findGitRoot(dir) ?? dir;
  const main = memoryRootOf(root);
  const custom = autoMemoryOf(root, userLayer(configDir), env, memoryGuards(configDir, env).project(root, main)).dir;
  return custom ?? import_node_path9.default.join(configDir, "projects", claudeProjectKey(main), "memory");
}

// src/machine/watch.ts
var import_node_fs9 = __builtin("node:fs");
var import_node_path11 = __builtin("node:path");

// src/safety/checkedWrite.ts
var import_node_crypto = __builtin("node:crypto");
var import_node_fs8 = __builtin("node:fs");
var import_node_path10 = __builtin("node:path");
function tempNameFor(target) {
  return `.memsync-${nameTag(import_node_path10.default.basename(target))}-${import_node_crypto.default.randomBytes(4).toString("hex")}.tmp`;
}
var nameTag = (name) => import_node_crypto.default.createHash("sha1").update(name).digest("hex").slice(0, 12);
function checkedWrite(target, content, opts = {}) {
  writeThen(target, content, opts, (tmp) => import_node_fs8.default.renameSync(tmp, target));
}
function writeThen(target, content, opts, place) {
  const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  const dir = import_node_path10.default.dirname(target);
  const tmp = import_node_path10.default.join(dir, tempNameFor(target));
  const what = opts.what ?? target;
  let fd = null;
  try {
    const old = statOrNull2(target);
    fd = import_node_fs8.default.openSync(tmp, "wx+", old ? old.mode & 4095 : opts.mode ?? 438);
    if (old && process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) import_node_fs8.default.fchownSync(fd, old.uid, old.gid);
    writeAll(fd, data);
    if (opts.fsync !== false) import_node_fs8.default.fsyncSync(fd);
    verify(fd, data, target);
    import_node_fs8.default.closeSync(fd);
    fd = null;
    return place(tmp);
  } catch (e) {
    if (fd !== null) import_node_fs8.default.closeSync(fd);
    if (e instanceof MemsyncError) throw e;
    const code = osCode(e);
    if (code === "ENOSPC" || code === "EDQUOT") throw fullDisk(dir, what, data.length);
    throw describeOsError(what === target ? "writing" : `writing ${what}`, target, e);
  } finally {
    import_node_fs8.default.rmSync(tmp, { force: true });
  }
}
function writeAll(fd, data) {
  for (let off = 0; off < data.length; ) {
    const n = import_node_fs8.default.writeSync(fd, data, off, data.length - off, off);
    if (n <= 0) throw Object.assign(new Error("short write"), { code: "ENOSPC" });
    off += n;
  }
}
function verify(fd, data, target) {
  const size = import_node_fs8.default.fstatSync(fd).size;
  const back = Buffer.alloc(size);
  for (let off = 0; off < size; ) {
    const n = import_node_fs8.default.readSync(fd, back, off, size - off, off);
    if (n <= 0) break;
    off += n;
  }
  if (size !== data.length || !back.equals(data)) {
    throw new MemsyncError(
      `writing ${target}: the written file does not read back as written (${size} of ${data.length} bytes)`,
      "failure",
      "check the disk, then run the command again; the old file was kept"
    );
  }
}
function statOrNull2(target) {
  try {
    return import_node_fs8.default.statSync(target);
  } catch {
    return null;
  }
}
function fullDisk(dir, what, bytes) {
  let free = "";
  try {
    const s = import_node_fs8.default.statfsSync(dir);
    free = `, ${s.bavail * s.bsize} free`;
  } catch {
  }
  return new DiskFullError(
    `writing ${what}: the disk is full: ${dir} needs ${bytes} bytes${free}; nothing was changed there`,
    "free some space on that disk, then run the command again",
    "ENOSPC"
  );
}

// src/machine/scanCacheFile.ts
var CACHE_VERSION = 3;
function parseCache(text, version, keep) {
  if (!text.endsWith("\n")) return null;
  try {
    const lines = text.split("\n");
    const { folders, ...header } = JSON.parse(lines[0]);
    if (header.version !== version || folders !== lines.length - 2) return null;
    const cache = { ...header, version: header.version, dirs: {}, files: {}, stamps: {}, real: {} };
    for (let i = 1; i < lines.length - 1; i++) {
      const line = lines[i];
      const tab = line.indexOf("	");
      const dir = JSON.parse(line.slice(0, tab));
      if (keep && !keep(dir)) continue;
      const [mtime, files, stamp, real] = JSON.parse(line.slice(tab + 1));
      if (mtime !== null) cache.dirs[dir] = mtime;
      if (files !== null) cache.files[dir] = files;
      if (stamp !== null) cache.stamps[dir] = stamp;
      if (real !== null) cache.real[dir] = real;
    }
    return cache;
  } catch {
    return null;
  }
}

// src/machine/watch.ts
var cacheFile = (home) => import_node_path11.default.join(home, "state", "scan-cache");
var unpublishedFile = (home) => import_node_path11.default.join(home, "state", "unpublished");
function hasUnpublished(home) {
  return import_node_fs9.default.existsSync(unpublishedFile(home));
}
function mtimeOrMissing(p) {
  try {
    return import_node_fs9.default.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}
function sessionScope(memDirs, configDir) {
  return { trees: [...memDirs, import_node_path11.default.join(configDir, "rules")], dirs: [configDir] };
}
function liveChangedSince(home, extraDirs = [], scope) {
  const cache = readScanCache(home, scope);
  return !cache || changedSinceCache(cache, extraDirs, scope);
}
function readScanCache(home, scope) {
  let text;
  try {
    text = import_node_fs9.default.readFileSync(cacheFile(home), "utf8");
  } catch {
    return null;
  }
  return parseCache(text, CACHE_VERSION, scope && ((dir) => inScope(scope, dir)));
}
var inScope = (scope, dir) => scope.dirs.includes(dir) || scope.trees.some((t) => dir === t || dir.startsWith(t + import_node_path11.default.sep));
function changedSinceCache(cache, extraDirs = [], scope) {
  const mine = (dir) => !scope || inScope(scope, dir);
  for (const [dir, mtime] of Object.entries(cache.dirs)) if (mine(dir) && mtimeOrMissing(dir) !== mtime) return true;
  for (const d of extraDirs) if (!(d in cache.dirs) && mtimeOrMissing(d) !== -1) return true;
  for (const [dir, names] of Object.entries(cache.files)) {
    if (!mine(dir)) continue;
    for (const [name, [size, mtime]] of Object.entries(names)) {
      try {
        const st = import_node_fs9.default.statSync(import_node_path11.default.join(dir, name));
        if (st.size !== size || st.mtimeMs !== mtime) return true;
      } catch {
        return true;
      }
    }
  }
  return false;
}

// src/hooks/background.ts
var import_node_fs12 = __builtin("node:fs");
var import_node_path12 = __builtin("node:path");

// src/util/childProcess.ts
var import_node_module = require("node:module");
function childProcess() {
  return (0, import_node_module.createRequire)(process.execPath)("node:child_process");
}

// src/util/alive.ts
var import_node_fs10 = __builtin("node:fs");
function alive(pid) {
  if (pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
function processStart(pid) {
  try {
    const stat = import_node_fs10.default.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null;
    return `${bootId()}:${fields[19]}`;
  } catch {
    return null;
  }
}
var boot;
function bootId() {
  boot ??= import_node_fs10.default.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  return boot;
}
function startToRecord(pid) {
  return processStart(pid) ?? (import_node_fs10.default.existsSync("/proc/self/stat") ? "gone" : null);
}
function sameProcess(pid, since) {
  if (!alive(pid)) return false;
  return since === null || processStart(pid) === since;
}

// src/util/elapsed.ts
var SLACK_MS = 1e3;
function within(since, ms, now2 = Date.now()) {
  const age = now2 - since;
  return age > -SLACK_MS && age < ms;
}

// src/util/readJson.ts
var import_node_fs11 = __builtin("node:fs");
function readJsonObject(file) {
  try {
    const v = JSON.parse(import_node_fs11.default.readFileSync(file, "utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

// src/hooks/background.ts
var stampFile = (home) => import_node_path12.default.join(home, "state", "bg-push.json");
var mutexDir = (home) => import_node_path12.default.join(home, "state", "bg-push.mutex");
var pullsFile = (home) => import_node_path12.default.join(home, "state", "bg-pulls");
function startBackgroundPush(home, env, cliScript, throttleSeconds, command = "push", project) {
  import_node_fs12.default.mkdirSync(import_node_path12.default.join(home, "state"), { recursive: true });
  let held = takeMutex(home);
  for (let i = 0; !held && i < 40; i++) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    held = takeMutex(home);
  }
  if (!held) return "busy";
  try {
    const last = readStamp(home);
    if (last && sameProcess(last.pid, last.since)) {
      if (command === "sync") import_node_fs12.default.appendFileSync(pullsFile(home), `${project ?? ""}
`);
      return "running";
    }
    const due = last && within(last.started, throttleSeconds * 1e3) ? last.started + throttleSeconds * 1e3 : 0;
    const learn = project ? ["--project", project] : [];
    const run = spawnDetached(home, env, [cliScript, command, "--background", ...learn]);
    writeStamp(home, { ...run, started: due || Date.now() });
    return due ? "deferred" : "started";
  } finally {
    import_node_fs12.default.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}
function spawnDetached(home, env, args) {
  const child = childProcess().spawn(process.execPath, args, { detached: true, stdio: "ignore", env, cwd: home });
  child.unref();
  const pid = child.pid ?? -1;
  return { pid, since: startToRecord(pid) };
}
async function underMutex(home, body) {
  for (let i = 0; i < 50 && !takeMutex(home); i++) await new Promise((r) => setTimeout(r, 20));
  try {
    return body();
  } finally {
    import_node_fs12.default.rmSync(mutexDir(home), { recursive: true, force: true });
  }
}
function takeMutex(home) {
  const dir = mutexDir(home);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      import_node_fs12.default.mkdirSync(dir);
      return true;
    } catch {
      try {
        if (within(import_node_fs12.default.statSync(dir).mtimeMs, 5e3)) return false;
        import_node_fs12.default.rmSync(dir, { recursive: true, force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}
function readStamp(home) {
  const v = readJsonObject(stampFile(home));
  const since = typeof v?.since === "string" || v?.since === null;
  return typeof v?.pid === "number" && typeof v.started === "number" && since ? v : null;
}
function writeStamp(home, s) {
  checkedWrite(stampFile(home), JSON.stringify(s), { fsync: false, what: "the background push stamp" });
}

// src/hooks/idlePush.ts
var import_node_fs14 = __builtin("node:fs");
var import_node_path15 = __builtin("node:path");

// src/hooks/dbChanged.ts
var import_node_path13 = __builtin("node:path");

// src/claudeMem/changeMarker.ts
var import_node_fs13 = __builtin("node:fs");
function dbMarker(file) {
  return [file, part(file, 24, 4), part(`${file}-wal`, 0, 32)].join("|");
}
function part(file, at, length) {
  let fd;
  try {
    fd = import_node_fs13.default.openSync(file, "r");
  } catch (e) {
    if (e.code === "ENOENT") return "-";
    throw e;
  }
  try {
    const st = import_node_fs13.default.fstatSync(fd);
    const head = Buffer.alloc(length);
    const n = import_node_fs13.default.readSync(fd, head, 0, length, at);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${head.subarray(0, n).toString("hex")}`;
  } finally {
    import_node_fs13.default.closeSync(fd);
  }
}

// src/hooks/dbChanged.ts
function claudeMemChanged(home, dbPath, unknown) {
  if (!dbPath) return false;
  const marker = readJsonObject(import_node_path13.default.join(home, "state", "claude-mem.json"))?.marker;
  if (typeof marker !== "string") return unknown;
  try {
    return dbMarker(dbPath) !== marker;
  } catch {
    return unknown;
  }
}

// src/hooks/toggles.ts
var import_node_path14 = __builtin("node:path");

// src/config/envValues.ts
function envVarName(key) {
  return `MEMSYNC_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}
var TRUE_WORDS = /* @__PURE__ */ new Set(["true", "1", "yes", "on"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["false", "0", "no", "off"]);
function parseEnvBoolean(text) {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return void 0;
}

// src/config/hookDefaults.ts
var HOOK_DEFAULTS = {
  autoSync: true,
  pullOnStart: true,
  pushOnStop: true,
  pushOnEnd: true,
  pushThrottleSeconds: 15,
  idlePushSeconds: 180,
  livePullSeconds: 30,
  pullOnPrompt: true
};

// src/hooks/toggles.ts
function readHookToggles(home, env) {
  return hookToggles(readJsonObject(import_node_path14.default.join(home, "settings.json")) ?? {}, env);
}
function hookToggles(raw, env) {
  const t = { ...HOOK_DEFAULTS, claudeMemDb: null };
  for (const key of ["autoSync", "pullOnStart", "pushOnStop", "pushOnEnd", "pullOnPrompt"]) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv !== void 0 && fromEnv !== "" ? parseEnvBoolean(fromEnv) : raw[key];
    if (typeof v === "boolean") t[key] = v;
  }
  const role = env[envVarName("role")] || raw.role;
  if (role === "off") t.autoSync = false;
  if (role === "consumer") t.pushOnStop = t.pushOnEnd = false;
  for (const key of ["pushThrottleSeconds", "idlePushSeconds", "livePullSeconds"]) {
    const fromEnv = env[envVarName(key)];
    const v = fromEnv ? Number(fromEnv) : raw[key];
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) t[key] = v;
  }
  const mem = raw.sources?.claudeMem;
  if (mem?.enabled === true)
    t.claudeMemDb = typeof mem.path === "string" && mem.path ? expandHome(mem.path, env) : defaultClaudeMemPath(env);
  return t;
}

// src/hooks/idlePush.ts
var waiterFile = (home) => import_node_path15.default.join(home, "state", "idle-push.json");
function armIdlePush(home, env, hookScript, seconds) {
  const due = Date.now() + seconds * 1e3;
  import_node_fs14.default.mkdirSync(import_node_path15.default.join(home, "state"), { recursive: true });
  return underMutex(home, () => {
    const w = readWaiter(home);
    if (w && sameProcess(w.pid, w.since)) {
      writeWaiter(home, { ...w, due });
      return "moved on";
    }
    writeWaiter(home, { ...spawnDetached(home, env, [hookScript, "idle-push"]), due });
    return "armed";
  });
}
async function idlePushWhenDue(home, env, cliScript) {
  const cap2 = readHookToggles(home, env).idlePushSeconds * 1e3 + 1e3;
  for (; ; ) {
    const wait = await underMutex(home, () => turnOf(home, cap2));
    if (wait === null) return {};
    if (wait === 0) break;
    await new Promise((r2) => setTimeout(r2, wait));
  }
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return {};
  if (!hasUnpublished(home) && !liveChangedSince(home) && !claudeMemChanged(home, t.claudeMemDb, true))
    return { log: "idle push: nothing changed after the session ended" };
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `idle push: memory changed after the session ended; background push ${r}` };
}
function turnOf(home, capMs) {
  const w = readWaiter(home);
  if (w?.pid !== process.pid) return null;
  const wait = w.due - Date.now();
  if (wait > 0 && wait <= capMs) return wait;
  writeWaiter(home, { ...w, pid: 0 });
  return 0;
}
function readWaiter(home) {
  const v = readJsonObject(waiterFile(home));
  const since = typeof v?.since === "string" || v?.since === null;
  return typeof v?.pid === "number" && typeof v.due === "number" && since ? v : null;
}
function writeWaiter(home, w) {
  checkedWrite(waiterFile(home), JSON.stringify(w), { fsync: false, what: "the idle push stamp" });
}

// src/hooks/backupStart.ts
var import_node_fs16 = __builtin("node:fs");
var import_node_path17 = __builtin("node:path");

// src/util/now.ts
function now(env = process.env) {
  const start = env.MEMSYNC_NOW ? Date.parse(env.MEMSYNC_NOW) : Number.NaN;
  return new Date(Number.isNaN(start) ? Date.now() : start + Math.floor(performance.now()));
}

// src/machine/backupSchedule.ts
var import_node_fs15 = __builtin("node:fs");
var import_node_path16 = __builtin("node:path");
var scheduleFile = (home) => import_node_path16.default.join(home, "state", "backup-schedule.json");
var HOUR = 36e5;
var DAY = 24 * HOUR;
var MONDAY = 4 * DAY;
var RETRY_AFTER_FAILURE = HOUR;
function periodMs(every) {
  if (every === "daily") return DAY;
  if (every === "weekly") return 7 * DAY;
  const h = /^([1-9]\d{0,4})h$/.exec(every);
  return h ? Number(h[1]) * HOUR : null;
}
function periodStart(every, t) {
  const len = periodMs(every) ?? DAY;
  const origin = every === "weekly" ? MONDAY : 0;
  return Math.floor((t - origin) / len) * len + origin;
}
function isDue(every, lastRun, now2) {
  const last = lastRun === null ? Number.NaN : Date.parse(lastRun);
  if (Number.isNaN(last) || last > now2 + 6e4) return true;
  return periodStart(every, last) < periodStart(every, now2);
}
function scheduledBackupDue(home, now2) {
  const r = readScheduleRecord(home);
  if (!r?.schedule || !isDue(r.schedule.every, r.lastRun, now2)) return false;
  const failed = r.lastFailure ? Date.parse(r.lastFailure.at) : Number.NaN;
  return Number.isNaN(failed) || failed > now2 || now2 - failed >= RETRY_AFTER_FAILURE;
}
function readScheduleRecord(home) {
  let v;
  try {
    v = JSON.parse(import_node_fs15.default.readFileSync(scheduleFile(home), "utf8"));
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  const s = v.schedule;
  const schedule = s && typeof s.every === "string" && periodMs(s.every) ? s : null;
  const str = (x) => typeof x === "string" ? x : null;
  const f = v.lastFailure;
  const lastFailure = f && typeof f.at === "string" ? { at: f.at, error: String(f.error) } : null;
  return { schedule, lastRun: str(v.lastRun), lastFile: str(v.lastFile), lastFailure };
}

// src/hooks/pidStamp.ts
function readPidStamp(file) {
  const v = readJsonObject(file);
  return typeof v?.pid === "number" && (typeof v.since === "string" || v.since === null) ? v : null;
}
function writePidStamp(file, s, what) {
  checkedWrite(file, JSON.stringify(s), { fsync: false, what });
}
function stampRuns(file) {
  const s = readPidStamp(file);
  return !!s && sameProcess(s.pid, s.since);
}

// src/hooks/backupStart.ts
var stampFile2 = (home) => import_node_path17.default.join(home, "state", "bg-backup.json");
var WHAT = "the scheduled backup stamp";
async function startScheduledBackup(home, env, cliScript) {
  if (!scheduledBackupDue(home, now(env).getTime())) return "not due";
  return underMutex(home, () => {
    if (stampRuns(stampFile2(home))) return "running";
    import_node_fs16.default.mkdirSync(import_node_path17.default.dirname(stampFile2(home)), { recursive: true });
    writePidStamp(stampFile2(home), spawnDetached(home, env, [cliScript, "hook", "scheduled-backup"]), WHAT);
    return "started";
  });
}
async function scheduledBackupLine(env, cliScript) {
  try {
    const r = await startScheduledBackup(memsyncHome(env), env, cliScript);
    return r === "not due" ? void 0 : `scheduled backup ${r}`;
  } catch (e) {
    return `scheduled backup not started: ${e.message}`;
  }
}

// src/hooks/liveSessions.ts
var import_node_fs17 = __builtin("node:fs");
var import_node_path18 = __builtin("node:path");
var SESSION_IDLE_MS = 30 * 6e4;
var sessionsDir = (home) => import_node_path18.default.join(home, "state", "live", "sessions");
function sessionFile(home, id) {
  return id && /^[A-Za-z0-9_-]{1,128}$/.test(id) ? import_node_path18.default.join(sessionsDir(home), id) : null;
}
function readSession(home, id) {
  const file = sessionFile(home, id);
  if (!file) return null;
  const v = readJsonObject(file);
  if (typeof v?.seen !== "number") return null;
  const index = Array.isArray(v.index) ? v.index.filter((l) => typeof l === "string") : void 0;
  const c = v.claude;
  const claude = typeof c?.pid === "number" && (typeof c.since === "string" || c.since === null) ? c : void 0;
  return { seen: v.seen, index, claude };
}
function writeSession(home, id, mark, env) {
  const file = sessionFile(home, id);
  if (!file) return;
  import_node_fs17.default.mkdirSync(import_node_path18.default.dirname(file), { recursive: true });
  const pid = Number(env.CLAUDE_PID);
  const claude = Number.isInteger(pid) && alive(pid) ? { pid, since: startToRecord(pid) } : void 0;
  checkedWrite(file, JSON.stringify({ ...mark, claude }), { fsync: false, what: "the live session mark" });
}
function touchSession(home, id) {
  const file = sessionFile(home, id);
  const now2 = /* @__PURE__ */ new Date();
  if (file) import_node_fs17.default.utimesSync(file, now2, now2);
}
function endSession(home, id) {
  const file = sessionFile(home, id);
  if (file) import_node_fs17.default.rmSync(file, { force: true });
}

// src/hooks/pushHooks.ts
async function onStop(cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnStop) return {};
  const memDirs = await sessionMemoryDirs(cwd, env);
  const unpublished = hasUnpublished(home);
  if (!unpublished && !liveChangedSince(home, memDirs, sessionScope(memDirs, claudeConfigDir(env))) && !claudeMemChanged(home, t.claudeMemDb, false))
    return {};
  const r = startBackgroundPush(home, env, cliScript, t.pushThrottleSeconds);
  return { log: `stop: ${unpublished ? "memory left unpublished" : "memory changed"}; background push ${r}` };
}
async function onSessionEnd(cwd, env, cliScript, session) {
  const home = memsyncHome(env);
  endSession(home, session);
  const backup = await scheduledBackupLine(env, cliScript);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pushOnEnd) return backup ? { log: `session-end: ${backup}` } : {};
  const hookScript = import_node_path19.default.join(import_node_path19.default.dirname(cliScript), "hook.cjs");
  const armed = t.idlePushSeconds ? `idle push ${await armIdlePush(home, env, hookScript, t.idlePushSeconds)}` : "";
  const more = [armed, backup].filter(Boolean).map((l) => `; ${l}`).join("");
  if (!hasUnpublished(home) && !liveChangedSince(home, await sessionMemoryDirs(cwd, env)) && !claudeMemChanged(home, t.claudeMemDb, true))
    return more ? { log: `session-end: nothing changed${more}` } : {};
  const r = startBackgroundPush(home, env, cliScript, 0);
  return { log: `session-end: background push ${r}${more}` };
}
async function sessionMemoryDirs(cwd, env) {
  if (!cwd) return [];
  return [await claudeMemoryDirOf(claudeConfigDir(env), cwd, env)];
}

// src/hooks/prompt.ts
var import_node_path22 = __builtin("node:path");

// src/hooks/liveChanges.ts
var import_node_path20 = __builtin("node:path");
var logFile = (home) => import_node_path20.default.join(home, "state", "live", "changes.json");
function readChanges(home) {
  const v = readJsonObject(logFile(home));
  if (typeof v?.seq === "number" && Array.isArray(v.changes)) return v;
  return { seq: 0, changes: [] };
}

// src/hooks/livePullStart.ts
var import_node_fs18 = __builtin("node:fs");
var import_node_path21 = __builtin("node:path");
var stampFile3 = (home) => import_node_path21.default.join(home, "state", "live", "poller.json");
async function ensurePoller(home, env, cliScript) {
  if (stampRuns(stampFile3(home))) return "running";
  import_node_fs18.default.mkdirSync(import_node_path21.default.dirname(stampFile3(home)), { recursive: true });
  return underMutex(home, () => {
    if (stampRuns(stampFile3(home))) return "running";
    writePidStamp(stampFile3(home), spawnDetached(home, env, [cliScript, "hook", "live-pull"]), "the live pull stamp");
    return "started";
  });
}

// src/hooks/readText.ts
var import_node_fs19 = __builtin("node:fs");
function readText2(file) {
  try {
    return import_node_fs19.default.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

// src/hooks/prompt.ts
async function onPrompt(sessionId, cwd, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt) return {};
  const poller = t.livePullSeconds ? await ensurePoller(home, env, cliScript) : "off";
  const mark = readSession(home, sessionId);
  const log = readChanges(home);
  if (!mark || mark.seen > log.seq) {
    writeSession(home, sessionId, { seen: log.seq }, env);
    return poller === "started" ? { log: "prompt: live pull started" } : {};
  }
  touchSession(home, sessionId);
  if (mark.seen === log.seq) return poller === "started" ? { log: "prompt: live pull started" } : {};
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const fresh = log.changes.filter((c) => c.seq > mark.seen);
  const ours = memDir ? fresh.filter((c) => c.paths.some((p) => p.startsWith(memDir + import_node_path22.default.sep))) : [];
  const index = memDir ? readText2(import_node_path22.default.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, sessionId, { seen: log.seq, index: index ?? mark.index }, env);
  if (!memDir || !ours.length) return {};
  return {
    additionalContext: liveContext(memDir, ours, mark.index, index),
    log: `prompt: handed over ${ours.length} live pull${ours.length === 1 ? "" : "s"}`
  };
}
function liveContext(memDir, changes, seenIndex, index) {
  const hosts = [...new Set(changes.flatMap((c) => c.hosts))];
  const files = [...new Set(changes.flatMap((c) => c.paths))].filter((p) => p.startsWith(memDir + import_node_path22.default.sep));
  const indexFile = import_node_path22.default.join(memDir, "MEMORY.md");
  const parts = [
    `memsync pulled memory for this project${hosts.length ? ` from ${hosts.join(", ")}` : ""} while this session ran. These files are now as below; this replaces any earlier copy of them in this conversation.`
  ];
  if (files.includes(indexFile) && index) {
    const seen = new Set(seenIndex ?? []);
    const added = seenIndex ? index.filter((l) => l.trim() && !seen.has(l)) : index;
    if (added.length) parts.push(`New or changed lines of ${indexFile}:
${added.join("\n")}`);
  }
  const rest = [];
  for (const f of files.filter((p) => p !== indexFile)) {
    const text = readText2(f);
    const part2 = text === null ? `${f} was deleted.` : `${f}:
${text}`;
    if (parts.join("\n\n").length + part2.length + 400 < OUTPUT_CAP) parts.push(part2);
    else rest.push(f);
  }
  if (rest.length) parts.push(`Also changed, too long to show here (read them with the Read tool): ${rest.join(", ")}`);
  return parts.join("\n\n");
}

// src/hooks/twice.ts
var import_node_path23 = __builtin("node:path");
var OURS = /(?:memsync(?:\.m?js)?["']?\s+hook|hook\.c?m?js["']?)\s+(?:session-start|stop|prompt|session-end)\b/;
function userSettings(configDir) {
  return readJsonObject(import_node_path23.default.join(configDir, "settings.json")) ?? {};
}
function enabledPlugin(configDir) {
  const enabled = userSettings(configDir).enabledPlugins;
  if (!enabled || typeof enabled !== "object") return null;
  return Object.entries(enabled).find(([id, on]) => id.startsWith("memsync@") && on === true)?.[0] ?? null;
}
function settingsHooks(configDir) {
  const hooks = userSettings(configDir).hooks;
  if (!hooks || typeof hooks !== "object") return false;
  return Object.values(hooks).some(
    (groups) => Array.isArray(groups) && groups.some(
      (g) => Array.isArray(g?.hooks) && g.hooks.some((c) => typeof c?.command === "string" && OURS.test(c.command))
    )
  );
}
function standsAside(env, configDir) {
  return env.MEMSYNC_HOOK_SOURCE !== "plugin" && enabledPlugin(configDir) !== null;
}
function twiceLine(env, configDir, cli2) {
  if (env.MEMSYNC_HOOK_SOURCE !== "plugin" || !settingsHooks(configDir)) return null;
  return `memsync: its hooks are installed twice, by the plugin and in ${import_node_path23.default.join(configDir, "settings.json")}; the plugin's run and the others do nothing: remove them with ${cli2} hooks uninstall`;
}

// src/hooks/cliName.ts
var import_node_fs20 = __builtin("node:fs");
var import_node_path24 = __builtin("node:path");
function cliName(env, cliScript) {
  const onPath = (env.PATH ?? "").split(import_node_path24.default.delimiter).some((dir) => {
    try {
      import_node_fs20.default.accessSync(import_node_path24.default.join(dir, "memsync"), import_node_fs20.default.constants.X_OK);
      return !!dir;
    } catch {
      return false;
    }
  });
  return onPath ? "memsync" : `node "${cliScript}"`;
}

// src/hooks/notices.ts
var import_node_fs21 = __builtin("node:fs");
var import_node_path25 = __builtin("node:path");
function sessionNotices(home, env, sessionId, cli2, first = []) {
  const lines = [...first];
  const twice = twiceLine(env, claudeConfigDir(env), cli2);
  if (twice) lines.push(twice);
  return unsaid(home, sessionId, lines);
}
function unsaid(home, sessionId, lines) {
  if (!lines.length || !sessionId) return lines;
  const file = import_node_path25.default.join(home, "state", "session-notices.json");
  const v = readJsonObject(file);
  const said = v?.session === sessionId && Array.isArray(v.said) ? v.said.filter((x) => typeof x === "string") : [];
  const fresh = lines.filter((l) => !said.includes(l));
  if (fresh.length) {
    import_node_fs21.default.mkdirSync(import_node_path25.default.dirname(file), { recursive: true });
    import_node_fs21.default.writeFileSync(file, `${JSON.stringify({ session: sessionId, said: [...said, ...fresh] })}
`);
  }
  return fresh;
}

// src/hooks/startShort.ts
var import_node_fs26 = __builtin("node:fs");
var import_node_path31 = __builtin("node:path");

// src/store/gitRun.ts
function gitEnv(host, extra = {}) {
  const env = { ...process.env };
  for (const k of [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "GIT_EDITOR",
    "GIT_PAGER",
    "GIT_SEQUENCE_EDITOR",
    "GIT_EXTERNAL_DIFF",
    "GIT_TEMPLATE_DIR",
    "PREFIX"
  ])
    delete env[k];
  return {
    ...env,
    GIT_AUTHOR_NAME: host,
    GIT_AUTHOR_EMAIL: `memsync@${host}`,
    GIT_COMMITTER_NAME: host,
    GIT_COMMITTER_EMAIL: `memsync@${host}`,
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    LC_ALL: "C",
    ...extra
  };
}
var GIT_SAFE_CONFIG = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "commit.gpgSign=false",
  "-c",
  "core.quotePath=false"
];
var GitTimeout = class extends MemsyncError {
  constructor(timeoutMs, what) {
    super(`git ${what} timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
  timeoutMs;
};
function runGit(args, opts = {}) {
  return new Promise((resolve, reject) => {
    const detached = process.platform !== "win32";
    const child = childProcess().spawn("git", [...GIT_SAFE_CONFIG, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["pipe", "pipe", "pipe"],
      detached,
      windowsHide: true
    });
    const group = detached ? child.pid : void 0;
    if (group) liveGroups.add(group);
    opts.onSpawn?.();
    const out = [];
    const err = [];
    let settled = false;
    const settle = (fn) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (group) liveGroups.delete(group);
      fn();
    };
    const timer = opts.timeoutMs ? setTimeout(() => {
      if (group) killGroup(group);
      else child.kill("SIGKILL");
      for (const s of [child.stdin, child.stdout, child.stderr]) s.destroy();
      settle(
        () => reject(new GitTimeout(opts.timeoutMs, args[0] === "--git-dir" ? args[2] ?? "" : args[0] ?? ""))
      );
    }, opts.timeoutMs) : void 0;
    child.stdout.on("data", opts.onStdout ?? ((d) => out.push(d)));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", (e) => {
      settle(
        () => reject(
          e.code === "ENOENT" ? new MemsyncError(
            "git is not installed or not on PATH",
            "failure",
            "install git (e.g. apt-get install git)"
          ) : e
        )
      );
    });
    child.on("close", (code) => {
      const stderr = Buffer.concat(err).toString("utf8");
      const c = code ?? -1;
      settle(() => {
        if (c !== 0 && /No space left on device|Disk quota exceeded/i.test(stderr)) reject(diskFull(args, opts.cwd));
        else if (c !== 0 && !(opts.okCodes ?? []).includes(c)) {
          reject(
            new MemsyncError(
              `git ${args.join(" ").slice(0, 120)} failed (exit ${c}): ${stderr.trim().split("\n").pop() ?? ""}`
            )
          );
        } else resolve({ stdout: Buffer.concat(out), stderr, code: c });
      });
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(opts.input ?? "");
  });
}
function diskFull(args, cwd) {
  const at = args.indexOf("--git-dir");
  const dir = at >= 0 ? args[at + 1] : cwd ?? process.cwd();
  const sub = args.find((a, i) => (at < 0 || i > at + 1) && !a.startsWith("-")) ?? "git";
  return describeOsError(`git ${sub} in`, dir, { code: "ENOSPC" });
}
var liveGroups = /* @__PURE__ */ new Set();
function killGroup(group) {
  if (!group) return;
  try {
    process.kill(-group, "SIGKILL");
  } catch {
  }
}
function killLiveGroups() {
  for (const g of liveGroups) killGroup(g);
  liveGroups.clear();
}
process.on("exit", killLiveGroups);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  const onSignal = () => {
    killLiveGroups();
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  };
  process.on(sig, onSignal);
}

// src/config/remoteUrl.ts
function remoteKind(remote) {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(remote)) return "url";
  if (remote.startsWith("[")) return /^\[[^\]]+\]:/.test(remote) ? "scp" : "local";
  const colon = remote.indexOf(":");
  const slash = remote.indexOf("/");
  if (colon <= 0 || slash >= 0 && slash < colon) return "local";
  if (process.platform === "win32" && colon === 1) return "local";
  return "scp";
}

// src/store/netEnv.ts
var USER_KEYS = /^(core\.sshcommand|http\.lowspeedlimit|http\.lowspeedtime)$/;
async function networkRun(base, timeoutMs, { verbose = false, user: read } = {}) {
  const user = await (read ?? userNetworkConfig(base));
  const env = {
    ...base,
    GIT_TERMINAL_PROMPT: "0",
    GCM_INTERACTIVE: "never",
    SSH_ASKPASS_REQUIRE: "never"
  };
  env.GIT_ASKPASS = "";
  delete env.SSH_ASKPASS;
  const userSsh = base.GIT_SSH_COMMAND || user.get("core.sshcommand") || (base.GIT_SSH ? null : "ssh");
  const ssh = sshCommand(userSsh, timeoutMs, verbose);
  if (ssh) env.GIT_SSH_COMMAND = ssh;
  const config = [];
  if (!user.has("http.lowspeedlimit") && !user.has("http.lowspeedtime") && !base.GIT_HTTP_LOW_SPEED_LIMIT) {
    const seconds = clamp(Math.floor(timeoutMs / 4e3), 2, 30);
    config.push("-c", "http.lowSpeedLimit=1000", "-c", `http.lowSpeedTime=${seconds}`);
  }
  return { env, config };
}
function sshCommand(userCommand, timeoutMs, verbose = false) {
  if (userCommand === null) return null;
  const program = userCommand.trim().split(/\s+/)[0] ?? "";
  if (!/(^|[/\\])ssh(\.exe)?$/i.test(program.replace(/^["']|["']$/g, ""))) return userCommand;
  const seconds = Math.max(1, Math.floor(timeoutMs / 1e3));
  const alive2 = clamp(Math.floor(seconds / 6), 1, 10);
  const options = `-o BatchMode=yes -o ServerAliveInterval=${alive2} -o ServerAliveCountMax=2 -o ConnectTimeout=${clamp(seconds, 1, 15)}`;
  return `${userCommand}${verbose ? " -v" : ""} ${options}`;
}
async function userNetworkConfig(env, remoteUrl) {
  if (remoteUrl !== void 0 && remoteKind(remoteUrl) === "local") return /* @__PURE__ */ new Map();
  const args = ["--git-dir=/dev/null/none", "config", "--includes", "--get-regexp", USER_KEYS.source];
  const r = await runGit(args, { env, okCodes: [1, 128], timeoutMs: 1e4 });
  const out = /* @__PURE__ */ new Map();
  for (const line of r.stdout.toString().split("\n")) {
    const sp = line.indexOf(" ");
    if (sp > 0) out.set(line.slice(0, sp).toLowerCase(), line.slice(sp + 1));
  }
  return out;
}
function clamp(n, lo, hi) {
  return Math.min(hi, Math.max(lo, n));
}

// src/hooks/startClaudeMem.ts
var import_node_path27 = __builtin("node:path");

// src/claudeMem/sqlite/atHand.ts
var import_node_fs22 = __builtin("node:fs");
var import_node_os2 = __builtin("node:os");
var import_node_path26 = __builtin("node:path");
function sqliteAtHand(env) {
  const forced = env.MEMSYNC_SQLITE?.trim();
  if (forced === "node") return nodeHasSqlite(env);
  if (forced === "bun") return findBun(env) !== null;
  if (forced) return false;
  return nodeHasSqlite(env) || findBun(env) !== null;
}
function nodeHasSqlite(env) {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  const off = [...process.execArgv, env.NODE_OPTIONS ?? ""].some((a) => a.includes("--no-experimental-sqlite"));
  return (major > 22 || major === 22 && minor >= 16) && !off;
}
function findBun(env) {
  const dirs = (env.PATH ?? "").split(import_node_path26.default.delimiter).filter(Boolean);
  dirs.push(import_node_path26.default.join(env.HOME || import_node_os2.default.homedir(), ".bun", "bin"));
  for (const dir of dirs) {
    const file = import_node_path26.default.join(dir, "bun");
    try {
      import_node_fs22.default.accessSync(file, import_node_fs22.default.constants.X_OK);
      if (import_node_fs22.default.statSync(file).isFile()) return file;
    } catch {
    }
  }
  return null;
}

// src/hooks/startClaudeMem.ts
var isEmpty = (x) => !!x && typeof x === "object" && Object.keys(x).length === 0;
function claudeMemUnsettled(home, db, env) {
  const s = readJsonObject(import_node_path27.default.join(home, "state", "claude-mem.json"));
  if (s?.version !== 1 || typeof s.marker !== "string") return "claude-mem's database was not left settled";
  const open = !isEmpty(s.rowConflicts) || !isEmpty(s.heldDeletes ?? {}) || !isEmpty(s.heldSecrets ?? []) || ![void 0, null].includes(s.resolution) || ![void 0, false].includes(s.confirmDeletes) || ![void 0, null].includes(s.pending);
  if (open) return "claude-mem's database has something open";
  try {
    if (dbMarker(db) !== s.marker) return "claude-mem's database changed since the last sync";
  } catch {
    return "claude-mem's database could not be looked at";
  }
  return sqliteAtHand(env) ? null : "no SQLite known to be at hand without loading one";
}

// src/hooks/startRecipients.ts
var import_node_fs24 = __builtin("node:fs");
var import_node_path29 = __builtin("node:path");

// src/crypto/keyFiles.ts
var import_node_path28 = __builtin("node:path");
var identityFile = (home) => import_node_path28.default.join(home, "identity.txt");
var pinFile = (home) => import_node_path28.default.join(home, "recipients-pin.json");

// src/util/readOrNull.ts
var import_node_fs23 = __builtin("node:fs");
function readOrNull(p) {
  try {
    return import_node_fs23.default.readFileSync(p);
  } catch {
    return null;
  }
}

// src/crypto/recipients.ts
var RECIPIENTS_FILE = ".memsync/recipients.txt";
var RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;
function isRecipient(s) {
  return RECIPIENT_RE.test(s);
}
function parseRecipients(text) {
  const out = [];
  let name = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) {
      name = null;
      continue;
    }
    if (line.startsWith("#")) {
      name = line.slice(1).trim();
      continue;
    }
    const [key, ...rest] = line.split(/\s+#\s*/);
    if (!isRecipient(key))
      throw new MemsyncError(
        `the remote's ${RECIPIENTS_FILE} has a line that is not an age public key: ${line.slice(0, 80)}`,
        "failure",
        "fix or remove that line on the remote (it must be age1... keys only)"
      );
    out.push({ name: rest.join(" ").trim() || name || key.slice(0, 16), key });
    name = null;
  }
  return out;
}

// src/crypto/pinRead.ts
function readPin(home) {
  const file = pinFile(home);
  const raw = readOrNull(file);
  if (raw === null) return null;
  let parsed = null;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
  }
  const list = parsed?.recipients;
  if (!Number.isSafeInteger(parsed?.generation) || !Array.isArray(list) || !list.every((r) => typeof r?.name === "string" && isRecipient(r?.key)))
    throw new MemsyncError(
      `${file} is not the list of recipients memsync keeps`,
      "failure",
      `delete it; the next encrypted push agrees to the remote's list as it is then (check it with memsync keys list)`
    );
  return { generation: parsed.generation, recipients: list };
}

// src/crypto/trust.ts
function listedOf(file, encrypted) {
  if (!file) return { kind: "missing", encrypted };
  try {
    return { kind: "list", recipients: parseRecipients(file.toString("utf8")) };
  } catch (e) {
    return { kind: "malformed", detail: e.message.replace(/^.*?has /, "has ") };
  }
}
function judge(pin, listed, signed) {
  const agreed = pin?.recipients ?? [];
  if (listed.kind === "malformed") return { kind: "unusable", why: listed.detail, removed: agreed };
  if (listed.kind === "missing")
    return pin || listed.encrypted ? { kind: "unusable", why: "is missing", removed: agreed } : { kind: "fresh" };
  const { recipients } = listed;
  if (!recipients.length) return { kind: "unusable", why: "is empty", removed: agreed };
  const keys = new Set(recipients.map((r) => r.key));
  if (!pin) return { kind: "first", recipients, generation: signed && keys.has(signed.by) ? signed.generation : 0 };
  const pinned = new Set(agreed.map((r) => r.key));
  const trusted = signed && pinned.has(signed.by) && signed.generation > pin.generation ? signed : null;
  const added = recipients.filter((r) => !pinned.has(r.key));
  const removed = agreed.filter((r) => !keys.has(r.key));
  if (!added.length && !removed.length)
    return { kind: "agreed", recipients, generation: trusted?.generation ?? pin.generation };
  if (trusted) return { kind: "endorsed", recipients, generation: trusted.generation, by: trusted.by };
  return { kind: "changed", recipients, added, removed };
}
var named = (list) => list.map((r) => `${r.name} (${r.key})`).join(", ");
function verdictProblem(v, cli2 = "memsync") {
  const head = `the remote's recipients list (${RECIPIENTS_FILE})`;
  if (v.kind === "changed") {
    const parts = [
      v.added.length ? `added ${named(v.added)}` : "",
      v.removed.length ? `removed ${named(v.removed)}` : ""
    ];
    return `${head} changed since this machine agreed to it: ${parts.filter(Boolean).join("; ")}; encrypted pushes are stopped until you run ${cli2} keys accept (take the change) or ${cli2} keys restore (undo it)`;
  }
  if (v.kind !== "unusable") return null;
  const back = v.removed.length ? `${cli2} keys restore (puts back ${v.removed.map((r) => r.name).join(", ")})` : `${cli2} keys restore on a machine that synced with it before`;
  return `${head} ${v.why}: it is never read as "encrypt to this machine alone"; encrypted pushes are stopped until you run ${back}`;
}

// src/hooks/startRecipients.ts
async function recipientsAgreed(home, tip, timeoutMs) {
  if (!import_node_fs24.default.existsSync(identityFile(home))) return false;
  const key = agreementKey(home, tip);
  if (readJsonObject(agreedFile(home))?.key === key) return true;
  const agreed = await listAgreed(home, tip, timeoutMs);
  if (agreed) writeQuietly(agreedFile(home), JSON.stringify({ key }));
  return agreed;
}
var agreedFile = (home) => import_node_path29.default.join(home, "state", "recipients-agreed.json");
function agreementKey(home, tip) {
  const stat = (file) => {
    try {
      const st = import_node_fs24.default.statSync(file);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return "-";
    }
  };
  return [tip, stat(pinFile(home)), stat(identityFile(home))].join("|");
}
function writeQuietly(file, text) {
  try {
    import_node_fs24.default.writeFileSync(file, text);
  } catch {
  }
}
async function listAgreed(home, tip, timeoutMs) {
  try {
    const r = await runGit(["--git-dir", repoDir(home), "cat-file", "blob", `${tip}:${RECIPIENTS_FILE}`], {
      env: gitEnv("memsync"),
      timeoutMs,
      okCodes: [128]
    });
    const listed = listedOf(r.code === 0 ? r.stdout : null, true);
    return verdictProblem(judge(readPin(home), listed, null)) === null;
  } catch {
    return false;
  }
}

// src/hooks/indexLine.ts
var import_node_path30 = __builtin("node:path");

// src/sources/indexBudget.ts
var import_node_fs25 = __builtin("node:fs");
var INDEX_MAX_LINES = 200;
var INDEX_MAX_BYTES = 25e3;
function lineCount(text) {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}
function indexSizeOf(label, file) {
  let content;
  try {
    content = import_node_fs25.default.readFileSync(file);
  } catch {
    return null;
  }
  return { label, path: file, lines: lineCount(content.toString("utf8")), bytes: content.length };
}
var overBudget = (s) => s.lines > INDEX_MAX_LINES || s.bytes > INDEX_MAX_BYTES;
function budgetLine(s) {
  const kb = (s.bytes / 1e3).toFixed(1);
  return `the memory index of ${s.label} has ${s.lines} lines (${kb} KB); Claude Code reads only the first ${INDEX_MAX_LINES} lines or ${INDEX_MAX_BYTES / 1e3} KB: run memsync consolidate (or /memsync:memsync)`;
}

// src/hooks/indexLine.ts
function indexBudgetLine(memDir) {
  const size = indexSizeOf("this project", import_node_path30.default.join(memDir, "MEMORY.md"));
  return size && overBudget(size) ? `memsync: ${budgetLine(size)}` : void 0;
}

// src/hooks/startShort.ts
function shortWayOrWhy(v) {
  const { settings, state } = v;
  if (!settings || !state) return "no settings or sync state";
  if (!v.pullOnStart) return "the pull at session start is off";
  if (v.settingsNewer) return "settings changed since the last sync";
  const get = (key) => v.env[envVarName(key)] || settings[key];
  if (!["peer", "contributor", "consumer", void 0].includes(get("role"))) return "an unknown role";
  const encryption = get("encryption");
  if (![void 0, "none", "age"].includes(encryption)) return "an unknown encryption setting";
  const remote = get("remote");
  const url = typeof remote === "string" ? expandHome(remote, v.env) : import_node_path31.default.join(v.home, "remote.git");
  const branch = get("branch") ?? "main";
  if (typeof state.remoteTip !== "string") return "no remote tip recorded";
  if (state.remoteUrl !== url || (state.branch ?? "main") !== branch) return "the remote or branch changed";
  for (const key of ["conflicts", "held", "heldDeletes", "unusable", "pending"]) {
    const x = state[key];
    if (x && typeof x === "object" && Object.keys(x).length) return `open ${key} in the sync state`;
  }
  if (!Array.isArray(state.unpublished) || state.unpublished.length || v.unpublished) return "left unpublished";
  if (v.claudeMem) return v.claudeMem;
  if (v.project && !v.project.known) return "a project no sync has learned";
  if (!v.cache || v.cache.seq !== state.seq) return "no scan of the last sync";
  if (changedSinceCache(v.cache, v.memDir ? [v.memDir] : [], v.scope)) return "memory changed since the last sync";
  const pull = Number(get("pullTimeoutMs") ?? 5e3);
  const budget = Number.isInteger(pull) && pull > 0 ? pull : 5e3;
  return { url, branch, tip: state.remoteTip, recipients: encryption === "age", budget };
}
function readLocal(home, env, cwd, memDir) {
  const settingsFile = import_node_path31.default.join(home, "settings.json");
  const stateFile = import_node_path31.default.join(home, "state", "sync-state.json");
  const settings = readJsonObject(settingsFile);
  const t = hookToggles(settings ?? {}, env);
  const project = cwd ? import_node_path31.default.resolve(cwd) : null;
  const registry = readJsonObject(import_node_path31.default.join(home, "projects.json"))?.paths;
  const state = readJsonObject(stateFile);
  const listed = (x) => Array.isArray(x) && x.includes(project);
  const scope = sessionScope(memDir ? [memDir] : [], claudeConfigDir(env));
  return {
    settings,
    // Every sync that ends writes its time (machine/state.ts), the sync state only when something changed.
    settingsNewer: mtimeOf(settingsFile) >= mtimeOf(import_node_path31.default.join(home, "state", "last-sync"), Number.NEGATIVE_INFINITY),
    state,
    cache: readScanCache(home, scope),
    unpublished: hasUnpublished(home),
    claudeMem: t.claudeMemDb === null ? null : claudeMemUnsettled(home, t.claudeMemDb, env),
    pullOnStart: t.autoSync && t.pullOnStart,
    project: project ? { known: listed(registry) || listed(state?.projects) } : null,
    memDir,
    scope,
    env,
    home
  };
}
function mtimeOf(file, missing = Number.POSITIVE_INFINITY) {
  try {
    return import_node_fs26.default.statSync(file).mtimeMs;
  } catch {
    return missing;
  }
}
async function shortStart(input, env) {
  const home = memsyncHome(env);
  const cwd = input.cwd && import_node_fs26.default.existsSync(input.cwd) ? import_node_path31.default.resolve(input.cwd) : void 0;
  const memDir = cwd ? await claudeMemoryDirOf(claudeConfigDir(env), cwd, env) : null;
  const last = shortWayOrWhy(readLocal(home, env, cwd, memDir));
  if (typeof last === "string") return last;
  const started = performance.now();
  const timeoutMs = Math.max(200, Math.floor(last.budget / 2));
  const [tip, agreed] = await Promise.all([
    remoteTip(last, timeoutMs),
    !last.recipients || recipientsAgreed(home, last.tip, timeoutMs)
  ]);
  if (tip !== last.tip) return tip === null ? "no answer from the remote, or no such branch" : "the remote moved";
  if (!agreed) return "encrypted: the recipients check needs the sync (the list, this machine's key or pin)";
  return {
    log: `short way: the remote is at the last synced tip (${Math.round(performance.now() - started)} ms)`,
    conflictsLine: memDir ? indexBudgetLine(memDir) : void 0
  };
}
async function remoteTip(last, timeoutMs) {
  try {
    const base = gitEnv("memsync");
    const { env, config } = await networkRun(base, timeoutMs, { user: userNetworkConfig(base, last.url) });
    const ref = `refs/heads/${last.branch}`;
    const r = await runGit([...config, "ls-remote", "--", last.url, ref], { env, timeoutMs, okCodes: [2, 128] });
    if (r.code !== 0) return null;
    const line = r.stdout.toString().split("\n").find((l) => l.endsWith(`	${ref}`));
    return line ? line.slice(0, line.indexOf("	")) : null;
  } catch {
    return null;
  }
}

// src/hooks/startLive.ts
var import_node_path32 = __builtin("node:path");
async function startLive(input, env, cliScript) {
  const home = memsyncHome(env);
  const t = readHookToggles(home, env);
  if (!t.autoSync || !t.pullOnPrompt || !input.session_id) return "";
  const memDir = input.cwd ? await claudeMemoryDirOf(claudeConfigDir(env), input.cwd, env) : null;
  const index = memDir ? readText2(import_node_path32.default.join(memDir, "MEMORY.md"))?.split("\n") : void 0;
  writeSession(home, input.session_id, { seen: readChanges(home).seq, index }, env);
  if (!t.livePullSeconds) return "";
  return `live pull ${await ensurePoller(home, env, cliScript)}`;
}

// src/hooks/startHook.ts
async function startSession(input, env, cliScript, load) {
  const short = await shortStart(input, env);
  if (typeof short === "string") return (await load()).longStart(input, env, cliScript, short);
  return finishStart(short, input, env, cliScript, []);
}
async function finishStart(out, input, env, cliScript, notices) {
  const live = await startLive(input, env, cliScript);
  const backup = await scheduledBackupLine(env, cliScript);
  const all = sessionNotices(memsyncHome(env), env, input.session_id, cliName(env, cliScript), notices);
  const more = [live, backup].filter(Boolean);
  const log = more.length && (out.log === void 0 || typeof out.log === "string") ? [out.log, ...more].filter(Boolean).join("; ") : out.log;
  const message = [...all, out.systemMessage].filter(Boolean).join("\n");
  return { ...out, log, systemMessage: message || void 0 };
}

// src/hooks/entry.ts
var event = process.argv[2] ?? "";
var cli = import_node_path33.default.join(import_node_path33.default.dirname(process.argv[1] ?? "."), "memsync.mjs");
var startUrl = (0, import_node_url.pathToFileURL)(import_node_path33.default.join(import_node_path33.default.dirname(cli), "start.mjs")).href;
var tooOld = Number(process.versions.node.split(".")[0]) < 20;
var need = "memsync needs Node.js 20 or later on PATH (22.16 or later also syncs claude-mem with nothing else installed)";
void runGuarded(memsyncHome(process.env), event, async () => {
  if (tooOld)
    return event === "session-start" ? { systemMessage: `memsync: node on PATH is ${process.version}: ${need}; memory is not synced in this session` } : {};
  const input = inputOf(await readStdin(2e3));
  const { cwd, session_id: session } = input;
  if (standsAside(process.env, claudeConfigDir(process.env)))
    return { log: `${event}: left to the memsync plugin's hook` };
  if (event === "session-start") return startSession(input, process.env, cli, () => import(startUrl));
  if (event === "stop") return onStop(cwd, process.env, cli);
  if (event === "prompt") return onPrompt(session, cwd, process.env, cli);
  if (event === "session-end") return onSessionEnd(cwd, process.env, cli, session);
  if (event === "idle-push") return idlePushWhenDue(memsyncHome(process.env), process.env, cli);
  return {
    systemMessage: `memsync: dist/hook.cjs handles session-start, stop, prompt and session-end, not "${event}"`
  };
}).catch(() => void 0).finally(() => process.exit(0));
function inputOf(text) {
  const str = (v) => typeof v === "string" ? v : void 0;
  try {
    const v = JSON.parse(text);
    if (!v || typeof v !== "object") return {};
    const o = v;
    return { cwd: str(o.cwd), session_id: str(o.session_id), source: str(o.source) };
  } catch {
    return {};
  }
}
