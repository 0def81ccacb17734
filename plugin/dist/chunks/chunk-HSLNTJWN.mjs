import {
  placeOf
} from "./chunk-2AAJ7OAL.mjs";
import {
  dbMarker
} from "./chunk-Q7MAZY4P.mjs";
import {
  refuseSecretIn,
  refuseSecretInHost,
  secretsInNames
} from "./chunk-O4VTLPVT.mjs";
import {
  OVERTAKEN,
  Overtaken,
  untilLanded
} from "./chunk-IBU73BIK.mjs";
import {
  EMPTY_HEAD,
  mergeFrontMatter,
  splitFrontMatter
} from "./chunk-HTYGBERC.mjs";
import {
  conflictCopyPath,
  findCopyOf,
  hasWaiting,
  hostChecked,
  loadMirrorRecord,
  loadOpenedConflicts,
  loadRegistry,
  loadWaiting,
  readWaiting,
  startLiveCheck,
  throughSeam,
  waitingDir
} from "./chunk-2LGYOOQY.mjs";
import {
  dbBasePath,
  loadDbState
} from "./chunk-BX63XATI.mjs";
import {
  foldName,
  isLocalOnly,
  pathProblem,
  printable,
  scanLive
} from "./chunk-6KBHNJKF.mjs";
import {
  progress
} from "./chunk-D5GCV3EA.mjs";
import {
  buildRoots,
  containProblem,
  identityCache,
  loadIdentityRecord,
  longestFolderPrefix,
  makeFilter,
  require_picomatch
} from "./chunk-6LTTOJPG.mjs";
import {
  dbIdentity,
  decide,
  perTable,
  runsIn,
  saveBeforeDrop,
  syncDatabaseFile
} from "./chunk-D2DHXAVK.mjs";
import {
  scanSecrets
} from "./chunk-EJMOQQBX.mjs";
import {
  DB_PREFIX,
  SYNCED_TABLES,
  lineText,
  openDatabase,
  parseTableText,
  readSnapshot,
  sqlValue,
  sqliteAvailability,
  tableBytes,
  tablePath
} from "./chunk-ASRBIQCE.mjs";
import {
  loadBase,
  loadHeader,
  loadMergedLive,
  recordedProjects
} from "./chunk-KVTL3BT4.mjs";
import {
  loadScanCache,
  refreshCache
} from "./chunk-J6JDA4NY.mjs";
import {
  openRepo
} from "./chunk-YQ235AGW.mjs";
import {
  readOrNull
} from "./chunk-DO6IZNGO.mjs";
import {
  LAYOUT_FILE,
  checkLayout,
  layoutBlob
} from "./chunk-Q54W4AKF.mjs";
import {
  blobHash,
  isBinary
} from "./chunk-AVJM6F24.mjs";
import {
  PREVIOUS_TIPS,
  tmpDir
} from "./chunk-IAMV2BUG.mjs";
import {
  gitEnv,
  runGit
} from "./chunk-HKEN53EP.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";
import {
  DiskFullError
} from "./chunk-WPONZTDY.mjs";
import {
  MemsyncError
} from "./chunk-6DB477J4.mjs";
import {
  __toESM
} from "./chunk-MCGFJXCR.mjs";

// src/claudeMem/source.ts
import fs from "node:fs";

// src/reconcile/massDelete.ts
var MIN_FILES = 3;
function isMassDeletion(count, of, percent, min = MIN_FILES) {
  return percent < 100 && count >= min && count * 100 > of * percent;
}
var isDelete = (it) => it.decision.kind === "deleteRemote";
function holdMassDeletions(planned, base, opts) {
  const restore = (it) => ({ ...it, decision: { kind: "take" } });
  const back = opts.restore ?? /* @__PURE__ */ new Set();
  const items = back.size ? planned.map((it) => isDelete(it) && back.has(it.path) ? restore(it) : it) : planned;
  if (opts.percent >= 100 || !items.some(isDelete)) return { items, held: [] };
  const files = /* @__PURE__ */ new Map();
  const sourceFiles = /* @__PURE__ */ new Map();
  const groups = /* @__PURE__ */ new Map();
  for (const p of base.keys()) {
    const g = opts.groupOf(p);
    if (!g) continue;
    groups.set(g.prefix, g);
    files.set(g.prefix, (files.get(g.prefix) ?? 0) + 1);
    sourceFiles.set(g.source, (sourceFiles.get(g.source) ?? 0) + 1);
  }
  const deletes = /* @__PURE__ */ new Map();
  const sourceDeletes = /* @__PURE__ */ new Map();
  for (const it of items.filter(isDelete)) {
    const g = opts.groupOf(it.path);
    if (!g || !base.has(it.path)) continue;
    if (!deletes.has(g.prefix)) deletes.set(g.prefix, []);
    deletes.get(g.prefix).push(it);
    sourceDeletes.set(g.source, (sourceDeletes.get(g.source) ?? 0) + 1);
  }
  const heldPaths = /* @__PURE__ */ new Set();
  const held = [];
  for (const [prefix, list] of deletes) {
    const g = groups.get(prefix);
    const of = files.get(prefix) ?? 0;
    const share = isMassDeletion(list.length, of, opts.percent);
    const inSource = sourceFiles.get(g.source) ?? 0;
    const wholeSource = inSource >= 2 && sourceDeletes.get(g.source) === inSource;
    if (!share && !wholeSource) continue;
    const hold2 = list.filter((it) => !opts.confirmed?.has(it.path));
    if (!hold2.length) continue;
    for (const it of hold2) heldPaths.add(it.path);
    held.push({ prefix, label: g.label, paths: hold2.map((it) => it.path).sort(), of });
  }
  const hold = (it) => ({ ...it, decision: { kind: "held", reason: "mass deletion" } });
  return { items: items.map((it) => heldPaths.has(it.path) ? hold(it) : it), held };
}

// src/claudeMem/holds.ts
var MASS_DELETE_MIN = 10;
function keepRow(m, key) {
  const d = m.deletes.get(key);
  if (!d) return;
  m.deletes.delete(key);
  if (d.where === "live") {
    m.live = m.live.filter((op) => op.key !== key);
    m.remote.set(key, d.line);
    bump(m, "deleteLive", "publish");
  } else {
    m.live.push({ key, kind: "upsert", line: d.line, prev: null });
    m.remote.set(key, d.line);
    bump(m, "deleteRemote", "take");
  }
  m.base.set(key, d.line);
}
function holdDeletes(m, keys) {
  const live = /* @__PURE__ */ new Set();
  for (const key of keys) {
    const d = m.deletes.get(key);
    m.deletes.delete(key);
    if (d.where === "live") live.add(key);
    else m.remote.set(key, d.line);
    if (d.base === null) m.base.delete(key);
    else m.base.set(key, d.base);
    bump(m, d.where === "live" ? "deleteLive" : "deleteRemote", null);
  }
  if (live.size) m.live = m.live.filter((op) => !live.has(op.key));
}
function holdMassDeletes(m, remoteRows, percent) {
  const held = [...m.deletes].filter(([, d]) => d.where === "remote");
  if (!isMassDeletion(held.length, remoteRows, percent, MASS_DELETE_MIN)) return [];
  const lines2 = held.map(([, d]) => d.line);
  holdDeletes(
    m,
    held.map(([k]) => k)
  );
  return lines2;
}
function bump(m, from, to) {
  m.counts[from] = (m.counts[from] ?? 1) - 1;
  if (!m.counts[from]) delete m.counts[from];
  if (to) m.counts[to] = (m.counts[to] ?? 0) + 1;
}

// src/claudeMem/mergeRows.ts
function mergeRows(input) {
  const { base, live, remote, held, mode } = input;
  const out = {
    remote: new Map(remote),
    base: new Map(base),
    live: [],
    conflicts: /* @__PURE__ */ new Map(),
    counts: {},
    waiting: {},
    deletes: /* @__PURE__ */ new Map()
  };
  const keys = new Set(held.keys());
  for (const [k, l] of live) if (base.get(k) !== l) keys.add(k);
  for (const [k, r] of remote) if (base.get(k) !== r) keys.add(k);
  for (const k of base.keys()) if (!live.has(k) || !remote.has(k)) keys.add(k);
  const count = (k) => out.counts[k] = (out.counts[k] ?? 0) + 1;
  const added = input.added ?? [];
  for (const key of [...keys].sort()) {
    const b = base.get(key) ?? null;
    const l = live.get(key) ?? null;
    const r = remote.get(key) ?? null;
    const other = r ?? b;
    const strip = l !== null && b !== null ? added.filter((c) => hasValue(other, c)) : [];
    const lc = strip.length ? without(l, strip) : l;
    const lt = lc === null ? null : sameRow(lc, b, true) ? "B" : "L";
    const rt = r === null ? null : sameRow(r, b, true) ? "B" : sameRow(r, lc) ? lt : "R";
    const bt = b === null ? null : "B";
    let openConflict2;
    if (held.has(key)) {
      const h = held.get(key);
      openConflict2 = h === null ? r === null ? null : "#" : r !== null && sameRow(h, r) ? rt : "#";
    }
    let kind = decide({ live: lt, base: bt, remote: rt, openConflict: openConflict2 }).kind;
    if ((kind === "held" || kind === "merge") && input.resolution) {
      kind = input.resolution === "local" ? l === null ? "deleteRemote" : "publish" : r === null ? "deleteLive" : "take";
      count("resolved");
    }
    const quiet = kind === "none" || kind === "agree" || kind === "publish";
    const filled = lc !== l && quiet ? carry(l, other, strip) : l;
    if (filled !== l && runsIn("take", mode)) out.live.push({ key, kind: "upsert", line: filled, prev: l });
    if (kind === "none") continue;
    if (!runsIn(kind, mode)) {
      out.waiting[kind] = (out.waiting[kind] ?? 0) + 1;
      continue;
    }
    carryOut(out, key, kind, { l, r, b, publish: () => carry(l, other, strip) });
    count(kind === "merge" || kind === "held" ? "conflict" : kind);
  }
  return out;
}
function carryOut(out, key, kind, { l, r, b, publish }) {
  switch (kind) {
    case "agree":
      setOrDelete(out.base, key, r);
      break;
    case "take":
      out.live.push({ key, kind: "upsert", line: r, prev: l });
      out.base.set(key, r);
      break;
    case "deleteLive":
      out.live.push({ key, kind: "delete", prev: l });
      out.base.delete(key);
      out.deletes.set(key, { where: "live", line: l, base: b });
      break;
    case "publish": {
      const line = publish();
      out.remote.set(key, line);
      out.base.set(key, line);
      break;
    }
    case "deleteRemote":
      out.remote.delete(key);
      out.base.delete(key);
      out.deletes.set(key, { where: "remote", line: r, base: b });
      break;
    case "merge":
    case "held":
      out.conflicts.set(key, r);
  }
}
function sameRow(a, b, filled = false) {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const x = JSON.parse(a);
  const y = JSON.parse(b);
  for (const k of Object.keys(x)) {
    const differs = k in y ? JSON.stringify(x[k]) !== JSON.stringify(y[k]) : filled && x[k] !== null && x[k] !== void 0;
    if (differs) return false;
  }
  return true;
}
function hasValue(line, column) {
  if (line === null) return false;
  const v = JSON.parse(line)[column];
  return v !== null && v !== void 0;
}
function carry(line, other, override = []) {
  if (other === null) return line;
  const l = JSON.parse(line);
  const o = JSON.parse(other);
  const extra = Object.keys(o).filter((k) => !(k in l) || override.includes(k));
  if (extra.length === 0) return line;
  for (const k of extra) l[k] = o[k];
  return sortedJson(l);
}
function without(line, columns) {
  const o = JSON.parse(line);
  for (const c of columns) delete o[c];
  return JSON.stringify(o);
}
function sortedJson(o) {
  const out = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return JSON.stringify(out);
}
function setOrDelete(m, k, v) {
  if (v === null) m.delete(k);
  else m.set(k, v);
}

// src/claudeMem/references.ts
function deletedSessions(m) {
  if (!m.deletes.size) return null;
  const byMemoryId = /* @__PURE__ */ new Map();
  const byContentId = /* @__PURE__ */ new Map();
  for (const [key, d] of m.deletes) {
    const row = JSON.parse(d.line);
    if (typeof row.memory_session_id === "string") byMemoryId.set(row.memory_session_id, key);
    if (typeof row.content_session_id === "string") byContentId.set(row.content_session_id, key);
  }
  return { keys: new Set(m.deletes.keys()), byMemoryId, byContentId };
}
function* survivors(m, live) {
  yield* m.remote.values();
  for (const [k, line] of live) if (m.deletes.get(k)?.where !== "live") yield line;
  for (const op of m.live) if (op.kind === "upsert") yield op.line;
}
function referencedSessions(deleted, table, lines2, hits) {
  for (const line of lines2) {
    const row = JSON.parse(line);
    const ids = [];
    if (table === "user_prompts") {
      ids.push(Array.isArray(row.session_db_id) ? JSON.stringify(row.session_db_id) : void 0);
      if (typeof row.content_session_id === "string") ids.push(deleted.byContentId.get(row.content_session_id));
    } else if (typeof row.memory_session_id === "string") ids.push(deleted.byMemoryId.get(row.memory_session_id));
    for (const id of ids) if (id !== void 0 && deleted.keys.has(id)) hits.add(id);
  }
}

// src/claudeMem/planTables.ts
function planTables(tables, opts) {
  const out = /* @__PURE__ */ new Map();
  let deleted = null;
  const needed = /* @__PURE__ */ new Set();
  const waiting = /* @__PURE__ */ new Set();
  for (const t of tables) {
    const { base, live, remote, held, added } = t;
    const m = mergeRows({ base, live, remote, held, added, resolution: opts.resolution, mode: opts.mode });
    const heldRows = opts.confirmDeletes ? [] : holdMassDeletes(m, t.remoteRows, opts.massDeletePercent);
    if (t.name === "sdk_sessions") deleted = deletedSessions(m);
    else if (deleted) {
      const heldSet = new Set(heldRows);
      const kept = [...survivors(m, t.live)].filter((line) => !heldSet.has(line));
      referencedSessions(deleted, t.name, kept, needed);
      referencedSessions(deleted, t.name, heldRows, waiting);
    }
    out.set(t.name, { m, heldDeletes: heldRows.length });
  }
  const sessions = out.get("sdk_sessions");
  if (!sessions) return out;
  for (const key of needed) keepRow(sessions.m, key);
  const hold = [...waiting].filter((k) => !needed.has(k));
  holdDeletes(sessions.m, hold);
  sessions.heldDeletes += hold.length;
  return out;
}

