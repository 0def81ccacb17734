import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as tar from 'tar';
import * as z from 'zod';
import { MemsyncError, UsageError } from '../errors.ts';
import { blobHash } from '../util/blobHash.ts';
import { checkedWrite } from '../safety/checkedWrite.ts';
import { ensureDir } from '../safety/osError.ts';
import type { Context } from '../machine/context.ts';
import { tmpDir } from '../machine/context.ts';
import {
  buildExport,
  emptyImport,
  entryContent,
  importWith,
  unsafePath,
  type ExportDoc,
  type ImportOptions,
  type ImportResult,
} from './exchange.ts';
import { loadBase, loadHeader } from '../machine/state.ts';
import { databaseWithoutSecrets, leavesMemsync, withoutSecrets } from './outgoing.ts';
import { DB_NAME, databaseForBackup, restoreDatabase, type DbRestore } from '../claudeMem/backupDb.ts';
import { withEffects } from '../engine/effects/seam.ts';
import { progress } from '../util/progress.ts';
import { now } from '../util/now.ts';
import { decrypter, encrypter, isAgeFile } from '../crypto/age.ts';
import { openRepo } from '../crypto/openRepo.ts';
import { loadIdentity } from '../crypto/identity.ts';
import { readPin } from '../crypto/pin.ts';

/** A backup: `manifest.json` plus every live synced file under `files/<repository path>`, as a `.tar.gz`. */
export interface BackupManifest {
  memsync: 'backup';
  version: 1;
  host: string;
  createdAt: string;
  /** This machine's sync state when the backup was made. */
  base: { seq: number; remoteTip: string | null };
  files: { path: string; sha256: string; bytes: number; baseSha: string | null }[];
  /** Database snapshots (`databases/<name>.db`), taken through SQLite. */
  databases?: { name: typeof DB_NAME; sha256: string; bytes: number }[];
}

const ManifestSchema = z.object({
  memsync: z.literal('backup'),
  version: z.literal(1),
  host: z.string().min(1),
  createdAt: z.string(),
  base: z.object({ seq: z.number().int().nonnegative(), remoteTip: z.string().nullable() }),
  files: z.array(
    z.object({
      path: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256'),
      bytes: z.number().int().nonnegative(),
      baseSha: z
        .string()
        .regex(/^[0-9a-f]{40}$/, 'not a git blob id')
        .nullable(),
    }),
  ),
  databases: z
    .array(
      z.object({
        name: z.literal(DB_NAME),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'not a sha256'),
        bytes: z.number().int().nonnegative(),
      }),
    )
    .optional(),
});

const MANIFEST = 'manifest.json';
const FILES = 'files/';
const DATABASES = 'databases/';
const dbEntry = (name: string) => `${DATABASES}${name}.db`;
/**
 * The gzip header memsync writes (no flags, no time, unknown OS): a changed byte there carries no checksum, so it is
 * checked as is.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

export const backupDir = (home: string) => path.join(home, 'backups');

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

function backupName(ctx: Context, kind: BackupKind = 'manual', at: Date): string {
  return `${KIND_PREFIX[kind]}-${ctx.host}-${stamp(at)}.tar.gz${ctx.settings.encryption === 'age' ? '.age' : ''}`;
}

/** Who made a backup, told by its name's first word: by hand, by the schedule, before a restore or import. */
export type BackupKind = 'manual' | 'scheduled' | 'safety';
export const KIND_PREFIX: Record<BackupKind, string> = { manual: 'backup', scheduled: 'scheduled', safety: 'safety' };

export interface BackupHow {
  kind?: BackupKind;
  /** The folder of a backup named here (default: MEMSYNC_HOME/backups). */
  dir?: string;
  /** Make none (file null) when there is nothing live to back up. */
  unlessEmpty?: boolean;
}

export interface BackupMade {
  file: string;
  manifest: BackupManifest;
  held: string[];
}

