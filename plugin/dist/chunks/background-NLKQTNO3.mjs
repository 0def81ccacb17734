import {
  abandonBackgroundPush,
  finishBackgroundPush,
  spawnDetached,
  startBackgroundPush,
  underMutex,
  waitForTurn
} from "./chunk-DK3FTJUP.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  abandonBackgroundPush,
  finishBackgroundPush,
  spawnDetached,
  startBackgroundPush,
  underMutex,
  waitForTurn
};
