/**
 * Whether Claude Code trusts a workspace, read from its own record (the 2.1.332 binary): the global
 * file `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json` (a legacy `<config>/.config.json`
 * that is not empty comes first), key `projects["<folder>"].hasTrustDialogAccepted`. A folder's own
 * record counts, and a linked worktree's main checkout's; inside a git repository no folder above its
 * root counts (a trusted folder that a repository is cloned into does not trust it), outside git any
 * folder above does. `claude -p` asks nothing and follows project settings anyway (observed): memsync
 * follows them only with the record, which running claude interactively there once leaves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { claudeConfigDir, homeDir } from '../config/paths.ts';
import { osCode } from '../safety/osError.ts';

export interface TrustRecord {
  file: string;
  projects: Record<string, unknown>;
  /** Why the record could not be read (then no workspace counts as trusted). */
  problem: string | null;
}

const nonEmptyFile = (p: string) => (fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0) > 0;

/** Claude Code's global file, read once per sync. A missing file trusts nothing. */
export function readTrustRecord(env: NodeJS.ProcessEnv): TrustRecord {
  const legacy = path.join(claudeConfigDir(env), '.config.json');
  const dir = env.CLAUDE_CONFIG_DIR ? claudeConfigDir(env) : homeDir(env);
  const file = nonEmptyFile(legacy) ? legacy : path.join(dir, '.claude.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (osCode(e) === 'ENOENT') return { file, projects: {}, problem: null };
    return { file, projects: {}, problem: `could not be read (${osCode(e) ?? (e as Error).message})` };
  }
  try {
    const j = JSON.parse(text) as { projects?: unknown };
    const p = j && typeof j === 'object' ? j.projects : undefined;
    return { file, projects: p && typeof p === 'object' ? (p as Record<string, unknown>) : {}, problem: null };
  } catch {
    return { file, projects: {}, problem: 'is not valid JSON' };
  }
}

/** The spellings Claude Code may have recorded a folder under. */
function spellings(dir: string): string[] {
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {}
  return [...new Set([dir, real].flatMap((d) => [d, d.normalize('NFC')]))];
}

/**
 * Why Claude Code does not trust the workspace at `root` (a project's folder; `mainCheckout` is the
 * same for all but a linked worktree), or null when it does.
 */
export function untrustedWhy(record: TrustRecord, root: string, mainCheckout: string): string | null {
  if (record.problem) return `Claude Code's trust record ${record.file} ${record.problem}`;
  const trusted = (d: string) =>
    spellings(d).some(
      (k) => (record.projects[k] as { hasTrustDialogAccepted?: unknown } | undefined)?.hasTrustDialogAccepted === true,
    );
  if (trusted(root) || trusted(mainCheckout)) return null;
  if (!fs.existsSync(path.join(root, '.git'))) {
    for (let d = path.dirname(root); d !== path.dirname(d); d = path.dirname(d)) if (trusted(d)) return null;
  }
  return (
    `Claude Code has not trusted the workspace ${root} (no projects["${root}"].hasTrustDialogAccepted in ` +
    `${record.file}): run claude there once and accept its trust dialog`
  );
}
