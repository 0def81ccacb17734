import {
  now
} from "./chunk-7NKH4G6F.mjs";
import "./chunk-MCGFJXCR.mjs";
export {
  now
};
