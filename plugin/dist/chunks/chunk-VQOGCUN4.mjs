import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));

// src/util/childProcess.ts
import { createRequire } from "node:module";
function childProcess() {
  return createRequire(process.execPath)("node:child_process");
}

export {
  childProcess
};
