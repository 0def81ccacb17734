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
} from "./chunk-CFWEMFCZ.mjs";
import "./chunk-OWKN6CLS.mjs";
import "./chunk-CFLWBK4R.mjs";
import "./chunk-A5IOUVKR.mjs";
import "./chunk-7N6NMPDD.mjs";
import "./chunk-EURXXEEV.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-YHGSZYBI.mjs";
import "./chunk-BTE5FCGO.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-SSVIMCPE.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-NDTVD2YI.mjs";
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
