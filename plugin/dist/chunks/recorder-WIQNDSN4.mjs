import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
} from "./chunk-PDOI5DJ5.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-VLXKWWO7.mjs";
import "./chunk-ED5CSEYH.mjs";
import "./chunk-ASRBIQCE.mjs";
import "./chunk-TXEA6ZX2.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-EE3IHE5Q.mjs";
import "./chunk-ORQ3U2EH.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
};
