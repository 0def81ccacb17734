import {
  maskSecrets
} from "./chunk-A3CT3WFX.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  maskSecrets
};
