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
} from "./chunk-XZTEO7FR.mjs";
import "./chunk-EE3IHE5Q.mjs";
import "./chunk-ORQ3U2EH.mjs";
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
