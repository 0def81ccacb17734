import {
  INDEX_MAX_BYTES,
  INDEX_MAX_LINES,
  budgetLine,
  indexSizeOf,
  indexesOverBudget,
  lineCount,
  overBudget
} from "./chunk-L2A4KYYN.mjs";
import "./chunk-6LTTOJPG.mjs";
import "./chunk-P3FGOR7S.mjs";
import "./chunk-YO4FU4VW.mjs";
import "./chunk-WPONZTDY.mjs";
import "./chunk-YKBZQG47.mjs";
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
