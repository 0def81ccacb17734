import {
  EXIT,
  JSON_OPTION,
  isGroup
} from "./chunk-UWQTVDVW.mjs";
import {
  DATE_FORM
} from "./chunk-TIZHATIU.mjs";
import {
  enableProgress,
  endProgress
} from "./chunk-D5GCV3EA.mjs";
import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import {
  asOsError
} from "./chunk-WPONZTDY.mjs";
import {
  memsyncHome
} from "./chunk-YKBZQG47.mjs";
import {
  MemsyncError,
  UsageError
} from "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";

// package.json
var package_default = {
  name: "memsync",
  version: "0.1.0",
  description: "Sync AI coding agents' memory (Claude Code auto memory, CLAUDE.md, rules) across machines through a git remote you own.",
  type: "module",
  license: "MIT",
  bin: {
    memsync: "plugin/bin/memsync"
  },
  engines: {
    node: ">=20"
  },
  scripts: {
    memsync: "tsx src/commands/bin.ts",
    typecheck: "tsc --noEmit",
    pretest: "node scripts/testSetup.mjs",
    test: "tsc --noEmit && biome check . && node scripts/lineLength.mjs && node --import tsx --test --test-concurrency=2 test/*.test.ts",
    bench: "node --import tsx bench/run.ts",
    build: "node scripts/build.mjs",
    lint: "biome check ."
  },
  devDependencies: {
    "@anthropic-ai/claude-code": "2.1.337",
    "@biomejs/biome": "2.6.8",
    "@secretlint/core": "^9.3.4",
    "@secretlint/profiler": "^9.3.4",
    "@secretlint/secretlint-rule-preset-recommend": "^9.3.4",
    "@types/better-sqlite3": "^9.6.0",
    "@types/node": "^20.17.0",
    "@types/picomatch": "^3.0.1",
    "@types/proper-lockfile": "^4.1.4",
    "age-encryption": "^0.3.1",
    "better-sqlite3": "^12.11.1",
    bun: "1.4.5",
    "claude-mem": "13.25.3",
    cosmiconfig: "^9.0.0",
    esbuild: "^0.28.2",
    "fast-check": "^4.3.0",
    picomatch: "^4.0.2",
    "proper-lockfile": "^4.1.2",
    tar: "^7.5.23",
    tsx: "^4.19.0",
    typescript: "^5.6.0",
    zod: "^4.1.0"
  }
};

// src/cli/closest.ts
function closest(typed, valid) {
  const scored = valid.map((v) => ({ v, d: typed.length >= 3 && v.startsWith(typed) ? 1 : distance(typed, v) }));
  const best = scored.sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(typed.length / 3)) ? best.v : null;
}
function distance(a, b) {
  const d = Array.from({ length: a.length + 1 }, (_2, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  return d[a.length][b.length];
}

// src/cli/args.ts
function parseCommand(cmd, argv, label) {
  const values = {};
  const positionals = [];
  const byShort = new Map(Object.entries(cmd.options).flatMap(([k, o]) => o.short ? [[o.short, k]] : []));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const written = eq > 0 ? arg.slice(0, eq) : arg;
    const name = written.startsWith("--") ? written.slice(2) : byShort.get(written.slice(1));
    const opt = name === void 0 ? void 0 : cmd.options[name];
    if (!name || !opt) throw unknownOption(cmd, written, label);
    if (opt.type === "boolean") {
      if (eq > 0) throw new UsageError(`${written} takes no value (${arg})`, helpHint(label));
      values[name] = true;
      continue;
    }
    let raw = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
    if (eq < 0 && (raw === void 0 || raw.startsWith("-") && raw !== "-" && Number.isNaN(Number(raw))))
      raw = void 0;
    else if (eq < 0) i++;
    if (raw === void 0) throw new UsageError(`${written} needs a value: ${form(name, opt)}`, helpHint(label));
    set(values, name, opt, raw);
  }
  checkCount(cmd, positionals, label);
  return { values, positionals };
}
function set(values, name, opt, raw) {
  if (opt.type === "list") {
    values[name] = [...values[name] ?? [], raw];
  } else if (opt.type === "number") {
    const n = raw.trim() === "" ? Number.NaN : Number(raw);
    const ok = Number.isFinite(n) && (!opt.integer || Number.isInteger(n)) && n >= (opt.min ?? -Infinity);
    if (!ok) throw new UsageError(`--${name} ${raw}: expected ${numberForm(opt)}`);
    values[name] = n;
  } else {
    if (opt.choices && !opt.choices.includes(raw))
      throw new UsageError(`--${name} ${raw}: expected ${opt.choices.join(", ")}`);
    values[name] = raw;
  }
}
function form(name, opt) {
  const value = opt.choices ? opt.choices.join("|") : opt.value ?? "VALUE";
  return `--${name} ${value}${opt.type === "number" ? ` (${numberForm(opt)})` : ""}`;
}
function numberForm(opt) {
  const what = opt.integer ? "a whole number" : "a number";
  return opt.min === void 0 ? what : `${what}, ${opt.min} or more`;
}
function unknownOption(cmd, written, label) {
  const names = Object.keys(cmd.options).map((k) => `--${k}`);
  const near = closest(written.startsWith("--") ? written : `-${written}`, [...names, "--help"]);
  const takes = names.length ? `${label} takes ${names.join(", ")}` : `${label} takes no options`;
  return new UsageError(
    `unknown option ${written}${near ? ` (did you mean ${near}?)` : ""}`,
    near ? helpHint(label) : `${takes}; see memsync ${label} --help`
  );
}
function checkCount(cmd, positionals, label) {
  const [min, max] = cmd.positionals ?? [0, 0];
  if (positionals.length >= min && positionals.length <= max) return;
  const what = cmd.args ?? "";
  if (positionals.length > max) {
    const took = max === 0 ? "no argument" : `at most ${max} argument${max > 1 ? "s" : ""} (${what})`;
    throw new UsageError(`${label} takes ${took} (got ${positionals.join(" ")})`, helpHint(label));
  }
  throw new UsageError(`${label} needs ${what.replace(/^\[|\]$/g, "")}`, helpHint(label));
}
var helpHint = (label) => `see memsync ${label} --help`;

// src/cli/help.ts
var HEAD = "memsync: sync AI coding agents' memory across machines through a git remote you own";
var FOOT = `Exit codes: 0 ok, 1 failure, 2 usage or settings error, 3 finished with open conflicts,
4 finished but claude-mem's database was not synced (busy or unreadable; the memory files were).
Environment: MEMSYNC_HOME (default ~/.memsync), CLAUDE_CONFIG_DIR (default ~/.claude),
MEMSYNC_HOSTNAME, and MEMSYNC_<SETTING> for any setting.
DATE (in restore --at and export --since): ${DATE_FORM}`;
function synopsis(cmd, prefix = "") {
  const opts = shown(cmd).map(([k, o]) => {
    const one = o.type === "boolean" ? `--${k}` : form(k, o).replace(/ \(.*\)$/, "");
    return `[${one}]${o.type === "list" ? "..." : ""}`;
  });
  return [`${prefix}${cmd.name}`, cmd.args ?? "", ...opts].filter(Boolean).join(" ");
}
function usage(table) {
  const lines = table.filter((e) => isGroup(e) || !e.hidden).flatMap(
    (e) => isGroup(e) ? [`  ${e.name} ${e.subcommands.map((s) => s.name).join("|")}`, `      ${e.summary}`] : [...wrap(synopsis(e), "  ", "      "), `      ${e.summary}`]
  );
  return [HEAD, "", "Usage: memsync <command> [options]   (memsync <command> --help for its options)", "", ...lines].concat(["", FOOT]).join("\n");
}
function commandHelp(e, prefix = "") {
  if (isGroup(e)) {
    const subs = e.subcommands.map((s) => `  ${synopsis(s, `${e.name} `)}
      ${s.summary}`);
    return [`memsync ${e.name}: ${e.summary}`, "", ...subs].join("\n");
  }
  const opts = shown(e).map(([k, o]) => {
    const name = `${o.short ? `-${o.short}, ` : ""}${o.type === "boolean" ? `--${k}` : form(k, o)}`;
    const dflt = o.default === void 0 ? "" : ` (default ${o.default})`;
    return `  ${name.padEnd(30)} ${o.help}${dflt}`;
  });
  const needs = { nothing: "", machine: "needs a set-up machine", setup: "sets the machine up on first use" }[e.needs];
  const notes = [needs, e.lock ? "waits for a sync running on this machine" : ""].filter(Boolean).join("; ");
  return [
    `Usage: memsync ${synopsis(e, prefix)}`,
    "",
    e.summary,
    ...opts.length ? ["", "Options:", ...opts] : [],
    ...notes ? ["", notes] : []
  ].join("\n");
}
var shown = (cmd) => Object.entries(cmd.options).filter(([, o]) => !o.hidden);
function wrap(text, first, rest) {
  const lines = [];
  let line = first;
  for (const word of text.split(" ")) {
    if (line.trim() && line.length + word.length + 1 > 100) {
      lines.push(line);
      line = rest;
    }
    line += line.trim() ? ` ${word}` : word;
  }
  return [...lines, line];
}

// src/commands/allow.ts
var allow = {
  name: "allow",
  summary: "release a secret-scan false positive (whole file, or one line) so it is published",
  args: "PATH",
  positionals: [1, 1],
  options: {
    line: { type: "number", integer: true, min: 1, value: "N", help: "only this line of the file" },
    ...JSON_OPTION
  },
  needs: "machine",
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { allowSecret, allowSummary } = await import("./allow-GBFAQWWE.mjs");
    const { CLAUDE_MEM_FILES } = await import("./dbCommands-IQBRFSMS.mjs");
    const res = await allowSecret(ctx, positionals[0], values.line, CLAUDE_MEM_FILES);
    return { data: res, text: () => allowSummary(res) };
  }
};

