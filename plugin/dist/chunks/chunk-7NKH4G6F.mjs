import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));

// src/util/now.ts
function now(env = process.env) {
  const start = env.MEMSYNC_NOW ? Date.parse(env.MEMSYNC_NOW) : Number.NaN;
  return new Date(Number.isNaN(start) ? Date.now() : start + Math.floor(performance.now()));
}

export {
  now
};
