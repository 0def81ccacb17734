
// src/util/readJson.ts
import fs from "node:fs";
function readJsonObject(file) {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

export {
  readJsonObject
};