// src/commands/exchange.ts
var IMPORT_OPTIONS = {
  strategy: {
    type: "string",
    choices: ["skip", "overwrite", "merge"],
    help: "where a file differs: keep live, overwrite it, or merge"
  },
  "dry-run": { type: "boolean", help: "print what it would do; change nothing" },
  force: { type: "boolean", help: "also overwrite a local change not published yet" },
  project: {
    type: "list",
    value: "DIR",
    help: "where one of the file's projects is checked out here: its memory goes there now (repeatable); the others wait for their folders"
  },
  ...JSON_OPTION
};
async function importOptions(values, label) {
  if (!values.strategy) {
    const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
    throw new UsageError2(`${label} needs --strategy skip|overwrite|merge`, `see memsync ${label} --help`);
  }
  const { checkProjectDir } = await import("./checks-AJEJWU2C.mjs");
  return {
    strategy: values.strategy,
    dryRun: !!values["dry-run"],
    force: !!values.force,
    projects: (values.project ?? []).map((p) => checkProjectDir(p))
  };
}
var exportCommand = {
  name: "export",
  summary: "write this machine's live memory to a readable JSON file (- for stdout)",
  args: "FILE",
  positionals: [1, 1],
  options: {
    project: { type: "list", value: "ID", help: "only this project (repeatable)" },
    source: { type: "list", value: "NAME", help: "only this source (repeatable)" },
    since: { type: "string", value: "DATE", help: `only files changed since DATE: ${DATE_FORM}` }
  },
  needs: "machine",
  async run({ values, positionals, machine }) {
    const file = positionals[0];
    const { buildExport, entryContent, parseSince, writeExport } = await import("./exchange-DGFDKVTF.mjs");
    const since = values.since === void 0 ? null : parseSince(values.since);
    const { ctx } = await machine();
    const doc = await buildExport(ctx, {
      projects: values.project ?? [],
      sources: values.source ?? [],
      since
    });
    const { leavesMemsync, withoutSecrets } = await import("./outgoing-6OTTJFOB.mjs");
    const allow2 = ctx.settings.secrets.allow;
    const out = leavesMemsync(ctx.home, file) ? await withoutSecrets(allow2, doc.files, entryContent) : null;
    if (out) doc.files = out.kept;
    await writeExport(doc, file);
    const { NOT_TAKEN } = await import("./syncReport-ZFIQ3IM6.mjs");
    for (const l of out?.held.length ? [...out.held, NOT_TAKEN] : []) console.error(`memsync export: ${l}`);
    const n = doc.files.length;
    return { text: file === "-" ? void 0 : () => `exported ${n} file${n === 1 ? "" : "s"} to ${file}` };
  }
};
var importCommand = {
  name: "import",
  summary: "write an export's files into live memory (then memsync sync publishes them)",
  args: "FILE",
  positionals: [1, 1],
  options: IMPORT_OPTIONS,
  // A new laptop starts here: the first import sets the machine up as a first sync does.
  needs: "setup",
  lock: true,
  async run({ values, positionals, machine }) {
    const opts = await importOptions(values, "import");
    const { formatImport, importExport, readExport } = await import("./exchange-DGFDKVTF.mjs");
    const doc = readExport(positionals[0]);
    const ctx = await (await import("./syncReport-ZFIQ3IM6.mjs")).setUp(machine);
    const { safetyBackup, safetyLine } = await import("./safetyBackup-VWQDBV6D.mjs");
    const safety = await safetyBackup(ctx, opts);
    const res = await importExport(ctx, doc, opts);
    const text = formatImport(res);
    const line = safetyLine(safety, opts);
    return { data: { ...res, safetyBackup: safety }, text: () => line ? `${text}
${line}` : text };
  }
};

