import {
  OURS,
  enabledPlugin
} from "./chunk-62WDPYP4.mjs";
import "./chunk-ORQ3U2EH.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/hooks/install.ts
import fs from "node:fs";
import path from "node:path";
var HOOK_EVENTS = [
  { event: "SessionStart", arg: "session-start", matcher: "startup|resume|clear|compact", timeout: 30 },
  { event: "UserPromptSubmit", arg: "prompt", matcher: void 0, timeout: 5 },
  { event: "Stop", arg: "stop", matcher: void 0, timeout: 10 },
  { event: "SessionEnd", arg: "session-end", matcher: void 0, timeout: 5 }
];
async function installHooks(configDir, commandFor) {
  const file = path.join(configDir, "settings.json");
  const plugin = enabledPlugin(configDir);
  if (plugin) {
    throw new MemsyncError(
      `the memsync plugin (${plugin}) is enabled in ${file} and runs these hooks already; installing them too would run every hook twice`,
      "failure",
      `keep the plugin alone, or disable it first (claude plugin disable ${plugin})`
    );
  }
  const settings = readSettings(file);
  const hooks = settings.hooks ??= {};
  const added = [];
  const removed = [];
  for (const h of HOOK_EVENTS) {
    const command = commandFor(h.arg);
    const current = hooks[h.event];
    if (current !== void 0 && !Array.isArray(current))
      throw new MemsyncError(
        `${file}: hooks.${h.event} is not a list, so memsync left the file untouched`,
        "failure",
        "fix it (Claude Code cannot read it either), then run memsync hooks install again"
      );
    const older = withoutOurs(Array.isArray(current) ? current : [], (c) => c !== command);
    if (older.removed) removed.push(h.event);
    const groups = hooks[h.event] = older.kept;
    if (groups.some((g) => g.hooks?.some((c) => c.command === command))) continue;
    groups.push({
      ...h.matcher ? { matcher: h.matcher } : {},
      hooks: [{ type: "command", command, timeout: h.timeout }]
    });
    added.push(h.event);
  }
  if (added.length || removed.length) await write(file, settings);
  return { file, added, removed };
}
async function uninstallHooks(configDir) {
  const file = path.join(configDir, "settings.json");
  if (!fs.existsSync(file)) return { file, added: [], removed: [] };
  const settings = readSettings(file);
  const hooks = settings.hooks;
  const removed = [];
  if (hooks && typeof hooks === "object") {
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      const { kept, removed: some } = withoutOurs(groups, () => true);
      if (some) removed.push(event);
      if (kept.length) hooks[event] = kept;
      else delete hooks[event];
    }
    if (Object.keys(hooks).length === 0) delete settings.hooks;
  }
  if (removed.length) await write(file, settings);
  return { file, added: [], removed: [...new Set(removed)] };
}
function withoutOurs(groups, which) {
  const kept = [];
  let removed = false;
  for (const g of groups) {
    const rest = Array.isArray(g.hooks) ? g.hooks.filter((c) => !(typeof c.command === "string" && OURS.test(c.command) && which(c.command))) : void 0;
    if (!rest || rest.length === g.hooks.length) kept.push(g);
    else {
      removed = true;
      if (rest.length) kept.push({ ...g, hooks: rest });
    }
  }
  return { kept, removed };
}
function readSettings(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e.code === "ENOENT") return {};
    throw e;
  }
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
  }
  throw new MemsyncError(
    `${file} is not a JSON object, so memsync left it untouched`,
    "failure",
    "fix the file (Claude Code cannot read it either), then run memsync hooks install again"
  );
}
async function write(file, settings) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, `${JSON.stringify(settings, null, 2)}
`, { what: "Claude Code's settings" });
}
export {
  installHooks,
  uninstallHooks
};
