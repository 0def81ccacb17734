import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
} from "./chunk-UZ6EBRC7.mjs";
import "./chunk-DXWQFGI5.mjs";
import "./chunk-EN3ARPC7.mjs";
import "./chunk-R4DV57CT.mjs";
import "./chunk-FSLDBKWP.mjs";
import "./chunk-AVJM6F24.mjs";
import "./chunk-JDQU4JYP.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  formatRecorded,
  recordingDbEffects,
  recordingEffects
};
