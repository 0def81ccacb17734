
// src/config/envValues.ts
function envVarName(key) {
  return `MEMSYNC_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}
var TRUE_WORDS = /* @__PURE__ */ new Set(["true", "1", "yes", "on"]);
var FALSE_WORDS = /* @__PURE__ */ new Set(["false", "0", "no", "off"]);
function parseEnvBoolean(text) {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return void 0;
}

// src/config/hookDefaults.ts
var HOOK_DEFAULTS = {
  autoSync: true,
  pullOnStart: true,
  pushOnStop: true,
  pushOnEnd: true,
  pushThrottleSeconds: 15,
  idlePushSeconds: 180,
  livePullSeconds: 30,
  pullOnPrompt: true
};

export {
  envVarName,
  parseEnvBoolean,
  HOOK_DEFAULTS
};
