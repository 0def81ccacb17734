import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  getStatus,
  unconfiguredStatus
} from "./chunk-5VREHXPW.mjs";
import "./chunk-UY7T2EKJ.mjs";
import "./chunk-ZUN5VKVO.mjs";
import "./chunk-HRLA7VJE.mjs";
import "./chunk-SUMLJZQ7.mjs";
import "./chunk-HTYGBERC.mjs";
import "./chunk-FBKKVOXC.mjs";
import "./chunk-MQBVXP3Z.mjs";
import "./chunk-AJVNOAX5.mjs";
import "./chunk-FAZEPRC4.mjs";
import "./chunk-TPMWSZYD.mjs";
import "./chunk-22AOQW3C.mjs";
import "./chunk-BQK2P5OT.mjs";
import "./chunk-ZOPTYXFE.mjs";
import "./chunk-4DJX5VCT.mjs";
import "./chunk-UZ6EBRC7.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-EN3ARPC7.mjs";
import "./chunk-R4DV57CT.mjs";
import "./chunk-FSLDBKWP.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-QH6OYOAE.mjs";
import "./chunk-JDQU4JYP.mjs";
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
  getStatus,
  unconfiguredStatus
};
