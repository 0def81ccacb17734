import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  checkNewRemote,
  checkRemoteFor,
  memoryBranch
} from "./chunk-OD4FLRTB.mjs";
import "./chunk-4DJX5VCT.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  checkNewRemote,
  checkRemoteFor,
  memoryBranch
};
