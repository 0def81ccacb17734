import os from 'node:os';
import path from 'node:path';

/** Where memsync keeps settings, state, the local repository, locks and logs. */
export function memsyncHome(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.MEMSYNC_HOME || path.join(homeDir(env), '.memsync'));
}

/** memsync's own git repository (its copy of the remote) inside MEMSYNC_HOME. */
export const repoDir = (home: string) => path.join(home, 'repo.git');

/** Claude Code's configuration folder: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CLAUDE_CONFIG_DIR || path.join(homeDir(env), '.claude'));
}

export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOME || os.homedir();
}

/** Expands a leading `~` so settings can name folders portably. */
export function expandHome(p: string, env: NodeJS.ProcessEnv = process.env): string {
  if (p === '~') return homeDir(env);
  if (p.startsWith('~/')) return path.join(homeDir(env), p.slice(2));
  return p;
}

/** claude-mem's database: `$CLAUDE_MEM_DATA_DIR/claude-mem.db`, else `~/.claude-mem/claude-mem.db`. */
export function defaultClaudeMemPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CLAUDE_MEM_DATA_DIR || path.join(homeDir(env), '.claude-mem'), 'claude-mem.db');
}
