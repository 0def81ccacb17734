import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.ts';
import { AUTO_MEMORY } from '../sources/roots.ts';
import { checkNames } from '../sources/filterNames.ts';
import picomatch from 'picomatch';
import { mergeText } from '../merge/textMerge.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { mergeCall, type MergeCall } from './importMerge.ts';
import { blobHash, isBinary } from '../util/blobHash.ts';
import { readOrNull } from '../util/readOrNull.ts';
import { pathProblem } from '../util/safePath.ts';
import { parseWhen } from '../util/when.ts';
import { containProblem } from '../safety/contain.ts';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import { syncRoots } from './engine.ts';
import { conflictCopyPath, findCopyOf } from '../machine/conflictCopy.ts';
import { scanLive } from '../machine/scan.ts';
import { loadBase, loadHeader } from '../machine/state.ts';
import { loadScanCache } from '../machine/watch.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import type { Effects } from '../engine/effects/effects.ts';
import { withEffects } from '../engine/effects/seam.ts';
import { formatRecorded, type Recorded } from '../engine/effects/recorder.ts';

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

export type ImportStrategy = 'skip' | 'overwrite' | 'merge';

export interface ImportOptions {
  strategy: ImportStrategy;
  dryRun?: boolean;
  /** Overwrite live files even when they hold an unpublished local change. */
  force?: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  strategy: ImportStrategy;
  /** The host the export came from. */
  host: string;
  created: string[];
  overwritten: string[];
  merged: string[];
  /** Imported versions written beside live (binary or unmergeable under --strategy merge). */
  copies: { path: string; copy: string }[];
  unchanged: string[];
  skipped: { path: string; reason: string }[];
  /** Entries whose path is not a safe relative path: never written. */
  refused: { path: string; reason: string }[];
  /** Entries for paths this machine does not sync. */
  notSynced: string[];
  notes: string[];
  /** A dry run's effects, as its recorder logged them (what it prints). */
  recorded?: Recorded[];
}

type Step =
  | { kind: 'create' | 'overwrite' | 'merge'; path: string; livePath: string; content: Buffer; expected: string | null }
  | { kind: 'copy'; path: string; livePath: string; content: Buffer; copy: string };

/** Imports an export into the live files (journaled, compare-and-swap) through the seam; does not sync. */
export async function importExport(ctx: Context, doc: ExportDoc, opts: ImportOptions): Promise<ImportResult> {
  const { value, recorded } = await withEffects(ctx, !!opts.dryRun, (fx) => importWith(ctx, doc, opts, fx));
  return recorded ? { ...value, recorded } : value;
}

/** An import that has done nothing yet: every list empty. */
export function emptyImport(opts: ImportOptions, host: string): ImportResult {
  const lists = { created: [], overwritten: [], merged: [], copies: [], unchanged: [], skipped: [], refused: [] };
  return { dryRun: !!opts.dryRun, strategy: opts.strategy, host, ...lists, notSynced: [], notes: [] };
}

