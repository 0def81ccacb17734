
// src/config/paths.ts
import os from "node:os";
import path from "node:path";
function memsyncHome(env = process.env) {
  return path.resolve(env.MEMSYNC_HOME || path.join(homeDir(env), ".memsync"));
}
var repoDir = (home) => path.join(home, "repo.git");
function claudeConfigDir(env = process.env) {
  return path.resolve(env.CLAUDE_CONFIG_DIR || path.join(homeDir(env), ".claude"));
}
function homeDir(env = process.env) {
  return env.HOME || os.homedir();
}
function expandHome(p, env = process.env) {
  if (p === "~") return homeDir(env);
  if (p.startsWith("~/")) return path.join(homeDir(env), p.slice(2));
  return p;
}
function defaultClaudeMemPath(env = process.env) {
  return path.resolve(env.CLAUDE_MEM_DATA_DIR || path.join(homeDir(env), ".claude-mem"), "claude-mem.db");
}

export {
  memsyncHome,
  repoDir,
  claudeConfigDir,
  homeDir,
  expandHome,
  defaultClaudeMemPath
};
