import { createRequire as __memsyncRequire } from 'node:module'; const require = __memsyncRequire(import.meta.url); import { fileURLToPath as __memsyncPath } from 'node:url'; const __filename = __memsyncPath(import.meta.url); const __dirname = __memsyncPath(new URL('.', import.meta.url));
import {
  INDEX_MAX_BYTES,
  INDEX_MAX_LINES,
  budgetLine,
  indexSizeOf,
  indexesOverBudget,
  lineCount,
  overBudget
} from "./chunk-H5TKI5WD.mjs";
import "./chunk-ED5CSEYH.mjs";
import "./chunk-YKBZQG47.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-6DB477J4.mjs";
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