// src/claudeMem/rowPlan.ts
function planRowActions(tables, ops) {
  const out = [];
  for (const [name, list] of ops) {
    const t = tables.get(name);
    for (const op of list) {
      if (op.kind === "delete") out.push({ table: name, key: op.key, kind: "delete", prev: op.prev });
      else {
        const values = valuesOf(t, op.line);
        const { key, line } = op;
        out.push(
          op.prev === null ? { table: name, key, kind: "insert", line, values } : { table: name, key, kind: "update", line, prev: op.prev, values }
        );
      }
    }
  }
  return out;
}
function valuesOf(t, line) {
  const { spec } = t;
  const columns = new Set(t.columns);
  const obj = JSON.parse(line);
  const out = [];
  for (const [c, v] of Object.entries(obj)) {
    if (!columns.has(c) || c === "id") continue;
    const ref = spec.references.find((r) => r.column === c);
    if (ref && Array.isArray(v)) out.push([c, { ref: ref.table, key: JSON.stringify(v) }]);
    else if (ref?.via) out.push([c, { via: { table: ref.table, parent: ref.via.parent, value: obj[ref.via.column] } }]);
    else out.push([c, { value: ref ? null : sqlValue(v) }]);
  }
  return out;
}

// src/claudeMem/mergeDatabase.ts
async function mergeDatabase(db, input, fx, report) {
  const plan = await planDatabase(db, input, report);
  if (plan.dropping && input.beforeDrop) report.notes.push(input.beforeDrop(plan.dropping));
  return plan.settle(fx.applyRows(db, plan.tables, plan.actions, report.path));
}
async function planDatabase(db, input, report) {
  const files = tableFiles(input);
  const snap = readSnapshot(db, unchangedRows(files, input.conflicts));
  if (snap.unknown.length)
    report.notes.push(`claude-mem: tables memsync does not know are not synced: ${snap.unknown.join(", ")}`);
  if (input.replaced || sessionsGone(files.get("sdk_sessions"), snap.tables.get("sdk_sessions"))) {
    for (const f of files.values()) f.base = /* @__PURE__ */ new Map();
    report.fresh = true;
    const how = "its rows are merged with the remote's, nothing is deleted";
    report.notes.push(
      `claude-mem: the database at ${report.path} is new on this machine (replaced or recreated): ${how}`
    );
  }
  const merged = decideTables(snap.tables, files, input, report);
  const ops = new Map([...merged].map(([n, { m }]) => [n, m.live]));
  const actions = planRowActions(snap.tables, ops);
  const remote = /* @__PURE__ */ new Map();
  let held = false;
  const line = progress("merging claude-mem's tables");
  let done = 0;
  for (const [name, table] of merged) {
    line.tick(done++, merged.size);
    held = await holdSecretRows(name, table, input, report) || held;
    remote.set(name, remoteFile(table));
  }
  line.end();
  const columns = Object.fromEntries([...snap.tables].map(([n, t]) => [n, t.columns]));
  const dropping = droppedBy(merged, input);
  const settle = (applied) => settleRound(merged, remote, columns, applied, held, input, report);
  return { tables: snap.tables, actions, dropping, remote, settle };
}
function settleRound(merged, remote, columns, applied, held, input, report) {
  report.applied = applied.applied;
  report.notes.push(...applied.notes);
  const waiting = [...merged.values()].some(({ m }) => Object.keys(m.waiting).length > 0);
  const skipped = [...applied.skipped.values()].some((s) => s.size > 0);
  const holds = held || Object.keys(report.heldDeletes).length > 0;
  const out = {
    remote: new Map(remote),
    base: /* @__PURE__ */ new Map(),
    conflicts: {},
    columns,
    settled: applied.applied === 0 && report.conflicts === 0 && !holds && !skipped && !waiting
  };
  for (const [name, table] of merged) settleTable(name, table, applied.skipped.get(name), input, report, out);
  return out;
}
function decideTables(tables, files, input, report) {
  const kept = /* @__PURE__ */ new Map();
  function* inputs() {
    for (const [name, t] of tables) {
      const f = files.get(name);
      const pick = (rows) => {
        const out = /* @__PURE__ */ new Map();
        for (const [k, v] of rows) if (!t.same.has(k)) out.set(k, typeof v === "string" ? v : lineText(f.lines, v));
        return out;
      };
      const base = pick(f.base);
      const remote = pick(f.remote);
      const held = new Map(report.fresh ? [] : Object.entries(input.conflicts[name] ?? {}));
      const known = input.columns[name];
      const added = known ? t.columns.filter((c) => c !== "id" && !known.includes(c)) : [];
      kept.set(name, { base, remote, f, same: t.same });
      yield { name, base, live: t.rows, remote, held, added, remoteRows: f.remote.size };
      t.rows = /* @__PURE__ */ new Map();
    }
  }
  const { mode, confirmDeletes, massDeletePercent } = input;
  const resolution = input.resolution ?? void 0;
  const plans = planTables(inputs(), { resolution, mode, confirmDeletes, massDeletePercent });
  reportPlans(report, plans);
  return new Map([...plans].map(([name, p]) => [name, { m: p.m, ...kept.get(name) }]));
}
async function holdSecretRows(name, t, input, report) {
  const { m, remote } = t;
  const outgoing = input.holdBack ? [...m.remote].filter(([k, line]) => remote.get(k) !== line) : [];
  if (!outgoing.length) return false;
  const heldBack = await input.holdBack(
    name,
    outgoing.map(([, line]) => line)
  );
  for (const i of heldBack) {
    const k = outgoing[i][0];
    const r = remote.get(k);
    if (r === void 0) m.remote.delete(k);
    else m.remote.set(k, r);
    keepOldBase(t, k);
    report.tables[name].push--;
  }
  return heldBack.length > 0;
}
function remoteFile({ m, remote, f, same }) {
  return sameRows(m.remote, remote) ? null : tableBytes(m.remote, { keys: same, rows: f.remote, lines: f.lines });
}
function keepOldBase({ m, base }, k) {
  const b = base.get(k);
  if (b === void 0) m.base.delete(k);
  else m.base.set(k, b);
}
function settleTable(name, table, skipped, input, report, out) {
  const { m, f, same } = table;
  if (skipped?.size && input.columns[name]) out.columns[name] = input.columns[name];
  for (const k of skipped ?? []) keepOldBase(table, k);
  report.tables[name].pull -= skipped?.size ?? 0;
  const file = out.remote.get(name) ?? null;
  const kept = { keys: same, rows: f.remote, lines: f.lines };
  out.base.set(name, sameRows(m.base, m.remote) ? file : tableBytes(m.base, kept));
  if (m.conflicts.size) out.conflicts[name] = Object.fromEntries(m.conflicts);
  if (out.base.get(name) !== file) out.settled = false;
}
function tableFiles(input) {
  const files = /* @__PURE__ */ new Map();
  for (const spec of SYNCED_TABLES) {
    const remoteFile2 = input.remote.get(spec.name);
    const baseFile = input.base.get(spec.name);
    const empty = { rows: /* @__PURE__ */ new Map(), lines: null };
    const remote = remoteFile2?.length ? parseTableText(spec, remoteFile2, tablePath(spec.name)) : empty;
    let base = /* @__PURE__ */ new Map();
    if (baseFile && (!Buffer.isBuffer(baseFile) || baseFile.length)) {
      const same = Buffer.isBuffer(baseFile) && remoteFile2 && baseFile.equals(remoteFile2);
      const where = `base of ${tablePath(spec.name)}`;
      base = same ? remote.rows : parseTableText(spec, baseFile, where, remote.lines ?? void 0).rows;
    }
    files.set(spec.name, { remote: remote.rows, base, lines: remote.lines });
    input.base.delete(spec.name);
    input.remote.delete(spec.name);
  }
  return files;
}
function unchangedRows(files, conflicts) {
  let scratch = Buffer.alloc(1 << 16);
  return (table, key, line) => {
    const f = files.get(table);
    const i = f?.remote.get(key);
    if (!f?.lines || typeof i !== "number" || f.base.get(key) !== i) return false;
    if (conflicts[table]?.[key] !== void 0) return false;
    const n = Buffer.byteLength(line);
    if (n !== f.lines.ends[i] - f.lines.starts[i]) return false;
    if (n > scratch.length) scratch = Buffer.alloc(2 * n);
    scratch.write(line, 0);
    return scratch.compare(f.lines.bytes, f.lines.starts[i], f.lines.ends[i], 0, n) === 0;
  };
}
function reportPlans(report, plans) {
  for (const [name, { m, heldDeletes }] of plans) {
    report.tables[name] = tableCounts(m);
    report.conflicts += m.conflicts.size;
    for (const k of m.conflicts.keys()) report.rowConflicts.push({ table: name, identity: JSON.parse(k) });
    if (heldDeletes) report.heldDeletes[name] = heldDeletes;
  }
  const held = Object.values(report.heldDeletes).reduce((n, c) => n + c, 0);
  if (held) {
    const what = `this sync would delete most rows of a table (${perTable(report.heldDeletes)})`;
    report.notes.push(
      `claude-mem: ${what}; held, nothing deleted anywhere. If you meant it: memsync resolve claude-mem --confirm-deletes`
    );
  }
}
function tableCounts(m) {
  const c = m.counts;
  const w = m.waiting;
  return {
    push: (c.publish ?? 0) + (c.deleteRemote ?? 0) + (w.publish ?? 0) + (w.deleteRemote ?? 0),
    pull: m.live.length + (w.take ?? 0) + (w.deleteLive ?? 0),
    conflicts: m.conflicts.size
  };
}
function sessionsGone(f, t) {
  if (!f || !t || f.base.size === 0) return false;
  for (const k of f.base.keys()) if (t.ids.has(k)) return false;
  return true;
}
function droppedBy(merged, input) {
  if (!input.resolution && !input.confirmDeletes) return null;
  const side = input.resolution === "local" ? "keep-local" : "use-remote";
  const reason = input.resolution ? `--${side}` : "--confirm-deletes";
  const out = { reason, here: {}, remote: {} };
  for (const [name, { m }] of merged) {
    const resolved = m.counts.resolved ?? 0;
    const deletes = input.confirmDeletes ? [...m.deletes.values()].filter((d) => d.where === "remote").length : 0;
    if (resolved && input.resolution === "remote") out.here[name] = resolved;
    if (resolved + deletes && input.resolution !== "remote") out.remote[name] = resolved + deletes;
  }
  return Object.keys(out.here).length + Object.keys(out.remote).length ? out : null;
}
function sameRows(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

// src/claudeMem/report.ts
function emptyDbReport(mode, path7) {
  const counts = { applied: 0, conflicts: 0, held: 0 };
  return { mode, path: path7, tables: {}, read: true, ...counts, heldDeletes: {}, rowConflicts: [], secrets: [], notes: [] };
}

// src/claudeMem/source.ts
var EMPTY = Buffer.alloc(0);
async function syncClaudeMem(ctx, repo, tip, mode, fx) {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled) return null;
  const report = emptyDbReport(cfg.mode, cfg.path);
  if (!fs.existsSync(cfg.path)) {
    report.notes.push(
      `claude-mem: no database at ${cfg.path}; nothing synced (start claude-mem once, or set sources.claudeMem.path)`
    );
    return { treeChanges: /* @__PURE__ */ new Map(), report, commit: async () => void 0 };
  }
  const state = await loadDbState(ctx.home);
  const leftOut = fx.leftOut(state.pending);
  if (leftOut) report.pending = leftOut;
  const remoteFiles = /* @__PURE__ */ new Map();
  if (tip) {
    for (const [p, e] of await repo.lsTree(tip, [DB_PREFIX])) if (e.mode === "100644") remoteFiles.set(p, e.sha);
  }
  try {
    if (cfg.mode === "file") return await syncDatabaseFile(ctx, repo, state, remoteFiles, mode, fx, report);
    const marker = dbMarker(cfg.path);
    if (settled(state, marker) && remoteIsBase(state, remoteFiles)) {
      return { treeChanges: /* @__PURE__ */ new Map(), report: quietReport(report, state), commit: async () => void 0 };
    }
    return await syncRows(ctx, repo, state, remoteFiles, marker, mode, fx, report);
  } catch (e) {
    throw busyError(e, cfg.path, cfg.busyTimeoutMs);
  }
}
function dbCommitSummary(r) {
  const out = Object.entries(r.tables).filter(([, c]) => c.push > 0);
  const n = out.reduce((sum, [, c]) => sum + c.push, 0);
  return n ? `, claude-mem ${n} row${n === 1 ? "" : "s"} (${out.map(([t, c]) => `${t} ${c.push}`).join(", ")})` : "";
}
function busyError(e, file, ms) {
  const err = e;
  if (err?.code !== "SQLITE_BUSY" && !/database is locked/i.test(String(err?.message ?? ""))) return e;
  const what = `another program held its write lock for longer than sources.claudeMem.busyTimeoutMs (${ms} ms)`;
  return new MemsyncError(`${file} is busy: ${what}`, "failure", "the next sync tries again");
}
function noSqlite() {
  return "missing" in sqliteAvailability();
}
function claudeMemSkipped(ctx, e, fx) {
  const cfg = ctx.settings.sources.claudeMem;
  const report = emptyDbReport(cfg.mode, cfg.path);
  report.pending = `${e.message}${e.hint ? ` (${e.hint})` : ""}`;
  report.notes.push(`claude-mem's database was not synced: ${report.pending}`);
  const commit = async () => fx.saveDbState({ ...await loadDbState(ctx.home), pending: report.pending, marker: null });
  return { treeChanges: /* @__PURE__ */ new Map(), report, commit };
}
async function claudeMemUnchanged(ctx) {
  const cfg = ctx.settings.sources.claudeMem;
  if (!cfg.enabled) return null;
  if (cfg.mode !== "rows" || !fs.existsSync(cfg.path)) return false;
  const state = await loadDbState(ctx.home);
  return settled(state, dbMarker(cfg.path)) && quietReport(emptyDbReport(cfg.mode, cfg.path), state);
}
function quietReport(report, state) {
  const tables = Object.fromEntries(Object.keys(state.columns).map((n) => [n, { push: 0, pull: 0, conflicts: 0 }]));
  return { ...report, tables, read: false };
}
function settled(state, marker) {
  const open = Object.keys(state.rowConflicts).length + Object.keys(state.heldDeletes).length;
  const waiting = state.resolution !== null || state.confirmDeletes || state.pending !== null;
  return state.marker === marker && !waiting && open === 0;
}
function remoteIsBase(state, remoteFiles) {
  const empty = blobHash(EMPTY);
  const paths = /* @__PURE__ */ new Set([...[...remoteFiles.keys()].filter((p) => p.endsWith(".jsonl")), ...Object.keys(state.base)]);
  return [...paths].every((p) => (remoteFiles.get(p) ?? empty) === (state.base[p] ?? empty));
}
async function syncRows(ctx, repo, state, remoteFiles, marker, mode, fx, report) {
  const remoteIds = [...remoteFiles].filter(([p]) => p.endsWith(".jsonl")).map(([, id]) => id);
  const remoteBlobs = await repo.readBlobs(remoteIds);
  const files = (ids, read) => {
    const out = /* @__PURE__ */ new Map();
    for (const [p, id] of Object.entries(ids))
      if (p.endsWith(".jsonl")) out.set(p.slice(DB_PREFIX.length, -".jsonl".length), read(id));
    return out;
  };
  const base = files(state.base, (id) => remoteBlobs.get(id) ?? { path: dbBasePath(ctx.home, id) });
  const remote = files(Object.fromEntries(remoteFiles), (id) => remoteBlobs.get(id));
  remoteBlobs.clear();
  const cfg = ctx.settings.sources.claudeMem;
  const source = dbIdentity(cfg.path);
  const db = openDatabase(cfg.path, cfg.busyTimeoutMs);
  let merged;
  try {
    const confirmDeletes = state.confirmDeletes && mode === "sync";
    const replaced = state.source !== null && state.source !== source;
    const input = {
      ...{ base, remote, conflicts: state.rowConflicts, resolution: state.resolution, columns: state.columns },
      ...{ mode, replaced, confirmDeletes, massDeletePercent: ctx.settings.massDeletePercent },
      holdBack: rowSecrets(ctx.settings.secrets.allow, report),
      beforeDrop: (d) => saveBeforeDrop(ctx.home, cfg.path, fx, d)
    };
    merged = await mergeDatabase(db, input, fx, report);
  } finally {
    db.close();
  }
  const treeChanges = /* @__PURE__ */ new Map();
  const done = mode === "sync";
  const next = {
    ...state,
    base: { ...state.base },
    rowConflicts: merged.conflicts,
    columns: merged.columns,
    resolution: done ? null : state.resolution,
    marker: merged.settled ? marker : null,
    source,
    heldDeletes: report.heldDeletes,
    confirmDeletes: done ? false : state.confirmDeletes,
    pending: null,
    // A pull publishes nothing, so it scans nothing: what the last publish held still stands.
    heldSecrets: mode === "pull" ? state.heldSecrets : report.secrets
  };
  for (const [name, content] of merged.remote) {
    const p = tablePath(name);
    if (content && blobHash(content) !== (remoteFiles.get(p) ?? blobHash(EMPTY))) treeChanges.set(p, content);
  }
  for (const [name, content] of merged.base) {
    const p = tablePath(name);
    const id = remoteFiles.get(p);
    if (content) next.base[p] = await fx.writeDbBase(content);
    else if (!id) next.base[p] = await fx.writeDbBase(EMPTY);
    else if (next.base[p] !== id) next.base[p] = await fx.writeDbBase((await repo.readBlobs([id])).get(id));
  }
  return {
    treeChanges,
    report,
    async commit() {
      await fx.saveDbState(next);
      await fx.pruneDbBase(next);
    }
  };
}
function rowSecrets(allow, report) {
  return async (table, lines2) => {
    const file = tablePath(table);
    if (allow.includes(file)) return [];
    const found = await scanRows(lines2);
    const held = [...new Set(found.map((f) => f.row))].sort((a, b) => a - b);
    report.secrets.push(...found.map((f) => `${file} (a row) ${f.rule} ${f.masked}`));
    for (const f of found.slice(0, 5))
      report.notes.push(
        `claude-mem: a row of ${table} held back (secret: ${f.rule} ${f.masked}); remove it in claude-mem, or release the table with memsync allow ${file}`
      );
    if (found.length > 5)
      report.notes.push(`claude-mem: ${found.length - 5} more secret findings in ${table} rows held back`);
    report.held += held.length;
    return held;
  };
}
async function scanRows(lines2) {
  return (await scanSecrets(`${lines2.join("\n")}
`)).map((f) => ({ ...f, row: f.line - 1 }));
}

