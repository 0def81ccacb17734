import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  CLAUDE_MEM_FILES,
  dbResolution,
  dbSummary,
  dbSummaryParts,
  formatDbConflicts
} from "./chunk-AER25NIN.mjs";
import "./chunk-FSCLH4VM.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-TS7O24GL.mjs";
import "./chunk-BDS4TV5P.mjs";
import "./chunk-AELA27NM.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
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
  CLAUDE_MEM_FILES,
  dbResolution,
  dbSummary,
  dbSummaryParts,
  formatDbConflicts
};
