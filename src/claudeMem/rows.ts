/**
 * A table as readable text for the remote: one JSON object per line, keys sorted, the local `id`
 * left out and local integer references replaced by the identity of the row they point to, lines
 * sorted by row identity. So the remote history of a table is a plain diff.
 */
import fs from 'node:fs';
import { MemsyncError } from '../errors.ts';
import type { TableSpec } from './tables.ts';

/** Identity key (JSON array text) -> serialized line. */
export type KeyedRows = Map<string, string>;

/** Turns a database row into its line. `refKey(column, id)` gives the identity of a referenced row. */
export function serializeRow(
  spec: TableSpec,
  row: Record<string, unknown>,
  columns: readonly string[],
  refKey: (column: string, id: unknown) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const refs = spec.references;
  for (const c of columns) {
    if (c === 'id') continue;
    const v = row[c];
    if (refs.length && refs.some((r) => r.column === c)) out[c] = v === null || v === undefined ? null : refKey(c, v);
    else out[c] = Buffer.isBuffer(v) ? { $blob: v.toString('base64') } : typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}

/** The identity key of a serialized row; rows that share an identity get a running number. */
export function keyOf(spec: TableSpec, obj: Record<string, unknown>, seen: Map<string, number>): string {
  return numbered(JSON.stringify(spec.identity(obj)), seen);
}

/** The key of the next row with identity `id` (JSON array text). */
function numbered(id: string, seen: Map<string, number>): string {
  const n = seen.get(id) ?? 0;
  seen.set(id, n + 1);
  return n > 0 ? `${id.slice(0, -1)},${JSON.stringify(`#${n}`)}]` : id;
}

/**
 * The file of a table: lines sorted by identity, written straight into one buffer (no 50 MB
 * string in between). With `kept`, the rows named in `kept.keys` are added from `kept.rows`
 * (not in `rows`); lines given as indexes are copied from `kept.lines`, a run of neighbours at once.
 */
export function tableBytes(
  rows: ReadonlyMap<string, string | number>,
  kept?: { keys: ReadonlySet<string>; rows: LazyRows; lines: TableLines | null },
): Buffer {
  const keys = [...rows.keys()];
  for (const k of kept?.keys ?? []) keys.push(k);
  const values = keys.sort().map((k) => rows.get(k) ?? kept!.rows.get(k)!);
  const lines = kept?.lines;
  let size = 0;
  for (const v of values)
    size += (typeof v === 'string' ? Buffer.byteLength(v) : lines!.ends[v]! - lines!.starts[v]!) + 1;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let x = 0; x < values.length; ) {
    const v = values[x]!;
    if (typeof v === 'string') {
      at += out.write(v, at);
      x++;
    } else {
      const { starts, ends } = lines!;
      let last = v;
      // Neighbouring lines (one newline apart) are one copy, newlines included.
      while (x + 1 < values.length && values[x + 1] === last + 1 && starts[last + 1] === ends[last]! + 1)
        last = values[++x] as number;
      at += lines!.bytes.copy(out, at, starts[v], ends[last]);
      x++;
    }
    out[at++] = 10;
  }
  return out;
}

/** A table file: its bytes, or the file holding them (read in chunks, never whole). */
export type TableFile = Buffer | { path: string };

/** A table file's lines left as bytes: each line's range and identity (JSON array text), in file order. */
export interface TableLines {
  bytes: Buffer;
  starts: number[];
  ends: number[];
  ids: string[];
}

/**
 * Identity key -> the line, or the index of a line in a `TableLines` (decoded only when needed:
 * most rows are the same everywhere, and then their text is never needed as a string).
 */
export type LazyRows = Map<string, string | number>;

export function lineText(lines: TableLines, i: number): string {
  return lines.bytes.toString('utf8', lines.starts[i], lines.ends[i]);
}

/**
 * Reads a table file (from the remote or the base) back into identity -> line. A file given as
 * bytes keeps its lines there (the result's values are line indexes into `lines`). With `like`
 * (the remote's lines, when reading the base), a line byte-equal to one of `like`'s is that index
 * and is neither decoded nor parsed: the base and the remote share most lines, in the same
 * (sorted) order, so a walk along both finds them with one memcmp each. The order only makes the
 * walk quick; a line it misses is parsed, so the result is the same either way.
 */
export function parseTableText(
  spec: TableSpec,
  file: TableFile,
  where: string,
  like?: TableLines,
): { rows: LazyRows; lines: TableLines | null } {
  const own =
    !like && Buffer.isBuffer(file)
      ? { bytes: file, starts: [] as number[], ends: [] as number[], ids: [] as string[] }
      : null;
  const rows: LazyRows = new Map();
  const seen = new Map<string, number>();
  let j = 0;
  let lineNo = 0;
  for (const [buf, start, end] of fileLines(file)) {
    lineNo++;
    if (start === end) continue;
    let value: string | number;
    let id: string;
    if (like && j < like.ids.length && buf.compare(like.bytes, like.starts[j], like.ends[j], start, end) === 0) {
      value = j;
      id = like.ids[j]!;
      j++;
    } else {
      const line = buf.toString('utf8', start, end);
      id = identityOf(spec, line, `${where} line ${lineNo}`);
      value = line;
      // Skip the other file's lines this one has not got (they sort before it).
      if (like) {
        while (j < like.ids.length && like.ids[j]! < id) j++;
        if (like.ids[j] === id) j++;
      }
    }
    if (own) {
      value = own.ids.length;
      own.starts.push(start);
      own.ends.push(end);
      own.ids.push(id);
    }
    rows.set(numbered(id, seen), value);
  }
  return { rows, lines: own };
}

/** Each line of a file as (buffer, start, end) without the newline; a file on disk is read 1 MB at a time. */
function* fileLines(file: TableFile): Generator<[Buffer, number, number]> {
  if (Buffer.isBuffer(file)) {
    for (let start = 0; start < file.length; ) {
      let end = file.indexOf(10, start);
      if (end < 0) end = file.length;
      yield [file, start, end];
      start = end + 1;
    }
    return;
  }
  const fd = fs.openSync(file.path, 'r');
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let filled = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, filled, buf.length - filled, null);
      const total = filled + n;
      let start = 0;
      for (let end = buf.indexOf(10, start); end >= 0 && end < total; end = buf.indexOf(10, start)) {
        yield [buf, start, end];
        start = end + 1;
      }
      if (n === 0) {
        if (start < total) yield [buf, start, total];
        return;
      }
      // The unfinished line moves to the front; a line longer than the buffer doubles it.
      if (start === 0 && total === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      } else buf.copy(buf, 0, start, total);
      filled = total - start;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function identityOf(spec: TableSpec, line: string, where: string): string {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    obj = undefined;
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw new MemsyncError(
      `${where} is not a JSON object`,
      'failure',
      'the remote file is damaged; fix or revert it in the remote repository',
    );
  return JSON.stringify(spec.identity(obj as Record<string, unknown>));
}

/** A column value as SQLite takes it. */
export function sqlValue(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { $blob?: unknown }).$blob === 'string') {
    return Buffer.from((v as { $blob: string }).$blob, 'base64');
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}
