import { createHash } from 'node:crypto';

/** The git blob id of some content: lets memsync compare live files with the repository without running git. */
export function blobHash(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Git's own rule for binary content: a NUL byte in the first 8000 bytes. */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
