import { OUR_RULES, type SecretRule } from './rules.ts';

/** A secret found in a file: where, by which rule, and the secret masked (never the secret itself). */
export interface SecretFinding {
  /** 0: in the file's name. */
  line: number;
  rule: string;
  masked: string;
  /** The path as it may be shown, when its name holds the secret. */
  shown?: string;
}

export interface ScanOptions {
  /** secretlint's recommended preset. */
  preset?: boolean;
  /** memsync's own rules (src/secrets/rules.ts). */
  ours?: boolean;
}

/** Text is scanned in pieces this long, so a large file costs memory in proportion to a piece. */
const CHUNK_CHARS = 1 << 20;
/** Pieces overlap by this much, so a secret (a private key block is a few KB) split by a cut is still whole in one. */
const OVERLAP_CHARS = 64 << 10;

/**
 * Names this scanner: its own module. In the bundle that module's file name carries a hash of its
 * content, which names the chunks it loads (the rules, secretlint), so new rules give a new id.
 */
export const SCANNER_ID = import.meta.url;

/** secretlint is loaded on first use: commands that publish nothing do not pay for it. */
let presetLoaded:
  | Promise<{ lint: typeof import('@secretlint/core').lintSource; config: { rules: { id: string; rule: never }[] } }>
  | undefined;
const preset = () =>
  (presetLoaded ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
    import('@secretlint/profiler'),
  ]).then(([core, rec, profiler]) => {
    // secretlint's always-on profiler keeps every performance mark and searches them all on each
    // new one: quadratic in files scanned (2,000 files took 12 s, 20,000 never finished). Off.
    profiler.secretLintProfiler.mark = () => undefined;
    return { lint: core.lintSource, config: { rules: [{ id: rec.creator.meta.id, rule: rec.creator as never }] } };
  }));

/**
 * Every secret in a file's content, by secretlint's recommended preset and memsync's own rules,
 * one finding per line and rule. Binary content (a database) is read byte for byte as Latin-1, so
 * the tokens in it are still found. There is no size cutoff.
 */
export async function scanSecrets(
  content: Buffer | string,
  opts: ScanOptions = { preset: true, ours: true },
): Promise<SecretFinding[]> {
  return (await findSecrets(content, opts)).map(({ line, rule, masked }) => ({ line, rule, masked }));
}

/** scanSecrets' findings with each secret itself, for masking it where it stands (names: secrets/names.ts). */
export async function findSecrets(
  content: Buffer | string,
  opts: ScanOptions = { preset: true, ours: true },
): Promise<(SecretFinding & { secret: string })[]> {
  const text = unhide(typeof content === 'string' ? content : decode(content));
  const found = new Map<string, SecretFinding & { col: number; secret: string }>();
  const lineRules = new Set<string>();
  let startLine = 1;
  let start = 0;
  for (;;) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) end = text.lastIndexOf('\n', end) + 1 || end;
    const piece = text.slice(start, end);
    const lineStarts = lineStartsOf(piece);
    const add = (rule: string, from: number, secret: string) => {
      const at = lineOf(lineStarts, from);
      const f = { line: startLine + at, col: from - lineStarts[at]!, rule, masked: mask(secret), secret };
      // The same secret matched by both rule sets counts once (the first rule to name it).
      const key = `${f.line}:${f.col}`;
      if (found.has(key) || lineRules.has(`${f.line}:${rule}`)) return;
      found.set(key, f);
      lineRules.add(`${f.line}:${rule}`);
    };
    if (opts.ours !== false) for (const r of OUR_RULES) for (const m of matches(r, piece)) add(r.id, m.index, m.secret);
    if (opts.preset !== false) {
      const { lint, config } = await preset();
      const res = await lint({
        source: { filePath: 'memory', content: piece, contentType: 'text' },
        options: { config, noPhysicFilePath: true },
      });
      for (const m of res.messages)
        add(
          m.ruleId.replace('@secretlint/secretlint-rule-', 'secretlint/'),
          m.range[0],
          piece.slice(m.range[0], m.range[1]),
        );
    }
    if (end >= text.length) break;
    // The next piece starts at a line start inside this one's last OVERLAP_CHARS.
    const next = Math.max(start + 1, text.lastIndexOf('\n', end - OVERLAP_CHARS) + 1);
    startLine += countLines(text, start, next);
    start = next;
  }
  return [...found.values()]
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .map(({ line, rule, masked, secret }) => ({ line, rule, masked, secret }));
}

function* matches(rule: SecretRule, text: string): Generator<{ index: number; secret: string }> {
  for (const m of text.matchAll(rule.re)) {
    const secret = m[rule.group ?? 0];
    if (!secret || (rule.keep && !rule.keep(secret))) continue;
    yield { index: m.index + m[0].indexOf(secret), secret };
  }
}

/** Enough to recognise the secret in the file, not enough to use it. */
export function mask(secret: string): string {
  const header = /^-----BEGIN [A-Z0-9 ]+-----/.exec(secret);
  if (header) return `${header[0]}****`;
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}${'*'.repeat(8)} (${secret.length} chars)`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text with what hides a token from a pattern but not from a reader taken out: zero-width
 * characters and soft hyphens dropped, numeric character references (`&#103;`, `&#x67;`) decoded.
 * Newlines stay where they are, so findings keep their line numbers.
 */
function unhide(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/&#(?:x([0-9a-f]{1,6})|(\d{1,7}));/gi, (m, hex: string | undefined, dec: string | undefined) => {
      const code = hex ? parseInt(hex, 16) : Number(dec);
      return code > 0x20 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
}

function decode(buf: Buffer): string {
  try {
    return utf8.decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line holding offset `at` (binary search over line starts). */
function lineOf(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
