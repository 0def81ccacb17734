import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  checkNames
} from "./chunk-OG4SNG7R.mjs";
import {
  parseWhen
} from "./chunk-TIZHATIU.mjs";
import {
  mergeText,
  syncRoots
} from "./chunk-YNW2HANN.mjs";
import {
  conflictCopyPath,
  findCopyOf,
  withEffects
} from "./chunk-ZFLC64OT.mjs";
import {
  openRepo,
  readOrNull
} from "./chunk-OSUNIX2D.mjs";
import {
  tmpDir
} from "./chunk-TI4XVK6F.mjs";
import {
  formatRecorded,
  pathProblem,
  scanLive
} from "./chunk-DV3IE2IK.mjs";
import {
  AUTO_MEMORY,
  containProblem,
  require_picomatch
} from "./chunk-EDOGX4IK.mjs";
import {
  blobHash,
  isBinary
} from "./chunk-AVJM6F24.mjs";
import {
  loadBase,
  loadHeader
} from "./chunk-3VAUD4PZ.mjs";
import {
  loadScanCache
} from "./chunk-TBQZOKPT.mjs";
import {
  external_exports
} from "./chunk-CYZJENGY.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import {
  __toESM
} from "./chunk-MCGFJXCR.mjs";

// src/sync/exchange.ts
import fs from "node:fs";
import path from "node:path";
var import_picomatch = __toESM(require_picomatch(), 1);

// src/sync/importMerge.ts
function mergeCall(liveHash, importHash, importBase, localBase) {
  if (importBase === void 0) {
    if (importHash === localBase)
      return { kind: "keep", reason: "live changed since the last sync and the import holds that older version" };
    return { kind: "copy" };
  }
  if (liveHash === importBase) return { kind: "take" };
  if (importHash === importBase)
    return { kind: "keep", reason: "live changed since the backup's base and the backup holds the base: kept live" };
  return importBase === null ? { kind: "copy" } : { kind: "merge", base: importBase };
}

