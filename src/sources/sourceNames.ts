/** The built-in sources' names (what `--source` takes), apart from roots.ts so reading them loads no glob matcher. */
export const AUTO_MEMORY = 'claude-auto-memory';
export const USER_MEMORY = 'claude-user-memory';
export const AGENT_MEMORY = 'claude-agent-memory';
