import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { UsageError } from '../errors.ts';
import { checkNames } from '../sources/filterNames.ts';
import { AUTO_MEMORY, pinsOf } from '../sources/roots.ts';
import { placeOf } from '../sources/places.ts';
import { projectIdentity } from '../sources/identity.ts';
import { blobHash, isBinary } from '../util/blobHash.ts';
import { pathProblem } from '../util/safePath.ts';
import { parseWhen } from '../util/when.ts';
import type { Context } from '../machine/context.ts';
import { resolveRoots, rootIndex, syncRoots } from './engine.ts';
import { scanLive } from '../machine/scan.ts';
import { loadScanCache } from '../machine/watch.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { withEffects } from '../engine/effects/seam.ts';
import { formatRecorded, type Recorded } from '../engine/effects/recorder.ts';
import {
  importFiles,
  noOutcomes,
  type FileOutcomes,
  type ImportEntry,
  type ImportStrategy,
} from '../engine/importFiles.ts';
import { placeWaiting } from '../engine/placeWaiting.ts';
import { waitGroupOf, waitGroups, waitingLines } from './waiting.ts';

/** One live file in an export. Text is stored as is; anything else (not UTF-8, or binary) as base64. */
export interface ExportEntry {
  path: string;
  source: string;
  label: string;
  content?: string;
  contentBase64?: string;
  sha: string;
  mtime: string;
  /**
   * Backups only (never read from an export file): the blob id the backed-up machine last agreed
   * with its remote for this path (null: none). Under `--strategy merge` it is the merge base.
   */
  baseSha?: string | null;
}

export interface ExportDoc {
  memsync: 'export';
  version: 1;
  host: string;
  createdAt: string;
  files: ExportEntry[];
}

export interface ExportOptions {
  /** Project identities (root labels) to keep; empty: all. */
  projects?: string[];
  /** Source names (`claude-auto-memory`, `files:<name>` or `<name>`) to keep; empty: all. */
  sources?: string[];
  /** Only files modified at or after this time. */
  since?: Date | null;
}

/** Parses `--since` (see parseWhen: the same meaning as every DATE option). */
export function parseSince(s: string): Date {
  return parseWhen('--since', s);
}

/** The live files this machine syncs (local-only files excluded), as an export document. */
export async function buildExport(ctx: Context, opts: ExportOptions = {}): Promise<ExportDoc> {
  const { roots } = await syncRoots(ctx);
  const projects = opts.projects ?? [];
  const sources = opts.sources ?? [];
  // An export of a project or source this machine does not sync would be empty: say so.
  const known = {
    project: roots.filter((r) => r.source === AUTO_MEMORY).map((r) => r.label),
    source: roots.map((r) => r.source),
    where: 'synced on this machine',
    unlistedProjects: roots.map((r) => r.label),
  };
  checkNames('export', known, projects, sources);
  const keep = roots.filter(
    (r) =>
      (!projects.length || projects.includes(r.label)) &&
      (!sources.length || sources.some((s) => r.source === s || r.source === `files:${s}`)),
  );
  // The scan cache spares reading files that did not move since the last sync.
  const { files } = scanLive(keep, ctx.settings.exclude, loadScanCache(ctx.home));
  const out: ExportEntry[] = [];
  for (const [p, f] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let content: Buffer;
    let st: fs.Stats;
    try {
      st = fs.statSync(f.livePath);
      content = fs.readFileSync(f.livePath);
    } catch {
      continue;
    }
    if (opts.since && st.mtime < opts.since) continue;
    const text = content.toString('utf8');
    const asText = !isBinary(content) && Buffer.from(text, 'utf8').equals(content);
    out.push({
      path: p,
      source: f.root.source,
      label: f.root.label,
      ...(asText ? { content: text } : { contentBase64: content.toString('base64') }),
      sha: blobHash(content),
      mtime: st.mtime.toISOString(),
    });
  }
  return { memsync: 'export', version: 1, host: ctx.host, createdAt: new Date().toISOString(), files: out };
}

/** Writes an export document (pretty JSON, UTF-8) atomically, or to stdout for `-`. */
export async function writeExport(doc: ExportDoc, file: string): Promise<void> {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (file === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    return;
  }
  checkedWrite(path.resolve(file), text, { what: 'the export' });
}