// src/sync/exchange.ts
function parseSince(s) {
  return parseWhen("--since", s);
}
async function buildExport(ctx, opts = {}) {
  const { roots } = await syncRoots(ctx);
  const projects = opts.projects ?? [];
  const sources = opts.sources ?? [];
  const known = {
    project: roots.filter((r) => r.source === AUTO_MEMORY).map((r) => r.label),
    source: roots.map((r) => r.source),
    where: "synced on this machine",
    unlistedProjects: roots.map((r) => r.label)
  };
  checkNames("export", known, projects, sources);
  const keep = roots.filter(
    (r) => (!projects.length || projects.includes(r.label)) && (!sources.length || sources.some((s) => r.source === s || r.source === `files:${s}`))
  );
  const { files } = scanLive(keep, ctx.settings.exclude, loadScanCache(ctx.home));
  const out = [];
  for (const [p, f] of [...files].sort(([a], [b]) => a < b ? -1 : 1)) {
    let content;
    let st;
    try {
      st = fs.statSync(f.livePath);
      content = fs.readFileSync(f.livePath);
    } catch {
      continue;
    }
    if (opts.since && st.mtime < opts.since) continue;
    const text = content.toString("utf8");
    const asText = !isBinary(content) && Buffer.from(text, "utf8").equals(content);
    out.push({
      path: p,
      source: f.root.source,
      label: f.root.label,
      ...asText ? { content: text } : { contentBase64: content.toString("base64") },
      sha: blobHash(content),
      mtime: st.mtime.toISOString()
    });
  }
  return { memsync: "export", version: 1, host: ctx.host, createdAt: (/* @__PURE__ */ new Date()).toISOString(), files: out };
}
async function writeExport(doc, file) {
  const text = `${JSON.stringify(doc, null, 2)}
`;
  if (file === "-") {
    await new Promise((resolve, reject) => process.stdout.write(text, (e) => e ? reject(e) : resolve()));
    return;
  }
  checkedWrite(path.resolve(file), text, { what: "the export" });
}
var EntrySchema = external_exports.object({
  path: external_exports.string(),
  source: external_exports.string().optional(),
  label: external_exports.string().optional(),
  content: external_exports.string().optional(),
  contentBase64: external_exports.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64").optional(),
  sha: external_exports.string().regex(/^[0-9a-f]{40}$/, "not a git blob id").optional(),
  mtime: external_exports.string().optional()
}).refine(
  (e) => e.content === void 0 !== (e.contentBase64 === void 0),
  "needs exactly one of content and contentBase64"
);
var ExportSchema = external_exports.object({
  memsync: external_exports.literal("export"),
  version: external_exports.literal(1),
  host: external_exports.string().min(1),
  createdAt: external_exports.string(),
  files: external_exports.array(EntrySchema)
});
function readExport(file) {
  let text;
  try {
    text = file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(path.resolve(file), "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${e.code ?? e.message})`);
  }
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${e.message})`, "give a file written by memsync export");
  }
  const parsed = ExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    const entry = issue.path[0] === "files" && typeof issue.path[1] === "number" ? raw.files[issue.path[1]]?.path : void 0;
    throw new UsageError(
      `${file}: not a memsync export: ${where}${typeof entry === "string" ? ` (${entry})` : ""}: ${issue.message}`,
      "give a file written by memsync export"
    );
  }
  const seen = /* @__PURE__ */ new Set();
  for (const e of parsed.data.files) {
    if (seen.has(e.path)) throw new UsageError(`${file}: ${e.path} appears twice`);
    seen.add(e.path);
    if (e.sha && blobHash(entryContent(e)) !== e.sha)
      throw new UsageError(`${file}: ${e.path}: its content does not match its sha (damaged or edited export)`);
  }
  return parsed.data;
}
function entryContent(e) {
  return e.content !== void 0 ? Buffer.from(e.content, "utf8") : Buffer.from(e.contentBase64, "base64");
}
function unsafePath(p) {
  if (/^[A-Za-z]:/.test(p)) return "absolute path";
  return pathProblem(p);
}
async function importExport(ctx, doc, opts) {
  const { value, recorded } = await withEffects(ctx, !!opts.dryRun, (fx) => importWith(ctx, doc, opts, fx));
  return recorded ? { ...value, recorded } : value;
}
function emptyImport(opts, host) {
  const lists = { created: [], overwritten: [], merged: [], copies: [], unchanged: [], skipped: [], refused: [] };
  return { dryRun: !!opts.dryRun, strategy: opts.strategy, host, ...lists, notSynced: [], notes: [] };
}
async function importWith(ctx, doc, opts, fx) {
  const out = emptyImport(opts, doc.host);
  const { index } = await syncRoots(ctx);
  const header = await loadHeader(ctx.home);
  const base = await loadBase(ctx.home, header);
  const when = Number.isNaN(Date.parse(doc.createdAt)) ? /* @__PURE__ */ new Date() : new Date(doc.createdAt);
  const steps = [];
  fs.mkdirSync(tmpDir(ctx.home), { recursive: true });
  for (const e of [...doc.files].sort((a, b) => a.path < b.path ? -1 : 1)) {
    const p = e.path;
    const bad = unsafePath(p);
    if (bad) {
      out.refused.push({ path: p, reason: bad });
      continue;
    }
    if (!index.maps(p)) {
      out.notSynced.push(p);
      continue;
    }
    if (header.conflicts[p]) {
      out.skipped.push({ path: p, reason: "open conflict: resolve it first (memsync resolve)" });
      continue;
    }
    const livePath = index.livePath(p);
    const outside = containProblem(index.lookup(p).root.liveDir, livePath);
    if (outside) {
      out.refused.push({ path: p, reason: outside });
      continue;
    }
    const content = entryContent(e);
    const live = readOrNull(livePath);
    const liveHash = live === null ? null : blobHash(live);
    if (live === null) {
      steps.push({ kind: "create", path: p, livePath, content, expected: null });
      continue;
    }
    if (liveHash === blobHash(content)) {
      out.unchanged.push(p);
      continue;
    }
    if (opts.strategy === "skip") {
      out.skipped.push({ path: p, reason: "differs: kept live (--strategy skip)" });
    } else if (opts.strategy === "overwrite") {
      if (base[p] !== liveHash && !opts.force) {
        out.skipped.push({
          path: p,
          reason: "live holds an unpublished local change: not overwritten (sync first, or --force)"
        });
      } else {
        steps.push({ kind: "overwrite", path: p, livePath, content, expected: liveHash });
      }
    } else {
      const call = mergeCall(liveHash, blobHash(content), e.baseSha, base[p] ?? null);
      const at = { path: p, livePath, content, liveHash, live };
      const step = await mergeStep(ctx, call, at, { host: doc.host, when }, out);
      if (step) steps.push(step);
    }
  }
  await writeSteps(fx, steps, out);
  if (out.copies.length)
    out.notes.push(
      "imported versions that could not be merged safely (an export has no base to tell which side is newer) are beside the live files (.conflict-<host>-<time>): compare, keep what you need, delete the copy"
    );
  return out;
}
async function writeSteps(fx, steps, out) {
  if (!steps.length) return;
  await fx.beginLiveWrites(steps.filter((s) => s.kind !== "copy").map((s) => s.livePath));
  try {
    for (const s of steps) {
      if (s.kind === "copy") {
        if (fs.existsSync(s.copy)) {
          out.skipped.push({ path: s.path, reason: `a file is already at ${s.copy}` });
          continue;
        }
        await fx.createCopy(s.copy, s.content);
        out.copies.push({ path: s.path, copy: s.copy });
      } else if (await fx.writeLive(s.livePath, s.content, s.expected)) {
        (s.kind === "create" ? out.created : s.kind === "overwrite" ? out.overwritten : out.merged).push(s.path);
      } else out.skipped.push({ path: s.path, reason: "changed while importing: left alone" });
    }
  } finally {
    await fx.endLiveWrites();
  }
}
async function mergeStep(ctx, call, at, from, out) {
  const { path: p, livePath, content, liveHash } = at;
  if (call.kind === "take") return { kind: "overwrite", path: p, livePath, content, expected: liveHash };
  if (call.kind === "keep") {
    out.skipped.push({ path: p, reason: call.reason });
    return null;
  }
  if (call.kind === "merge") {
    const base = await openRepo(ctx).readBlobs([call.base]).then((b) => b.get(call.base) ?? null).catch(() => null);
    const union = (0, import_picomatch.default)([...ctx.settings.unionMerge], { dot: true })(p);
    const m = base ? await mergeText(at.live, base, content, union, tmpDir(ctx.home)) : null;
    if (m?.clean && blobHash(m.content) === liveHash) {
      out.unchanged.push(p);
      return null;
    }
    if (m?.clean) return { kind: "merge", path: p, livePath, content: m.content, expected: liveHash };
  }
  const existing = findCopyOf(livePath, blobHash(content));
  if (!existing)
    return { kind: "copy", path: p, livePath, content, copy: conflictCopyPath(livePath, from.host, from.when) };
  out.copies.push({ path: p, copy: existing });
  return null;
}
function formatImport(r) {
  const lines = [
    `import from ${r.host} (--strategy ${r.strategy})${r.dryRun ? " (dry run: nothing written)" : ""}:`
  ];
  const verb = (done, planned) => r.dryRun ? planned : done;
  for (const p of r.created) lines.push(`  ${verb("created", "would create")} ${p}`);
  for (const p of r.overwritten) lines.push(`  ${verb("overwrote", "would overwrite")} ${p}`);
  for (const p of r.merged) lines.push(`  ${verb("merged", "would merge")} ${p}`);
  for (const c of r.copies)
    lines.push(`  ${verb("wrote beside live", "would write beside live")} ${c.path}: ${c.copy}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.path}: ${s.reason}`);
  for (const s of r.refused) lines.push(`  refused ${JSON.stringify(s.path)}: ${s.reason}`);
  for (const p of r.notSynced) lines.push(`  not synced on this machine, skipped: ${p}`);
  lines.push(`  ${r.unchanged.length} already the same`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(...formatRecorded(r.recorded));
  const wrote = r.created.length + r.overwritten.length + r.merged.length;
  if (!r.dryRun)
    lines.push(
      wrote ? "import does not sync by itself: run memsync sync to publish" : "nothing written to live files (import does not sync by itself: run memsync sync to publish)"
    );
  return lines.join("\n");
}

export {
  parseSince,
  buildExport,
  writeExport,
  readExport,
  entryContent,
  unsafePath,
  importExport,
  emptyImport,
  importWith,
  formatImport
};
