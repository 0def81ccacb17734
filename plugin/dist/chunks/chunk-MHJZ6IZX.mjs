import {
  UsageError
} from "./chunk-6DB477J4.mjs";

// src/cli/heldDeletes.ts
function deleteResolution(values) {
  const confirm = !!values["confirm-deletes"];
  const restore = !!values["restore-files"];
  if (confirm && restore) throw new UsageError("resolve takes one of --confirm-deletes and --restore-files");
  return confirm ? "confirm" : restore ? "restore" : null;
}
function heldDeleteLines(held) {
  return held.flatMap((h) => [
    `held: ${h.paths.length} of ${h.of} files of ${h.label} would be deleted; nothing was deleted here or on the remote (${h.paths.slice(0, 3).join(", ")}${h.paths.length > 3 ? ", ..." : ""})`,
    `  to let them go: memsync resolve ${h.label} --confirm-deletes; to bring the files back: memsync resolve ${h.label} --restore-files`
  ]);
}

export {
  deleteResolution,
  heldDeleteLines
};
