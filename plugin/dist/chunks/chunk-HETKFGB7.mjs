import {
  heldFindings,
  heldList,
  heldWhere
} from "./chunk-HSLNTJWN.mjs";
import {
  secretsInNames
} from "./chunk-O4VTLPVT.mjs";
import {
  DB_FILE_PATH,
  snapshotSecrets
} from "./chunk-D2DHXAVK.mjs";
import {
  tmpDir
} from "./chunk-IAMV2BUG.mjs";

// src/sync/outgoing.ts
import path from "node:path";
function leavesMemsync(home, file) {
  const rel = path.relative(home, path.resolve(file));
  return file === "-" || rel === "" || rel.startsWith("..") || path.isAbsolute(rel);
}
async function withoutSecrets(allow, entries, content) {
  const names = await secretsInNames(entries.map((e) => e.path));
  const kept = [];
  const held = [];
  for (const e of entries) {
    const found = [...names.get(e.path) ?? [], ...await heldFindings(e.path, content(e), allow)];
    if (!found.length) kept.push(e);
    for (const h of heldList({ [e.path]: found }))
      held.push(`held back (secret): ${heldWhere(h)} ${h.rule} ${h.masked}`);
  }
  return { kept, held };
}
async function databaseWithoutSecrets(ctx, db) {
  if (ctx.settings.secrets.allow.includes(DB_FILE_PATH)) return { db, held: [] };
  const found = await snapshotSecrets(db, tmpDir(ctx.home));
  const held = found.map((f) => `held back (secret): ${DB_FILE_PATH}: ${f.where} ${f.rule} ${f.masked}`);
  return { db: found.length ? null : db, held };
}

export {
  leavesMemsync,
  withoutSecrets,
  databaseWithoutSecrets
};
