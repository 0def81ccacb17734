
// src/merge/frontMatter.ts
var EMPTY_HEAD = { open: "---\n", close: "---\n", entries: [] };
function lines(text) {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
var isFence = (line) => /^---[ \t]*\r?\n?$/.test(line);
function splitFrontMatter(text) {
  const all = lines(text);
  if (!all.length || !isFence(all[0]) || !all[0].endsWith("\n")) return null;
  const end = all.findIndex((l, i) => i > 0 && isFence(l));
  if (end < 0) return null;
  const close = all[end];
  return {
    head: { open: all[0], close, entries: parseEntries(all.slice(1, end), 0) },
    body: all.slice(end + 1).join("")
  };
}
var KEY_LINE = /^([^\s#\-'"][^:]*?|"[^"]*"|'[^']*'):(?:[ \t]|\r?\n|$)/;
function parseEntries(ls, indent) {
  const out = [];
  for (const line of ls) {
    const atIndent = line.length > indent && !/^\s/.test(line.slice(indent)) && line.slice(0, indent).trim() === "";
    const m = atIndent ? KEY_LINE.exec(line.slice(indent)) : null;
    if (m) out.push({ key: m[1].trim(), lines: [line] });
    else if (out.length) out[out.length - 1].lines.push(line);
    else out.push({ key: "", lines: [line] });
  }
  return out.map(({ key, lines: own }) => ({ key, text: own.join(""), ...indent === 0 && key ? mapOf(own) : {} }));
}
function mapOf(own) {
  const [header, ...rest] = own;
  if (!header || !/:\s*$/.test(header)) return {};
  const first = rest.find((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (!first) return {};
  const indent = first.length - first.trimStart().length;
  if (indent === 0 || !KEY_LINE.test(first.slice(indent))) return {};
  return { map: { header, entries: parseEntries(rest, indent) } };
}
function render(head, entries) {
  return head.open + entries + head.close;
}
function textOf(head) {
  return head.entries.map((e) => e.text).join("");
}
function scalar(e) {
  if (!e) return null;
  const first = e.text.split("\n")[0].trim();
  const v = first.slice(first.indexOf(":") + 1).trim().replace(/\s+#.*$/, "");
  return v.replace(/^(['"])(.*)\1$/, "$2") || null;
}
function modifiedOf(entries) {
  for (const e of entries) {
    const hit = e.key === "modified" ? e : e.map?.entries.find((c) => c.key === "modified");
    if (hit) {
      const t = Date.parse(scalar(hit) ?? "");
      return Number.isNaN(t) ? null : t;
    }
  }
  return null;
}
var withEol = (s) => s === "" || s.endsWith("\n") ? s : `${s}
`;
function conflict(l, r) {
  return `<<<<<<< live
${withEol(l ?? "")}=======
${withEol(r ?? "")}>>>>>>> remote
`;
}
function mergeFrontMatter(local, base, remote, keepLocal = false) {
  const b = base ?? EMPTY_HEAD;
  const [lt, bt, rt] = [textOf(local), textOf(b), textOf(remote)];
  if (lt === rt || rt === bt) return { text: render(local, lt), conflicts: 0 };
  if (lt === bt) return { text: render(local, rt), conflicts: 0 };
  const lm = modifiedOf(local.entries);
  const rm = modifiedOf(remote.entries);
  const newer = lm !== null && rm !== null && lm !== rm ? lm > rm ? "local" : "remote" : null;
  const merged = mergeEntries(local.entries, b.entries, remote.entries, { newer, keepLocal });
  return { text: render(local, merged.text), conflicts: merged.conflicts };
}
function mergeEntries(l, b, r, how) {
  const [lk, bk, rk] = [byKey(l), byKey(b), byKey(r)];
  let text = "";
  let conflicts = 0;
  for (const key of keyOrder(l, b, r)) {
    const m = mergeEntry(key, lk.get(key), bk.get(key), rk.get(key), how);
    text += m.text;
    conflicts += m.conflicts;
  }
  return { text, conflicts };
}
function mergeEntry(key, l, b, r, how) {
  const [lt, bt, rt] = [l?.text, b?.text, r?.text];
  const clean = (t) => ({ text: t ?? "", conflicts: 0 });
  if (lt === rt || rt === bt) return clean(lt);
  if (lt === bt) return clean(rt);
  if (lt === void 0) return clean(rt);
  if (rt === void 0) return clean(lt);
  if (key === "modified") {
    const [a, c] = [Date.parse(scalar(l) ?? ""), Date.parse(scalar(r) ?? "")];
    if (!Number.isNaN(a) && !Number.isNaN(c) && a !== c) return clean(a > c ? lt : rt);
  }
  if (key === "originSessionId" && how.newer) return clean(how.newer === "local" ? lt : rt);
  const header = l.map && r.map && (!b || b.map) ? mergeHeader(l.map.header, b?.map?.header, r.map.header) : null;
  if (header !== null) {
    const inner = mergeEntries(l.map.entries, b?.map?.entries ?? [], r.map.entries, how);
    return { text: header + inner.text, conflicts: inner.conflicts };
  }
  return how.keepLocal ? clean(lt) : { text: conflict(lt, rt), conflicts: 1 };
}
function mergeHeader(l, b, r) {
  if (l === r || r === b) return l;
  if (l === b) return r;
  return l.trimEnd() === r.trimEnd() ? [l, r].sort()[0] : null;
}
function byKey(entries) {
  const m = /* @__PURE__ */ new Map();
  for (const e of entries) if (!m.has(e.key)) m.set(e.key, e);
  return m;
}
function keyOrder(l, b, r) {
  const [lk, rk] = [byKey(l), byKey(r)];
  const baseKeys = [...byKey(b).keys()];
  const inBase = new Set(baseKeys);
  const inOrder = (xs) => xs.join("\0") === baseKeys.filter((k) => xs.includes(k)).join("\0");
  const [lc, rc] = [[...lk.keys()].filter((k) => inBase.has(k)), [...rk.keys()].filter((k) => inBase.has(k))];
  const spine = !inOrder(lc) ? lc : !inOrder(rc) ? rc : baseKeys;
  const added = /* @__PURE__ */ new Map();
  for (const side of [lk, rk]) {
    let anchor = START;
    for (const k of side.keys()) {
      if (inBase.has(k)) anchor = k;
      else added.set(anchor, [.../* @__PURE__ */ new Set([...added.get(anchor) ?? [], k])]);
    }
  }
  const at = (anchor) => {
    const keys = added.get(anchor) ?? [];
    const both = keys.some((k) => !rk.has(k)) && keys.some((k) => !lk.has(k));
    return both ? [...keys].sort() : keys;
  };
  return [.../* @__PURE__ */ new Set([...at(START), ...spine.flatMap((k) => [k, ...at(k)])])];
}
var START = "\0start";

export {
  EMPTY_HEAD,
  splitFrontMatter,
  mergeFrontMatter
};