/** Writes a backup of this machine's live synced files; returns where and what (null: nothing, with unlessEmpty). */
export async function createBackup(ctx: Context, output?: string, how: BackupHow = {}): Promise<BackupMade | null> {
  const doc = await buildExport(ctx);
  const at = now(ctx.env);
  const file = path.resolve(output ?? path.join(how.dir ?? backupDir(ctx.home), backupName(ctx, how.kind, at)));
  // Written outside memsync's folder (also a schedule's --output), a backup is carried elsewhere: scanned as a push is.
  const scan = leavesMemsync(ctx.home, file);
  const allow = ctx.settings.secrets.allow;
  const files = scan ? await withoutSecrets(allow, doc.files, entryContent) : { kept: doc.files, held: [] };
  const snapshot = databaseForBackup(ctx);
  const db = scan && snapshot ? await databaseWithoutSecrets(ctx, snapshot) : { db: snapshot, held: [] };
  if (how.unlessEmpty && !files.kept.length && !db.db) return null;
  const header = await loadHeader(ctx.home);
  const base = await loadBase(ctx.home, header);
  const manifest: BackupManifest = {
    memsync: 'backup',
    version: 1,
    host: ctx.host,
    createdAt: at.toISOString(),
    base: { seq: header.seq, remoteTip: header.remoteTip },
    files: [],
  };
  const encrypt = ctx.settings.encryption === 'age';
  ensureDir(tmpDir(ctx.home), "memsync's temp folder");
  ensureDir(path.dirname(file), 'the backup folder');
  const staging = fs.mkdtempSync(path.join(tmpDir(ctx.home), 'backup-'));
  // Staging files are read back by tar at once: checked whole, not fsync'd; the backup itself is.
  const stage = (rel: string, content: Buffer | string) => {
    const dest = path.join(staging, ...rel.split('/'));
    ensureDir(path.dirname(dest), 'the backup staging folder');
    checkedWrite(dest, content, { fsync: false, what: 'a backup staging file' });
  };
  try {
    const names: string[] = [MANIFEST];
    const line = progress('backing up files');
    for (const e of files.kept) {
      line.tick(names.length - 1, files.kept.length);
      const content = entryContent(e);
      manifest.files.push({
        path: e.path,
        sha256: sha256(content),
        bytes: content.length,
        baseSha: base[e.path] ?? null,
      });
      stage(FILES + e.path, content);
      names.push(FILES + e.path);
    }
    line.end();
    if (db.db) {
      manifest.databases = [{ name: DB_NAME, sha256: sha256(db.db), bytes: db.db.length }];
      stage(dbEntry(DB_NAME), db.db);
      names.push(dbEntry(DB_NAME));
    }
    stage(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    const chunks: Buffer[] = [];
    for await (const c of tar.c({ gzip: true, portable: true, cwd: staging }, names)) chunks.push(c as Buffer);
    const archive = Buffer.concat(chunks);
    // With encryption on, a backup is as unreadable as the remote: the whole archive is one age file.
    checkedWrite(file, encrypt ? await (await encrypter(await backupRecipients(ctx)))(archive) : archive, {
      what: 'the backup',
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { file, manifest, held: [...files.held, ...db.held] };
}

const bad = (file: string, problem: string) =>
  new MemsyncError(`${file}: ${problem}`, 'failure', 'this backup cannot be trusted: nothing was written');

/**
 * Reads a backup and checks it whole; throws (exit 1) naming the first problem. An encrypted one is opened with
 * `home`'s identity.
 */
export async function verifyBackup(
  file: string,
  home?: string,
): Promise<{ manifest: BackupManifest; files: Map<string, Buffer>; databases: Map<string, Buffer> }> {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path.resolve(file));
  } catch (e) {
    throw new UsageError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (isAgeFile(raw)) raw = await openEncrypted(file, raw, home);
  if (raw.length < GZIP_HEADER.length || !raw.subarray(0, GZIP_HEADER.length).equals(GZIP_HEADER))
    throw bad(file, 'not a memsync backup (unexpected gzip header: damaged?)');
  let data: Buffer;
  try {
    data = zlib.gunzipSync(raw);
  } catch (e) {
    throw bad(file, `gzip error: ${(e as Error).message} (damaged?)`);
  }
  const entries = new Map<string, Buffer>();
  let problem: string | null = null;
  const fail = (p: string) => {
    problem ??= p;
  };
  await new Promise<void>((resolve) => {
    const parser = new tar.Parser({
      strict: true,
      onReadEntry: (entry) => {
        const p = entry.path;
        if (entry.type !== 'File')
          fail(`unexpected ${entry.type} entry ${JSON.stringify(p)} (only regular files belong in a backup)`);
        else if (p !== MANIFEST && !p.startsWith(FILES) && p !== dbEntry(DB_NAME))
          fail(`unexpected entry ${JSON.stringify(p)}`);
        else if (p !== MANIFEST && unsafePath(p.slice(FILES.length)))
          fail(`unsafe path ${JSON.stringify(p)}: ${unsafePath(p.slice(FILES.length))}`);
        else if (entries.has(p)) fail(`${p} appears twice`);
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          if (!problem) entries.set(p, Buffer.concat(chunks));
        });
      },
    });
    parser.on('warn', (_code: string, message: string | Error) =>
      fail(`tar error: ${typeof message === 'string' ? message : message.message}`),
    );
    parser.on('error', (e: Error) => {
      fail(`tar error: ${e.message}`);
      resolve();
    });
    parser.on('end', () => resolve());
    parser.end(data);
  });
  if (problem) throw bad(file, problem);
  const text = entries.get(MANIFEST);
  if (!text) throw bad(file, `no ${MANIFEST}: not a memsync backup`);
  let json: unknown;
  try {
    json = JSON.parse(text.toString('utf8'));
  } catch (e) {
    throw bad(file, `${MANIFEST} is not JSON (${(e as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw bad(file, `${MANIFEST}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const manifest = parsed.data as BackupManifest;
  const files = new Map<string, Buffer>();
  const line = progress('checking the backup');
  for (const f of manifest.files) {
    line.tick(files.size, manifest.files.length);
    const why = unsafePath(f.path);
    if (why) throw bad(file, `manifest names an unsafe path ${JSON.stringify(f.path)}: ${why}`);
    if (files.has(f.path)) throw bad(file, `manifest names ${f.path} twice`);
    const content = entries.get(FILES + f.path);
    if (!content) throw bad(file, `${f.path} is in the manifest but not in the archive`);
    if (content.length !== f.bytes) throw bad(file, `${f.path}: ${content.length} bytes, the manifest says ${f.bytes}`);
    if (sha256(content) !== f.sha256) throw bad(file, `${f.path}: its sha256 does not match the manifest`);
    files.set(f.path, content);
  }
  line.end();
  const databases = new Map<string, Buffer>();
  for (const d of manifest.databases ?? []) {
    const content = entries.get(dbEntry(d.name));
    if (!content) throw bad(file, `${dbEntry(d.name)} is in the manifest but not in the archive`);
    if (content.length !== d.bytes || sha256(content) !== d.sha256)
      throw bad(file, `${dbEntry(d.name)}: its size or sha256 does not match the manifest`);
    databases.set(d.name, content);
  }
  for (const p of entries.keys()) {
    if (p === MANIFEST || (p.startsWith(FILES) && files.has(p.slice(FILES.length)))) continue;
    if (p.startsWith(DATABASES) && databases.has(p.slice(DATABASES.length, -'.db'.length))) continue;
    throw bad(file, `unexpected entry ${JSON.stringify(p)} (not in the manifest)`);
  }
  return { manifest, files, databases };
}

/** Verifies a backup, then writes its files into live memory like `memsync import`, and its database through SQLite. */
export async function restoreBackup(
  ctx: Context,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult & { database?: DbRestore }> {
  if (isDatabaseFile(file)) return restoreSavedDatabase(ctx, file, opts);
  const { manifest, files, databases } = await verifyBackup(file, ctx.home);
  const doc: ExportDoc = {
    memsync: 'export',
    version: 1,
    host: manifest.host,
    createdAt: manifest.createdAt,
    files: manifest.files.map((f) => {
      const content = files.get(f.path)!;
      return {
        path: f.path,
        source: 'backup',
        label: '',
        contentBase64: content.toString('base64'),
        sha: blobHash(content),
        mtime: manifest.createdAt,
        baseSha: f.baseSha,
      };
    }),
  };
  const db = databases.get(DB_NAME);
  const { value, recorded } = await withEffects(ctx, !!opts.dryRun, async (fx) => {
    const result: ImportResult & { database?: DbRestore } = await importWith(ctx, doc, opts, fx);
    if (db && !ctx.settings.sources.claudeMem.enabled)
      result.notes.push(
        'the backup holds a claude-mem database; it was not restored because sources.claudeMem is not enabled here',
      );
    else if (db) {
      result.database = await restoreDatabase(ctx, db, opts.strategy, fx);
      result.notes.push(result.database.note);
    }
    return result;
  });
  return recorded ? { ...value, recorded } : value;
}

/** A copy of claude-mem's database that memsync saved before dropping rows (claude-mem-before-*.db). */
export function isDatabaseFile(file: string): boolean {
  if (!file.endsWith('.db')) return false;
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head.toString('latin1') === 'SQLite format 3\0';
}

async function restoreSavedDatabase(
  ctx: Context,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult & { database: DbRestore }> {
  if (!ctx.settings.sources.claudeMem.enabled) {
    throw new UsageError(
      `${file} is a claude-mem database and sources.claudeMem is not enabled here`,
      'enable it in settings.json first',
    );
  }
  const content = fs.readFileSync(file);
  const { value: database, recorded } = await withEffects(ctx, !!opts.dryRun, (fx) =>
    restoreDatabase(ctx, content, opts.strategy, fx),
  );
  return { ...emptyImport(opts, ctx.host), notes: [database.note], database, ...(recorded ? { recorded } : {}) };
}

/**
 * This machine and every recipient it agreed to (else, before it agreed to any, the remote's list as
 * last fetched): any machine of the fleet can restore it, and a key the remote slipped in cannot.
 */
async function backupRecipients(ctx: Context): Promise<string[]> {
  const me = await loadIdentity(ctx.home);
  const pinned = readPin(ctx.home)?.recipients;
  const repo = openRepo(ctx, 'age');
  const tip = pinned ? null : await repo.localTip().catch(() => null);
  const listed = pinned ?? (tip ? ((await repo.readRecipients(tip).catch(() => null)) ?? []) : []);
  return [me.publicKey, ...listed.map((r) => r.key)];
}

async function openEncrypted(file: string, raw: Buffer, home: string | undefined): Promise<Buffer> {
  if (!home) throw bad(file, 'the backup is encrypted and no identity was given');
  const me = await loadIdentity(home);
  try {
    return await (await decrypter(me.secret))(raw);
  } catch (e) {
    throw new MemsyncError(
      `${file}: cannot decrypt it with this machine's age identity ${me.file} (${(e as Error).message})`,
      'failure',
      'restore it on a machine whose key the backup was encrypted to, or import that key with memsync keys import; ' +
        'nothing was written',
    );
  }
}
