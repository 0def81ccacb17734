import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { writeSettings } from '../config/settings.ts';
import type { Context } from '../machine/context.ts';
import { syncRoots } from '../sync/engine.ts';
import { toRepoPath } from '../sync/history.ts';
import { formatAllow, parseAllow, type AllowEntry } from '../secrets/allow.ts';

const EXPECTED =
  'expected: memsync allow PATH [--line N], PATH one live memory file or its repository path as sync names it ' +
  '(projects/<identity>/memory/note.md, claude-mem/observations.jsonl)';

/**
 * `memsync allow PATH [--line N]`: adds a false positive to `secrets.allow` in settings.json,
 * where the user can read and undo it. Whole file, or one line (which must be allowed again if
 * an edit moves the secret to another line). `dbFiles`: the repository paths of claude-mem's
 * database (its table files, its file mode snapshot).
 */
export async function allowSecret(
  ctx: Context,
  target: string,
  line: number | undefined,
  dbFiles: ReadonlySet<string>,
): Promise<{ entry: string; added: boolean }> {
  if (line !== undefined && !(Number.isInteger(line) && line > 0))
    throw new UsageError(`--line ${line}: expected a line number, 1 or more`);
  const { roots, index } = await syncRoots(ctx);
  const refuse = (why: string) => new UsageError(`allow ${target}: ${why}`, EXPECTED);
  if (/[*?[\]{}]/.test(target)) throw refuse('a pattern is not accepted, only one file');
  const p = toRepoPath(roots, target);
  const live = index.lookup(p) ? index.livePath(p) : path.resolve(target);
  if (!(ctx.settings.sources.claudeMem.enabled && dbFiles.has(p))) {
    if (fs.existsSync(live) && fs.statSync(live).isDirectory()) throw refuse('is a folder, not a file');
    if (!(index.lookup(p) && fs.existsSync(live))) throw refuse('no such file on this machine');
  }
  const entry = formatAllow({ path: p, line } satisfies AllowEntry);
  const current = ctx.settings.secrets.allow;
  const covered = current.map(parseAllow).some((e) => e.path === p && (e.line === undefined || e.line === line));
  if (!covered) await writeSettings(ctx.home, { secrets: { allow: [...current, entry] } });
  return { entry, added: !covered };
}
