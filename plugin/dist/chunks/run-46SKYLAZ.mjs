import {
  checkNames
} from "./chunk-OG4SNG7R.mjs";
import {
  fetchedTip
} from "./chunk-RYLV3ST2.mjs";
import {
  CLAUDE_MEM,
  placeOf,
  placeWanted,
  remoteNames
} from "./chunk-2AAJ7OAL.mjs";
import "./chunk-P3FGOR7S.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
import {
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// src/search/query.ts
function parseQuery(text, regex) {
  if (!text.trim()) throw new UsageError("search: nothing to search for", "give the text: memsync search TEXT");
  if (regex) {
    try {
      return { kind: "regex", pattern: new RegExp(text, "u") };
    } catch (e) {
      throw new UsageError(`search: --regex: ${e.message}`, "fix the pattern (JavaScript syntax)");
    }
  }
  const phrase = text.trim().toLowerCase().replace(/\s+/g, " ");
  const all = [...new Set(phrase.split(" "))];
  const long = all.filter((w) => w.length > 2);
  return { kind: "words", phrase, words: long.length ? long : all };
}
var LINES_SHOWN = 5;
var LINE_CHARS = 240;
function scoreText(text, q) {
  if (q.kind === "regex") return q.pattern.test(text) ? { rank: 0, count: 1 } : null;
  const lower = text.toLowerCase();
  const found = q.words.filter((w) => lower.includes(w));
  if (!found.length) return null;
  if (found.length < q.words.length) return { rank: 2, count: occurrences(lower, found) };
  if (lower.includes(q.phrase)) return { rank: 0, count: occurrences(lower, [q.phrase]) };
  const flatText = flat(lower);
  if (flatText.includes(q.phrase)) return { rank: 0, count: occurrences(flatText, [q.phrase]) };
  return { rank: 1, count: occurrences(lower, found) };
}
function occurrences(text, needles) {
  let n = 0;
  for (const w of needles) for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) n++;
  return n;
}
function matchingLines(text, q, rank) {
  const lines = [];
  let matched = 0;
  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    if (!lineMatches(all[i], q, rank)) continue;
    matched++;
    if (lines.length < LINES_SHOWN) lines.push({ line: i + 1, text: clip(all[i]) });
  }
  return { lines, matched };
}
function lineMatches(line, q, rank) {
  if (q.kind === "regex") return q.pattern.test(line);
  const lower = line.toLowerCase();
  if (rank === 0 && flat(lower).includes(q.phrase)) return true;
  return rank !== 0 && q.words.some((w) => lower.includes(w));
}
var flat = (s) => s.replace(/\s+/g, " ");
var clip = (s) => s.length > LINE_CHARS ? `${s.slice(0, LINE_CHARS - 1)}\u2026` : s;

