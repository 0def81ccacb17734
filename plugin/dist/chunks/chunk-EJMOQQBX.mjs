
// src/util/regex.ts
function joinedRegex(flags, ...pieces) {
  return new RegExp(pieces.map((p) => p.source).join(""), flags);
}

// src/secrets/rules.ts
var PLACEHOLDERS = [
  /^(?:x+|\*+|\.+|-+|_+|<[^>]*>|\[[^\]]*\]|\{\{.*\}\}|\$\{?[A-Za-z_].*|%[A-Za-z_]+%?)$/i,
  /^(?:(?:process\.env|os\.environ|env)\b.*|your[_-].*|changeme|example.*|placeholder.*|redacted.*|dummy.*)$/i,
  /^(?:test(?:ing)?|password\d*|secret\d*|null|none|undefined|true|false)$/i
];
function looksRandom(s, minDistinct) {
  return new Set(s).size >= minDistinct;
}
var OUR_RULES = [
  // AKIA (long-term) and ASIA (temporary) key ids; AWS's documented example key ends in EXAMPLE.
  {
    id: "memsync/aws-access-key-id",
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    keep: (s) => !s.endsWith("EXAMPLE")
  },
  {
    id: "memsync/aws-secret-access-key",
    re: /\baws_?secret_?(?:access_?)?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    group: 1,
    keep: (s) => !/EXAMPLEKEY$/.test(s) && looksRandom(s, 12)
  },
  { id: "memsync/github-token", re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{82}\b/g },
  { id: "memsync/anthropic-api-key", re: /\bsk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,}/g },
  // sk-proj-, sk-svcacct-, sk-admin- and the older sk-<48>; sk-ant- is Anthropic's, above.
  {
    id: "memsync/openai-api-key",
    re: /\bsk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])/g,
    keep: (s) => looksRandom(s, 16)
  },
  { id: "memsync/slack-token", re: /\bxox[abposr]-(?:\d+-)+[A-Za-z0-9-]{10,}/g },
  {
    id: "memsync/slack-webhook",
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]{16,}/g
  },
  {
    id: "memsync/private-key",
    re: joinedRegex(
      "g",
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
      /[\s\S]*?/,
      /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/
    )
  },
  // header.payload.signature, each base64url; both header and payload are JSON objects ("eyJ" = '{"').
  { id: "memsync/jwt", re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g },
  {
    // password = "…", api_key: …, client_secret=…; long values only (12+), no placeholders.
    id: "memsync/password-assignment",
    re: joinedRegex(
      "gi",
      /\b[\w.-]*(?:passw(?:or)?d|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token|private[_-]?key)/,
      /["']?\s*(?::=|=>|[:=])\s*(["'`]?)([^\s"'`,;]{12,})\1/
    ),
    group: 2,
    keep: (s) => !PLACEHOLDERS.some((p) => p.test(s)) && looksRandom(s, 6)
  }
];

// src/secrets/scan.ts
var CHUNK_CHARS = 1 << 20;
var OVERLAP_CHARS = 64 << 10;
var SCANNER_ID = import.meta.url;
var presetLoaded;
var preset = () => presetLoaded ??= Promise.all([
  import("./module-KLTKYJKN.mjs"),
  import("./module-4ACRX6PO.mjs"),
  import("./node-7IEMGKXS.mjs")
]).then(([core, rec, profiler]) => {
  profiler.secretLintProfiler.mark = () => void 0;
  return { lint: core.lintSource, config: { rules: [{ id: rec.creator.meta.id, rule: rec.creator }] } };
});
async function scanSecrets(content, opts = { preset: true, ours: true }) {
  return (await findSecrets(content, opts)).map(({ line, rule, masked }) => ({ line, rule, masked }));
}
async function findSecrets(content, opts = { preset: true, ours: true }) {
  const text = unhide(typeof content === "string" ? content : decode(content));
  const found = /* @__PURE__ */ new Map();
  const lineRules = /* @__PURE__ */ new Set();
  let startLine = 1;
  let start = 0;
  for (; ; ) {
    let end = Math.min(text.length, start + CHUNK_CHARS);
    if (end < text.length) end = text.lastIndexOf("\n", end) + 1 || end;
    const piece = text.slice(start, end);
    const lineStarts = lineStartsOf(piece);
    const add = (rule, from, secret) => {
      const at = lineOf(lineStarts, from);
      const f = { line: startLine + at, col: from - lineStarts[at], rule, masked: mask(secret), secret };
      const key = `${f.line}:${f.col}`;
      if (found.has(key) || lineRules.has(`${f.line}:${rule}`)) return;
      found.set(key, f);
      lineRules.add(`${f.line}:${rule}`);
    };
    if (opts.ours !== false) for (const r of OUR_RULES) for (const m of matches(r, piece)) add(r.id, m.index, m.secret);
    if (opts.preset !== false) {
      const { lint, config } = await preset();
      const res = await lint({
        source: { filePath: "memory", content: piece, contentType: "text" },
        options: { config, noPhysicFilePath: true }
      });
      for (const m of res.messages)
        add(
          m.ruleId.replace("@secretlint/secretlint-rule-", "secretlint/"),
          m.range[0],
          piece.slice(m.range[0], m.range[1])
        );
    }
    if (end >= text.length) break;
    const next = Math.max(start + 1, text.lastIndexOf("\n", end - OVERLAP_CHARS) + 1);
    startLine += countLines(text, start, next);
    start = next;
  }
  return [...found.values()].sort((a, b) => a.line - b.line || a.col - b.col).map(({ line, rule, masked, secret }) => ({ line, rule, masked, secret }));
}
function* matches(rule, text) {
  for (const m of text.matchAll(rule.re)) {
    const secret = m[rule.group ?? 0];
    if (!secret || rule.keep && !rule.keep(secret)) continue;
    yield { index: m.index + m[0].indexOf(secret), secret };
  }
}
function mask(secret) {
  const header = /^-----BEGIN [A-Z0-9 ]+-----/.exec(secret);
  if (header) return `${header[0]}****`;
  const shown = Math.min(4, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}${"*".repeat(8)} (${secret.length} chars)`;
}
var utf8 = new TextDecoder("utf-8", { fatal: true });
function unhide(text) {
  return text.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "").replace(/&#(?:x([0-9a-f]{1,6})|(\d{1,7}));/gi, (m, hex, dec) => {
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code > 32 && code <= 1114111 ? String.fromCodePoint(code) : m;
  });
}
function decode(buf) {
  try {
    return utf8.decode(buf);
  } catch {
    return buf.toString("latin1");
  }
}
function lineStartsOf(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function lineOf(starts, at) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = lo + hi + 1 >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function countLines(text, from, to) {
  let n = 0;
  for (let i = text.indexOf("\n", from); i >= 0 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

export {
  SCANNER_ID,
  scanSecrets,
  findSecrets
};
