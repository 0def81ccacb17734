import {
  readJsonObject
} from "./chunk-ORQ3U2EH.mjs";

// src/hooks/twice.ts
import path from "node:path";
var OURS = /(?:memsync(?:\.m?js)?["']?\s+hook|hook\.c?m?js["']?)\s+(?:session-start|stop|prompt|session-end)\b/;
function userSettings(configDir) {
  return readJsonObject(path.join(configDir, "settings.json")) ?? {};
}
function enabledPlugin(configDir) {
  const enabled = userSettings(configDir).enabledPlugins;
  if (!enabled || typeof enabled !== "object") return null;
  return Object.entries(enabled).find(([id, on]) => id.startsWith("memsync@") && on === true)?.[0] ?? null;
}
function settingsHooks(configDir) {
  const hooks = userSettings(configDir).hooks;
  if (!hooks || typeof hooks !== "object") return false;
  return Object.values(hooks).some(
    (groups) => Array.isArray(groups) && groups.some(
      (g) => Array.isArray(g?.hooks) && g.hooks.some((c) => typeof c?.command === "string" && OURS.test(c.command))
    )
  );
}
function standsAside(env, configDir) {
  return env.MEMSYNC_HOOK_SOURCE !== "plugin" && enabledPlugin(configDir) !== null;
}
function twiceLine(env, configDir, cli) {
  if (env.MEMSYNC_HOOK_SOURCE !== "plugin" || !settingsHooks(configDir)) return null;
  return `memsync: its hooks are installed twice, by the plugin and in ${path.join(configDir, "settings.json")}; the plugin's run and the others do nothing: remove them with ${cli} hooks uninstall`;
}

export {
  OURS,
  enabledPlugin,
  settingsHooks,
  standsAside,
  twiceLine
};
