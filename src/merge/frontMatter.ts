/**
 * Front matter of a memory file, merged key by key (issue 13). Claude Code rewrites a memory file's
 * front matter on every write (`metadata.originSessionId`, an ISO `modified`), so two machines that
 * each edit a different body line always touch the same front-matter lines: merged as text, that is
 * a conflict every time.
 *
 * Deliberately no YAML library: a parse and dump would reformat what it does not need to touch
 * (quotes, folded strings, comments, key order). This reads only the shape that matters, top-level
 * `key: value` blocks and, one level down, the keys of a block mapping such as `metadata:`, and
 * keeps every block's text exactly as written. Pure: strings in, strings out.
 */

/** One `key: ...` block and the lines that belong to it (indented, blank or comment lines). */
interface Entry {
  /** '' for lines before the first key. */
  key: string;
  text: string;
  /** A block mapping's first line and its keys (one level), when the value is one. */
  map?: { header: string; entries: Entry[] };
}

export interface FrontMatter {
  /** The opening `---` line and the closing line, as written. */
  open: string;
  close: string;
  entries: Entry[];
}

export interface SplitFile {
  head: FrontMatter;
  body: string;
}

export interface Marked {
  text: string;
  /** Number of conflict regions in `text` (0: a clean merge). */
  conflicts: number;
}

export const EMPTY_HEAD: FrontMatter = { open: '---\n', close: '---\n', entries: [] };

/** Lines with their endings kept (the last may lack one). */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const isFence = (line: string) => /^---[ \t]*\r?\n?$/.test(line);

/** The front matter and body of a file that starts with `---` and has a closing `---`; else null. */
export function splitFrontMatter(text: string): SplitFile | null {
  const all = lines(text);
  if (!all.length || !isFence(all[0]!) || !all[0]!.endsWith('\n')) return null;
  const end = all.findIndex((l, i) => i > 0 && isFence(l));
  if (end < 0) return null;
  const close = all[end]!;
  return {
    head: { open: all[0]!, close, entries: parseEntries(all.slice(1, end), 0) },
    body: all.slice(end + 1).join(''),
  };
}

