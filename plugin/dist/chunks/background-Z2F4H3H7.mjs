import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  abandonBackgroundPush,
  finishBackgroundPush,
  spawnDetached,
  startBackgroundPush,
  underMutex,
  waitForTurn
} from "./chunk-I6Y2Y5KO.mjs";
import "./chunk-R7TBMKPK.mjs";
import "./chunk-VQOGCUN4.mjs";
import "./chunk-ORQ3U2EH.mjs";
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
