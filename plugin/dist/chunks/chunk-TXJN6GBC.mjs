import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";

// src/util/log.ts
import fs from "node:fs";
import path from "node:path";
function logLine(home, what, detail) {
  try {
    const dir = path.join(home, "logs");
    fs.mkdirSync(dir, { recursive: true });
    const extra = detailText(detail);
    fs.appendFileSync(
      path.join(dir, "memsync.log"),
      maskSecrets(`${(/* @__PURE__ */ new Date()).toISOString()} [${process.pid}] ${what}${extra}
`)
    );
  } catch {
  }
}
function detailText(detail) {
  if (detail === void 0) return "";
  if (detail instanceof Error) return ` ${detail.stack ?? detail.message}`;
  return ` ${typeof detail === "string" ? detail : JSON.stringify(detail)}`;
}

export {
  logLine
};
