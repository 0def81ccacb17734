import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
} from "./chunk-BXGTVNIT.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-3UWGARMI.mjs";
import "./chunk-4AFV2LKP.mjs";
import "./chunk-COVDEX2P.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-TBQZOKPT.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
};
