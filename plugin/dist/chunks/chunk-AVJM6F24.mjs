
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
