// Kept free of imports: the Stop hook reads these on every response, and the settings schema
// takes its defaults for the same keys from here, so the two cannot disagree.

/** The defaults of the settings the hooks read without loading the schema (see hooks/toggles.ts). */
export const HOOK_DEFAULTS = {
  autoSync: true,
  pullOnStart: true,
  pushOnStop: true,
  pushOnEnd: true,
  pushThrottleSeconds: 15,
  idlePushSeconds: 180,
  livePullSeconds: 30,
  pullOnPrompt: true,
} as const;
