
// src/util/childProcess.ts
import { createRequire } from "node:module";
function childProcess() {
  return createRequire(process.execPath)("node:child_process");
}

export {
  childProcess
};
