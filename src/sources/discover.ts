/**
 * Learns which local folders Claude Code has been used in, from its session transcripts.
 *
 * `<config>/projects/<key>/<session-id>.jsonl` holds one JSON object a line; most lines carry
 * the session's `cwd`. The first lines of a transcript may not (Claude Code 2.1.x starts with
 * `{"type":"queue-operation",...}` lines), and a line can be very long, so only a bounded
 * head (and, failing that, tail) of a file is read. Only the newest transcripts of a folder
 * are looked at.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** How much of a transcript is read. */
const HEAD_BYTES = 64 * 1024;
/** How many transcripts of one folder are tried (newest first) before giving up on it. */
const TRANSCRIPTS_PER_FOLDER = 3;
/** How many project folders are scanned at the same time. */
const CONCURRENCY = 16;

/**
 * The cwd of one transcript: from its first HEAD_BYTES, else (a first prompt or attachment
 * bigger than that hides the first cwd) from its last HEAD_BYTES, whose first, partial line
 * is dropped.
 */
async function cwdOfTranscript(file: string, size: number): Promise<string | null> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(file, 'r');
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const head = await fh.read(buf, 0, buf.length, 0);
    const fromHead = cwdFromTranscriptHead(buf.toString('utf8', 0, head.bytesRead));
    if (fromHead !== null || size <= HEAD_BYTES) return fromHead;
    const tail = await fh.read(buf, 0, buf.length, size - buf.length);
    const text = buf.toString('utf8', 0, tail.bytesRead);
    const nl = text.indexOf('\n');
    return nl < 0 ? null : cwdFromTranscriptHead(text.slice(nl + 1));
  } catch {
    return null;
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** The first absolute `cwd` in the head of a transcript, or null. */
export function cwdFromTranscriptHead(head: string): string | null {
  const lines = head.split('\n');
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      continue; // garbage, or the last line cut by the read limit
    }
    if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
      const cwd = (obj as Record<string, unknown>).cwd;
      if (typeof cwd === 'string' && path.isAbsolute(cwd)) return cwd;
    }
  }
  // A line longer than the read limit cannot be parsed; its top-level `cwd` can still be
  // found textually (`"cwd":"` cannot occur unescaped inside a JSON string value).
  const last = lines[lines.length - 1] ?? '';
  const m = /"cwd"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(last);
  if (m) {
    try {
      const cwd: unknown = JSON.parse(m[1]!);
      if (typeof cwd === 'string' && path.isAbsolute(cwd)) return cwd;
    } catch {
      /* ignore */
    }
  }
  return null;
}

async function cwdOfProjectFolder(folder: string): Promise<string | null> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return null;
  }
  const transcripts: Array<{ file: string; mtime: number; size: number }> = [];
  await Promise.all(
    names
      .filter((n) => n.endsWith('.jsonl'))
      .map(async (n) => {
        const file = path.join(folder, n);
        try {
          const st = await fs.stat(file);
          if (st.isFile() && st.size > 0) transcripts.push({ file, mtime: st.mtimeMs, size: st.size });
        } catch {
          /* vanished */
        }
      }),
  );
  transcripts.sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? -1 : 1));
  for (const t of transcripts.slice(0, TRANSCRIPTS_PER_FOLDER)) {
    const cwd = await cwdOfTranscript(t.file, t.size);
    if (cwd !== null) return cwd;
  }
  return null;
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Distinct absolute `cwd` values found in transcripts under `<configDir>/projects/`, limited
 * to folders that still exist. Sorted. A missing or unreadable config folder gives [].
 */
export async function projectPathsFromTranscripts(configDir: string): Promise<string[]> {
  const projectsDir = path.join(configDir, 'projects');
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(projectsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const folders = entries.filter((e) => e.isDirectory()).map((e) => path.join(projectsDir, e.name));
  const found = new Set<string>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < folders.length) {
      const folder = folders[next++]!;
      const cwd = await cwdOfProjectFolder(folder);
      if (cwd === null) continue;
      const abs = path.resolve(cwd);
      if (!found.has(abs) && (await isDirectory(abs))) found.add(abs);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, folders.length) }, worker));
  return [...found].sort();
}