// src/commands/backup.ts
var lib = () => import("./backup-6QUKCFZQ.mjs");
var files = (n) => `${n} file${n === 1 ? "" : "s"}`;
var andDbs = (dbs) => dbs.length ? ` and the ${dbs.join(", ")} database` : "";
var create = {
  name: "create",
  summary: "a .tar.gz of this machine's live memory (default folder: MEMSYNC_HOME/backups)",
  options: { output: { type: "string", short: "o", value: "FILE", help: "write it there" }, ...JSON_OPTION },
  needs: "machine",
  async run({ values, machine }) {
    const { ctx } = await machine();
    const r = await (await lib()).createBackup(ctx, values.output);
    const { NOT_TAKEN } = await import("./syncReport-ZFIQ3IM6.mjs");
    for (const l of r.held.length ? [...r.held, NOT_TAKEN] : []) console.error(`memsync backup: ${l}`);
    const dbs = (r.manifest.databases ?? []).map((d) => d.name);
    return {
      data: { file: r.file, files: r.manifest.files.length, databases: dbs },
      text: () => `backed up ${files(r.manifest.files.length)}${andDbs(dbs)} to ${r.file}`
    };
  }
};
var verify = {
  name: "verify",
  summary: "check a backup whole",
  args: "FILE",
  positionals: [1, 1],
  options: JSON_OPTION,
  needs: "nothing",
  async run({ positionals, home }) {
    const { manifest, databases } = await (await lib()).verifyBackup(positionals[0], home);
    const dbs = [...databases.keys()];
    const n = manifest.files.length;
    return {
      data: { ok: true, host: manifest.host, createdAt: manifest.createdAt, files: n, databases: dbs },
      text: () => `ok: ${files(n)}${andDbs(dbs)} from ${manifest.host} (${manifest.createdAt})`
    };
  }
};
var restore = {
  name: "restore",
  summary: "verify a backup, then write it into live memory as import does",
  args: "FILE",
  positionals: [1, 1],
  options: IMPORT_OPTIONS,
  needs: "setup",
  lock: true,
  async run({ values, positionals, machine }) {
    const opts = await importOptions(values, "backup restore");
    const ctx = await (await import("./syncReport-ZFIQ3IM6.mjs")).setUp(machine);
    const { safetyBeforeRestore, safetyLine } = await import("./safetyBackup-VWQDBV6D.mjs");
    const safety = await safetyBeforeRestore(ctx, positionals[0], opts);
    const res = await (await lib()).restoreBackup(ctx, positionals[0], opts);
    const { formatImport } = await import("./exchange-DGFDKVTF.mjs");
    const text = formatImport(res).replace(/^import from/, "restore from a backup of");
    const line = safetyLine(safety, opts);
    return { data: { ...res, safetyBackup: safety }, text: () => line ? `${text}
${line}` : text };
  }
};
var list = {
  name: "list",
  summary: "every backup and saved database copy, with its kind, time, size and whether it verifies",
  options: JSON_OPTION,
  needs: "nothing",
  async run({ home }) {
    const { readScheduleRecord } = await import("./backupSchedule-WK2BPOTH.mjs");
    const { backupDir } = await lib();
    const dirs = [backupDir(home), readScheduleRecord(home)?.schedule?.output ?? backupDir(home)];
    const backups = await (await import("./backupList-DOIUKGY7.mjs")).listBackups(home, dirs);
    const line = (b) => `${b.time}  ${b.kind.padEnd(13)}  ${String(b.bytes).padStart(10)} bytes  ${b.verified ? "verifies" : `DOES NOT VERIFY (${b.problem})`}  ${b.file}`;
    const text = () => backups.length ? backups.map(line).join("\n") : `no backups in ${[...new Set(dirs)].join(" or ")}`;
    return { data: { backups }, text };
  }
};
var prune = {
  name: "prune",
  summary: "delete all but the newest N backups of the default folder (database copies stay)",
  options: {
    keep: { type: "number", integer: true, min: 1, value: "N", help: "how many to keep" },
    ...JSON_OPTION
  },
  needs: "nothing",
  async run({ values, home }) {
    if (values.keep === void 0) {
      const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
      throw new UsageError2("backup prune needs --keep N", "see memsync backup prune --help");
    }
    const deleted = (await import("./backupList-DOIUKGY7.mjs")).pruneBackups(home, values.keep);
    return {
      data: { deleted },
      text: () => deleted.length ? deleted.map((f) => `deleted ${f}`).join("\n") : "nothing to delete"
    };
  }
};
var schedule = {
  name: "schedule",
  summary: "back up by itself when due (the hooks start it at a session start or end); no option: show it",
  options: {
    every: { type: "string", value: "daily|weekly|Nh", help: "one backup per UTC day, week (from Monday) or N hours" },
    "keep-days": {
      type: "number",
      integer: true,
      min: 1,
      value: "N",
      help: "delete scheduled ones older (default 30)"
    },
    keep: { type: "number", integer: true, min: 1, value: "N", help: "keep the newest N scheduled ones (default 10)" },
    output: { type: "string", short: "o", value: "DIR", help: "put them there (default: MEMSYNC_HOME/backups)" },
    off: { type: "boolean", help: "stop scheduled backups (those made stay)" },
    ...JSON_OPTION
  },
  needs: "machine",
  async run({ values, home, env, machine }) {
    await machine();
    const o = {
      every: values.every,
      keepDays: values["keep-days"],
      keep: values.keep,
      output: values.output,
      off: !!values.off
    };
    const s = await import("./backupSchedule-DOA7FCOV.mjs");
    const { underMutex } = await import("./background-NLKQTNO3.mjs");
    const record = s.changesSchedule(o) ? await underMutex(home, () => s.setSchedule(home, o)) : s.loadRecord(home);
    const { now } = await import("./now-AMF5POJI.mjs");
    const lines = s.scheduleLines(home, record, now(env));
    return { data: record, text: () => lines.join("\n") };
  }
};
var backup = {
  name: "backup",
  summary: "a .tar.gz of live memory, checked whole before a restore (which works like import); no remote needed",
  subcommands: [create, verify, restore, list, prune, schedule]
};

// src/commands/conflicts.ts
var FILE_RESOLVE = "resolve with: memsync resolve PATH --keep local|remote|both, or edit the live file and run memsync resolve PATH --done";
var DB_RESOLVE = "compare with: memsync conflicts claude-mem; resolve with: memsync resolve claude-mem --keep-local|--use-remote";
var conflicts = {
  name: "conflicts",
  summary: "open conflicts and their copies (claude-mem: each conflicting row, this machine's and the remote's)",
  args: "[claude-mem]",
  positionals: [0, 1],
  options: JSON_OPTION,
  needs: "nothing",
  async run({ positionals, env }) {
    const { loadContext } = await import("./context-WXYJM3FF.mjs");
    const { DB_SOURCE } = await import("./resolveDb-L5BOCRBQ.mjs");
    const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
    const ctx = await loadContext(env);
    if (positionals[0] === DB_SOURCE && ctx) {
      const { showDbConflicts } = await import("./showConflicts-T24WCC2F.mjs");
      const { openRepo } = await import("./openRepo-Z7UCTRZJ.mjs");
      const { formatDbConflicts } = await import("./dbCommands-IQBRFSMS.mjs");
      const shown2 = await showDbConflicts(ctx, openRepo(ctx));
      const exit = shown2.rows.length || shown2.file ? EXIT.conflicts : EXIT.ok;
      return { data: shown2, text: () => formatDbConflicts(shown2), exit };
    }
    if (positionals.length) throw new UsageError2(`conflicts ${positionals[0]}: expected no argument, or ${DB_SOURCE}`);
    const { loadHeader } = await import("./state-JVSR6FRQ.mjs");
    const { listDbConflicts } = await import("./showConflicts-T24WCC2F.mjs");
    const state = ctx ? await loadHeader(ctx.home) : null;
    const list3 = Object.entries(state?.conflicts ?? {}).map(([p, c]) => ({
      path: p,
      livePath: c.livePath,
      copy: c.copy,
      host: c.host,
      since: c.since,
      ...c.shape && { shape: c.shape },
      ...c.clash && { clash: c.clash }
    }));
    const rows = ctx?.settings.sources.claudeMem.enabled ? await listDbConflicts(ctx.home) : [];
    const text = () => [
      ...list3.map(
        (c) => `${c.path}
  live:   ${c.livePath}
  ${c.shape ? "file:  " : "remote:"} ${c.copy} (from ${c.host})`
      ),
      ...rows.map((r) => `claude-mem ${r.table} ${JSON.stringify(r.identity)}`),
      ...list3.length ? [FILE_RESOLVE] : [],
      ...rows.length ? [DB_RESOLVE] : []
    ].join("\n") || "no open conflicts";
    return {
      data: { conflicts: list3, claudeMem: rows },
      text,
      exit: list3.length || rows.length ? EXIT.conflicts : EXIT.ok
    };
  }
};

