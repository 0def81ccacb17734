import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/sources/filterNames.ts
function checkNames(what, known, projects, sources) {
  const bad = (kind, names, ok) => {
    const unknown = names.find((n) => !ok(n));
    if (unknown === void 0) return;
    const list = known[kind].length ? [...new Set(known[kind])].sort().join(", ") : "(none yet)";
    throw new UsageError(`${what}: --${kind} ${unknown}: no such ${kind} ${known.where}`, `the ${kind}s are: ${list}`);
  };
  bad("project", projects, (n) => known.project.includes(n) || !!known.unlistedProjects?.includes(n));
  bad("source", sources, (n) => known.source.includes(n) || known.source.includes(`files:${n}`));
}

export {
  checkNames
};