const EntrySchema = z
  .object({
    path: z.string(),
    source: z.string().optional(),
    label: z.string().optional(),
    content: z.string().optional(),
    contentBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')
      .optional(),
    sha: z
      .string()
      .regex(/^[0-9a-f]{40}$/, 'not a git blob id')
      .optional(),
    mtime: z.string().optional(),
  })
  .refine(
    (e) => (e.content === undefined) !== (e.contentBase64 === undefined),
    'needs exactly one of content and contentBase64',
  );

const ExportSchema = z.object({
  memsync: z.literal('export'),
  version: z.literal(1),
  host: z.string().min(1),
  createdAt: z.string(),
  files: z.array(EntrySchema),
});

/** Reads and checks an export file; a bad file is a usage error (exit 2) naming the problem. */
export function readExport(file: string): ExportDoc {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(path.resolve(file), 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON (${(e as Error).message})`, 'give a file written by memsync export');
  }
  const parsed = ExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    const entry =
      issue.path[0] === 'files' && typeof issue.path[1] === 'number'
        ? (raw as { files: { path?: unknown }[] }).files[issue.path[1]]?.path
        : undefined;
    throw new UsageError(
      `${file}: not a memsync export: ${where}${typeof entry === 'string' ? ` (${entry})` : ''}: ${issue.message}`,
      'give a file written by memsync export',
    );
  }
  const seen = new Set<string>();
  for (const e of parsed.data.files) {
    if (seen.has(e.path)) throw new UsageError(`${file}: ${e.path} appears twice`);
    seen.add(e.path);
    if (e.sha && blobHash(entryContent(e)) !== e.sha)
      throw new UsageError(`${file}: ${e.path}: its content does not match its sha (damaged or edited export)`);
  }
  return parsed.data as ExportDoc;
}

export function entryContent(e: { content?: string; contentBase64?: string }): Buffer {
  return e.content !== undefined ? Buffer.from(e.content, 'utf8') : Buffer.from(e.contentBase64!, 'base64');
}

/** Why a path from an export cannot be written anywhere, or null when it is a safe relative path. */
export function unsafePath(p: string): string | null {
  // An export may come from Windows: a drive letter is absolute there.
  if (/^[A-Za-z]:/.test(p)) return 'absolute path';
  return pathProblem(p);
}

export type { ImportStrategy };

export interface ImportOptions {
  strategy: ImportStrategy;
  dryRun?: boolean;
  /** Overwrite live files even when they hold an unpublished local change. */
  force?: boolean;
  /** Folders where projects of the file are checked out here (`--project`): their memory goes there now. */
  projects?: string[];
}

export interface ImportResult extends FileOutcomes {
  dryRun: boolean;
  strategy: ImportStrategy;
  /** The host the export came from. */
  host: string;
  /** Entries for folders this machine does not know yet: kept in memsync's state until it does. */
  held: { path: string; waitsFor: string }[];
  notes: string[];
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
}

/** Imports an export into the live files (journaled, compare-and-swap) through the seam; does not sync. */
export async function importExport(ctx: Context, doc: ExportDoc, opts: ImportOptions): Promise<ImportResult> {
  const { value, recorded } = await withEffects(ctx, !!opts.dryRun, (fx) => importWith(ctx, doc, opts, fx));
  return recorded ? { ...value, recorded } : value;
}

/** An import that has done nothing yet: every list empty. */
export function emptyImport(opts: ImportOptions, host: string): ImportResult {
  return { dryRun: !!opts.dryRun, strategy: opts.strategy, host, ...noOutcomes(), held: [], notes: [] };
}

/**
 * An import's steps, decided from what was read, carried out through `fx` (a dry run's records them).
 * Files of folders this machine does not know yet are held until a sync can place them.
 */
export async function importWith(
  ctx: Context,
  doc: ExportDoc,
  opts: ImportOptions,
  fx: Effects,
): Promise<ImportResult> {
  const { roots, unseen } = await resolveRoots(ctx, opts.projects ?? [], true);
  checkProjects(ctx, doc, opts.projects ?? []);
  if (unseen.length) await fx.rememberProjects(unseen);
  const index = rootIndex(roots, ctx.settings.exclude);
  const when = Number.isNaN(Date.parse(doc.createdAt)) ? new Date() : new Date(doc.createdAt);
  const refused: ImportResult['refused'] = [];
  const mapped: ImportEntry[] = [];
  const unmapped: ExportEntry[] = [];
  for (const e of doc.files) {
    const bad = unsafePath(e.path);
    if (bad) refused.push({ path: e.path, reason: bad });
    else if (index.maps(e.path)) mapped.push({ path: e.path, content: entryContent(e), baseSha: e.baseSha });
    else unmapped.push(e);
  }
  const how = { strategy: opts.strategy, force: opts.force, host: doc.host, when };
  const files = await importFiles(ctx, mapped, how, index, fx);
  const out: ImportResult = { ...emptyImport(opts, doc.host), ...files };
  out.refused.unshift(...refused.sort((a, b) => (a.path < b.path ? -1 : 1)));
  await holdUnmapped(fx, unmapped, opts, { host: doc.host, at: when.toISOString() }, out);
  // Files an earlier restore held for a folder this one made known (--project) go in place too.
  await placeWaiting(ctx, index, fx, { notes: out.notes, liveChanged: [] });
  if (out.copies.length)
    out.notes.push(
      'imported versions that could not be merged safely (an export has no base to tell which side is newer) are ' +
        'beside the live files (.conflict-<host>-<time>): compare, keep what you need, delete the copy',
    );
  out.notes.push(...waitingLines(waitGroups(out.held.map((h) => h.path)), ctx.home));
  return out;
}

/** Keeps files of folders not known here, through the seam, until a sync maps them (engine/placeWaiting.ts). */
async function holdUnmapped(
  fx: Effects,
  entries: readonly ExportEntry[],
  opts: ImportOptions,
  from: { host: string; at: string },
  out: ImportResult,
): Promise<void> {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  const items = sorted.map((e) => {
    const content = entryContent(e);
    const version = { sha: blobHash(content), ...from, keepLive: opts.strategy === 'skip' };
    return { path: e.path, version, content };
  });
  if (items.length) await fx.holdWaiting(items);
  out.held.push(...sorted.map((e) => ({ path: e.path, waitsFor: waitGroupOf(e.path).name })));
}

/** `--project DIR` names where a project of the file is checked out: one the file holds, or it is a mistake. */
function checkProjects(ctx: Context, doc: ExportDoc, dirs: readonly string[]): void {
  const inFile = [...new Set(doc.files.flatMap((e) => placeOf(e.path)?.project ?? []))].sort();
  for (const dir of dirs) {
    const id = projectIdentity(dir, pinsOf(ctx.settings))?.identity;
    if (id !== undefined && inFile.includes(id)) continue;
    const what = id ? `a checkout of ${id}, which the file holds no memory of` : 'not a project memsync can identify';
    throw new UsageError(
      `--project ${dir}: ${what}`,
      `the file's projects are: ${inFile.join(', ') || '(none)'}; if ${dir} is one of them under another name, ` +
        `pin it in settings.json: "projects": {"${dir}": "<project>"}`,
    );
  }
}

