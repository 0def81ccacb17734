import {
  creator,
  rules
} from "./chunk-P7CSIYUM.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  creator,
  rules
};
