import {
  projectOutside,
  rootIndex,
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import {
  placeOf
} from "./chunk-2AAJ7OAL.mjs";
import {
  hasWaiting,
  loadWaiting,
  waitingDir
} from "./chunk-2LGYOOQY.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";

// src/sync/waiting.ts
var PROJECT_HINT = "a session started in a checkout of it, memsync sync --project DIR, or a Claude Code transcript there";
function waitGroupOf(p) {
  if (p.startsWith("unmapped/")) {
    const key = p.split("/")[1];
    return {
      name: `unmapped/${key}`,
      kind: "folder",
      bringsIn: `a memory folder ${key} in Claude Code's projects folder here`
    };
  }
  const place = placeOf(p);
  if (place?.project) return { name: place.project, kind: "project", bringsIn: PROJECT_HINT };
  const source = place?.source ?? p.split("/")[0];
  const bringsIn = source.startsWith("files:") ? `a source named ${source.slice("files:".length)} in settings.json (sources.files)` : `the source ${source} turned on in settings.json`;
  return { name: source, kind: "source", bringsIn };
}
function waitGroups(paths) {
  const groups = /* @__PURE__ */ new Map();
  for (const p of paths) {
    const g = waitGroupOf(p);
    const seen = groups.get(g.name);
    if (seen) seen.files++;
    else groups.set(g.name, { ...g, files: 1 });
  }
  return [...groups.values()].sort((a, b) => a.name < b.name ? -1 : 1);
}
function waitingHere(home) {
  return hasWaiting(home) ? waitGroups(Object.keys(loadWaiting(home))) : [];
}
var plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
function waitingLines(groups, home) {
  const projects = groups.filter((g) => g.kind === "project");
  const kept = home ? `kept in ${waitingDir(home)}; ` : "";
  const lines = projects.length ? [
    `${plural(projects.length, "project", "projects")} restored, waiting for their folders: ${projects.map((g) => g.name).join(", ")} (${kept}${PROJECT_HINT} brings its memory in)`
  ] : [];
  for (const g of groups.filter((x) => x.kind !== "project"))
    lines.push(`${g.name}: ${plural(g.files, "restored file", "restored files")} waiting for ${g.bringsIn}`);
  return lines;
}
async function remoteOnlyProjects(ctx, plan, held) {
  if (!plan.remoteTip || !ctx.settings.sources.claudeAutoMemory) return [];
  const skip = new Set(held.map((g) => g.name));
  const found = plan.remoteOnly ?? await unmappedProjects(ctx, plan.remoteTip, plan.roots);
  return found.filter((p) => !skip.has(p));
}
async function unmappedProjects(ctx, tip, roots) {
  const index = roots ? rootIndex(roots, ctx.settings.exclude) : (await syncRoots(ctx)).index;
  const entries = await openRepo(ctx).lsTree(tip, ["projects/"]);
  const found = /* @__PURE__ */ new Set();
  for (const p of entries.keys()) {
    const project = projectOutside(index, p);
    if (project) found.add(project);
  }
  return [...found].sort();
}
function remoteOnlyLine(projects) {
  if (!projects.length) return [];
  return [
    `${plural(projects.length, "project", "projects")} on the remote with no folder on this machine: ${projects.join(", ")} (${PROJECT_HINT} brings its memory in)`
  ];
}

export {
  waitGroupOf,
  waitGroups,
  waitingHere,
  waitingLines,
  remoteOnlyProjects,
  remoteOnlyLine
};
