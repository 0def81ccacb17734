import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  ConflictSchema,
  loadBase,
  loadHeader,
  loadMergedLive,
  loadState,
  markUnpublished,
  readRecord,
  recordedProjects,
  safeJson,
  saveLastSync,
  saveMergedLive,
  saveState,
  stateDir
} from "./chunk-JJYZJCIH.mjs";
import "./chunk-EE3IHE5Q.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  ConflictSchema,
  loadBase,
  loadHeader,
  loadMergedLive,
  loadState,
  markUnpublished,
  readRecord,
  recordedProjects,
  safeJson,
  saveLastSync,
  saveMergedLive,
  saveState,
  stateDir
};
