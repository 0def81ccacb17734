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
} from "./chunk-KVTL3BT4.mjs";
import "./chunk-J6JDA4NY.mjs";
import "./chunk-BS4BVQ4U.mjs";
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