// src/commands/consolidate.ts
var consolidate = {
  name: "consolidate",
  summary: "find repeated and nearly repeated memories and index lines; --apply removes the exact repeats",
  options: {
    "dry-run": { type: "boolean", help: "change nothing" },
    apply: { type: "boolean", help: "remove the exact repeats (then memsync sync publishes it)" },
    ...JSON_OPTION
  },
  needs: "machine",
  lock: true,
  async run({ values, machine }) {
    const [apply, dryRun] = [!!values.apply, !!values["dry-run"]];
    const { ctx } = await machine();
    const r = await (await import("./run-T3ORQLAD.mjs")).consolidate(ctx, { apply, dryRun });
    const { formatConsolidate } = await import("./consolidate-3AIFRP6B.mjs");
    const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
    return {
      data: r,
      text: () => [formatConsolidate(r.folders, apply, dryRun), ...formatRecorded(r.recorded)].join("\n")
    };
  }
};

// src/commands/doctor.ts
var doctor = {
  name: "doctor",
  summary: "check git, settings, the remote, the lock and the repository, each with its fix",
  options: {
    fix: { type: "boolean", help: "move a damaged clone aside so the next sync fetches it again" },
    ...JSON_OPTION
  },
  needs: "nothing",
  async run({ values, env, home }) {
    const { checksPassed, formatChecks, repairClone, runDoctor } = await import("./doctor-OKZWR2JT.mjs");
    const { loadContext } = await import("./context-WXYJM3FF.mjs");
    const movedAside = values.fix ? await repairClone(home, (await loadContext(env))?.host ?? "doctor") : null;
    const checks = await runDoctor(env);
    const moved = movedAside ? `moved the damaged clone aside to ${movedAside}; memsync sync fetches it again
` : "";
    return {
      data: { checks, ...movedAside ? { movedAside } : {} },
      text: () => moved + formatChecks(checks),
      exit: checksPassed(checks) ? EXIT.ok : EXIT.failure
    };
  }
};

// src/commands/fleet.ts
var propose = {
  name: "propose",
  summary: "(role contributor) push this machine's changes to memsync/<host> and open a pull request for them",
  options: { title: { type: "string", value: "T", help: "the pull request's title" }, ...JSON_OPTION },
  needs: "machine",
  lock: true,
  async run({ values, machine }) {
    const { ctx } = await machine();
    const r = await (await import("./fleet-WG6D7KXP.mjs")).propose(ctx, values.title);
    const text = () => {
      if (!r.paths.length) return `nothing to propose: the shared branch already has this machine's changes`;
      const lines = [
        `${r.paths.length} change${r.paths.length > 1 ? "s" : ""} on ${r.branch}:`,
        ...r.paths.map((p) => `  ${p}`)
      ];
      if (r.opened?.by === "gh") lines.push(r.opened.output || "pull request opened");
      else if (r.opened) lines.push("to open the pull request:", ...r.opened.steps.map((s) => `  ${s}`));
      return lines.join("\n");
    };
    return { data: r, text };
  }
};
var sweepBranches = {
  name: "sweep-branches",
  summary: "delete memsync/* branches merged into the shared branch and idle N days",
  options: {
    "idle-days": { type: "number", min: 0, value: "N", default: 15, help: "only branches idle this many days" },
    "dry-run": { type: "boolean", help: "list what would be deleted" },
    ...JSON_OPTION
  },
  needs: "machine",
  lock: true,
  async run({ values, machine }) {
    const { ctx } = await machine();
    const days = values["idle-days"] ?? 15;
    const r = await (await import("./fleet-WG6D7KXP.mjs")).sweepBranches(ctx, days, !!values["dry-run"]);
    const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
    const text = () => [
      ...r.deleted.map((b) => `${r.dryRun ? "would delete" : "deleted"} ${b}`),
      ...r.kept.map((k) => `kept ${k.branch}: ${k.reason}`),
      ...r.deleted.length || r.kept.length ? [] : ["no memsync/* branches on the remote"],
      ...formatRecorded(r.recorded)
    ].join("\n");
    return { data: r, text };
  }
};

// src/commands/history.ts
var log = {
  name: "log",
  summary: "what changed on the remote, when and from which host (newest first)",
  args: "[PATH]",
  positionals: [0, 1],
  options: {
    ...JSON_OPTION,
    limit: { type: "number", integer: true, min: 1, value: "N", default: 50, help: "at most N commits" }
  },
  needs: "machine",
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { historyLog } = await import("./history-KNVX7A4D.mjs");
    const r = await historyLog(ctx, positionals[0] ?? null, values.limit ?? 50);
    const text = () => {
      const lines = [];
      for (const e of r.entries) {
        lines.push(`${e.commit.slice(0, 12)} ${e.time} ${e.host}${e.message ? `  ${e.message}` : ""}`);
        for (const c of e.paths) lines.push(`  ${c.status} ${c.path}`);
      }
      if (!r.entries.length) lines.push(r.path ? `no history for ${r.path}` : "no history yet");
      for (const n of r.notes) lines.push(`note: ${n}`);
      return lines.join("\n");
    };
    return { data: r, text };
  }
};
var restore2 = {
  name: "restore",
  summary: "bring a file (or every file) back as it was then, as a new local change, then sync",
  args: "[PATH]",
  positionals: [0, 1],
  options: {
    at: { type: "string", value: "COMMIT|DATE", help: `the commit, or a DATE: ${DATE_FORM}` },
    all: { type: "boolean", help: "every file" },
    force: { type: "boolean", help: "also over an edit not published yet" },
    "no-sync": { type: "boolean", help: "only write the files; the next sync publishes them" },
    "dry-run": { type: "boolean", help: "show what the restore would write, change nothing" },
    ...JSON_OPTION
  },
  needs: "machine",
  lock: true,
  async run({ values, positionals, machine }) {
    const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
    const target = positionals[0];
    if (!!target === !!values.all) throw new UsageError2("restore needs either a PATH or --all");
    if (!values.at)
      throw new UsageError2("restore needs --at COMMIT|DATE", "memsync log shows the commits and their times");
    const { ctx } = await machine();
    const { applyRestore, dryRestore, planRestore } = await import("./history-KNVX7A4D.mjs");
    const { runSync } = await import("./engine-JUIBFIKG.mjs");
    const { humanReport, jsonReport, roundExit } = await import("./syncReport-ZFIQ3IM6.mjs");
    const dryRun = !!values["dry-run"];
    const sync2 = !values["no-sync"] && !dryRun;
    const [at, force] = [values.at, !!values.force];
    const plan = dryRun ? null : await planRestore(ctx, target ?? null, at);
    const before = sync2 ? await runSync(ctx, { mode: "pull" }) : null;
    const res = plan ? await applyRestore(ctx, plan, force) : await dryRestore(ctx, target ?? null, at, force);
    const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
    const report = sync2 ? await runSync(ctx, { mode: "sync" }) : null;
    const notes = [...before?.notes ?? [], ...res.notes];
    const text = () => [
      `as of ${res.commit.slice(0, 12)} (${res.time}):`,
      ...res.restored.map((r) => `  ${dryRun ? "would restore" : "restored"} ${r.path}`),
      ...res.unchanged.map((p) => `  already as then: ${p}`),
      ...res.skipped.map((p) => `  changed meanwhile, left alone: ${p}`),
      res.restored.length || res.unchanged.length || res.skipped.length ? "" : "  nothing to restore",
      ...notes.map((n) => `note: ${n}`),
      ...formatRecorded(res.recorded),
      report ? humanReport(report) : res.restored.length && !dryRun ? "run memsync sync to publish what was restored" : ""
    ].filter(Boolean).join("\n");
    return { data: { ...res, notes, sync: report && jsonReport(report) }, text, exit: roundExit(report) };
  }
};

