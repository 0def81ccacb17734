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
} from "./chunk-QH6OYOAE.mjs";
import "./chunk-JDQU4JYP.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
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
