import {
  ensureContext,
  initMachine,
  loadContext,
  tmpDir
} from "./chunk-7H4RISEU.mjs";
import "./chunk-WHGDSJPB.mjs";
import "./chunk-QQJ3SGIN.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ISXOJIVS.mjs";
import "./chunk-A3CT3WFX.mjs";
import {
  settingsPath
} from "./chunk-YC4HVIOS.mjs";
import "./chunk-UJNO2IOS.mjs";
import "./chunk-CWW63A7I.mjs";
import "./chunk-BS4BVQ4U.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import {
  repoDir
} from "./chunk-YKBZQG47.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  ensureContext,
  initMachine,
  loadContext,
  repoDir,
  settingsPath,
  tmpDir
};
