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
} from "./chunk-QV3CMOYA.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-ARVYF56E.mjs";
import "./chunk-C7APR5KW.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-BHON5K7P.mjs";
import "./chunk-DO6IZNGO.mjs";
import "./chunk-TAU3EMKP.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-AELA27NM.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-ZKS2PDG6.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
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