// src/engine/sync.ts
import fs7 from "node:fs";

// src/machine/untrusted.ts
import path from "node:path";
function screenRemote(entries, index, base, maxBytes) {
  const files = /* @__PURE__ */ new Map();
  const refusedAt = /* @__PURE__ */ new Map();
  const keepBase = /* @__PURE__ */ new Set();
  const byFolded = /* @__PURE__ */ new Map();
  for (const [p, e] of entries) {
    const prefix = index.under(p);
    if (prefix === void 0) continue;
    const nameProblem = pathProblem(p.slice(prefix.length));
    if (nameProblem === null && !index.maps(p)) continue;
    const problem = nameProblem ?? modeProblem(e.mode) ?? (e.size !== void 0 && e.size > maxBytes ? `${e.size} bytes, over the ${maxBytes}-byte limit (maxFileBytes)` : null);
    if (problem) {
      if (base.get(p) !== e.sha) refusedAt.set(p, problem);
      keepBase.add(p);
      continue;
    }
    files.set(p, e.sha);
    const folded = foldName(p);
    byFolded.set(folded, [...byFolded.get(folded) ?? [], p]);
  }
  for (const p of files.keys()) {
    for (let i = p.lastIndexOf("/"); i > 0; i = p.lastIndexOf("/", i - 1)) {
      const folder = p.slice(0, i);
      if (!byFolded.has(foldName(folder))) continue;
      for (const q of [p, ...byFolded.get(foldName(folder))]) {
        refusedAt.set(
          q,
          `a file and a folder have the same name (${printable(folder.slice(folder.lastIndexOf("/") + 1))})`
        );
        keepBase.add(q);
      }
    }
  }
  for (const group of byFolded.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      const others = group.filter((q) => q !== p).map((q) => path.posix.basename(q));
      if (base.get(p) !== files.get(p)) refusedAt.set(p, `${SAME_NAME} ${others.map(printable).join(", ")}`);
      keepBase.add(p);
    }
  }
  for (const p of keepBase) {
    const b = base.get(p);
    if (b === void 0 || !index.maps(p)) files.delete(p);
    else files.set(p, b);
  }
  const refused = [...refusedAt].map(([p, reason]) => ({ path: printable(p), reason }));
  return { files, refused: refused.sort((a, b) => a.path < b.path ? -1 : 1) };
}
var SAME_NAME = "its name differs only in case or Unicode normalization from";
function modeProblem(mode) {
  if (mode === "100644" || mode === "100755") return null;
  if (mode === "120000") return "a symbolic link";
  if (mode === "commit:160000") return "a submodule (gitlink)";
  return `not a regular file (git mode ${mode})`;
}
var TEXT = /\.(?:md|markdown|mdx|txt|json|jsonl|ya?ml|toml)$/i;
var utf8 = new TextDecoder("utf-8", { fatal: true });
function textProblem(p, content) {
  if (!TEXT.test(p)) return null;
  try {
    utf8.decode(content);
    return null;
  } catch {
    return "not valid UTF-8 (a text file is expected here)";
  }
}

// src/engine/sources.ts
var claudeMemSource = {
  label: "claude-mem's database",
  quiet: claudeMemUnchanged,
  round: syncClaudeMem
};

// src/engine/rootIndex.ts
import path3 from "node:path";