// src/commands/hooks.ts
import path from "node:path";
import { fileURLToPath } from "node:url";
function distDir() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.basename(here) === "chunks" ? path.dirname(here) : here;
  return path.basename(dir) === "dist" ? dir : path.resolve(here, "..", "..", "plugin", "dist");
}
function hookCommand(arg) {
  return `node "${path.join(distDir(), "hook.cjs")}" ${arg}`;
}
var install = {
  name: "install",
  summary: "add the Claude Code hooks to settings.json (refused while the plugin is enabled)",
  options: JSON_OPTION,
  needs: "nothing",
  async run({ env }) {
    const { claudeConfigDir } = await import("./paths-JGLRIINJ.mjs");
    const r = await (await import("./install-P4BWHGZY.mjs")).installHooks(claudeConfigDir(env), hookCommand);
    const text = () => r.added.length ? `added memsync hooks (${r.added.join(", ")}) to ${r.file}` : `memsync hooks are already in ${r.file}`;
    return { data: r, text };
  }
};
var uninstall = {
  name: "uninstall",
  summary: "remove the Claude Code hooks from settings.json",
  options: JSON_OPTION,
  needs: "nothing",
  async run({ env }) {
    const { claudeConfigDir } = await import("./paths-JGLRIINJ.mjs");
    const r = await (await import("./install-P4BWHGZY.mjs")).uninstallHooks(claudeConfigDir(env));
    const text = () => r.removed.length ? `removed memsync hooks (${r.removed.join(", ")}) from ${r.file}` : `no memsync hooks in ${r.file}`;
    return { data: r, text };
  }
};
var hooks = {
  name: "hooks",
  summary: "add or remove the Claude Code hooks in settings.json (without the plugin)",
  subcommands: [install, uninstall]
};
var hook = {
  name: "hook",
  summary: "what a Claude Code hook runs",
  options: {},
  needs: "nothing",
  hidden: true,
  raw: true,
  async run({ positionals, env }) {
    const { runHook } = await import("./run-BNPFSKOG.mjs");
    await runHook(positionals[0] ?? "", env, path.resolve(process.argv[1] ?? "memsync"));
    return process.exit(EXIT.ok);
  }
};
var installCli = {
  name: "install-cli",
  summary: "put a memsync launcher in DIR that runs the plugin's CLI",
  options: {
    dir: { type: "string", value: "DIR", default: "~/.local/bin", help: "the folder to put it in" },
    ...JSON_OPTION
  },
  needs: "nothing",
  async run({ values, env }) {
    const { installLauncher } = await import("./launcher-NM4W4BEW.mjs");
    const r = installLauncher(distDir(), values.dir, env);
    return {
      data: r,
      text: () => `wrote ${r.file}${r.onPath ? "" : `; add ${path.dirname(r.file)} to PATH to run it as memsync`}`
    };
  }
};

// src/commands/init.ts
var FORCE = { type: "boolean", help: "take a remote that holds other content" };
var REMOTE = { type: "string", value: "URL", help: "the git remote to sync through" };
var init = {
  name: "init",
  summary: "set up this machine (default remote: a bare repository in MEMSYNC_HOME)",
  options: {
    remote: REMOTE,
    force: FORCE,
    encrypt: { type: "boolean", help: "the remote holds only age-encrypted files from now on" },
    ...JSON_OPTION
  },
  needs: "nothing",
  async run({ values, env, home }) {
    const { checkedRemote } = await import("./checks-AJEJWU2C.mjs");
    const { loadContext, initMachine } = await import("./context-WXYJM3FF.mjs");
    const { defaultSettings } = await import("./settings-J756HHQG.mjs");
    const { checkRemoteFor } = await import("./remoteCheck-MQWQZRBP.mjs");
    const remote = values.remote ? checkedRemote(values.remote) : void 0;
    const known = (await loadContext(env))?.settings;
    const check = remote && remote !== known?.remote ? await checkRemoteFor(home, known ?? defaultSettings(home, env), remote, !!values.force, "init") : null;
    const { ctx, created } = await initMachine(env, remote);
    if (values.encrypt) return (await import("./encryptInit-EDDTNJNM.mjs")).encryptInit(ctx, created, check?.next);
    const changed = !created && check ? known.remote : void 0;
    const head = created ? `memsync set up in ${ctx.home}; remote: ${ctx.settings.remote}` : changed ? `memsync is already set up in ${ctx.home}; remote changed from ${changed} to ${ctx.settings.remote}` : `memsync is already set up in ${ctx.home}; remote: ${ctx.settings.remote}`;
    const data = { initialized: true, created, home: ctx.home, remoteUrl: ctx.settings.remote, ...check };
    return {
      data: { ...data, ...changed ? { previousRemote: changed } : {} },
      text: () => [head, check?.next ?? ""].filter(Boolean).join("\n")
    };
  }
};
var configure = {
  name: "configure",
  summary: "point at another remote (checked first: one with other content needs --force)",
  options: { remote: REMOTE, force: FORCE, ...JSON_OPTION },
  needs: "setup",
  async run({ values, env, home, machine }) {
    const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
    if (!values.remote) throw new UsageError2("configure needs --remote URL", "see memsync configure --help");
    const { checkedRemote } = await import("./checks-AJEJWU2C.mjs");
    const remote = checkedRemote(values.remote);
    const { settings } = (await machine()).ctx;
    const { checkRemoteFor } = await import("./remoteCheck-MQWQZRBP.mjs");
    const { writeSettings } = await import("./settings-J756HHQG.mjs");
    const { initMachine } = await import("./context-WXYJM3FF.mjs");
    const check = await checkRemoteFor(home, settings, remote, !!values.force, "configure");
    await writeSettings(home, { remote });
    const { ctx } = await initMachine(env);
    return {
      data: { remoteUrl: ctx.settings.remote, ...check },
      text: () => `remote set to ${ctx.settings.remote}
${check.next}`
    };
  }
};

