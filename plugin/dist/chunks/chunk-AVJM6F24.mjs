import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));

// src/util/blobHash.ts
import { createHash } from "node:crypto";
function blobHash(content) {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
function isBinary(content) {
  return content.subarray(0, 8e3).includes(0);
}

export {
  blobHash,
  isBinary
};
