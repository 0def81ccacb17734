import {
  deleteResolution,
  heldDeleteLines
} from "./chunk-MHJZ6IZX.mjs";
import "./chunk-6DB477J4.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  deleteResolution,
  heldDeleteLines
};
