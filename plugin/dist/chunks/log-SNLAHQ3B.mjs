import {
  logLine
} from "./chunk-TXJN6GBC.mjs";
import "./chunk-A3CT3WFX.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  logLine
};
