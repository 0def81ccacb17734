import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  NOT_TAKEN,
  copyLabel,
  heldLines,
  humanReport,
  jsonReport,
  roundExit,
  summary
} from "./chunk-TK4YZLWV.mjs";
import "./chunk-3CYXIBWM.mjs";
import "./chunk-MHJZ6IZX.mjs";
import "./chunk-6CUGV5JX.mjs";
import "./chunk-RAIA3VPD.mjs";
import "./chunk-SAHHYX6V.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-OY6OCF2P.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-4E77XV5E.mjs";
import "./chunk-U3F73Y3Q.mjs";
import "./chunk-UPJNQELC.mjs";
import "./chunk-Z7WAL4P5.mjs";
import "./chunk-P3FEQZBA.mjs";
import "./chunk-GKDO75BK.mjs";
import "./chunk-JME75E7C.mjs";
import "./chunk-CMACWYVO.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-SGN3BSPX.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-FDE3O7B7.mjs";
import "./chunk-BMAWDSQ4.mjs";
import "./chunk-QT63QO2Q.mjs";
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
  NOT_TAKEN,
  copyLabel,
  heldLines,
  humanReport,
  jsonReport,
  roundExit,
  summary
};
