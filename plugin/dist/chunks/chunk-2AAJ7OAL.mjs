import {
  AGENT_MEMORY,
  AUTO_MEMORY,
  USER_MEMORY
} from "./chunk-P3FGOR7S.mjs";

// src/sources/places.ts
var CLAUDE_MEM = "claude-mem";
function placeOf(p) {
  if (p.startsWith("projects/")) {
    const m = /^projects\/(.+?)\/(memory|agent-memory-local)\//.exec(p);
    if (!m) return null;
    return { source: m[2] === "memory" ? AUTO_MEMORY : AGENT_MEMORY, project: m[1] };
  }
  const top = p.slice(0, p.indexOf("/") + 1);
  if (top === "user/") return { source: USER_MEMORY, project: null };
  if (top === "agent-memory/") return { source: AGENT_MEMORY, project: null };
  if (top === "auto-memory/" || top === "unmapped/") return { source: AUTO_MEMORY, project: null };
  if (top === "claude-mem/") return { source: CLAUDE_MEM, project: null };
  if (top === "files/") {
    const name = p.split("/")[1];
    return name ? { source: `files:${name}`, project: null } : null;
  }
  return null;
}
function placeWanted(place, projects, sources) {
  if (projects.length && (!place.project || !projects.includes(place.project))) return false;
  return !sources.length || sources.some((s) => place.source === s || place.source === `files:${s}`);
}
var KNOWN_SOURCES = [AUTO_MEMORY, AGENT_MEMORY, USER_MEMORY, CLAUDE_MEM];
function remoteNames(places) {
  return {
    project: places.flatMap((p) => p.project ? [p.project] : []),
    source: [...KNOWN_SOURCES, ...places.map((p) => p.source)],
    where: "on the remote"
  };
}

export {
  CLAUDE_MEM,
  placeOf,
  placeWanted,
  remoteNames
};
