import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  ensureContext,
  initMachine,
  loadContext,
  tmpDir
} from "./chunk-AELA27NM.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import {
  settingsPath
} from "./chunk-ZKS2PDG6.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import {
  repoDir
} from "./chunk-YKBZQG47.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  ensureContext,
  initMachine,
  loadContext,
  repoDir,
  settingsPath,
  tmpDir
};
