import { createRequire } from 'node:module';

/**
 * node:child_process, loaded when first used: loading it costs about 8 ms of CPU, a fifth of a
 * light hook's whole run, and the prompt and Stop hooks usually start no process at all.
 * (createRequire: a dynamic import would make the callers asynchronous.)
 */
export function childProcess(): typeof import('node:child_process') {
  return createRequire(process.execPath)('node:child_process');
}
