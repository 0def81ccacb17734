import {
  normalizeRemote
} from "./chunk-ISXOJIVS.mjs";
import {
  REMOTE_FORM,
  remoteProblem
} from "./chunk-CWW63A7I.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/commands/checks.ts
import fs from "node:fs";
import path from "node:path";
function checkProjectDir(p) {
  if (p.trim() === "")
    throw new UsageError(
      '--project "": empty',
      "give a project folder, e.g. --project ~/code/widget (or --project . for this one)"
    );
  const abs = path.resolve(p);
  if (abs === path.parse(abs).root)
    throw new UsageError(
      `--project ${p}: the root folder is not a project`,
      "give the folder a project is checked out in, e.g. --project ~/code/widget"
    );
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory())
    throw new UsageError(`--project ${p}: not a folder on this machine`);
  return abs;
}
function checkedRemote(remote) {
  const problem = remoteProblem(remote);
  if (problem) throw new UsageError(`--remote ${JSON.stringify(remote)}: ${problem}`, `expected ${REMOTE_FORM}`);
  return normalizeRemote(remote);
}
export {
  checkProjectDir,
  checkedRemote
};
