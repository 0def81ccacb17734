import {
  checkNames
} from "./chunk-OG4SNG7R.mjs";
import {
  parseWhen
} from "./chunk-TIZHATIU.mjs";
import {
  waitGroupOf,
  waitGroups,
  waitingLines
} from "./chunk-YCTCFVAY.mjs";
import {
  importFiles,
  noOutcomes,
  placeWaiting,
  resolveRoots,
  rootIndex,
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import {
  placeOf
} from "./chunk-2AAJ7OAL.mjs";
import {
  withEffects
} from "./chunk-2LGYOOQY.mjs";
import {
  formatRecorded,
  pathProblem,
  scanLive
} from "./chunk-6KBHNJKF.mjs";
import {
  pinsOf,
  projectIdentity
} from "./chunk-6LTTOJPG.mjs";
import {
  AUTO_MEMORY
} from "./chunk-P3FGOR7S.mjs";
import {
  loadScanCache
} from "./chunk-J6JDA4NY.mjs";
import {
  blobHash,
  isBinary
} from "./chunk-AVJM6F24.mjs";
import {
  array,
  literal,
  object,
  string
} from "./chunk-BS4BVQ4U.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/sync/exchange.ts
import fs from "node:fs";
import path from "node:path";
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
var EntrySchema = object({
  path: string(),
  source: string().optional(),
  label: string().optional(),
  content: string().optional(),
  contentBase64: string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64").optional(),
  sha: string().regex(/^[0-9a-f]{40}$/, "not a git blob id").optional(),
  mtime: string().optional()
}).refine(
  (e) => e.content === void 0 !== (e.contentBase64 === void 0),
  "needs exactly one of content and contentBase64"
);
var ExportSchema = object({
  memsync: literal("export"),
  version: literal(1),
  host: string().min(1),
  createdAt: string(),
  files: array(EntrySchema)
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
  return { dryRun: !!opts.dryRun, strategy: opts.strategy, host, ...noOutcomes(), held: [], notes: [] };
}
async function importWith(ctx, doc, opts, fx) {
  const { roots, unseen } = await resolveRoots(ctx, opts.projects ?? [], true);
  checkProjects(ctx, doc, opts.projects ?? []);
  if (unseen.length) await fx.rememberProjects(unseen);
  const index = rootIndex(roots, ctx.settings.exclude);
  const when = Number.isNaN(Date.parse(doc.createdAt)) ? /* @__PURE__ */ new Date() : new Date(doc.createdAt);
  const refused = [];
  const mapped = [];
  const unmapped = [];
  for (const e of doc.files) {
    const bad = unsafePath(e.path);
    if (bad) refused.push({ path: e.path, reason: bad });
    else if (index.maps(e.path)) mapped.push({ path: e.path, content: entryContent(e), baseSha: e.baseSha });
    else unmapped.push(e);
  }
  const how = { strategy: opts.strategy, force: opts.force, host: doc.host, when };
  const files = await importFiles(ctx, mapped, how, index, fx);
  const out = { ...emptyImport(opts, doc.host), ...files };
  out.refused.unshift(...refused.sort((a, b) => a.path < b.path ? -1 : 1));
  await holdUnmapped(fx, unmapped, opts, { host: doc.host, at: when.toISOString() }, out);
  await placeWaiting(ctx, index, fx, { notes: out.notes, liveChanged: [] });
  if (out.copies.length)
    out.notes.push(
      "imported versions that could not be merged safely (an export has no base to tell which side is newer) are beside the live files (.conflict-<host>-<time>): compare, keep what you need, delete the copy"
    );
  out.notes.push(...waitingLines(waitGroups(out.held.map((h) => h.path)), ctx.home));
  return out;
}
async function holdUnmapped(fx, entries, opts, from, out) {
  const sorted = [...entries].sort((a, b) => a.path < b.path ? -1 : 1);
  const items = sorted.map((e) => {
    const content = entryContent(e);
    const version = { sha: blobHash(content), ...from, keepLive: opts.strategy === "skip" };
    return { path: e.path, version, content };
  });
  if (items.length) await fx.holdWaiting(items);
  out.held.push(...sorted.map((e) => ({ path: e.path, waitsFor: waitGroupOf(e.path).name })));
}
function checkProjects(ctx, doc, dirs) {
  const inFile = [...new Set(doc.files.flatMap((e) => placeOf(e.path)?.project ?? []))].sort();
  for (const dir of dirs) {
    const id = projectIdentity(dir, pinsOf(ctx.settings))?.identity;
    if (id !== void 0 && inFile.includes(id)) continue;
    const what = id ? `a checkout of ${id}, which the file holds no memory of` : "not a project memsync can identify";
    throw new UsageError(
      `--project ${dir}: ${what}`,
      `the file's projects are: ${inFile.join(", ") || "(none)"}; if ${dir} is one of them under another name, pin it in settings.json: "projects": {"${dir}": "<project>"}`
    );
  }
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
  for (const h of r.held)
    lines.push(`  ${verb("kept until its folder is known here", "would keep until its folder is known")}: ${h.path}`);
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
