import {
  checkRemoteFor,
  memoryBranch
} from "./chunk-LPUN2JOU.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-2GQMOTW5.mjs";
import "./chunk-HKEN53EP.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  checkRemoteFor,
  memoryBranch
};
