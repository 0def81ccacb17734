import {
  splitFrontMatter
} from "./chunk-HTYGBERC.mjs";

// src/consolidate/duplicates.ts
var NEAR_DUPLICATE = 0.8;
var normalize = (s) => s.toLowerCase().replace(/\s+/g, " ").trim();
var words = (s) => normalize(s.replace(/[^\p{L}\p{N}]+/gu, " "));
function trigrams(s) {
  const t = ` ${words(s)} `;
  const out = /* @__PURE__ */ new Set();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}
function dice(x, y) {
  if (!x.size && !y.size) return 1;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return 2 * both / (x.size + y.size);
}
function findDuplicates(items) {
  const groups = /* @__PURE__ */ new Map();
  for (const it of items) groups.set(normalize(it.text), [...groups.get(normalize(it.text)) ?? [], it.id]);
  const exact = [...groups.values()].filter((g) => g.length > 1).map(([keep, ...drop]) => ({ keep, drop }));
  const firsts = items.filter((it) => groups.get(normalize(it.text))[0] === it.id).map((it) => ({ ...it, grams: trigrams(it.text) }));
  const near = [];
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      const score = dice(firsts[i].grams, firsts[j].grams);
      if (score < NEAR_DUPLICATE) continue;
      near.push({ a: firsts[i].id, b: firsts[j].id, score: Math.round(score * 100) / 100 });
    }
  }
  return { exact, near };
}
var isEntry = (line) => normalize(line) !== "" && !/^#/.test(line.trim());
var body = (text) => splitFrontMatter(text)?.body ?? text;
function consolidateFolder(index, files) {
  const lines = index === null ? [] : index.split("\n");
  const lineFindings = findDuplicates(lines.map((text, i) => ({ id: i + 1, text })).filter((l) => isEntry(l.text)));
  const linked = (name) => (index ?? "").indexOf(`](${name})`);
  const order = [...files.keys()].filter((n) => normalize(body(files.get(n))) !== "").sort((a, b) => rank(linked(a)) - rank(linked(b)) || (a < b ? -1 : 1));
  const fileFindings = findDuplicates(order.map((n) => ({ id: n, text: body(files.get(n)) })));
  return { findings: { lines: lineFindings, files: fileFindings }, rewrite: rewriteIndex(index, fileFindings.exact) };
}
var rank = (at) => at < 0 ? Number.MAX_SAFE_INTEGER : at;
function rewriteIndex(index, files) {
  const remove = files.flatMap((g) => g.drop);
  if (index === null) return { index: null, remove };
  let text = index;
  for (const g of files) for (const d of g.drop) text = text.split(`](${d})`).join(`](${g.keep})`);
  const seen = /* @__PURE__ */ new Set();
  const kept = text.split("\n").filter((line) => {
    if (!isEntry(line)) return true;
    const k = normalize(line);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const out = kept.join("\n");
  return { index: out === index ? null : out, remove };
}

export {
  NEAR_DUPLICATE,
  consolidateFolder
};
