import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  applyRestore,
  fetchedTip,
  historyLog,
  planRestore,
  toRepoPath
} from "./chunk-5G2HT5K7.mjs";
import "./chunk-TIZHATIU.mjs";
import "./chunk-IPHZ7FLW.mjs";
import "./chunk-CVJGYRML.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-NG2KKH7G.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-5FKYFSAA.mjs";
import "./chunk-TU4NF7PV.mjs";
import "./chunk-Z7WAL4P5.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-OEBFZL3O.mjs";
import "./chunk-JME75E7C.mjs";
import "./chunk-Y64RABGN.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-SGN3BSPX.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-FDE3O7B7.mjs";
import "./chunk-BMAWDSQ4.mjs";
import "./chunk-YVLNBNH5.mjs";
import "./chunk-JKINGVWG.mjs";
import "./chunk-YJMWN23F.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-HOO5TDZD.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CYZJENGY.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  applyRestore,
  fetchedTip,
  historyLog,
  planRestore,
  toRepoPath
};
