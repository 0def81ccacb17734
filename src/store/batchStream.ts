/**
 * `git cat-file --batch` output split into objects as it streams in. Reading 20,000 blobs as one
 * buffer costs a copy of all of them and a fresh allocation as large; here each object is handed on
 * as its bytes arrive (a view of the chunk, or one small join when it spans chunks).
 */

/** One object: its id, type ('missing' when the repository lacks it: content null) and content. */
export type BatchObject = (sha: string, type: string, content: Buffer | null, size: number) => void;

/**
 * A `data` handler for cat-file's stdout that calls `onObject` once per object, in order. Where
 * `buffer` says no, an object's bytes are dropped as they stream (`onObject` gets them empty, and the size).
 */
export function batchParser(onObject: BatchObject, buffer: () => boolean = () => true): (chunk: Buffer) => void {
  let head: Buffer[] = [];
  let current: { sha: string; type: string; size: number; keep: boolean } | null = null;
  let parts: Buffer[] = [];
  let got = 0;
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (!current) {
        const nl = chunk.indexOf(10, i);
        if (nl < 0) {
          head.push(chunk.subarray(i));
          return;
        }
        head.push(chunk.subarray(i, nl));
        const [sha = '', type = '', size] = Buffer.concat(head).toString('latin1').split(' ');
        head = [];
        i = nl + 1;
        if (type === 'missing' || size === undefined) onObject(sha, 'missing', null, 0);
        else current = { sha, type, size: Number(size), keep: buffer() };
        continue;
      }
      // The content and the newline that ends it.
      const take = Math.min(current.size + 1 - got, chunk.length - i);
      if (current.keep) parts.push(chunk.subarray(i, i + take));
      got += take;
      i += take;
      if (got === current.size + 1) {
        const whole = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
        onObject(current.sha, current.type, whole.subarray(0, current.keep ? current.size : 0), current.size);
        current = null;
        parts = [];
        got = 0;
      }
    }
  };
}