// src/commands/keys.ts
var lib2 = () => import("./keys-C63UROSC.mjs");
var init2 = {
  name: "init",
  summary: "this machine's own age identity (MEMSYNC_HOME/identity.txt); prints its public key",
  options: JSON_OPTION,
  needs: "setup",
  async run({ machine }) {
    const { ctx } = await machine();
    const { identity, created } = await (await lib2()).keysInit(ctx);
    return {
      data: { publicKey: identity.publicKey, identityFile: identity.file, created },
      text: () => [
        `${created ? "created" : "kept"} this machine's age identity ${identity.file}`,
        `public key: ${identity.publicKey}`,
        `on a machine that reads the remote, run: memsync keys add ${identity.publicKey} --name ${ctx.host}`,
        "(or, for a new remote, memsync init --encrypt here)"
      ].join("\n")
    };
  }
};
var add = {
  name: "add",
  summary: "let another machine read the encrypted remote (re-encrypts the current files)",
  args: "AGE1KEY",
  positionals: [1, 1],
  options: { name: { type: "string", value: "HOST", help: "the machine's name in keys list" }, ...JSON_OPTION },
  needs: "machine",
  lock: true,
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const r = await (await lib2()).keysAdd(ctx, positionals[0], values.name);
    const text = () => r.commit ? `added; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? " is" : "s are"} now encrypted to: ${r.recipients.map((x) => x.name).join(", ")}` : "that key is already a recipient";
    return { data: r, text };
  }
};
var remove = {
  name: "remove",
  summary: "stop encrypting to a machine (what it already fetched, it keeps)",
  args: "NAME",
  positionals: [1, 1],
  options: JSON_OPTION,
  needs: "machine",
  lock: true,
  async run({ positionals, machine }) {
    const { ctx } = await machine();
    const r = await (await lib2()).keysRemove(ctx, positionals[0]);
    const text = () => `removed; the remote's ${r.reencrypted} current file${r.reencrypted === 1 ? " is" : "s are"} re-encrypted to: ${r.recipients.map((x) => x.name).join(", ")}
what that machine fetched before, and the remote's older history, it can still read`;
    return { data: r, text };
  }
};
var list2 = {
  name: "list",
  summary: "who can read the encrypted remote",
  options: JSON_OPTION,
  needs: "machine",
  async run({ machine }) {
    const { ctx } = await machine();
    const r = await (await lib2()).keysList(ctx);
    const text = () => r.recipients.length ? r.recipients.map((x) => `${x.name}	${x.key}${x.key === r.publicKey ? "	(this machine)" : ""}`).join("\n") + (r.offline ? "\n(remote not reached: as of the last fetch)" : "") : "the remote is not encrypted (no recipients): memsync init --encrypt encrypts it";
    return { data: r, text };
  }
};
var exportKey = {
  name: "export",
  summary: "print this machine's identity, to share one key between machines",
  options: {},
  needs: "machine",
  async run({ machine }) {
    const { ctx } = await machine();
    process.stdout.write(await (await lib2()).keysExport(ctx));
    console.error(
      "memsync keys export: this is a secret key: whoever has it reads the remote. Move it to the other machine (memsync keys import) and delete any copy."
    );
    return {};
  }
};
var importKey = {
  name: "import",
  summary: "use a shared identity (from stdin without FILE), or a recovery key",
  args: "[FILE]",
  positionals: [0, 1],
  options: { force: { type: "boolean", help: "replace another identity this machine holds" }, ...JSON_OPTION },
  needs: "setup",
  async run({ values, positionals, machine }) {
    const file = positionals[0] ?? "-";
    const fs = await import("node:fs");
    let text;
    try {
      text = fs.readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (e) {
      const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
      throw new UsageError2(`cannot read ${file === "-" ? "stdin" : file}: ${e.message}`);
    }
    const { ctx } = await machine();
    const r = await (await lib2()).keysImport(ctx, text, file === "-" ? "stdin" : file, !!values.force);
    return {
      data: { publicKey: r.identity.publicKey, identityFile: r.identity.file, changed: r.changed },
      text: () => `${r.changed ? "imported" : "already had"} the identity with public key ${r.identity.publicKey} (${r.identity.file}); this machine now reads and writes the encrypted remote`
    };
  }
};
function trust(name, summary) {
  const options = name === "recovery" ? { name: { type: "string", value: "NAME", help: "its recipient name" } } : {};
  return {
    name,
    summary,
    options: { ...options, ...JSON_OPTION },
    needs: "machine",
    lock: true,
    async run({ values, machine }) {
      const { ctx } = await machine();
      const r = await (await import("./keysTrust-GQRKBPJR.mjs")).keysTrust(name, ctx, values.name);
      if (r.note) console.error(r.note);
      return { data: r.data, text: () => r.text };
    }
  };
}
var keys = {
  name: "keys",
  summary: "this machine's age identity and who can read the encrypted remote",
  subcommands: [
    init2,
    add,
    list2,
    remove,
    exportKey,
    importKey,
    trust("accept", "take the remote's changed recipients list (after checking it: keys list)"),
    trust("restore", "put back the recipients list this machine agreed to"),
    trust("recovery", "make a recovery key, print it once to keep offline, add it as a recipient")
  ]
};

// src/commands/resolve.ts
var resolve = {
  name: "resolve",
  summary: "end a conflict (file or claude-mem) or a held mass deletion, then sync",
  args: "PATH|PROJECT|claude-mem",
  positionals: [1, 1],
  options: {
    keep: { type: "string", choices: ["local", "remote", "both"], help: "end a file conflict with one side or both" },
    done: { type: "boolean", help: "end a file conflict after editing the live file by hand" },
    "confirm-deletes": { type: "boolean", help: "let a held mass deletion go (PROJECT or claude-mem)" },
    "restore-files": { type: "boolean", help: "bring the files of a held mass deletion back (PROJECT)" },
    "keep-local": { type: "boolean", help: "claude-mem: keep this machine's rows" },
    "use-remote": { type: "boolean", help: "claude-mem: take the remote's rows" },
    "force-push": { type: "boolean", help: "claude-mem file mode: keep local (claude-mem's own word)" },
    "pull-first": { type: "boolean", help: "claude-mem file mode: take the remote (claude-mem's own word)" },
    "no-sync": { type: "boolean", help: "only record the resolution; the next sync carries it out" },
    "dry-run": { type: "boolean", help: "show what the resolution would write or record, change nothing" },
    ...JSON_OPTION
  },
  needs: "setup",
  lock: true,
  async run({ values, positionals, machine }) {
    const target = positionals[0];
    const { DB_SOURCE } = await import("./resolveDb-L5BOCRBQ.mjs");
    if (target === DB_SOURCE) return resolveDb(values, machine);
    const { deleteResolution } = await import("./heldDeletes-RNYE2W4B.mjs");
    const deletes = deleteResolution(values);
    if (deletes) return resolveDeletes((await machine()).ctx, target, deletes);
    return resolveFile(values, target, machine);
  }
};
async function resolveDb(values, machine) {
  const { dbResolution } = await import("./dbCommands-IQBRFSMS.mjs");
  const { confirmDbDeletes, resolveDatabase, DB_SOURCE } = await import("./resolveDb-L5BOCRBQ.mjs");
  const { withEffects } = await import("./seam-5FD2T5QD.mjs");
  const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
  const { humanReport, jsonReport, roundExit } = await import("./syncReport-ZFIQ3IM6.mjs");
  const how = dbResolution(values);
  const { ctx } = await machine();
  const dryRun = !!values["dry-run"];
  const { value: open, recorded } = await withEffects(
    ctx,
    dryRun,
    (fx) => how === "confirm-deletes" ? confirmDbDeletes(ctx.home, fx) : resolveDatabase(ctx.home, how, fx)
  );
  const sync2 = !values["no-sync"] && !dryRun;
  const report = sync2 ? await (await import("./engine-JUIBFIKG.mjs")).runSync(ctx, { mode: "sync" }) : null;
  const then = report ? humanReport(report) : dryRun ? "" : "run memsync sync to carry it out";
  return {
    data: {
      resolved: { source: DB_SOURCE, resolution: how, conflicts: open },
      sync: report && jsonReport(report),
      recorded: recorded ?? void 0
    },
    text: () => [`claude-mem: ${dbResolved(how, open, dryRun)}`, ...formatRecorded(recorded ?? void 0), then].filter(Boolean).join("\n"),
    exit: roundExit(report)
  };
}
function dbResolved(how, open, dryRun) {
  const n = `${open} ${how === "confirm-deletes" ? "held deletion" : "conflict"}${open > 1 ? "s" : ""}`;
  if (how === "confirm-deletes") return dryRun ? `would confirm ${n}` : `${n} confirmed`;
  return dryRun ? `would resolve ${n} (keep ${how})` : `${n} resolved (kept ${how})`;
}
async function resolveDeletes(ctx, target, deletes) {
  const { resolveHeldDeletes } = await import("./resolveDeletes-3BRUCS2G.mjs");
  const { humanReport, jsonReport, roundExit } = await import("./syncReport-ZFIQ3IM6.mjs");
  const res = await resolveHeldDeletes(ctx, target, deletes);
  const n = res.paths.length;
  return {
    data: { resolved: { project: res.label, deletions: res.paths, resolution: deletes }, sync: jsonReport(res.report) },
    text: () => [
      `${res.label}: ${n} held deletion${n > 1 ? "s" : ""} ${deletes === "confirm" ? "let go" : "undone (files brought back)"}`,
      humanReport(res.report)
    ].join("\n"),
    exit: roundExit(res.report)
  };
}
async function resolveFile(values, target, machine) {
  const { UsageError: UsageError2 } = await import("./errors-455RDEWZ.mjs");
  const keep = values.keep;
  if (!!keep === !!values.done) throw new UsageError2("resolve needs either --keep local|remote|both or --done");
  const { ctx } = await machine();
  const { resolveConflict } = await import("./resolve-LCNC5OAG.mjs");
  const { humanReport, jsonReport, roundExit } = await import("./syncReport-ZFIQ3IM6.mjs");
  const how = keep ?? "done";
  const dryRun = !!values["dry-run"];
  const res = await resolveConflict(ctx, target, how, dryRun);
  const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
  const sync2 = !values["no-sync"] && !dryRun;
  const report = sync2 ? await (await import("./engine-JUIBFIKG.mjs")).runSync(ctx, { mode: "sync" }) : null;
  const { recorded, ...resolved } = res;
  return {
    data: { resolved, sync: report && jsonReport(report), recorded },
    text: () => [
      `${dryRun ? "would resolve" : "resolved"} ${res.path} (${how === "done" ? "your edit" : `kept ${how}`})`,
      ...formatRecorded(recorded),
      res.keptCopy && !dryRun ? `the conflict copy ${res.keptCopy} was kept (${res.keptWhy}): delete it when you no longer need it` : "",
      report ? humanReport(report) : dryRun ? "" : "run memsync sync to publish the resolution"
    ].filter(Boolean).join("\n"),
    exit: roundExit(report)
  };
}

// src/commands/stats.ts
var stats = {
  name: "stats",
  summary: "files and bytes per project (remote and here), last changes, hosts, repository size",
  options: JSON_OPTION,
  needs: "machine",
  async run({ machine }) {
    const { ctx } = await machine();
    const { formatStats, getStats } = await import("./stats-2HLQXVN3.mjs");
    const s = await getStats(ctx);
    return { data: s, text: () => formatStats(s) };
  }
};

// src/commands/search.ts
var search = {
  name: "search",
  summary: "find memory on the remote's tip, every machine's and project's, ranked: the phrase, every word, any",
  args: "TEXT",
  positionals: [1, 1],
  options: {
    regex: { type: "boolean", help: "TEXT is a regular expression (JavaScript syntax)" },
    project: { type: "list", value: "ID", help: "only this project (repeatable)" },
    source: { type: "list", value: "NAME", help: "only this source (repeatable)" },
    history: { type: "boolean", help: "also every version ever published, each named by its commit" },
    limit: { type: "number", integer: true, min: 0, value: "N", default: 20, help: "show the best N hits (0: all)" },
    ...JSON_OPTION
  },
  needs: "machine",
  async run({ values, positionals, machine }) {
    const { ctx } = await machine();
    const { formatSearch, searchMemory } = await import("./run-46SKYLAZ.mjs");
    const r = await searchMemory(ctx, positionals[0], {
      regex: !!values.regex,
      projects: values.project ?? [],
      sources: values.source ?? [],
      history: !!values.history,
      limit: values.limit ?? 20
    });
    return { data: r, text: () => formatSearch(r) };
  }
};

// src/commands/status.ts
var status = {
  name: "status",
  summary: "where this machine stands against the remote",
  options: JSON_OPTION,
  needs: "nothing",
  async run({ env }) {
    const { loadContext } = await import("./context-WXYJM3FF.mjs");
    const { getStatus, unconfiguredStatus } = await import("./status-OJYLWEWU.mjs");
    const ctx = await loadContext(env);
    const s = ctx ? await getStatus(ctx) : unconfiguredStatus();
    const { lastPull, lastPullLine } = await import("./liveChanges-XLZLKHS2.mjs");
    const livePull = ctx ? lastPull(ctx.home) : null;
    const backups = ctx ? await scheduleStatus(ctx.home, env) : null;
    const text = [await statusText(s, livePull ? lastPullLine(livePull) : null), ...backups?.lines ?? []].join("\n");
    const exit = s.remoteRewritten ? EXIT.failure : s.conflicts.length || s.claudeMem?.conflicts ? EXIT.conflicts : EXIT.ok;
    return { data: { ...s, livePull, backupSchedule: backups?.data ?? null }, text: () => text, exit };
  }
};
async function scheduleStatus(home, env) {
  const { nextDue, readScheduleRecord } = await import("./backupSchedule-WK2BPOTH.mjs");
  const r = readScheduleRecord(home);
  if (!r || !r.schedule && !r.lastRun) return null;
  const { scheduleLines } = await import("./backupSchedule-DOA7FCOV.mjs");
  const at = (await import("./now-AMF5POJI.mjs")).now(env);
  const next = r.schedule ? new Date(nextDue(r.schedule.every, r.lastRun, at.getTime())).toISOString() : null;
  return { lines: scheduleLines(home, r, at), data: { ...r, nextDue: next } };
}
async function statusText(s, livePull) {
  if (!s.configured) return "memsync is not set up on this machine: run memsync init (or just memsync sync)";
  if (s.remoteRewritten)
    return `remote: ${s.remoteUrl} (${s.branch})
${s.remoteRewritten.message}
  ${s.remoteRewritten.fix}`;
  const { copyLabel, heldLines } = await import("./syncReport-ZFIQ3IM6.mjs");
  const { heldDeleteLines } = await import("./heldDeletes-RNYE2W4B.mjs");
  const { budgetLines } = await import("./consolidate-3AIFRP6B.mjs");
  const { dbSummary } = await import("./dbCommands-IQBRFSMS.mjs");
  const { remoteOnlyLine, waitingLines } = await import("./waiting-TNUJ7SHD.mjs");
  return [
    `remote: ${s.remoteUrl} (${s.branch})${s.remoteReachable ? "" : " - not reachable now"}`,
    `last sync: ${s.lastSyncTime ?? "never"}`,
    ...livePull ? [livePull] : [],
    `to push: ${s.pendingPush}, to pull: ${s.pendingPull}`,
    ...s.recipientsProblem ? [s.recipientsProblem] : [],
    ...s.conflicts.map((c) => `conflict: ${c.path} (${copyLabel(c)} in ${c.copy})`),
    ...s.localOnly.map((f) => `local only (sync: false): ${f}`),
    ...heldLines(s.heldSecrets),
    ...heldDeleteLines(s.heldDeletes),
    ...budgetLines(s.indexOverBudget),
    ...s.refused.map((x) => `refused from the remote: ${x.path}: ${x.reason}`),
    ...s.held.map((h) => `not synced: ${h.path}: ${h.detail}`),
    ...waitingLines(s.waiting),
    ...remoteOnlyLine(s.remoteOnlyProjects),
    ...s.claudeMem ? [dbSummary(s.claudeMem)] : [],
    ...s.claudeMemProblem ? [s.claudeMemProblem] : []
  ].join("\n");
}

// src/commands/sync.ts
var OPTIONS = {
  "dry-run": { type: "boolean", help: "print the plan; change nothing anywhere" },
  ...JSON_OPTION,
  project: { type: "list", value: "DIR", help: "also sync the project checked out in DIR (repeatable)" },
  message: { type: "string", short: "m", value: "M", help: "the commit's message, to find it again in memsync log" },
  "adopt-remote": {
    type: "boolean",
    help: "after the remote's history was rewritten: take it as it is, files here as new"
  },
  background: {
    type: "boolean",
    hidden: true,
    help: "what the hooks run: log instead of printing, push again on new changes"
  }
};
var { message: _, ...PULL_OPTIONS } = OPTIONS;
var SUMMARY = {
  sync: "pull then push",
  pull: "bring remote changes into live memory; publish nothing",
  push: "publish local changes (merging where the remote changed the same file)"
};
function roundCommand(mode) {
  return {
    name: mode,
    summary: SUMMARY[mode],
    // pull publishes nothing, so it makes no commit to name.
    options: mode === "pull" ? PULL_OPTIONS : OPTIONS,
    needs: "setup",
    lock: true,
    async run({ values, home, machine }) {
      const { checkProjectDir } = await import("./checks-AJEJWU2C.mjs");
      const projects = (values.project ?? []).map((p) => checkProjectDir(p));
      const ctx = await (await import("./syncReport-ZFIQ3IM6.mjs")).setUp(machine);
      if (values.background)
        return { exit: await (await import("./backgroundPush-XWJZMQYM.mjs")).backgroundPush(ctx, mode, projects) };
      const { runSync, syncRoots } = await import("./engine-JUIBFIKG.mjs");
      const { logLine: logLine2 } = await import("./log-SNLAHQ3B.mjs");
      const { indexesOverBudget } = await import("./indexBudget-DIDR65RA.mjs");
      const { budgetLines } = await import("./consolidate-3AIFRP6B.mjs");
      const { humanReport, jsonReport, roundExit, summary } = await import("./syncReport-ZFIQ3IM6.mjs");
      const dryRun = !!values["dry-run"];
      const message = values.message;
      const report = await runSync(ctx, { mode, dryRun, adoptRemote: !!values["adopt-remote"], projects, message });
      logLine2(home, `${mode}${report.dryRun ? " --dry-run" : ""} ok`, summary(report));
      const over = indexesOverBudget(report.roots ?? (await syncRoots(ctx)).roots);
      const point = await namedPoint(ctx, report, message, dryRun);
      return {
        data: { ...jsonReport(report), indexOverBudget: over, ...point ? { point: point.data } : {} },
        text: () => [humanReport(report), ...budgetLines(over), ...point?.lines ?? []].join("\n"),
        exit: report.claudeMemFailed ? EXIT.failure : roundExit(report)
      };
    }
  };
}
async function namedPoint(ctx, report, message, dryRun) {
  if (!message || report.commit || report.mode === "pull") return null;
  if (ctx.settings.role !== "peer") {
    const line = `named point not recorded: this machine's role is "${ctx.settings.role}" (only a peer pushes it)`;
    return { data: { message, commit: null }, lines: [line] };
  }
  const { recordPoint } = await import("./point-6AUNTWM5.mjs");
  const { formatRecorded } = await import("./recorder-XKDW7O7K.mjs");
  const p = await recordPoint(ctx, message, dryRun);
  const said = p.commit ? `named point "${message}" recorded as ${p.commit.slice(0, 12)}: memsync log shows it, memsync restore --at ${p.commit.slice(0, 12)} brings a file back as it was then` : `named point "${message}": the real run would record it`;
  return { data: { message, commit: p.commit, recorded: p.recorded }, lines: [said, ...formatRecorded(p.recorded)] };
}
var sync = roundCommand("sync");
var pull = roundCommand("pull");
var push = roundCommand("push");

// src/commands/index.ts
var TABLE = [
  init,
  configure,
  status,
  sync,
  pull,
  push,
  conflicts,
  resolve,
  log,
  restore2,
  stats,
  search,
  exportCommand,
  importCommand,
  backup,
  propose,
  sweepBranches,
  allow,
  keys,
  consolidate,
  doctor,
  hooks,
  installCli,
  hook
];

// src/commands/main.ts
var CODE = { failure: EXIT.failure, usage: EXIT.usage, busy: EXIT.tempfail };
async function main(argv, env = process.env) {
  const [first, ...rest] = argv;
  if (!first || first === "help" || first === "--help" || first === "-h") {
    console.log(usage(TABLE));
    return first ? EXIT.ok : EXIT.usage;
  }
  if (first === "--version" || first === "-v" || first === "version") {
    console.log(package_default.version);
    return EXIT.ok;
  }
  const home = memsyncHome(env);
  let label = first;
  let json = false;
  try {
    const found = find(first, rest);
    label = found.label;
    if (!found.cmd.raw && wantsHelp(found.args)) {
      console.log(commandHelp(found.cmd, found.label.replace(/[^ ]+$/, "")));
      return EXIT.ok;
    }
    const { cmd, args } = found;
    const parsed = cmd.raw ? { values: {}, positionals: args } : parseCommand(cmd, args, label);
    json = parsed.values.json === true;
    enableProgress(!json && !cmd.raw, env);
    const machine = async () => (await import("./context-J2XL4ULA.mjs")).machineFor(cmd.needs, env);
    const out = await cmd.run({ ...parsed, env, home, json, machine });
    if (json && out.data !== void 0) console.log(maskSecrets(JSON.stringify(out.data, null, 2)));
    else if (out.text) console.log(maskSecrets(out.text()));
    return out.exit ?? EXIT.ok;
  } catch (e) {
    return reportError(e, home, label, json);
  }
}
function find(name, rest) {
  const entry = lookup(TABLE, name, "command", "run memsync --help for the commands");
  if (!isGroup(entry)) return { cmd: entry, args: rest, label: name };
  const [sub, ...args] = rest;
  const subs = entry.subcommands.map((s) => s.name).join(", ");
  if (!sub || sub.startsWith("-")) {
    if (sub && wantsHelp([sub])) throw new HelpShown(commandHelp(entry));
    throw new UsageError(`expected a subcommand: ${subs}`, helpHint(name));
  }
  const cmd = lookup(entry.subcommands, sub, `${name} subcommand`, helpHint(name));
  return { cmd, args, label: `${name} ${sub}` };
}
function lookup(entries, name, what, hint) {
  const hit = entries.find((e) => e.name === name);
  if (hit) return hit;
  const near = closest(
    name,
    entries.filter((e) => isGroup(e) || !e.hidden).map((e) => e.name)
  );
  throw new UsageError(`unknown ${what} "${name}"${near ? ` (did you mean \`${near}\`?)` : ""}`, hint);
}
function wantsHelp(args) {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}
var HelpShown = class extends Error {
};
function reportError(e, home, label, json) {
  endProgress();
  if (e instanceof HelpShown) {
    console.log(e.message);
    return EXIT.ok;
  }
  const err = e instanceof MemsyncError ? e : asOsError(e);
  const message = err ? err.message : e instanceof Error ? e.message : String(e);
  logLine(home, `${label} failed`, e);
  if (json) console.log(maskSecrets(JSON.stringify({ error: message, hint: err?.hint ?? null })));
  console.error(maskSecrets(`memsync ${label}: ${message}${err?.hint ? `
  ${err.hint}` : ""}`));
  return err ? CODE[err.kind] : EXIT.failure;
}
export {
  EXIT,
  main
};
