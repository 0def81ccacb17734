// Kept free of heavy imports: the Stop hook reads its toggles through these on every response.

/** `pullTimeoutMs` -> `MEMSYNC_PULL_TIMEOUT_MS`. */
export function envVarName(key: string): string {
  return `MEMSYNC_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** true/false (also 1/0, yes/no, on/off); undefined when the text is none of them. */
export function parseEnvBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return undefined;
}