// src/search/search.ts
async function searchRemote(repo, tip, q, opts, notes) {
  const { candidates, places } = await tipCandidates(repo, tip, opts);
  const filtered = opts.projects.length || opts.sources.length;
  if (filtered) checkNames("search", remoteNames(places), opts.projects, opts.sources);
  const history = repo.history(tip, null, null);
  history.catch(() => void 0);
  if (opts.history) candidates.push(...await olderVersions(repo, tip, candidates, opts, notes));
  const scores = await scoreAll(repo, candidates, q);
  const published = lastChanges(await history);
  const scored = [];
  for (const c of candidates) {
    const score = scores.get(c);
    if (!score) continue;
    const when = c.version ? published.commits.get(c.version) : published.paths.get(c.path);
    scored.push({ c, score, host: when?.host ?? null, time: when?.time ?? null });
  }
  const best = scored.sort(byRank).slice(0, opts.limit || scored.length);
  const texts = await repo.readBlobs(best.map(({ c }) => c.sha));
  const hits = best.map(({ c, score, host, time }) => ({
    ...c.place,
    path: c.path,
    rank: score.rank,
    ...matchingLines(readable(c, texts.get(c.sha)), q, score.rank),
    host,
    time,
    version: c.version
  }));
  return { hits, total: scored.length };
}
async function scoreAll(repo, candidates, q) {
  const bySha = /* @__PURE__ */ new Map();
  for (const c of candidates) {
    const same = bySha.get(c.sha);
    if (same) same.push(c);
    else bySha.set(c.sha, [c]);
  }
  const scores = /* @__PURE__ */ new Map();
  await repo.eachBlob(bySha.keys(), (sha, content) => {
    for (const c of bySha.get(sha) ?? []) {
      const score = scoreText(readable(c, content), q);
      if (score) scores.set(c, score);
    }
  });
  return scores;
}
async function tipCandidates(repo, tip, opts) {
  const candidates = [];
  const places = [];
  const byFolder = /* @__PURE__ */ new Map();
  for (const [p, e] of await repo.lsTree(tip)) {
    const folder = p.slice(0, p.lastIndexOf("/") + 1);
    let place = byFolder.get(folder);
    if (place === void 0) byFolder.set(folder, place = placeOf(p));
    if (!place || e.mode.startsWith("12")) continue;
    places.push(place);
    if (placeWanted(place, opts.projects, opts.sources)) candidates.push({ path: p, place, sha: e.sha, version: null });
  }
  return { candidates, places };
}
function lastChanges(history) {
  const paths = /* @__PURE__ */ new Map();
  const commits = /* @__PURE__ */ new Map();
  for (const h of history) {
    commits.set(h.commit, { host: h.host, time: h.time });
    for (const { path } of h.paths) if (!paths.has(path)) paths.set(path, { host: h.host, time: h.time });
  }
  return { paths, commits };
}
async function olderVersions(repo, tip, current, opts, notes) {
  const seen = new Set(current.map((c) => `${c.path}\0${c.sha}`));
  const found = /* @__PURE__ */ new Map();
  let sealed = 0;
  const keep = (p) => {
    const place = placeOf(p);
    return !!place && placeWanted(place, opts.projects, opts.sources);
  };
  for (const v of await repo.versions(tip, { keep, unreadable: () => sealed++ })) {
    const key = `${v.path}\0${v.sha}`;
    if (!seen.has(key)) found.set(key, { path: v.path, place: placeOf(v.path), sha: v.sha, version: v.commit });
  }
  if (sealed)
    notes.push(
      `${sealed} stored ${sealed === 1 ? "copy" : "copies"} of earlier versions ${sealed === 1 ? "is" : "are"} encrypted to other machines only (sealed before this machine was added): not searched`
    );
  return [...found.values()];
}
function readable(c, content) {
  const text = content.toString("utf8");
  if (c.place.source !== CLAUDE_MEM || !c.path.endsWith(".jsonl")) return text;
  return text.split("\n").map((line) => {
    try {
      const row = JSON.parse(line);
      return Object.entries(row).filter(([, v]) => typeof v === "string" && v !== "").map(([k, v]) => `${k}: ${String(v).replace(/\s+/g, " ")}`).join(" | ");
    } catch {
      return line;
    }
  }).join("\n");
}
function byRank(a, b) {
  return a.score.rank - b.score.rank || b.score.count - a.score.count || order(b.time ?? "", a.time ?? "") || order(a.c.path, b.c.path) || (a.c.version ? 1 : 0) - (b.c.version ? 1 : 0);
}
var order = (a, b) => a < b ? -1 : a > b ? 1 : 0;

// src/search/run.ts
async function searchMemory(ctx, text, opts) {
  const q = parseQuery(text, opts.regex);
  const repo = openRepo(ctx);
  const notes = [];
  const { tip, offline } = await fetchedTip(ctx, repo, notes, ctx.settings.pullTimeoutMs);
  const { hits, total } = tip ? await searchRemote(repo, tip, q, opts, notes) : { hits: [], total: 0 };
  if (!tip) notes.push("the remote holds nothing yet");
  return { query: text, tip, offline, hits, total, notes };
}
var RANKS = ["the phrase", "every word", "some words"];
function formatSearch(r) {
  const where = r.tip ? `the remote's tip ${r.tip.slice(0, 12)}${r.offline ? " (as last fetched)" : ""}` : "nothing";
  const shown = r.hits.length < r.total ? ` (the best ${r.hits.length} shown: --limit N for more, 0 for all)` : "";
  const out = [`search "${r.query}": ${r.total} ${r.total === 1 ? "hit" : "hits"} in ${where}${shown}`];
  for (const h of r.hits) {
    const of = h.version ? `version of ${h.version.slice(0, 12)}` : "current";
    const who = [h.project ?? h.source, h.host, h.time?.slice(0, 16).replace("T", " ")].filter(Boolean).join(", ");
    out.push(`${h.path}  [${of}; ${who}; matches ${RANKS[h.rank]}]`);
    for (const l of h.lines) out.push(`  ${l.line}: ${l.text}`);
    if (h.matched > h.lines.length) out.push(`  \u2026 ${h.matched - h.lines.length} more matching lines`);
  }
  out.push(...r.notes.map((n) => `note: ${n}`));
  if (r.hits.length) out.push("to bring a version here: memsync restore PATH --at COMMIT (the tip for a current one)");
  return out.join("\n");
}
export {
  formatSearch,
  searchMemory
};
