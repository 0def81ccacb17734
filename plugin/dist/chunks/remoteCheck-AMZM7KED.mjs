import {
  checkNewRemote,
  checkRemoteFor,
  memoryBranch
} from "./chunk-VMS56T5S.mjs";
import "./chunk-Q54W4AKF.mjs";
import "./chunk-WHWDL6UE.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  checkNewRemote,
  checkRemoteFor,
  memoryBranch
};
