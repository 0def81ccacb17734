import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { writeSettings } from '../config/settings.ts';
import type { Context } from '../machine/context.ts';
import { syncRoots } from '../sync/engine.ts';
import { toRepoPath } from '../sync/history.ts';
import { formatAllow, heldFindings, parseAllow, type AllowEntry } from '../secrets/allow.ts';

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
): Promise<AllowResult> {
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
  const allow = covered ? current : [...current, entry];
  if (!covered) await writeSettings(ctx.home, { secrets: { allow } });
  // A database file is scanned row by row at sync; a memory file is scanned here as the sync will.
  const held = fs.existsSync(live) && !dbFiles.has(p) ? await heldFindings(p, fs.readFileSync(live), allow) : [];
  return { entry, added: !covered, target, stillHeldLines: [...new Set(held.map((f) => f.line))] };
}

export interface AllowResult {
  entry: string;
  added: boolean;
  /** The PATH as given, for the command that releases the rest. */
  target: string;
  /** Lines whose findings still keep the file from being published. */
  stillHeldLines: number[];
}

/** What `allow` did, and whether the next sync publishes the file or other lines still hold it back. */
export function allowSummary(r: AllowResult): string {
  const done = `${r.added ? 'released' : 'already released'}: ${r.entry} (settings.json secrets.allow)`;
  const lines = r.stillHeldLines;
  if (lines.length === 0) return `${done}; the next sync publishes it`;
  const which = `line${lines.length > 1 ? 's' : ''} ${lines.join(', ')}`;
  return (
    `${done}; ${which} of it still hold${lines.length > 1 ? '' : 's'} the file back: remove the secret there, or ` +
    `if it is a false positive too: memsync allow ${r.target} --line ${lines[0]}`
  );
}
