import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  encryptRemote,
  keysAccept,
  keysAdd,
  keysExport,
  keysImport,
  keysInit,
  keysList,
  keysRemove,
  keysRestore
} from "./chunk-KEALD2LD.mjs";
import "./chunk-SUMLJZQ7.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-TPMWSZYD.mjs";
import "./chunk-ZOPTYXFE.mjs";
import "./chunk-4DJX5VCT.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-5TUPW7JO.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-GEMMS7EN.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  encryptRemote,
  keysAccept,
  keysAdd,
  keysExport,
  keysImport,
  keysInit,
  keysList,
  keysRemove,
  keysRestore
};
