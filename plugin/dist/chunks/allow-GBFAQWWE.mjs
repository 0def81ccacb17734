import {
  toRepoPath
} from "./chunk-KR5TWE55.mjs";
import "./chunk-RYLV3ST2.mjs";
import "./chunk-TIZHATIU.mjs";
import {
  formatAllow,
  heldFindings,
  parseAllow,
  syncRoots
} from "./chunk-HSLNTJWN.mjs";
import "./chunk-2AAJ7OAL.mjs";
import "./chunk-Q7MAZY4P.mjs";
import "./chunk-O4VTLPVT.mjs";
import "./chunk-IBU73BIK.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-2LGYOOQY.mjs";
import "./chunk-WTWOWLG3.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-BX63XATI.mjs";
import "./chunk-6KBHNJKF.mjs";
import "./chunk-D5GCV3EA.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-D2DHXAVK.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-EJMOQQBX.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-YQ235AGW.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-IAMV2BUG.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import {
  writeSettings
} from "./chunk-YC4HVIOS.mjs";
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

// src/cli/allow.ts
import fs from "node:fs";
import path from "node:path";
var EXPECTED = "expected: memsync allow PATH [--line N], PATH one live memory file or its repository path as sync names it (projects/<identity>/memory/note.md, claude-mem/observations.jsonl)";
async function allowSecret(ctx, target, line, dbFiles) {
  if (line !== void 0 && !(Number.isInteger(line) && line > 0))
    throw new UsageError(`--line ${line}: expected a line number, 1 or more`);
  const { roots, index } = await syncRoots(ctx);
  const refuse = (why) => new UsageError(`allow ${target}: ${why}`, EXPECTED);
  if (/[*?[\]{}]/.test(target)) throw refuse("a pattern is not accepted, only one file");
  const p = toRepoPath(roots, target);
  const live = index.lookup(p) ? index.livePath(p) : path.resolve(target);
  if (!(ctx.settings.sources.claudeMem.enabled && dbFiles.has(p))) {
    if (fs.existsSync(live) && fs.statSync(live).isDirectory()) throw refuse("is a folder, not a file");
    if (!(index.lookup(p) && fs.existsSync(live))) throw refuse("no such file on this machine");
  }
  const entry = formatAllow({ path: p, line });
  const current = ctx.settings.secrets.allow;
  const covered = current.map(parseAllow).some((e) => e.path === p && (e.line === void 0 || e.line === line));
  const allow = covered ? current : [...current, entry];
  if (!covered) await writeSettings(ctx.home, { secrets: { allow } });
  const held = fs.existsSync(live) && !dbFiles.has(p) ? await heldFindings(p, fs.readFileSync(live), allow) : [];
  return { entry, added: !covered, target, stillHeldLines: [...new Set(held.map((f) => f.line))] };
}
function allowSummary(r) {
  const done = `${r.added ? "released" : "already released"}: ${r.entry} (settings.json secrets.allow)`;
  const lines = r.stillHeldLines;
  if (lines.length === 0) return `${done}; the next sync publishes it`;
  const which = `line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`;
  return `${done}; ${which} of it still hold${lines.length > 1 ? "" : "s"} the file back: remove the secret there, or if it is a false positive too: memsync allow ${r.target} --line ${lines[0]}`;
}
export {
  allowSecret,
  allowSummary
};
