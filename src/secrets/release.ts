import { UsageError } from '../errors.ts';
import { writeSettings } from '../config/settings.ts';
import type { Context } from '../sync/context.ts';
import { syncRoots } from '../sync/engine.ts';
import { toRepoPath } from '../sync/history.ts';
import { formatAllow, parseAllow, type AllowEntry } from './allow.ts';

/**
 * `memsync allow PATH [--line N]`: adds a false positive to `secrets.allow` in settings.json,
 * where the user can read and undo it. Whole file, or one line (which must be allowed again if
 * an edit moves the secret to another line).
 */
export async function allowSecret(ctx: Context, target: string, line: number | undefined): Promise<{ entry: string; added: boolean }> {
  if (line !== undefined && !(Number.isInteger(line) && line > 0)) throw new UsageError(`--line ${line}: expected a line number, 1 or more`);
  const p = toRepoPath((await syncRoots(ctx)).roots, target);
  const entry = formatAllow({ path: p, line } satisfies AllowEntry);
  const current = ctx.settings.secrets.allow;
  const covered = current.map(parseAllow).some((e) => e.path === p && (e.line === undefined || e.line === line));
  if (!covered) await writeSettings(ctx.home, { secrets: { allow: [...current, entry] } });
  return { entry, added: !covered };
}
