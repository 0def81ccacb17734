
// src/sources/sourceNames.ts
var AUTO_MEMORY = "claude-auto-memory";
var USER_MEMORY = "claude-user-memory";
var AGENT_MEMORY = "claude-agent-memory";

export {
  AUTO_MEMORY,
  USER_MEMORY,
  AGENT_MEMORY
};
