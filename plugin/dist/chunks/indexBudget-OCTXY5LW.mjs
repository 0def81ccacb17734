import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  INDEX_MAX_BYTES,
  INDEX_MAX_LINES,
  budgetLine,
  indexSizeOf,
  indexesOverBudget,
  lineCount,
  overBudget
} from "./chunk-ZUN5VKVO.mjs";
import "./chunk-EN3ARPC7.mjs";
import "./chunk-YV5X25OY.mjs";
import "./chunk-CJKZO64S.mjs";
import "./chunk-4KEL4SRR.mjs";
import "./chunk-VTXTOEE5.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  INDEX_MAX_BYTES,
  INDEX_MAX_LINES,
  budgetLine,
  indexSizeOf,
  indexesOverBudget,
  lineCount,
  overBudget
};
