import {
  pruneDbBase,
  saveDbState,
  writeDbBase
} from "./chunk-IZZCUKXF.mjs";
import {
  applyRowActions
} from "./chunk-VLXKWWO7.mjs";
import {
  restoreInto
} from "./chunk-BDS4TV5P.mjs";
import {
  tmpDir
} from "./chunk-P2JQV4IQ.mjs";
import {
  checkedWrite
} from "./chunk-YO4FU4VW.mjs";

// src/claudeMem/effects.ts
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
function realDbEffects(home) {
  return {
    said: (done) => done,
    leftOut: () => void 0,
    applyRows: (db, tables, actions) => applyRowActions(db, tables, actions),
    async replaceDatabase(dbPath, content, busyMs) {
      await fsp.mkdir(path.dirname(dbPath), { recursive: true });
      await restoreInto(dbPath, content, tmpDir(home), busyMs);
    },
    saveBackup: (file, content) => writeBackup(file, content()),
    writeDbBase: (content) => writeDbBase(home, content),
    saveDbState: (next) => saveDbState(home, next),
    pruneDbBase: (next) => pruneDbBase(home, next)
  };
}
function writeBackup(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  checkedWrite(file, content, { what: "the copy of the database before a change that drops rows" });
}

export {
  realDbEffects
};