/** A short human summary of an import. */
export function formatImport(r: ImportResult): string {
  const lines: string[] = [
    `import from ${r.host} (--strategy ${r.strategy})${r.dryRun ? ' (dry run: nothing written)' : ''}:`,
  ];
  const verb = (done: string, planned: string) => (r.dryRun ? planned : done);
  for (const p of r.created) lines.push(`  ${verb('created', 'would create')} ${p}`);
  for (const p of r.overwritten) lines.push(`  ${verb('overwrote', 'would overwrite')} ${p}`);
  for (const p of r.merged) lines.push(`  ${verb('merged', 'would merge')} ${p}`);
  for (const c of r.copies)
    lines.push(`  ${verb('wrote beside live', 'would write beside live')} ${c.path}: ${c.copy}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.path}: ${s.reason}`);
  for (const s of r.refused) lines.push(`  refused ${JSON.stringify(s.path)}: ${s.reason}`);
  for (const h of r.held)
    lines.push(`  ${verb('kept until its folder is known here', 'would keep until its folder is known')}: ${h.path}`);
  lines.push(`  ${r.unchanged.length} already the same`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push(...formatRecorded(r.recorded));
  const wrote = r.created.length + r.overwritten.length + r.merged.length;
  if (!r.dryRun)
    lines.push(
      wrote
        ? 'import does not sync by itself: run memsync sync to publish'
        : 'nothing written to live files (import does not sync by itself: run memsync sync to publish)',
    );
  return lines.join('\n');
}