/** An import's steps, decided from what was read, carried out through `fx` (a dry run's records them). */
export async function importWith(
  ctx: Context,
  doc: ExportDoc,
  opts: ImportOptions,
  fx: Effects,
): Promise<ImportResult> {
  const out = emptyImport(opts, doc.host);
  const { index } = await syncRoots(ctx);
  const header = await loadHeader(ctx.home);
  const base = await loadBase(ctx.home, header);
  const when = Number.isNaN(Date.parse(doc.createdAt)) ? new Date() : new Date(doc.createdAt);
  const steps: Step[] = [];
  fs.mkdirSync(tmpDir(ctx.home), { recursive: true });
  for (const e of [...doc.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
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
      out.skipped.push({ path: p, reason: 'open conflict: resolve it first (memsync resolve)' });
      continue;
    }
    const livePath = index.livePath(p);
    const outside = containProblem(index.lookup(p)!.root.liveDir, livePath);
    if (outside) {
      out.refused.push({ path: p, reason: outside });
      continue;
    }
    const content = entryContent(e);
    const live = readOrNull(livePath);
    const liveHash = live === null ? null : blobHash(live);
    if (live === null) {
      steps.push({ kind: 'create', path: p, livePath, content, expected: null });
      continue;
    }
    if (liveHash === blobHash(content)) {
      out.unchanged.push(p);
      continue;
    }
    if (opts.strategy === 'skip') {
      out.skipped.push({ path: p, reason: 'differs: kept live (--strategy skip)' });
    } else if (opts.strategy === 'overwrite') {
      if (base[p] !== liveHash && !opts.force) {
        out.skipped.push({
          path: p,
          reason: 'live holds an unpublished local change: not overwritten (sync first, or --force)',
        });
      } else {
        steps.push({ kind: 'overwrite', path: p, livePath, content, expected: liveHash });
      }
    } else {
      const call = mergeCall(liveHash!, blobHash(content), e.baseSha, base[p] ?? null);
      const at = { path: p, livePath, content, liveHash: liveHash!, live };
      const step = await mergeStep(ctx, call, at, { host: doc.host, when }, out);
      if (step) steps.push(step);
    }
  }
  await writeSteps(fx, steps, out);
  if (out.copies.length)
    out.notes.push(
      'imported versions that could not be merged safely (an export has no base to tell which side is newer) are ' +
        'beside the live files (.conflict-<host>-<time>): compare, keep what you need, delete the copy',
    );
  return out;
}

/** Carries out an import's steps through the seam; each lands in `out` as done or skipped. */
async function writeSteps(fx: Effects, steps: readonly Step[], out: ImportResult): Promise<void> {
  if (!steps.length) return;
  await fx.beginLiveWrites(steps.filter((s) => s.kind !== 'copy').map((s) => s.livePath));
  try {
    for (const s of steps) {
      if (s.kind === 'copy') {
        if (fs.existsSync(s.copy)) {
          out.skipped.push({ path: s.path, reason: `a file is already at ${s.copy}` });
          continue;
        }
        await fx.createCopy(s.copy, s.content);
        out.copies.push({ path: s.path, copy: s.copy });
      } else if (await fx.writeLive(s.livePath, s.content, s.expected)) {
        (s.kind === 'create' ? out.created : s.kind === 'overwrite' ? out.overwritten : out.merged).push(s.path);
      } else out.skipped.push({ path: s.path, reason: 'changed while importing: left alone' });
    }
  } finally {
    await fx.endLiveWrites();
  }
}

type MergeAt = { path: string; livePath: string; content: Buffer; liveHash: string; live: Buffer };

/** Carries out a merge decision: the step to write, or null with the outcome noted in `out`. */
async function mergeStep(
  ctx: Context,
  call: MergeCall,
  at: MergeAt,
  from: { host: string; when: Date },
  out: ImportResult,
): Promise<Step | null> {
  const { path: p, livePath, content, liveHash } = at;
  if (call.kind === 'take') return { kind: 'overwrite', path: p, livePath, content, expected: liveHash };
  if (call.kind === 'keep') {
    out.skipped.push({ path: p, reason: call.reason });
    return null;
  }
  if (call.kind === 'merge') {
    const base = await openRepo(ctx)
      .readBlobs([call.base])
      .then((b) => b.get(call.base) ?? null)
      .catch(() => null);
    const union = picomatch([...ctx.settings.unionMerge], { dot: true })(p);
    const m = base ? await mergeText(at.live, base, content, union, tmpDir(ctx.home)) : null;
    if (m?.clean && blobHash(m.content) === liveHash) {
      out.unchanged.push(p);
      return null;
    }
    if (m?.clean) return { kind: 'merge', path: p, livePath, content: m.content, expected: liveHash };
  }
  const existing = findCopyOf(livePath, blobHash(content));
  if (!existing)
    return { kind: 'copy', path: p, livePath, content, copy: conflictCopyPath(livePath, from.host, from.when) };
  out.copies.push({ path: p, copy: existing });
  return null;
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
  for (const p of r.notSynced) lines.push(`  not synced on this machine, skipped: ${p}`);
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