// src/sources/discover.ts
import { promises as fs2 } from "node:fs";
import path2 from "node:path";
var HEAD_BYTES = 64 * 1024;
var TRANSCRIPTS_PER_FOLDER = 3;
var CONCURRENCY = 16;
async function cwdOfTranscript(file, size) {
  let fh;
  try {
    fh = await fs2.open(file, "r");
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const head = await fh.read(buf, 0, buf.length, 0);
    const fromHead = cwdFromTranscriptHead(buf.toString("utf8", 0, head.bytesRead));
    if (fromHead !== null || size <= HEAD_BYTES) return fromHead;
    const tail = await fh.read(buf, 0, buf.length, size - buf.length);
    const text = buf.toString("utf8", 0, tail.bytesRead);
    const nl = text.indexOf("\n");
    return nl < 0 ? null : cwdFromTranscriptHead(text.slice(nl + 1));
  } catch {
    return null;
  } finally {
    await fh?.close().catch(() => {
    });
  }
}
function cwdFromTranscriptHead(head) {
  const lines2 = head.split("\n");
  for (const line of lines2) {
    const t = line.trim();
    if (!t.startsWith("{")) continue;
    let obj;
    try {
      obj = JSON.parse(t);
    } catch {
      continue;
    }
    if (obj && typeof obj === "object" && !Array.isArray(obj)) {
      const cwd = obj.cwd;
      if (typeof cwd === "string" && path2.isAbsolute(cwd)) return cwd;
    }
  }
  const last = lines2[lines2.length - 1] ?? "";
  const m = /"cwd"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(last);
  if (m) {
    try {
      const cwd = JSON.parse(m[1]);
      if (typeof cwd === "string" && path2.isAbsolute(cwd)) return cwd;
    } catch {
    }
  }
  return null;
}
async function cwdOfProjectFolder(folder) {
  let names;
  try {
    names = await fs2.readdir(folder);
  } catch {
    return null;
  }
  const transcripts = [];
  await Promise.all(
    names.filter((n) => n.endsWith(".jsonl")).map(async (n) => {
      const file = path2.join(folder, n);
      try {
        const st = await fs2.stat(file);
        if (st.isFile() && st.size > 0) transcripts.push({ file, mtime: st.mtimeMs, size: st.size });
      } catch {
      }
    })
  );
  transcripts.sort((a, b) => b.mtime - a.mtime || (a.file < b.file ? -1 : 1));
  for (const t of transcripts.slice(0, TRANSCRIPTS_PER_FOLDER)) {
    const cwd = await cwdOfTranscript(t.file, t.size);
    if (cwd !== null) return cwd;
  }
  return null;
}
async function isDirectory(p) {
  try {
    return (await fs2.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
async function projectPathsFromTranscripts(configDir) {
  const projectsDir = path2.join(configDir, "projects");
  let entries;
  try {
    entries = await fs2.readdir(projectsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const folders = entries.filter((e) => e.isDirectory()).map((e) => path2.join(projectsDir, e.name));
  const found = /* @__PURE__ */ new Set();
  let next = 0;
  async function worker() {
    while (next < folders.length) {
      const folder = folders[next++];
      const cwd = await cwdOfProjectFolder(folder);
      if (cwd === null) continue;
      const abs = path2.resolve(cwd);
      if (!found.has(abs) && await isDirectory(abs)) found.add(abs);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, folders.length) }, worker));
  return [...found].sort();
}

// src/engine/rootIndex.ts
async function resolveRoots(ctx, extra, transcripts = false) {
  const known = await loadRegistry(ctx.home);
  const given = extra.map((p) => path3.resolve(p));
  let paths = [.../* @__PURE__ */ new Set([...known, ...await recordedProjects(ctx.home), ...given])];
  const identities = identityCache(loadIdentityRecord(ctx.home));
  let built = buildRoots(ctx.settings, ctx.configDir, paths, ctx.env, identities);
  const unmapped = built.roots.some((r) => r.repoPrefix.startsWith("unmapped/"));
  if (ctx.settings.sources.claudeAutoMemory && (unmapped || transcripts || hasWaiting(ctx.home))) {
    const seen = await projectPathsFromTranscripts(ctx.configDir);
    const have = new Set(paths);
    const fresh = seen.filter((p) => !have.has(p));
    if (fresh.length) {
      paths = [...paths, ...fresh];
      built = buildRoots(ctx.settings, ctx.configDir, paths, ctx.env, identities);
    }
  }
  const knownSet = new Set(known);
  const unseen = paths.filter((p) => !knownSet.has(p));
  return { ...built, paths: paths.sort(), unseen, identities: identities.result() };
}
function rootIndex(roots, globalExclude) {
  const byPrefix = new Map(roots.map((r) => [r.repoPrefix, { root: r, filter: makeFilter(r, globalExclude) }]));
  const lookup = (p) => {
    const prefix = longestFolderPrefix(byPrefix, p);
    if (prefix === void 0) return void 0;
    const hit = byPrefix.get(prefix);
    const rel = p.slice(prefix.length);
    if (pathProblem(rel) !== null || !hit.filter.includes(rel)) return void 0;
    return { root: hit.root, rel };
  };
  return {
    under: (p) => longestFolderPrefix(byPrefix, p),
    lookup,
    maps: (p) => lookup(p) !== void 0,
    livePath(p) {
      const hit = lookup(p);
      if (!hit) throw new MemsyncError(`internal: ${p} is not under any synced folder`);
      return path3.join(hit.root.liveDir, ...hit.rel.split("/"));
    }
  };
}
function projectOutside(index, p) {
  return index.under(p) === void 0 ? placeOf(p)?.project ?? void 0 : void 0;
}
async function syncRoots(ctx) {
  const { roots } = await resolveRoots(ctx, []);
  return { roots, index: rootIndex(roots, ctx.settings.exclude) };
}
function repoPathOfLive(roots, livePath) {
  const abs = path3.resolve(livePath);
  let best;
  for (const r of roots) {
    const rel2 = path3.relative(r.liveDir, abs);
    if (rel2.startsWith("..") || path3.isAbsolute(rel2)) continue;
    if (!best || r.liveDir.length > best.root.liveDir.length) best = { root: r, rel: rel2 };
  }
  if (!best) return void 0;
  const rel = best.rel.split(path3.sep).join("/");
  return rel ? best.root.repoPrefix + rel : best.root.repoPrefix.replace(/\/$/, "");
}

// src/engine/mirrors.ts
import fs3 from "node:fs";
import path4 from "node:path";
function listFiles(dir, filter, rel = "") {
  let entries;
  try {
    entries = fs3.readdirSync(path4.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return filter.mayContain(r) ? listFiles(dir, filter, r) : [];
    return e.isFile() && filter.includes(r) ? [r] : [];
  });
}
function readMirror(dir, filter) {
  try {
    if (!fs3.statSync(dir).isDirectory()) return null;
  } catch {
    return null;
  }
  const out = /* @__PURE__ */ new Map();
  for (const rel of listFiles(dir, filter)) {
    const content = readOrNull(fileIn(dir, rel));
    if (content) out.set(rel, content);
  }
  return out;
}
var fileIn = (dir, rel) => path4.join(dir, ...rel.split("/"));
function hashOf(file) {
  const c = readOrNull(file);
  return c ? blobHash(c) : null;
}
function isGone(file) {
  try {
    fs3.lstatSync(file);
    return false;
  } catch (e) {
    return e.code === "ENOENT";
  }
}
function planFold(roots, exclude, base, record, host) {
  const out = { actions: [], folded: [] };
  for (const root of roots) {
    if (!root.mirrors?.length) continue;
    const filter = makeFilter(root, exclude);
    const fold = new PrimaryFold(root, host, out.actions);
    const seen = /* @__PURE__ */ new Map();
    const deleted = [];
    for (const dir of root.mirrors) {
      const files = readMirror(dir, filter);
      const hashes = new Map([...files ?? []].map(([rel, c]) => [rel, blobHash(c)]));
      seen.set(dir, hashes);
      const last = record[root.repoPrefix]?.[dir];
      for (const [rel, content] of files ?? []) {
        const mine = hashes.get(rel);
        const was = base.get(root.repoPrefix + rel);
        if (mine !== was && mine !== last?.[rel]) fold.change(rel, content, mine, was);
      }
      if (files && last) deleted.push(...deletedIn(dir, hashes, last, filter));
    }
    for (const [rel, left] of deleted) fold.deletion(rel, left);
    out.folded.push({ root, filter, seen });
  }
  return out;
}
function deletedIn(dir, hashes, last, filter) {
  const entries = Object.entries(last);
  if (!entries.some(([rel, h]) => hashes.get(rel) === h)) return [];
  return entries.filter(([rel]) => !hashes.has(rel) && filter.includes(rel) && isGone(fileIn(dir, rel)));
}
var PrimaryFold = class {
  constructor(root, host, actions) {
    this.root = root;
    this.host = host;
    this.actions = actions;
  }
  root;
  host;
  actions;
  now = /* @__PURE__ */ new Map();
  copies = /* @__PURE__ */ new Set();
  hash(rel) {
    return this.now.has(rel) ? this.now.get(rel) : hashOf(fileIn(this.root.liveDir, rel));
  }
  change(rel, content, mine, was) {
    const now = this.hash(rel);
    if (now === mine) return;
    const target = fileIn(this.root.liveDir, rel);
    if (now === null || now === was) {
      this.actions.push({
        kind: "write",
        path: this.root.repoPrefix + rel,
        root: this.root,
        target,
        content,
        expected: now
      });
      this.now.set(rel, mine);
      return;
    }
    const key = `${rel}\0${mine}`;
    if (this.copies.has(key) || findCopyOf(target, mine)) return;
    this.copies.add(key);
    this.actions.push({ kind: "copy", target: conflictCopyPath(target, this.host, /* @__PURE__ */ new Date()), content });
  }
  /** A file deleted in a mirror: deleted here too if this folder still holds what memsync `left` in the mirror. */
  deletion(rel, left) {
    const now = this.hash(rel);
    if (now !== left) return;
    const target = fileIn(this.root.liveDir, rel);
    this.actions.push({ kind: "remove", path: this.root.repoPrefix + rel, root: this.root, target, expected: left });
    this.now.set(rel, null);
  }
};
async function applyFold(fx, actions) {
  if (!actions.length) return [];
  const done = [];
  await fx.beginLiveWrites(actions.filter((a) => a.kind !== "copy").map((a) => a.target));
  try {
    for (const a of actions) {
      if (a.kind === "copy") await fx.createCopy(a.target, a.content);
      else if (a.kind === "write" ? !await fx.writeLive(a.target, a.content, a.expected) : !await fx.removeLive(a.target, a.expected, a.root.liveDir))
        continue;
      done.push(a);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return done;
}
function overlayFold(scan, done) {
  for (const a of done) {
    if (a.kind === "copy") continue;
    scan.changed = true;
    scan.files.delete(a.path);
    scan.localOnly.delete(a.path);
    if (a.kind === "remove") continue;
    if (isLocalOnly(a.content)) scan.localOnly.set(a.path, a.target);
    else scan.files.set(a.path, { livePath: a.target, hash: blobHash(a.content), root: a.root });
  }
}
async function refreshMirrors(fx, folded, before) {
  const files = [];
  const record = { ...before };
  for (const { root, filter, seen } of folded) {
    const primary = listFiles(root.liveDir, filter);
    const kept = record[root.repoPrefix] = { ...record[root.repoPrefix] };
    for (const [dir, saw] of seen) {
      kept[dir] = await refreshMirror(fx, root.liveDir, dir, primary, saw);
      files.push(...listFiles(dir, filter).map((rel) => fileIn(dir, rel)));
    }
  }
  await fx.saveMirrorRecord(record);
  await fx.refreshScanCache(files);
}
async function refreshMirror(fx, liveDir, dir, primary, saw) {
  const same = {};
  for (const rel of primary) {
    const target = fileIn(dir, rel);
    const content = readOrNull(fileIn(liveDir, rel));
    if (!content) continue;
    const want = blobHash(content);
    const now = hashOf(target);
    if (now !== want && (now === null || now === saw.get(rel))) {
      if (!await fx.writeMirror(target, content, now)) continue;
    } else if (now !== want) continue;
    same[rel] = want;
  }
  const kept = new Set(primary);
  for (const [rel, h] of saw) {
    const target = fileIn(dir, rel);
    if (!kept.has(rel) && hashOf(target) === h) await fx.removeMirror(target, h);
  }
  return same;
}

// src/engine/prepare.ts
var import_picomatch = __toESM(require_picomatch(), 1);

// src/merge/textMerge.ts
import fs4 from "node:fs/promises";
import os from "node:os";
import path5 from "node:path";

// src/merge/appendUnion.ts
function insertedUnion(local, base, remote) {
  if (local === base) return remote;
  if (remote === base || remote === local) return local;
  if (![local, base, remote].every(wholeLines)) return null;
  const b = lines(base);
  const mine = insertion(lines(local), b);
  const theirs = insertion(lines(remote), b);
  if (!mine || !theirs) return null;
  const added = new Set(theirs.block);
  if (mine.block.some((l) => added.has(l))) return null;
  const out = [...b];
  const [first, second] = mine.at <= theirs.at ? [mine, theirs] : [theirs, mine];
  out.splice(second.at, 0, ...second.block);
  out.splice(first.at, 0, ...first.block);
  return out.map((l) => `${l}
`).join("");
}
function insertion(side, base) {
  if (side.length <= base.length) return null;
  let prefix = 0;
  while (prefix < base.length && side[prefix] === base[prefix]) prefix++;
  let suffix = 0;
  while (suffix < base.length && side[side.length - 1 - suffix] === base[base.length - 1 - suffix]) suffix++;
  if (prefix + suffix !== base.length) return null;
  return { at: prefix, block: side.slice(prefix, side.length - suffix) };
}
function wholeLines(s) {
  return s === "" || s.endsWith("\n");
}
function lines(s) {
  return s === "" ? [] : s.slice(0, -1).split("\n");
}

// src/merge/textMerge.ts
async function mergeText(local, base, remote, union, tmpRoot = os.tmpdir()) {
  if (isBinary(local) || isBinary(remote) || base && isBinary(base)) return { clean: false, reason: "binary" };
  const [l, b, r] = [utf82(local), utf82(base ?? Buffer.alloc(0)), utf82(remote)];
  if (l === null || b === null || r === null) {
    const m2 = await mergeFile(local, base ?? Buffer.alloc(0), remote, union, tmpRoot);
    return m2.conflicts ? { clean: false, reason: "conflict" } : { clean: true, content: m2.text };
  }
  const m = await mergeMarked(l, base ? b : null, r, union, tmpRoot);
  return m.conflicts ? { clean: false, reason: "conflict" } : { clean: true, content: Buffer.from(m.text) };
}
async function mergeKeepBoth(local, base, remote, tmp) {
  if (isBinary(local) || isBinary(remote) || base && isBinary(base)) return null;
  const none = Buffer.alloc(0);
  const [l, b, r] = [utf82(local), utf82(base ?? none), utf82(remote)];
  if (l === null || b === null || r === null) return (await mergeFile(local, base ?? none, remote, true, tmp)).text;
  return Buffer.from((await mergeMarked(l, base ? b : null, r, true, tmp, true)).text);
}
async function mergeMarked(local, base, remote, union, tmpRoot = os.tmpdir(), keepLocal = false) {
  const lines2 = async (x, y, z) => {
    const appended = union ? insertedUnion(x, y, z) : null;
    if (appended !== null) return { text: appended, conflicts: 0 };
    return asText(await mergeFile(Buffer.from(x), Buffer.from(y), Buffer.from(z), union, tmpRoot));
  };
  const l = splitFrontMatter(local);
  const r = splitFrontMatter(remote);
  if (!l || !r) return lines2(local, base ?? "", remote);
  const b = base === null ? null : splitFrontMatter(base) ?? { head: EMPTY_HEAD, body: base };
  const head = mergeFrontMatter(l.head, b?.head ?? null, r.head, keepLocal);
  const body = await lines2(l.body, b?.body ?? "", r.body);
  return { text: head.text + body.text, conflicts: head.conflicts + body.conflicts };
}
async function mergeFile(local, base, remote, union, tmp) {
  const dir = await fs4.mkdtemp(path5.join(tmp, "memsync-merge-"));
  try {
    const files = ["local", "base", "remote"].map((n) => path5.join(dir, n));
    const inputs = [local, base, remote];
    for (const [i, f] of files.entries()) checkedWrite(f, inputs[i], { fsync: false, what: "a merge input" });
    const labels = ["-L", "live", "-L", "base", "-L", "remote"];
    const args = ["merge-file", "-p", ...union ? ["--union"] : [], ...labels, ...files];
    const r = await runGit(args, { env: gitEnv("memsync"), okCodes: Array.from({ length: 127 }, (_, i) => i + 1) });
    return { text: r.stdout, conflicts: r.code };
  } finally {
    await fs4.rm(dir, { recursive: true, force: true });
  }
}
function asText(m) {
  return { text: m.text.toString("utf8"), conflicts: m.conflicts };
}
function utf82(b) {
  const s = b.toString("utf8");
  return Buffer.from(s, "utf8").equals(b) ? s : null;
}

// src/secrets/allow.ts
function parseAllow(entry) {
  const m = /^(.*):(\d+)$/.exec(entry);
  return m ? { path: m[1], line: Number(m[2]) } : { path: entry };
}
function formatAllow(e) {
  return e.line === void 0 ? e.path : `${e.path}:${e.line}`;
}
function unreleased(repoPath, findings, allow) {
  const entries = allow.map(parseAllow).filter((e) => e.path === repoPath);
  if (entries.some((e) => e.line === void 0)) return [];
  const lines2 = new Set(entries.map((e) => e.line));
  return findings.filter((f) => !lines2.has(f.line));
}
async function heldFindings(repoPath, content, allow) {
  const findings = await scanSecrets(content);
  return findings.length ? unreleased(repoPath, findings, allow) : findings;
}

// src/machine/foldedTwin.ts
import fs5 from "node:fs";
import path6 from "node:path";
function foldedTwin(livePath) {
  const name = path6.basename(livePath);
  let names;
  try {
    names = fs5.readdirSync(path6.dirname(livePath));
  } catch {
    return null;
  }
  if (names.includes(name)) return null;
  return names.find((n) => foldName(n) === foldName(name)) ?? null;
}

// src/engine/steps.ts
var secretKey = (p, content) => `${p}\0${blobHash(content)}`;
var copyKey = (livePath, hash) => `${livePath}\0${hash}`;
function planSteps(input, read) {
  const out = { steps: [], secrets: /* @__PURE__ */ new Map(), refused: [], held: [], skipped: [], deferred: [] };
  const c = { input, read, out };
  for (const it of input.items) {
    if (!it.runs) continue;
    const step = stepFor(c, it);
    if (step) out.steps.push(step);
  }
  return out;
}
function stepFor(c, it) {
  const { livePath, liveRoot } = c.input.where(it.path);
  const open = c.input.conflicts.get(it.path);
  const settles = open && !open.shape ? { settles: open } : {};
  const step = (s) => ({ path: it.path, livePath, liveRoot, ...settles, ...s });
  const opening = (s) => ({ path: it.path, livePath, liveRoot, ...s });
  switch (it.decision.kind) {
    case "agree":
      return step({ report: null, base: it.live, agreed: it.live });
    case "take":
      return takeStep(c, it, livePath, step, opening);
    case "deleteLive":
      return step({ report: "deletedLive", live: { content: null, expected: it.live }, base: null, agreed: null });
    case "publish":
      return publishStep(c, it, step);
    case "deleteRemote":
      return step({ report: "deletedRemote", remote: { content: null }, base: c.input.proposeOnly ? void 0 : null });
    case "merge":
      return mergeStep(c, it, livePath, step, opening);
    case "shape":
      return shapeStep(c, it, livePath, opening);
    default:
      return null;
  }
}
function takeStep(c, it, livePath, step, opening) {
  const seen = it.live === null ? c.read.absent.get(it.path) : void 0;
  if (seen?.read.folder?.some((f) => !c.input.scanned(`${it.path}/${f}`)))
    return shapeStep(c, { ...it, decision: { kind: "shape", file: "remote" } }, livePath, opening);
  const twin = seen && !seen.read.ok ? seen.twin : null;
  const held = twin !== null && !c.input.scanned(it.path.slice(0, it.path.lastIndexOf("/") + 1) + twin);
  const content = c.read.blobs.get(it.remote);
  const problem = textProblem(it.path, content) ?? c.read.outside.get(it.path);
  if (problem) {
    c.out.refused.push({ path: it.path, reason: problem });
    return null;
  }
  if (held) return textConflictStep(c, it, livePath, content, opening);
  return step({ report: "taken", live: { content, expected: it.live }, base: it.remote, agreed: it.remote });
}
function readScanned(c, it) {
  const content = c.read.live.get(it.path) ?? null;
  if (!content) c.out.skipped.push(it.path);
  return content;
}
function refusedElsewhere(c, p, content) {
  const problem = textProblem(p, content);
  if (problem)
    c.out.held.push({ path: p, reason: "unusable", detail: `${problem}: not published; save it as UTF-8 to sync it` });
  return problem !== null;
}
function holdsSecret(c, p, content) {
  const found = c.read.secrets.get(secretKey(p, content));
  if (!found) throw new MemsyncError(`internal: ${p} was not scanned for secrets before publishing`);
  if (found.length) c.out.secrets.set(p, found);
  return found.length > 0;
}
function publishStep(c, it, step) {
  const content = readScanned(c, it);
  if (!content || refusedElsewhere(c, it.path, content) || holdsSecret(c, it.path, content)) return null;
  return step({ report: "published", remote: { content }, base: c.input.proposeOnly ? void 0 : it.live });
}
function mergeStep(c, it, livePath, step, opening) {
  const local = readScanned(c, it);
  if (!local || refusedElsewhere(c, it.path, local)) return null;
  const remote = c.read.blobs.get(it.remote);
  const problem = textProblem(it.path, remote);
  if (problem) {
    c.out.refused.push({ path: it.path, reason: problem });
    if (c.input.mode === "pull") c.out.deferred.push(it.path);
    if (c.input.mode === "pull" || holdsSecret(c, it.path, local)) return null;
    return step({ report: "published", remote: { content: local }, base: c.input.proposeOnly ? void 0 : it.live });
  }
  const merged = c.read.merges.get(it.path);
  if (!merged.clean) return textConflictStep(c, it, livePath, remote, opening);
  const hash = blobHash(merged.content);
  const live = hash !== it.live ? { content: merged.content, expected: it.live } : void 0;
  if (hash === it.remote) return step({ report: "merged", live, base: it.remote, agreed: it.remote });
  const publish = c.input.mode !== "pull" && !holdsSecret(c, it.path, merged.content);
  if (publish && !c.input.proposeOnly)
    return step({ report: "merged", live, remote: { content: merged.content }, base: hash, agreed: it.remote });
  if (c.input.mode === "pull" && !c.input.proposeOnly) c.out.deferred.push(it.path);
  return step({
    report: "merged",
    live,
    remote: publish ? { content: merged.content } : void 0,
    base: it.remote,
    agreed: it.remote
  });
}
function textConflictStep(c, it, livePath, content, opening) {
  const prev = c.input.conflicts.get(it.path);
  const open = prev && !prev.shape ? prev : void 0;
  if (open && open.remote === it.remote) return null;
  const host = c.read.hosts.get(it.path) ?? "remote";
  const copy = copyRecord(c, livePath, content, host);
  const conflict = { ...copy, record: { ...copy.record, remote: it.remote }, ...open && { replaces: open } };
  return opening({ report: null, base: void 0, conflict });
}
function copyRecord(c, livePath, content, host) {
  const copyHash = blobHash(content);
  const found = c.read.copies.get(copyKey(livePath, copyHash));
  const copy = found ?? conflictCopyPath(livePath, host, c.read.now);
  const since = c.read.now.toISOString();
  return { content, exists: found !== void 0, record: { remote: null, livePath, copy, copyHash, host, since } };
}
function shapeStep(c, it, livePath, step) {
  if (it.decision.kind === "shape" && it.decision.file === "live") {
    const content2 = readScanned(c, it);
    if (!content2) return null;
    const { keeps } = it.decision;
    const conflict = shapeConflict(c, it, livePath, content2, "local", keeps);
    return step({ report: null, live: { content: null, expected: it.live }, base: null, agreed: null, conflict });
  }
  const remote = c.input.mode === "pull" ? void 0 : { content: null };
  const base = remote && !c.input.proposeOnly ? null : void 0;
  const content = c.read.blobs.get(it.remote);
  const problem = textProblem(it.path, content) ?? c.read.outside.get(it.path);
  if (problem) {
    c.out.refused.push({ path: it.path, reason: problem });
    return remote ? step({ report: null, remote, base }) : null;
  }
  return step({ report: null, remote, base, conflict: shapeConflict(c, it, livePath, content, "remote") });
}
function shapeConflict(c, it, livePath, content, shape, keeps) {
  const host = shape === "local" ? c.input.host : c.read.hosts.get(it.path) ?? "remote";
  const opened = copyRecord(c, livePath, content, host);
  const record = {
    ...opened.record,
    // A name clash: the name kept is where resolve brings this file's content.
    livePath: keeps ? c.input.where(keeps).livePath : livePath,
    shape,
    ...keeps && { clash: keeps }
  };
  const prev = c.input.conflicts.get(it.path);
  const replaces = prev && !prev.shape && prev.copy !== opened.record.copy ? prev : void 0;
  return { ...opened, record, ...replaces && { replaces } };
}

// src/engine/prepare.ts
async function readRound(input) {
  const runnable = input.items.filter((it) => it.runs);
  const blobs = await input.repo.readBlobs(blobsNeeded(runnable));
  const live = /* @__PURE__ */ new Map();
  const outside = /* @__PURE__ */ new Map();
  const absent = /* @__PURE__ */ new Map();
  for (const it of runnable) {
    const { livePath, liveRoot } = input.where(it.path);
    const k = it.decision.kind;
    const problem = k === "take" || k === "shape" ? containProblem(liveRoot, livePath) : null;
    if (problem) outside.set(it.path, problem);
    if (k === "publish" || k === "merge" || k === "shape" && it.decision.file === "live") {
      const { ok, content } = input.read(livePath, it.live);
      live.set(it.path, ok && content ? content : null);
    } else if (k === "take" && it.live === null) {
      const seen = input.read(livePath, null);
      absent.set(it.path, { read: seen, twin: seen.ok ? null : foldedTwin(livePath) });
    }
  }
  const merges = await mergesOf(input, runnable, blobs, live);
  const secrets = await secretsOf(input, runnable, live, merges);
  const opening = conflictsMayOpen(runnable, absent, merges, blobs, live);
  const hosts = /* @__PURE__ */ new Map();
  const copies = /* @__PURE__ */ new Map();
  for (const [p, content] of opening) {
    const host = input.tip && await input.repo.lastHostFor(input.tip, p);
    if (host) hosts.set(p, host);
    const livePath = input.where(p).livePath;
    const found = findCopyOf(livePath, blobHash(content));
    if (found) copies.set(copyKey(livePath, blobHash(content)), found);
  }
  return { blobs, live, outside, absent, merges, secrets, hosts, copies, now: input.now };
}
function blobsNeeded(runnable) {
  const need = /* @__PURE__ */ new Set();
  for (const it of runnable) {
    if ((it.decision.kind === "take" || it.decision.kind === "merge") && it.remote) need.add(it.remote);
    if (it.decision.kind === "merge" && it.base) need.add(it.base);
    if (it.decision.kind === "shape" && it.decision.file === "remote" && it.remote) need.add(it.remote);
  }
  return need;
}
async function mergesOf(input, runnable, blobs, live) {
  const union = (0, import_picomatch.default)([...input.unionMerge], { dot: true });
  const out = /* @__PURE__ */ new Map();
  for (const it of runnable) {
    const local = live.get(it.path);
    if (it.decision.kind !== "merge" || !local) continue;
    const base = it.base ? blobs.get(it.base) : null;
    out.set(it.path, await mergeText(local, base, blobs.get(it.remote), union(it.path), input.tmp));
  }
  return out;
}
async function secretsOf(input, runnable, live, merges) {
  const publishing = runnable.filter((it) => it.decision.kind === "publish" || it.decision.kind === "merge");
  const names = await secretsInNames(publishing.map((it) => it.path));
  const out = /* @__PURE__ */ new Map();
  for (const it of publishing) {
    const merged = merges.get(it.path);
    const contents = [live.get(it.path), merged?.clean ? merged.content : null];
    for (const content of contents) {
      if (!content) continue;
      const found = [...names.get(it.path) ?? [], ...await heldFindings(it.path, content, input.allow)];
      out.set(secretKey(it.path, content), found);
    }
  }
  return out;
}
function conflictsMayOpen(runnable, absent, merges, blobs, live) {
  const out = /* @__PURE__ */ new Map();
  for (const it of runnable) {
    const d = it.decision;
    const remote = it.remote ? blobs.get(it.remote) : void 0;
    const local = live.get(it.path);
    const seen = absent.get(it.path)?.read;
    const may = d.kind === "merge" && merges.get(it.path)?.clean === false || d.kind === "take" && seen !== void 0 && (!seen.ok || !!seen.folder?.length) || d.kind === "shape" && d.file === "remote";
    if (may && remote) out.set(it.path, remote);
    if (d.kind === "shape" && d.file === "live" && local) out.set(it.path, local);
  }
  return out;
}

// src/reconcile/plan.ts
function makePlan(input) {
  const { live, base, remote } = input;
  const paths = new Set(input.conflicts.keys());
  for (const [p, h] of live) if (base.get(p) !== h) paths.add(p);
  for (const [p, h] of remote) if (base.get(p) !== h) paths.add(p);
  for (const p of base.keys()) if (!live.has(p) || !remote.has(p)) paths.add(p);
  const items = [];
  for (const path7 of [...paths].sort()) {
    const live2 = input.live.get(path7) ?? null;
    const base2 = input.base.get(path7) ?? null;
    const remote2 = input.remote.get(path7) ?? null;
    const decision = decide({
      live: live2,
      base: base2,
      remote: remote2,
      openConflict: input.conflicts.has(path7) ? input.conflicts.get(path7) ?? null : void 0
    });
    if (decision.kind === "none") continue;
    items.push({ path: path7, decision, live: live2, base: base2, remote: remote2, runs: runsIn(decision.kind, input.mode) });
  }
  return items;
}

// src/engine/plan.ts
function planSync(input) {
  const aside = asideMatcher(input.aside);
  const keep = (m) => input.aside.length ? new Map([...m].filter(([p]) => !aside(p))) : m;
  const items = makePlan({
    live: keep(input.live),
    base: keep(input.base),
    remote: keep(input.remote),
    conflicts: keep(input.conflicts),
    mode: input.mode
  });
  const held = [...input.aside];
  const stuck = /* @__PURE__ */ new Set();
  const shaped = /* @__PURE__ */ new Map();
  for (const [file, c] of shapeClashes(items, input.live, input.remote)) {
    if (aside(file) || [...c.paths].some(aside)) {
      for (const p of [file, ...c.paths].filter((q) => !aside(q))) {
        stuck.add(p);
        held.push({ path: p, reason: "shape", detail: STUCK });
      }
      continue;
    }
    const it = items.find((x) => x.path === file);
    const versions = it ?? {
      path: file,
      live: input.live.get(file) ?? null,
      base: input.base.get(file) ?? null,
      remote: input.remote.get(file) ?? null
    };
    shaped.set(file, { ...versions, decision: { kind: "shape", file: c.side }, runs: true });
  }
  for (const [p, keeps] of nameClashes(items, input.remote)) {
    const it = items.find((x) => x.path === p);
    if (!shaped.has(p)) shaped.set(p, { ...it, decision: { kind: "shape", file: "live", keeps }, runs: true });
  }
  const out = items.filter((it) => !stuck.has(it.path) && !shaped.has(it.path));
  out.push(...shaped.values());
  return { items: out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0), held };
}
var STUCK = "a file here and a folder of the same name on the remote (or the reverse), and one of them cannot be read: both are kept as they are until it can";
function asideMatcher(holds) {
  const exact = new Set(holds.filter((h) => !h.path.endsWith("/")).map((h) => h.path));
  const folders = holds.filter((h) => h.path.endsWith("/")).map((h) => h.path);
  return (p) => exact.has(p) || folders.some((f) => p.startsWith(f));
}
function shapeClashes(items, live, remote) {
  const out = /* @__PURE__ */ new Map();
  const toRemote = items.filter(
    (it) => it.runs && it.remote === null && (it.decision.kind === "publish" || it.decision.kind === "merge")
  );
  const toLive = items.filter((it) => it.runs && it.live === null && it.decision.kind === "take");
  if (toRemote.length) clashesIn(resulting(remote, items, "remote"), toRemote, ["live", "remote"], out);
  if (toLive.length) clashesIn(resulting(live, items, "live"), toLive, ["remote", "live"], out);
  return out;
}
function nameClashes(items, remote) {
  const out = /* @__PURE__ */ new Map();
  const added = new Set(
    items.filter((it) => it.runs && it.remote === null && (it.decision.kind === "publish" || it.decision.kind === "merge")).map((it) => it.path)
  );
  if (!added.size) return out;
  const byFold = /* @__PURE__ */ new Map();
  for (const p of resulting(remote, items, "remote")) {
    const k = foldName(p);
    const group = byFold.get(k);
    if (group) group.push(p);
    else byFold.set(k, [p]);
  }
  for (const group of byFold.values()) {
    if (group.length < 2) continue;
    group.sort();
    const keeper = group.find((p) => !added.has(p)) ?? group[0];
    for (const p of group) if (p !== keeper && added.has(p)) out.set(p, keeper);
  }
  return out;
}
function resulting(tree, items, side) {
  const paths = new Set(tree.keys());
  for (const it of items) {
    if (!it.runs) continue;
    const k = it.decision.kind;
    if (side === "remote" && (k === "publish" || k === "merge")) paths.add(it.path);
    if (side === "remote" && k === "deleteRemote") paths.delete(it.path);
    if (side === "live" && k === "take") paths.add(it.path);
    if (side === "live" && k === "deleteLive") paths.delete(it.path);
  }
  return paths;
}
function clashesIn(paths, added, sides, out) {
  const folders = /* @__PURE__ */ new Map();
  for (const p of paths) {
    for (let i = p.indexOf("/"); i > 0; i = p.indexOf("/", i + 1)) {
      const f = p.slice(0, i);
      const list = folders.get(f);
      if (list) list.push(p);
      else folders.set(f, [p]);
    }
  }
  const note = (file, side, under) => {
    const c = out.get(file) ?? { side, paths: /* @__PURE__ */ new Set() };
    for (const q of under) c.paths.add(q);
    out.set(file, c);
  };
  for (const it of added) {
    const under = folders.get(it.path);
    if (under) note(it.path, sides[0], under);
    for (let i = it.path.indexOf("/"); i > 0; i = it.path.indexOf("/", i + 1)) {
      const f = it.path.slice(0, i);
      if (paths.has(f)) note(f, sides[1], [it.path]);
    }
  }
}

// src/engine/roundPlan.ts
function decideRound(s) {
  const conflicts = new Map([...s.conflicts].filter(([, c]) => !c.shape).map(([p, c]) => [p, c.remote]));
  const plan = planSync({ live: s.live, base: s.base, remote: s.remote, conflicts, mode: s.mode, aside: s.aside });
  const massHeld = holdMassDeletions(plan.items, s.base, s.massDelete);
  return { items: massHeld.items, held: plan.held, heldDeletes: massHeld.held };
}
function planRound(input, decided = decideRound(input)) {
  const { mode, proposeOnly, where, scanned, conflicts, host } = input;
  const prepared = planSteps({ items: decided.items, mode, proposeOnly, where, scanned, conflicts, host }, input.read);
  return {
    ...decided,
    remote: input.remote,
    refused: [...input.refused],
    hasLayout: input.hasLayout,
    prepared,
    mergedLive: mergedLiveAfter(input.mergedLive, prepared),
    now: input.read.now
  };
}
function mergedLiveAfter(noted, prepared) {
  const agreeing = prepared.steps.filter((s) => s.live?.content && s.agreed);
  if (!agreeing.length) return null;
  const more = agreeing.map((s) => [s.path, { live: blobHash(s.live.content), from: s.agreed }]);
  return { ...noted, ...Object.fromEntries(more) };
}

// src/engine/report.ts
function heldWhere(h) {
  return h.line ? `${h.path}:${h.line}` : `${h.path} (its name)`;
}
function emptyReport(mode, dryRun) {
  return {
    mode,
    dryRun,
    taken: [],
    published: [],
    merged: [],
    deleted: [],
    deletedLive: [],
    deletedRemote: [],
    conflicts: [],
    skipped: [],
    liveChanged: [],
    localOnly: [],
    proposed: [],
    heldSecrets: [],
    heldDeletes: [],
    held: [],
    refused: [],
    plan: [],
    pending: { push: [], pull: [] },
    unpublished: [],
    commit: null,
    remoteTip: null,
    notes: []
  };
}
function emptyLists() {
  return { taken: [], published: [], merged: [], deletedLive: [], deletedRemote: [], skipped: [], liveChanged: [] };
}
function mergeLists(into, r, pushed) {
  const add = (list, more) => {
    const seen = new Set(list);
    for (const p of more) if (!seen.has(p)) list.push(p);
  };
  add(into.taken, r.taken);
  add(into.deletedLive, r.deletedLive);
  add(into.skipped, r.skipped);
  add(into.liveChanged, r.liveChanged);
  if (pushed) {
    add(into.published, r.published);
    add(into.merged, r.merged);
    add(into.deletedRemote, r.deletedRemote);
  }
  into.deleted = [.../* @__PURE__ */ new Set([...into.deletedLive, ...into.deletedRemote])].sort();
}

// src/engine/run.ts
function setOrDelete2(m, p, h) {
  if (h === null) m.delete(p);
  else m.set(p, h);
}
function isEmpty(o) {
  for (const _ in o) return false;
  return true;
}

// src/engine/outcome.ts
function liveOrder(steps) {
  const rank = (s) => s.live && s.live.content === null ? 0 : 1;
  return [...steps].sort((a, b) => rank(a) - rank(b));
}
function outcomeOf(plan, open, refused) {
  const out = {
    treeChanges: /* @__PURE__ */ new Map(),
    newBase: /* @__PURE__ */ new Map(),
    agreed: /* @__PURE__ */ new Map(),
    lists: emptyLists(),
    conflicts: new Map(open)
  };
  for (const s of liveOrder(plan.prepared.steps)) {
    if (s.conflict && !s.conflict.record.shape) {
      out.conflicts.set(s.path, s.conflict.record);
      continue;
    }
    if (refused.has(s.path)) {
      out.lists.skipped.push(s.path);
      continue;
    }
    if (s.live) out.lists.liveChanged.push(s.livePath);
    if (s.remote) out.treeChanges.set(s.path, s.remote.content);
    if (s.base !== void 0) out.newBase.set(s.path, s.base);
    if (s.agreed !== void 0) out.agreed.set(s.path, s.agreed);
    if (s.report) out.lists[s.report].push(s.path);
    if (s.settles) out.conflicts.delete(s.path);
    if (s.conflict) out.conflicts.set(s.path, s.conflict.record);
  }
  out.lists.skipped.push(...plan.prepared.skipped);
  return out;
}
function baseAfter(base, outcome, landed) {
  const out = new Map(base);
  for (const [p, h] of landed ? outcome.newBase : outcome.agreed) setOrDelete2(out, p, h);
  return out;
}

// src/engine/apply.ts
async function applySteps(fx, plan) {
  const ordered = liveOrder(plan.prepared.steps);
  if (plan.mergedLive) await fx.noteMergedLive(plan.mergedLive);
  const refused = /* @__PURE__ */ new Set();
  await fx.beginLiveWrites(ordered.filter((s) => s.live).map((s) => s.livePath));
  try {
    for (const s of ordered) {
      const done = s.conflict?.record.shape ? await openShapeConflict(fx, s) : s.conflict ? await openConflict(fx, s) : await applyStep(fx, s);
      if (!done) refused.add(s.path);
    }
  } finally {
    await fx.endLiveWrites();
  }
  return refused;
}
async function applyStep(fx, s) {
  if (s.live) {
    const { content, expected } = s.live;
    const done = content === null ? await fx.removeLive(s.livePath, expected, s.liveRoot) : await fx.writeLive(s.livePath, content, expected);
    if (!done) return false;
  }
  if (s.settles) await fx.removeCopyIfUntouched(s.settles);
  return true;
}
async function openConflict(fx, s) {
  const { content, record, exists, replaces } = s.conflict;
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  if (!exists) await fx.createCopy(record.copy, content);
  return true;
}
async function openShapeConflict(fx, s) {
  const { content, record, exists, replaces } = s.conflict;
  await fx.noteOpenedConflict(s.path, record);
  if (!exists) await fx.createCopy(record.copy, content);
  if (!await applyStep(fx, s)) {
    if (!exists) await fx.removeCopyIfUntouched(record);
    return false;
  }
  if (replaces) await fx.removeCopyIfUntouched(replaces);
  return true;
}

// src/engine/lineage.ts
function recordedLineage(state, current) {
  if (state.seq === 0 && state.remoteTip === null) return null;
  return {
    remoteUrl: state.remoteUrl ?? current.remoteUrl,
    branch: state.branch ?? current.branch,
    tip: state.remoteTip
  };
}
function judgeLineage(recorded, current, fetched, descends) {
  if (!recorded) return { kind: "same" };
  if (recorded.remoteUrl !== current.remoteUrl || recorded.branch !== current.branch)
    return { kind: "new", from: recorded };
  if (recorded.tip === null || fetched === recorded.tip || descends === "yes") return { kind: "same" };
  const short = recorded.tip.slice(0, 12);
  if (fetched === null)
    return { kind: "rewritten", how: `its branch ${current.branch} is gone (this machine last synced with ${short})` };
  if (descends === "ancestor")
    return {
      kind: "rewritten",
      how: `its branch ${current.branch} was reset back to ${fetched.slice(0, 12)}, before ${short} that this machine last synced with`
    };
  return {
    kind: "rewritten",
    how: `the history of its branch ${current.branch} was replaced: ${fetched.slice(0, 12)} does not descend from ${short} that this machine last synced with`
  };
}
async function checkLineage(repo, recorded, current, fetched) {
  const quick = judgeLineage(recorded, current, fetched, "no");
  if (quick.kind !== "rewritten" || fetched === null) return quick;
  const tip = recorded.tip;
  const isAnc = (a, b) => repo.isAncestor(a, b).catch(() => false);
  const descends = await isAnc(tip, fetched) ? "yes" : await isAnc(fetched, tip) ? "ancestor" : "no";
  return judgeLineage(recorded, current, fetched, descends);
}
function previousTipRef(tip) {
  return `${PREVIOUS_TIPS}${tip}`;
}
function adoptHint(cli = "memsync") {
  return `to take the remote as it is now (every memory file here is then compared with it as new: nothing is deleted): ${cli} sync --adopt-remote`;
}
var ADOPT_HINT = adoptHint();
var RemoteRewrittenError = class extends MemsyncError {
  constructor(remoteUrl, how) {
    super(`the remote ${remoteUrl} was rewritten: ${how}; nothing was changed here or there`, "failure", ADOPT_HINT);
    this.name = "RemoteRewrittenError";
  }
};

// src/engine/publish.ts
function planPublication(input) {
  const { lists, host, message } = input;
  const out = { lists };
  let changes = new Map(input.changes);
  if (input.contributor) {
    if (changes.size) {
      if (!input.hasLayout) changes.set(LAYOUT_FILE, layoutBlob());
      out.proposal = { changes, message: commitMessage(message, host, lists) };
    }
    out.lists = { ...lists, published: [], deletedRemote: [] };
    changes = /* @__PURE__ */ new Map();
  }
  for (const [p, h] of input.db?.treeChanges ?? []) changes.set(p, h);
  if (!changes.size) return out;
  if (!input.hasLayout) changes.set(LAYOUT_FILE, layoutBlob(input.encryption));
  out.shared = { changes, message: commitMessage(message, host, out.lists, input.db?.report) };
  return out;
}
async function publishRound(run, tip, publication) {
  const { report, fx } = run;
  const { proposal, shared, lists } = publication;
  if (proposal) {
    report.proposal = await fx.propose(tip, proposal.changes, proposal.message) ?? void 0;
    if (report.proposal?.note) report.notes.push(report.proposal.note);
    report.proposed = [...proposal.changes.keys()].filter((p) => p !== LAYOUT_FILE).sort();
  }
  if (!shared) return { tip, changes: /* @__PURE__ */ new Map(), lists };
  const r = await fx.publish(tip, shared.changes, shared.message);
  if (!r.pushed) return null;
  report.commit = r.commit;
  return { tip: r.commit ?? tip, changes: shared.changes, lists };
}
function commitMessage(message, host, r, db) {
  const counts = `${r.published.length} published, ${r.merged.length} merged, ${r.deletedRemote.length} deleted`;
  const summary = `memsync: ${host}: ${counts}${db ? dbCommitSummary(db) : ""}`;
  const lines2 = [
    ...r.published.map((p) => `M ${p}`),
    ...r.merged.map((p) => `U ${p}`),
    ...r.deletedRemote.map((p) => `D ${p}`)
  ];
  const body = lines2.length > 50 ? [...lines2.slice(0, 50), `... and ${lines2.length - 50} more`] : lines2;
  return `${message ? `${message}

${summary}` : summary}

${body.join("\n")}

Memsync-Host: ${host}
`;
}

// src/engine/importFiles.ts
var import_picomatch2 = __toESM(require_picomatch(), 1);
import fs6 from "node:fs";

// src/reconcile/importMerge.ts
function mergeCall(liveHash, importHash, importBase, localBase) {
  if (importBase === void 0) {
    if (importHash === localBase)
      return { kind: "keep", reason: "live changed since the last sync and the import holds that older version" };
    return { kind: "copy" };
  }
  if (liveHash === importBase) return { kind: "take" };
  if (importHash === importBase)
    return { kind: "keep", reason: "live changed since the backup's base and the backup holds the base: kept live" };
  return importBase === null ? { kind: "copy" } : { kind: "merge", base: importBase };
}

// src/engine/importFiles.ts
var noOutcomes = () => ({
  created: [],
  overwritten: [],
  merged: [],
  copies: [],
  unchanged: [],
  skipped: [],
  refused: []
});
async function importFiles(ctx, entries, how, index, fx) {
  const out = noOutcomes();
  const header = await loadHeader(ctx.home);
  const base = await loadBase(ctx.home, header);
  const steps = [];
  fs6.mkdirSync(tmpDir(ctx.home), { recursive: true });
  for (const e of [...entries].sort((a, b) => a.path < b.path ? -1 : 1)) {
    const p = e.path;
    if (header.conflicts[p]) {
      out.skipped.push({ path: p, reason: "open conflict: resolve it first (memsync resolve)", later: true });
      continue;
    }
    const livePath = index.livePath(p);
    const outside = containProblem(index.lookup(p).root.liveDir, livePath);
    if (outside) {
      out.refused.push({ path: p, reason: outside });
      continue;
    }
    const { content } = e;
    const live = readOrNull(livePath);
    const liveHash = live === null ? null : blobHash(live);
    if (live === null) {
      steps.push({ kind: "create", path: p, livePath, content, expected: null });
      continue;
    }
    if (liveHash === blobHash(content)) {
      out.unchanged.push(p);
      continue;
    }
    if (how.strategy === "skip") {
      out.skipped.push({ path: p, reason: "differs: kept live (--strategy skip)" });
    } else if (how.strategy === "overwrite") {
      if (base[p] !== liveHash && !how.force) {
        out.skipped.push({
          path: p,
          reason: "live holds an unpublished local change: not overwritten (sync first, or --force)"
        });
      } else {
        steps.push({ kind: "overwrite", path: p, livePath, content, expected: liveHash });
      }
    } else {
      const unrelated = how.unrelated || e.baseSha !== void 0 && base[p] === void 0 && e.baseSha !== liveHash;
      const call = unrelated ? { kind: "merge", base: null } : mergeCall(liveHash, blobHash(content), e.baseSha, base[p] ?? null);
      const at = { path: p, livePath, content, liveHash, live };
      const step = await mergeStep2(ctx, call, at, how, out);
      if (step) steps.push(step);
    }
  }
  await writeSteps(fx, steps, out);
  return out;
}
async function writeSteps(fx, steps, out) {
  if (!steps.length) return;
  await fx.beginLiveWrites(steps.filter((s) => s.kind !== "copy").map((s) => s.livePath));
  try {
    for (const s of steps) {
      if (s.kind === "copy") {
        if (fs6.existsSync(s.copy)) {
          out.skipped.push({ path: s.path, reason: `a file is already at ${s.copy}` });
          continue;
        }
        await fx.createCopy(s.copy, s.content);
        out.copies.push({ path: s.path, copy: s.copy });
      } else if (await fx.writeLive(s.livePath, s.content, s.expected)) {
        (s.kind === "create" ? out.created : s.kind === "overwrite" ? out.overwritten : out.merged).push(s.path);
      } else out.skipped.push({ path: s.path, reason: "changed while importing: left alone", later: true });
    }
  } finally {
    await fx.endLiveWrites();
  }
}
async function mergeStep2(ctx, call, at, from, out) {
  const { path: p, livePath, content, liveHash } = at;
  if (call.kind === "take") return { kind: "overwrite", path: p, livePath, content, expected: liveHash };
  if (call.kind === "keep") {
    out.skipped.push({ path: p, reason: call.reason });
    return null;
  }
  if (call.kind === "merge") {
    const wanted = call.base;
    const base = wanted === null ? null : await openRepo(ctx).readBlobs([wanted]).then((b) => b.get(wanted) ?? null).catch(() => null);
    const union = (0, import_picomatch2.default)([...ctx.settings.unionMerge], { dot: true })(p);
    const m = wanted === null || base ? await mergeText(at.live, base, content, union, tmpDir(ctx.home)) : null;
    if (m?.clean && blobHash(m.content) === liveHash) {
      out.unchanged.push(p);
      return null;
    }
    if (m?.clean) return { kind: "merge", path: p, livePath, content: m.content, expected: liveHash };
  }
  const existing = findCopyOf(livePath, blobHash(content));
  if (!existing)
    return { kind: "copy", path: p, livePath, content, copy: conflictCopyPath(livePath, from.host, from.when) };
  out.copies.push({ path: p, copy: existing });
  return null;
}

// src/engine/placeWaiting.ts
async function placeWaiting(ctx, index, fx, report) {
  if (!hasWaiting(ctx.home)) return false;
  let batches;
  try {
    batches = readyBatches(ctx.home, index, report.notes);
  } catch (e) {
    report.notes.push(e.message);
    return false;
  }
  let wrote = false;
  const done = [];
  for (const { version: v, entries } of batches) {
    const how = {
      strategy: v.keepLive ? "skip" : "merge",
      host: v.host,
      when: new Date(v.at),
      unrelated: true
    };
    const out = await importFiles(ctx, entries, how, index, fx);
    report.notes.push(...placedNotes(out, index, v.host));
    const later = new Set([...out.skipped.filter((s) => s.later), ...out.refused].map((s) => s.path));
    done.push(...entries.filter((e) => !later.has(e.path)).map((e) => ({ path: e.path, sha: e.sha })));
    const written = [...out.created, ...out.overwritten, ...out.merged];
    report.liveChanged.push(...written.map((p) => index.livePath(p)));
    wrote ||= written.length + out.copies.length > 0;
  }
  if (done.length) await fx.releaseWaiting(done);
  return wrote;
}
function readyBatches(home, index, notes) {
  const batches = /* @__PURE__ */ new Map();
  for (const [p, versions] of Object.entries(loadWaiting(home))) {
    if (!index.maps(p)) continue;
    versions.forEach((v, order) => {
      const content = readWaiting(home, v.sha);
      if (content === null) {
        notes.push(`the restored copy of ${p} (${v.sha}) is missing or damaged in ${waitingDir(home)}: not placed`);
        return;
      }
      const key = JSON.stringify([order, v.host, v.at, v.keepLive]);
      const batch = batches.get(key) ?? { order, version: v, entries: [] };
      batch.entries.push({ path: p, content, sha: v.sha });
      batches.set(key, batch);
    });
  }
  return [...batches.values()].sort((a, b) => a.order - b.order);
}
function placedNotes(out, index, host) {
  const counts = /* @__PURE__ */ new Map();
  for (const p of [...out.created, ...out.overwritten, ...out.merged, ...out.unchanged]) {
    const label = index.lookup(p)?.root.label ?? p;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [
    ...[...counts].map(
      ([label, n]) => `${label}: ${n} restored file${n === 1 ? "" : "s"} from ${host} in place now that its folder is known`
    ),
    ...out.copies.map(
      (c) => `the restored version of ${c.path} differs from the file there: written beside it as ${c.copy} (compare, keep what you need, delete the copy)`
    ),
    ...out.skipped.map((s) => `the restored version of ${s.path} ${s.later ? "waits" : "was not placed"}: ${s.reason}`),
    ...out.refused.map((r) => `the restored version of ${r.path} waits, refused there: ${r.reason}`)
  ];
}

// src/engine/record.ts
function unpublishedAfter(plan, outcome, contributor) {
  const out = /* @__PURE__ */ new Set([...outcome.lists.skipped, ...plan.prepared.deferred]);
  if (!contributor) {
    for (const it of plan.items)
      if (!it.runs && (it.decision.kind === "publish" || it.decision.kind === "deleteRemote")) out.add(it.path);
  }
  return [...out].sort();
}
function nextState(from, plan, landed, unpublished) {
  const { state, maps, base } = from;
  const { prepared } = plan;
  const newRemote = new Map(plan.remote);
  for (const [p, c] of landed.changes) if (p !== LAYOUT_FILE && maps(p)) setOrDelete2(newRemote, p, idOf(c));
  const pending = {};
  for (const p of /* @__PURE__ */ new Set([...base.keys(), ...newRemote.keys()])) {
    const r = newRemote.get(p) ?? null;
    if (r !== (base.get(p) ?? null)) pending[p] = r;
  }
  return {
    version: 1,
    seq: state.seq,
    remoteTip: landed.tip,
    remoteUrl: from.remoteUrl,
    branch: from.branch,
    roots: from.rootsKey,
    base: Object.fromEntries([...base].sort(([a], [b]) => a < b ? -1 : 1)),
    pending,
    // Conflicts of projects not mapped this time are kept for when they are mapped again.
    conflicts: {
      ...Object.fromEntries(Object.entries(state.conflicts).filter(([p]) => !maps(p))),
      ...Object.fromEntries(from.conflicts)
    },
    held: heldAfter(from, plan.items, prepared.secrets),
    unusable: Object.fromEntries(prepared.held.map((h) => [h.path, h.detail])),
    heldDeletes: Object.fromEntries(
      plan.heldDeletes.map((h) => [h.prefix, { label: h.label, paths: h.paths, of: h.of }])
    ),
    refused: uniqueRefusals([...plan.refused, ...prepared.refused]),
    unpublished,
    projects: from.projects,
    lastSyncTime: plan.now.toISOString()
  };
}
function heldAfter(from, items, secrets) {
  const notTried = new Set(
    items.filter((it) => !it.runs && (it.decision.kind === "publish" || it.decision.kind === "merge")).map((it) => it.path)
  );
  const kept = Object.entries(from.state.held).filter(([p]) => notTried.has(p) || !from.maps(p));
  return { ...Object.fromEntries(kept), ...Object.fromEntries(secrets) };
}
function stateFrom(run) {
  const { settings } = run.ctx;
  return {
    state: run.state,
    maps: (p) => run.index.maps(p),
    remoteUrl: settings.remote,
    branch: settings.branch,
    rootsKey: run.rootsKey,
    projects: run.projects,
    base: run.base,
    conflicts: run.conflicts
  };
}
function worthSaving(state, plan, round) {
  return plan.items.some((it) => it.runs && it.decision.kind !== "held") || round.tip !== state.remoteTip || !round.rootsSame || !isEmpty(state.held) || plan.heldDeletes.length > 0 || !isEmpty(state.heldDeletes) || round.fresh || round.opened > 0 || state.remoteUrl === void 0 || round.unpublished.join("\n") !== state.unpublished.join("\n");
}
async function recordSync(run, scan, plan, landed, unpublished) {
  const { state, report, fx } = run;
  report.conflicts = [...run.conflicts].map(([p, c]) => ({
    path: p,
    copy: c.copy,
    ...c.shape && { shape: c.shape },
    ...c.clash && { clash: c.clash }
  }));
  report.remoteTip = landed.tip;
  report.unpublished = unpublished;
  const next = nextState(stateFrom(run), plan, landed, unpublished);
  report.refused = next.refused;
  report.heldDeletes = plan.heldDeletes;
  report.heldSecrets = heldList(next.held);
  const { rootsSame, fresh, opened } = run;
  const effective = worthSaving(state, plan, { tip: landed.tip, unpublished, rootsSame, fresh, opened });
  const seq = effective ? await fx.saveState(next) : state.seq;
  if (run.opened || [...run.conflicts.values()].some((c) => c.shape)) await fx.noteOpenedConflict(null);
  if (!isEmpty(run.mergedLive)) await fx.noteMergedLive({});
  if (!effective) await fx.saveLastSync(next.lastSyncTime);
  const written = [...report.liveChanged, ...report.conflicts.map((c) => c.copy)];
  if (scan.changed || written.length || run.cache.seq !== seq) {
    refreshCache(run.cache, written);
    run.cache.seq = seq;
    await fx.saveScanCache(run.cache, run.indexed);
  }
  await fx.markUnpublished(unpublished.length ? `${unpublished.length} local change(s) not published yet` : null);
}
function idOf(c) {
  if (c === null) return null;
  return typeof c === "string" ? c : blobHash(c);
}
function uniqueRefusals(list) {
  const seen = /* @__PURE__ */ new Set();
  return list.filter((r) => !seen.has(`${r.path}\0${r.reason}`) && !!seen.add(`${r.path}\0${r.reason}`));
}
function heldList(held) {
  return Object.entries(held).flatMap(([p, fs8]) => {
    const path7 = fs8.find((f) => f.shown)?.shown ?? p;
    return fs8.map(({ shown: _, ...f }) => ({ path: path7, ...f }));
  });
}

// src/engine/sync.ts
async function runSync(ctx, opts) {
  const seam = { dryRun: opts.dryRun, lockWaitMs: opts.lockWaitMs ?? 12e4, budget: () => networkTimeout(opts, ctx) };
  return throughSeam(ctx, seam, (through) => syncWith(ctx, opts, through));
}
async function syncWith(ctx, given, { fx, repo, recorded }) {
  const report = emptyReport(given.mode, recorded !== null);
  const { settings } = ctx;
  if (settings.role === "off") {
    report.notes.push(`this machine's role is "off": nothing is synced (memsync configure or settings.json role)`);
    return report;
  }
  const opts = settings.role === "consumer" ? { ...given, mode: "pull" } : given;
  if (opts.mode !== given.mode) report.notes.push(`this machine's role is "consumer": it pulls and never pushes`);
  const timeout = networkTimeout(opts, ctx);
  try {
    const check = startLiveCheck(ctx.home);
    const early = opts.mode !== "push" ? fetchBeside({ repo, timeout, opts, report }) : void 0;
    if (!early) repo.warmNetwork();
    if (opts.mode !== "pull") await refuseSecretsOut(ctx, opts, fx);
    const run = await startRun(ctx, opts, report, repo, fx, timeout, check);
    run.early = early;
    run.placed = await placeWaiting(ctx, run.index, fx, report);
    const mirrors = await foldInto(run);
    const done = await rounds(run);
    await fx.tidyStore();
    if (recorded) done.recorded = recorded;
    try {
      if (mirrors) await fx.refreshMirrors(() => refreshMirrors(fx, mirrors.folded, mirrors.record));
    } catch (e) {
      done.notes.push(`another checkout's memory folder was not refreshed: ${e.message}`);
    }
    return done;
  } catch (e) {
    await fx.markUnpublished(`the last ${opts.mode} failed: ${e.message}`).catch(() => void 0);
    throw e;
  }
}
async function refuseSecretsOut(ctx, opts, fx) {
  await refuseSecretIn("the commit message (--message)", opts.message, "give a message without the secret");
  if (hostChecked(ctx.home, ctx.host)) return;
  await refuseSecretInHost(ctx.host);
  await fx.rememberHostChecked();
}
function networkTimeout(opts, ctx) {
  const cap = opts.networkTimeoutMs ?? ctx.settings.networkTimeoutMs;
  if (opts.networkBy === void 0) return cap;
  return Math.max(200, Math.min(cap, Math.floor(opts.networkBy - performance.now())));
}
async function startRun(ctx, opts, report, repo, fx, timeout, check) {
  const { home, settings } = ctx;
  const state = await loadHeader(home);
  const { roots, notes, paths, unseen, identities } = await resolveRoots(ctx, opts.projects ?? []);
  if (unseen.length) await fx.rememberProjects(unseen);
  if (identities.changed) await fx.saveIdentities(identities.record);
  report.notes.push(...notes);
  report.roots = roots;
  const recovered = await fx.recoverInterruptedWrites(roots.map((r) => r.liveDir));
  if (recovered) report.notes.push(recovered);
  const index = rootIndex(roots, settings.exclude);
  const rootsKey = [
    ...roots.map((r) => `${r.repoPrefix}|${r.liveDir}|${r.include.join(",")}|${r.exclude.join(",")}`).sort(),
    `exclude|${settings.exclude.join(",")}`,
    ...settings.encryption === "age" ? ["encryption|age"] : []
  ];
  const cache = loadScanCache(home);
  return {
    ctx,
    opts,
    report,
    repo,
    fx,
    state,
    roots,
    projects: paths,
    index,
    rootsKey,
    timeout,
    rootsSame: sameList(rootsKey, state.roots),
    contributor: settings.role === "contributor" && opts.mode !== "pull",
    recorded: recordedLineage(state, { remoteUrl: settings.remote, branch: settings.branch }),
    fresh: false,
    ...openConflicts(state, index, home),
    cache,
    check,
    indexed: check.matches(cache) ? cache : null,
    cacheMatchesState: cache.seq === state.seq,
    mergedLive: await loadMergedLive(home)
  };
}
function openConflicts(state, index, home) {
  const conflicts = new Map(Object.entries(state.conflicts).filter(([p]) => index.maps(p)));
  const opened = Object.entries(loadOpenedConflicts(home));
  for (const [p, c] of opened) if (!conflicts.has(p) && index.maps(p) && fs7.existsSync(c.copy)) conflicts.set(p, c);
  return { conflicts, opened: opened.length };
}
async function foldInto(run) {
  if (!run.roots.some((r) => r.mirrors?.length)) return null;
  const base = run.fresh ? /* @__PURE__ */ new Map() : new Map(Object.entries(await loadBase(run.ctx.home, run.state)));
  const record = loadMirrorRecord(run.ctx.home);
  const fold = planFold(run.roots, run.ctx.settings.exclude, base, record, run.ctx.host);
  run.folded = await applyFold(run.fx, fold.actions);
  return { folded: fold.folded, record };
}
async function rounds(run) {
  let pass = 0;
  const attempt = async () => {
    const r = await oneRound(run, ++pass);
    return r === "fetch" ? attempt() : r;
  };
  const { value, lost } = await untilLanded(
    run.timeout,
    attempt,
    (n) => new Overtaken("not published", n, run.timeout, LEFT_FOR_NEXT)
  );
  value.retries = lost;
  return value;
}
var LEFT_FOR_NEXT = "nothing was lost: what is not published stays here, and the next sync publishes it";
async function oneRound(run, round) {
  const { state, fx } = run;
  const early = round === 1 ? run.early : void 0;
  if (early) await early.started;
  const dirty = round === 1 && !run.folded?.length && !run.placed ? await run.check.dirty(run.cache) : null;
  const scan = scanLive(run.roots, run.ctx.settings.exclude, run.cache, dirty);
  if (run.folded) overlayFold(scan, run.folded);
  run.cache = scan.cache;
  run.report.localOnly = [...scan.localOnly.values()].sort();
  const optimistic = !early && !run.contributor && round === 1 && fx.answersPush && scan.changed && state.remoteTip !== null && sameRemote(run) && await run.repo.localTip() === state.remoteTip;
  const tip = early ? await early.tip : optimistic ? state.remoteTip : await fetchOrLast(run);
  if (!optimistic) await followLineage(run, tip, round);
  const now = /* @__PURE__ */ new Date();
  if (round === 1 && !optimistic) {
    const quiet = await quietSync(run, scan, tip, now);
    if (quiet) return quiet;
  }
  const snapshots = await readSnapshots(run, scan, tip, round);
  const decided = decideRound(snapshots);
  noteDecided(run.report, decided, tip, round);
  if (optimistic && !onlyPushes(decided)) return "fetch";
  return await doRound(run, scan, { snapshots, decided, tip, now }) ?? OVERTAKEN;
}
async function followLineage(run, tip, round) {
  if (run.fresh) return;
  const { settings } = run.ctx;
  const verdict = await checkLineage(
    run.repo,
    run.recorded,
    { remoteUrl: settings.remote, branch: settings.branch },
    tip
  );
  if (verdict.kind === "same") return;
  if (verdict.kind === "rewritten" && !run.opts.adoptRemote)
    throw new RemoteRewrittenError(settings.remote, verdict.how);
  if (round > 1 && run.base)
    throw new MemsyncError(
      "the remote was rewritten during this sync",
      "failure",
      "nothing was lost; run memsync sync again"
    );
  const old = run.recorded;
  if (old.tip) await run.fx.keepRef(previousTipRef(old.tip), old.tip);
  run.fresh = true;
  run.report.notes.push(
    verdict.kind === "new" ? `this machine last synced with ${old.remoteUrl} (${old.branch}); every memory file here is compared with ${settings.remote} (${settings.branch}) as new: nothing is deleted` : `adopting the remote as it is now (${verdict.how}); every memory file here is compared with it as new: nothing is deleted`
  );
}
function onlyPushes(plan) {
  const running = plan.items.filter((it) => it.runs);
  return running.some((it) => it.decision.kind === "publish" || it.decision.kind === "deleteRemote") && running.every((it) => !["take", "deleteLive", "merge", "held", "shape"].includes(it.decision.kind));
}
function sameRemote(run) {
  const r = run.recorded;
  return !r || r.remoteUrl === run.ctx.settings.remote && r.branch === run.ctx.settings.branch;
}
async function quietSync(run, scan, tip, now) {
  const { state } = run;
  const still = !scan.changed && run.cacheMatchesState && tip === state.remoteTip && run.rootsSame && !run.fresh && isEmpty(state.pending) && isEmpty(state.conflicts) && run.opened === 0 && isEmpty(state.held) && isEmpty(state.unusable) && isEmpty(state.heldDeletes) && state.unpublished.length === 0 && scan.unreadable.size === 0 && scan.links.length === 0;
  if (!still) return null;
  const db = await claudeMemSource.quiet(run.ctx);
  if (db === false) return null;
  if (db) run.report.claudeMem = db;
  await run.fx.saveLastSync(now.toISOString());
  await run.fx.markUnpublished(null);
  run.report.refused = state.refused;
  run.report.remoteTip = tip;
  return run.report;
}
async function readSnapshots(run, scan, tip, round) {
  const { state, index } = run;
  const tipChanged = tip !== state.remoteTip;
  const live = new Map([...scan.files].map(([p, f]) => [p, f.hash]));
  run.base ??= run.fresh ? /* @__PURE__ */ new Map() : mergedFrom(run, await mappedBase(run), live);
  const base = run.base;
  const reread = tipChanged || !run.rootsSame || round > 1 || run.fresh;
  const hasLayout = tip && reread ? await checkLayout(run.repo, tip) : tip !== null;
  let remote;
  let refused;
  if (reread) {
    const { entries, remoteOnly } = await mappedRemote(run, tip);
    run.report.remoteOnly = remoteOnly;
    const screened = screenRemote(entries, index, base, run.ctx.settings.maxFileBytes);
    remote = screened.files;
    refused = screened.refused;
  } else {
    remote = overlay(base, state.pending);
    refused = [...state.refused];
  }
  const aside = asideOf(scan, live);
  const { conflicts } = run;
  return {
    live,
    base,
    remote,
    refused,
    hasLayout,
    aside,
    conflicts,
    mode: run.opts.mode,
    massDelete: massDeleteOptions(run)
  };
}
function noteDecided(report, decided, tip, round) {
  report.held = decided.held.filter((h) => h.reason !== "local-only");
  if (round === 1) for (const h of report.held) report.notes.push(`not synced: ${printable(h.path)}: ${h.detail}`);
  report.plan = decided.items.map((it) => ({ path: it.path, action: it.decision.kind, runs: it.runs }));
  report.remoteTip = tip;
}
async function mappedRemote(run, tip) {
  if (!tip) return { entries: /* @__PURE__ */ new Map(), remoteOnly: [] };
  const last = run.remoteRead;
  const unmapped = /* @__PURE__ */ new Set();
  const keep = (p) => {
    const project = projectOutside(run.index, p);
    if (project && !last) unmapped.add(project);
    return run.index.under(p) !== void 0;
  };
  const entries = await (last ? run.repo.lsTreeSince(last, tip, { sizes: true, keep }) : run.repo.lsTree(tip, [], { sizes: true, keep }));
  run.remoteRead = { commit: tip, entries };
  return { entries, remoteOnly: last ? void 0 : [...unmapped].sort() };
}
async function mappedBase(run) {
  const all = Object.entries(await loadBase(run.ctx.home, run.state));
  if (run.rootsSame) return new Map(all);
  const moved = movedPrefixes(run.state.roots, run.rootsKey);
  for (const [prefix, dir] of moved)
    run.report.notes.push(
      `${prefix} is now read from ${dir}; its files are compared with the remote as new: nothing is deleted`
    );
  return new Map(all.filter(([p]) => run.index.maps(p) && ![...moved.keys()].some((m) => p.startsWith(m))));
}
function mergedFrom(run, base, live) {
  for (const [p, m] of Object.entries(run.mergedLive)) if (live.get(p) === m.live) base.set(p, m.from);
  return base;
}
function movedPrefixes(before, now) {
  const dirOf = (keys) => new Map(
    keys.map((k) => k.split("|")).filter((f) => f.length > 2).map((f) => [f[0], f[1]])
  );
  const old = dirOf(before);
  const out = /* @__PURE__ */ new Map();
  for (const [prefix, dir] of dirOf(now)) if (old.has(prefix) && old.get(prefix) !== dir) out.set(prefix, dir);
  return out;
}
function asideOf(scan, live) {
  const out = [];
  for (const [p, code] of scan.unreadable) {
    out.push({
      path: p,
      reason: "unreadable",
      detail: `could not be read (${code}); it takes no part until it can be read, and nothing is deleted for it`
    });
  }
  for (const p of live.keys()) {
    const problem = pathProblem(p);
    if (problem) out.push({ path: p, reason: "unusable", detail: problem });
  }
  for (const p of scan.links)
    out.push({
      path: p,
      reason: "link",
      detail: "a symbolic link: memsync does not follow links in a memory folder; put the file itself there to sync it"
    });
  for (const p of scan.localOnly.keys())
    out.push({ path: p, reason: "local-only", detail: "sync: false in its front matter" });
  return out;
}
async function doRound(run, scan, round) {
  const { report, fx } = run;
  const { snapshots, decided, tip } = round;
  const db = await claudeMemRound(run, tip);
  const input = { ...snapshots, ...stepsWhere(run, scan), proposeOnly: run.contributor, host: run.repo.host };
  const read = await readContents(run, input.where, round);
  const plan = planRound({ ...input, read, mergedLive: run.mergedLive }, decided);
  const outcome = outcomeOf(plan, run.conflicts, await applySteps(fx, plan));
  run.conflicts = outcome.conflicts;
  if (plan.mergedLive) run.mergedLive = plan.mergedLive;
  const landed = await publishRound(run, tip, publicationOf(run, plan, outcome, db));
  run.base = baseAfter(run.base, outcome, landed !== null);
  if (!landed) {
    mergeLists(report, outcome.lists, false);
    return null;
  }
  await db?.commit();
  const { prepared } = plan;
  pendingOf(report, prepared);
  report.held.push(...prepared.held);
  for (const h of prepared.held) report.notes.push(`not synced: ${printable(h.path)}: ${h.detail}`);
  mergeLists(report, landed.lists, true);
  const unpublished = unpublishedAfter(plan, outcome, run.contributor);
  await recordSync(run, scan, plan, landed, unpublished);
  return report;
}
function stepsWhere(run, scan) {
  const where = (p) => {
    const f = scan.files.get(p);
    const hit = run.index.lookup(p);
    return { livePath: f?.livePath ?? run.index.livePath(p), liveRoot: (f?.root ?? hit.root).liveDir };
  };
  return { where, scanned: (p) => scan.files.has(p) };
}
function readContents(run, where, { decided, tip, now }) {
  const { ctx, fx } = run;
  return readRound({
    repo: run.repo,
    tip,
    now,
    items: decided.items,
    where,
    read: fx.readLive,
    unionMerge: ctx.settings.unionMerge,
    allow: ctx.settings.secrets.allow,
    tmp: tmpDir(ctx.home)
  });
}
function publicationOf(run, plan, outcome, db) {
  return planPublication({
    changes: outcome.treeChanges,
    lists: outcome.lists,
    db: db ? { treeChanges: db.treeChanges, report: db.report } : void 0,
    contributor: run.contributor,
    hasLayout: plan.hasLayout,
    encryption: run.repo.encryption,
    message: run.opts.message,
    host: run.ctx.host
  });
}
async function claudeMemRound(run, tip) {
  const mode = run.contributor ? "pull" : run.opts.mode;
  const db = await claudeMemSource.round(run.ctx, run.repo, tip, mode, run.fx).catch((e) => {
    if (!(e instanceof MemsyncError)) throw e;
    if (!noSqlite()) return claudeMemSkipped(run.ctx, e, run.fx);
    run.report.claudeMemFailed = `${claudeMemSource.label} was not synced: ${e.message}${e.hint ? ` (${e.hint})` : ""}`;
    run.report.notes.push(run.report.claudeMemFailed);
    return null;
  });
  if (db) run.report.claudeMem = db.report;
  return db;
}
function pendingOf(report, prepared) {
  report.pending = {
    push: prepared.steps.filter((s) => s.remote).map((s) => s.path),
    pull: prepared.steps.filter((s) => s.live).map((s) => s.path)
  };
}
function fetchBeside(run) {
  let spawned;
  const running = new Promise((resolve) => {
    spawned = resolve;
  });
  const tip = fetchOrLast(run, spawned);
  const ended = tip.then(
    () => void 0,
    () => void 0
  );
  return { tip, started: Promise.race([running, ended]) };
}
async function fetchOrLast(run, onSpawn) {
  try {
    return await run.repo.fetch(run.timeout, onSpawn);
  } catch (e) {
    if (!run.opts.offlineOk || e instanceof DiskFullError) throw e;
    run.report.notes.push(`remote not reached (${e.message}); showing the state as of the last fetch`);
    run.report.offline = true;
    return run.repo.localTip();
  }
}
function overlay(base, pending) {
  const out = new Map(base);
  for (const [p, h] of Object.entries(pending)) setOrDelete2(out, p, h);
  return out;
}
function massDeleteOptions(run) {
  const groupOf = (p) => {
    const root = run.index.lookup(p)?.root;
    return root && { prefix: root.repoPrefix, label: root.label, source: root.source };
  };
  return { percent: run.ctx.settings.massDeletePercent, groupOf, ...run.opts.releaseDeletes };
}
function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export {
  mergeDatabase,
  emptyDbReport,
  resolveRoots,
  rootIndex,
  projectOutside,
  syncRoots,
  repoPathOfLive,
  mergeKeepBoth,
  parseAllow,
  formatAllow,
  heldFindings,
  heldWhere,
  adoptHint,
  ADOPT_HINT,
  RemoteRewrittenError,
  noOutcomes,
  importFiles,
  placeWaiting,
  heldList,
  runSync
};