const KEY_LINE = /^([^\s#\-'"][^:]*?|"[^"]*"|'[^']*'):(?:[ \t]|\r?\n|$)/;

/** Splits lines into blocks, each starting at a key line indented by exactly `indent`. */
function parseEntries(ls: string[], indent: number): Entry[] {
  const out: { key: string; lines: string[] }[] = [];
  for (const line of ls) {
    const atIndent = line.length > indent && !/^\s/.test(line.slice(indent)) && line.slice(0, indent).trim() === '';
    const m = atIndent ? KEY_LINE.exec(line.slice(indent)) : null;
    if (m) out.push({ key: m[1]!.trim(), lines: [line] });
    else if (out.length) out[out.length - 1]!.lines.push(line);
    else out.push({ key: '', lines: [line] });
  }
  return out.map(({ key, lines: own }) => ({ key, text: own.join(''), ...(indent === 0 && key ? mapOf(own) : {}) }));
}

/** A block mapping value (`key:` alone on its line, indented `child: value` lines below). */
function mapOf(own: string[]): { map?: Entry['map'] } {
  const [header, ...rest] = own;
  if (!header || !/:\s*$/.test(header)) return {};
  const first = rest.find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (!first) return {};
  const indent = first.length - first.trimStart().length;
  if (indent === 0 || !KEY_LINE.test(first.slice(indent))) return {};
  return { map: { header, entries: parseEntries(rest, indent) } };
}

function render(head: FrontMatter, entries: string): string {
  return head.open + entries + head.close;
}

function textOf(head: FrontMatter): string {
  return head.entries.map((e) => e.text).join('');
}

/** A scalar value as written: `key: value` with quotes removed. */
function scalar(e: Entry | undefined): string | null {
  if (!e) return null;
  const first = e.text.split('\n')[0]!.trim();
  const v = first
    .slice(first.indexOf(':') + 1)
    .trim()
    .replace(/\s+#.*$/, '');
  return v.replace(/^(['"])(.*)\1$/, '$2') || null;
}

/** The `modified` time of a front matter (top level or one level down), in ms; null when absent or unreadable. */
function modifiedOf(entries: Entry[]): number | null {
  for (const e of entries) {
    const hit = e.key === 'modified' ? e : e.map?.entries.find((c) => c.key === 'modified');
    if (hit) {
      const t = Date.parse(scalar(hit) ?? '');
      return Number.isNaN(t) ? null : t;
    }
  }
  return null;
}

type Newer = 'local' | 'remote' | null;

/** How a merge decides: which side's `modified` is later; `keepLocal`: a conflicting key keeps live's value. */
interface How {
  newer: Newer;
  keepLocal: boolean;
}

const withEol = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

function conflict(l: string | undefined, r: string | undefined): string {
  return `<<<<<<< live\n${withEol(l ?? '')}=======\n${withEol(r ?? '')}>>>>>>> remote\n`;
}

/**
 * Three-way merge of two front matters against their base (`null`: none), key by key: one side
 * changed a key, take it; both changed `modified`, the later time; both changed `originSessionId`,
 * the side whose `modified` is later; a block mapping changed on both sides, merged by its keys;
 * any other key changed differently on both sides is a conflict, shown with markers in place (or,
 * with `keepLocal`, resolved to live's value: `memsync resolve --keep both`).
 */
export function mergeFrontMatter(
  local: FrontMatter,
  base: FrontMatter | null,
  remote: FrontMatter,
  keepLocal = false,
): Marked {
  const b = base ?? EMPTY_HEAD;
  const [lt, bt, rt] = [textOf(local), textOf(b), textOf(remote)];
  if (lt === rt || rt === bt) return { text: render(local, lt), conflicts: 0 };
  if (lt === bt) return { text: render(local, rt), conflicts: 0 };
  const lm = modifiedOf(local.entries);
  const rm = modifiedOf(remote.entries);
  const newer: Newer = lm !== null && rm !== null && lm !== rm ? (lm > rm ? 'local' : 'remote') : null;
  const merged = mergeEntries(local.entries, b.entries, remote.entries, { newer, keepLocal });
  return { text: render(local, merged.text), conflicts: merged.conflicts };
}

function mergeEntries(l: Entry[], b: Entry[], r: Entry[], how: How): Marked {
  const [lk, bk, rk] = [byKey(l), byKey(b), byKey(r)];
  let text = '';
  let conflicts = 0;
  for (const key of keyOrder(l, b, r)) {
    const m = mergeEntry(key, lk.get(key), bk.get(key), rk.get(key), how);
    text += m.text;
    conflicts += m.conflicts;
  }
  return { text, conflicts };
}

type Side = Entry | undefined;

function mergeEntry(key: string, l: Side, b: Side, r: Side, how: How): Marked {
  const [lt, bt, rt] = [l?.text, b?.text, r?.text];
  const clean = (t: string | undefined): Marked => ({ text: t ?? '', conflicts: 0 });
  if (lt === rt || rt === bt) return clean(lt);
  if (lt === bt) return clean(rt);
  // An edit beats a delete (nothing is lost); in front matter, both sides deleting is agreement above.
  if (lt === undefined) return clean(rt);
  if (rt === undefined) return clean(lt);
  if (key === 'modified') {
    const [a, c] = [Date.parse(scalar(l) ?? ''), Date.parse(scalar(r) ?? '')];
    if (!Number.isNaN(a) && !Number.isNaN(c) && a !== c) return clean(a > c ? lt : rt);
  }
  if (key === 'originSessionId' && how.newer) return clean(how.newer === 'local' ? lt : rt);
  const header = l!.map && r!.map && (!b || b.map) ? mergeHeader(l!.map.header, b?.map?.header, r!.map.header) : null;
  if (header !== null) {
    const inner = mergeEntries(l!.map!.entries, b?.map?.entries ?? [], r!.map!.entries, how);
    return { text: header + inner.text, conflicts: inner.conflicts };
  }
  return how.keepLocal ? clean(lt) : { text: conflict(lt, rt), conflicts: 1 };
}

/**
 * The `key:` line of a block mapping, three-way; null when both sides changed it differently.
 * Claude Code writes `metadata: ` with a trailing space: lines equal but for that are one line.
 */
function mergeHeader(l: string, b: string | undefined, r: string): string | null {
  if (l === r || r === b) return l;
  if (l === b) return r;
  return l.trimEnd() === r.trimEnd() ? [l, r].sort()[0]! : null;
}

function byKey(entries: Entry[]): Map<string, Entry> {
  // A repeated key (invalid YAML) keeps its first block; the others stay attached by position below.
  const m = new Map<string, Entry>();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e);
  return m;
}

/**
 * The keys of the result in order: the base's order (or a side's, when only that side reordered
 * them); each key a side added goes after the key before it on that side. Where both sides added
 * keys after the same key, those are sorted by name, so the order does not depend on which side is
 * local (the merge is symmetric).
 */
function keyOrder(l: Entry[], b: Entry[], r: Entry[]): string[] {
  const [lk, rk] = [byKey(l), byKey(r)];
  const baseKeys = [...byKey(b).keys()];
  const inBase = new Set(baseKeys);
  const inOrder = (xs: string[]) => xs.join('\0') === baseKeys.filter((k) => xs.includes(k)).join('\0');
  const [lc, rc] = [[...lk.keys()].filter((k) => inBase.has(k)), [...rk.keys()].filter((k) => inBase.has(k))];
  const spine = !inOrder(lc) ? lc : !inOrder(rc) ? rc : baseKeys;
  const added = new Map<string, string[]>();
  for (const side of [lk, rk]) {
    let anchor = START;
    for (const k of side.keys()) {
      if (inBase.has(k)) anchor = k;
      else added.set(anchor, [...new Set([...(added.get(anchor) ?? []), k])]);
    }
  }
  const at = (anchor: string) => {
    const keys = added.get(anchor) ?? [];
    const both = keys.some((k) => !rk.has(k)) && keys.some((k) => !lk.has(k));
    return both ? [...keys].sort() : keys;
  };
  return [...new Set([...at(START), ...spine.flatMap((k) => [k, ...at(k)])])];
}

const START = '\0start';
